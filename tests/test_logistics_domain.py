"""Event-day logistics, pure (issue 13): tasks following projected times, people's arrivals, alerts.

The plan ``DAY`` (Europe/Berlin, 3 Dec 2026, no DST change that night):

    open   18:00-18:10  10m, owner host
    talk   18:10-18:40  30m, speaker dana
    brk    18:40-18:55  15m
    late   18:55-19:25  30m, speaker yossi (arrive 18:00)

Tasks: ``chairs`` at 17:30 (owner crew), ``pizza`` at 18:15, ``call`` 10m before talk,
``reset`` 5m after brk, ``night`` at 01:00 (past midnight: the next day).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from runofshow.plan import load_plan_text
from runofshow.show import (
    AddTime,
    CheckIn,
    Go,
    Insert,
    Move,
    Rehearse,
    Skip,
    TaskDone,
    Undo,
    fold,
    project,
    refusal,
)
from runofshow.show.logistics import (
    alerts,
    expected_arrival,
    person_states,
    swap_target,
    task_lateness,
    task_states,
)

BERLIN = ZoneInfo("Europe/Berlin")

DAY = """
[event]
title = "Day"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[timers]
call = "20m"

[[people]]
id = "host"
name = "Tamar Stern"
role = "host"

[[people]]
id = "dana"
name = "Dana Levi"
role = "speaker"
phone = "+49 1"

[[people]]
id = "yossi"
name = "Yossi Ben-David"
arrive = 18:00:00

[[people]]
id = "crew"
name = "Avi Mizrahi"

[[people]]
id = "guest"
name = "Nobody Special"

[[segments]]
id = "open"
title = "Opening"
duration = "10m"
owner = "host"

[[segments]]
id = "talk"
title = "The talk"
speakers = ["dana"]
duration = "30m"
checklist = [{ item = "Mic on", blocking = true }]

[[segments]]
id = "brk"
title = "Break"
kind = "break"
duration = "15m"

[[segments]]
id = "late"
title = "Late talk"
speakers = ["yossi"]
duration = "30m"

[[tasks]]
id = "chairs"
title = "Chairs in rows"
at = 17:30:00
owner = "crew"

[[tasks]]
id = "pizza"
title = "Pizza"
at = 18:15:00
owner = "host"
notes = "Order 4471"

[[tasks]]
id = "call"
title = "Call Dana"
before = "talk"
offset = "10m"

[[tasks]]
id = "reset"
title = "Reset the room"
after = "brk"
offset = "5m"

[[tasks]]
id = "night"
title = "Lock up"
at = 01:00:00
"""
PLAN = load_plan_text(DAY)


def at(hour: int, minute: int = 0, second: int = 0, day: int = 3) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=BERLIN)


def state(actions, now):
    return project(fold(PLAN, actions), now)


def tasks(actions, now) -> dict:
    return {task.id: task for task in task_states(PLAN, state(actions, now))}


def people(actions, now) -> dict:
    return {person.id: person for person in person_states(PLAN, state(actions, now))}


def hm(moment: dt.datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%H:%M:%S")


# -- due times following the projection ------------------------------------------------------


def test_planned_dues_before_the_show():
    found = tasks([], at(17, 0))
    assert [t.id for t in found.values()] == ["chairs", "call", "pizza", "reset", "night"]  # due order
    assert {k: hm(t.due) for k, t in found.items()} == {
        "chairs": "17:30:00",
        "pizza": "18:15:00",
        "call": "18:00:00",
        "reset": "19:00:00",
        "night": "01:00:00",
    }
    assert found["night"].due.date() == dt.date(2026, 12, 4)  # past midnight: the next day
    assert all(t.due == t.planned_due for t in found.values())


def test_late_show_moves_relative_tasks_not_timed_ones():
    # the show starts 5 minutes late and the opening runs 3 minutes over
    actions = [Go(at=at(18, 5)), Go(at=at(18, 18))]
    found = tasks(actions, at(18, 20))
    assert hm(found["call"].due) == "18:08:00"  # talk actually started 18:18
    assert hm(found["reset"].due) == "19:08:00"  # talk to 18:48, break to 19:03, + 5m
    assert hm(found["pizza"].due) == "18:15:00"
    assert found["reset"].planned_due == at(19, 0)


def test_early_show_moves_them_earlier():
    actions = [Go(at=at(18, 0)), Go(at=at(18, 6))]  # the opening ended 4 minutes early
    found = tasks(actions, at(18, 7))
    assert hm(found["call"].due) == "17:56:00"
    assert hm(found["reset"].due) == "18:56:00"


def test_a_late_start_before_go_projects_from_now():
    found = tasks([], at(18, 4))  # not started yet, 4 minutes after the planned start
    assert hm(found["reset"].due) == "19:04:00"


def test_skip_makes_tasks_not_needed():
    found = tasks([Go(at=at(18, 0)), Skip(at=at(18, 1), segment="brk")], at(19, 30))
    assert found["reset"].status == "not_needed"
    assert found["reset"].words(BERLIN) == "not needed"


def test_move_puts_tasks_where_the_segment_goes():
    actions = [Go(at=at(18, 0)), Move(at=at(18, 1), segment="brk", after="late")]
    found = tasks(actions, at(18, 2))
    # open 18:00-18:10, talk -18:40, late -19:10, brk -19:25: reset at 19:30
    assert hm(found["reset"].due) == "19:30:00"


def test_insert_pushes_later_tasks():
    actions = [
        Go(at=at(18, 0)),
        Insert(at=at(18, 1), segment="surprise", title="Surprise", duration=300, after="open"),
    ]
    found = tasks(actions, at(18, 2))
    assert hm(found["call"].due) == "18:05:00"  # talk now starts 18:15
    assert hm(found["reset"].due) == "19:05:00"


def test_undo_brings_them_back():
    actions = [Go(at=at(18, 0)), AddTime(at=at(18, 1), seconds=600)]
    assert hm(tasks(actions, at(18, 2))["reset"].due) == "19:10:00"
    assert hm(tasks([*actions, Undo(at=at(18, 3))], at(18, 4))["reset"].due) == "19:00:00"


def test_rehearsal_shifts_every_task():
    found = tasks([Rehearse(at=at(10, 0), start=at(10, 0))], at(10, 0))
    assert hm(found["pizza"].due) == "10:15:00"
    assert hm(found["call"].due) == "10:00:00"


# -- statuses at the boundaries ---------------------------------------------------------------


def test_status_boundaries_of_a_timed_task():
    # pizza is due 18:15:00: DUE from 18:10:00 on, late from 18:15:01
    assert tasks([], at(18, 9, 59))["pizza"].status == "upcoming"
    assert tasks([], at(18, 10, 0))["pizza"].status == "due"
    assert tasks([], at(18, 15, 0))["pizza"].status == "due"
    late = tasks([], at(18, 15, 1))["pizza"]
    assert late.status == "late" and late.late_by == 1 and late.words(BERLIN) == "LATE 1m"
    assert tasks([], at(18, 21, 0))["pizza"].words(BERLIN) == "LATE 6m"
    assert tasks([], at(18, 21, 59))["pizza"].words(BERLIN) == "LATE 6m"


def test_done_and_not_done_again():
    done = [TaskDone(at=at(18, 14), task="pizza", by="host")]
    pizza = tasks(done, at(18, 30))["pizza"]
    assert pizza.status == "done" and pizza.words(BERLIN) == "done 18:14 by Tamar"
    again = [*done, TaskDone(at=at(18, 16), task="pizza", by="host", done=False)]
    assert tasks(again, at(18, 30))["pizza"].words(BERLIN) == "LATE 15m"


def test_task_refusals():
    folded = fold(PLAN, [TaskDone(at=at(18, 0), task="pizza")])
    assert refusal(folded, TaskDone(at=at(18, 1), task="pizza")) == "task 'pizza' is already done"
    assert refusal(folded, TaskDone(at=at(18, 1), task="piza")) == "no task 'piza' in the plan"
    assert refusal(folded, TaskDone(at=at(18, 1), task="pizza", done=False)) is None
    assert (
        refusal(folded, TaskDone(at=at(18, 1), task="call", done=False)) == "task 'call' is already not done"
    )


def test_lateness_is_against_the_due_time_projected_when_done():
    actions = [
        Go(at=at(18, 0)),
        Go(at=at(18, 20)),  # the opening ran 10 minutes over: call moved to 18:10
        TaskDone(at=at(18, 12), task="call"),
        TaskDone(at=at(18, 10), task="chairs"),
    ]
    late = task_lateness(PLAN, actions)
    assert late == {"call": 120.0, "chairs": 40 * 60.0}
    # the talk actually started at 18:20, so the due time is 18:10, not the planned 18:00
    assert late["call"] == 120.0


# -- people --------------------------------------------------------------------------------------


def test_arrival_defaults():
    assert expected_arrival(PLAN, "yossi") == at(18, 0)  # its own arrive
    assert expected_arrival(PLAN, "dana") == at(17, 50)  # call (20m) before the talk at 18:10
    assert expected_arrival(PLAN, "host") == at(17, 40)  # owns the opening at 18:00
    assert expected_arrival(PLAN, "crew") == at(17, 10)  # owns the 17:30 task
    assert expected_arrival(PLAN, "guest") is None


def test_default_call_is_thirty_minutes():
    plan = load_plan_text(DAY.replace('call = "20m"', ""))
    assert plan.timers.call == 1800
    assert expected_arrival(plan, "dana") == at(17, 40)


def test_arrival_past_midnight():
    plan = load_plan_text(DAY.replace("arrive = 18:00:00", "arrive = 00:30:00"))
    assert expected_arrival(plan, "yossi") == at(0, 30, day=4)


def test_person_statuses():
    found = people([], at(17, 55))
    assert found["dana"].words(BERLIN) == "LATE 5m"
    assert found["yossi"].words(BERLIN) == "NOT HERE"
    assert found["guest"].words(BERLIN) == "NOT HERE"
    assert found["dana"].next_at == at(18, 10) and found["dana"].next_segment == "The talk"
    checked = [CheckIn(at=at(17, 52), person="dana")]
    assert people(checked, at(17, 55))["dana"].words(BERLIN) == "HERE since 17:52"
    left = [*checked, CheckIn(at=at(19, 0), person="dana", here=False)]
    dana = people(left, at(19, 5))["dana"]
    assert dana.words(BERLIN) == "LEFT 19:00" and dana.arrived_at == at(17, 52) and dana.left_at == at(19, 0)


def test_person_late_boundary():
    assert people([], at(17, 50, 0))["dana"].status == "not_here"
    assert people([], at(17, 50, 1))["dana"].status == "late"


def test_check_in_refusals():
    folded = fold(PLAN, [CheckIn(at=at(18, 0), person="dana")])
    assert refusal(folded, CheckIn(at=at(18, 1), person="dana")) == "Dana Levi is already checked in"
    assert refusal(folded, CheckIn(at=at(18, 1), person="dan")) == "no person 'dan' in the plan"
    assert refusal(folded, CheckIn(at=at(18, 1), person="dana", here=False)) is None


# -- alerts ------------------------------------------------------------------------------------


def test_speaker_not_here_alert_within_call():
    assert [a.kind for a in alerts(PLAN, state([], at(17, 49)))] == ["late_task"]  # chairs
    first = alerts(PLAN, state([TaskDone(at=at(17, 30), task="chairs")], at(17, 58)))
    assert first[0].text == "NOT HERE: Dana Levi, on stage in 12m (18:10)"
    here = [TaskDone(at=at(17, 30), task="chairs"), CheckIn(at=at(17, 59), person="dana")]
    assert alerts(PLAN, state(here, at(17, 59))) == []


def test_late_task_alert_and_blocking_item():
    actions = [
        TaskDone(at=at(17, 30), task="chairs"),
        CheckIn(at=at(17, 40), person="dana"),
        Go(at=at(18, 0)),
    ]
    found = alerts(PLAN, state(actions, at(18, 6)))
    assert [a.text for a in found] == [
        "LATE TASK: Call Dana, due 18:00, 6m late",
        "NOT READY: Mic on for The talk, starts in 4m (18:10)",
    ]
    assert alerts(PLAN, state(actions, at(18, 4)))[-1].kind == "late_task"  # 6 minutes before: not yet


def test_swap_target():
    current = state([Go(at=at(18, 0))], at(18, 1))
    first, second = swap_target(current)
    assert (first.id, second.id) == ("talk", "brk")
    swapped = state([Go(at=at(18, 0)), Move(at=at(18, 1), segment="talk", after="brk")], at(18, 1))
    assert [row.id for row in swapped.rows] == ["open", "brk", "talk", "late"]
    assert hm({t.id: t for t in task_states(PLAN, swapped)}["call"].due) == "18:15:00"


def test_nothing_for_a_plan_without_logistics():
    plan = load_plan_text(
        DAY.split("[[people]]")[0] + "[[segments]]\nid = 'a'\ntitle = 'A'\nduration = '5m'\n"
    )
    current = project(fold(plan, []), at(18, 0))
    assert task_states(plan, current) == [] and person_states(plan, current) == []
    assert alerts(plan, current) == []
