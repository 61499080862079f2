"""reduce(plan, actions, now): every action, every phase boundary, projections, time zones.

Pure tests: a FakeClock is advanced by hand, nothing sleeps, nothing touches a file.
The plan ``NIGHT`` (Europe/Berlin, 3 Dec 2026):

    a      18:00-18:10  10m, timers default warn 5m, wrap 2m, checklist of 2 (one blocking)
    talk   18:10-18:40  30m, qa 5m, warn 5m, wrap 1m, speaker Dana (needs a clicker), handoff
    brk    19:00-19:15  15m, hard start 19:00 (a 20 minute gap before it)
    c      19:15-19:35  20m
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runofshow.plan import load_plan_text
from runofshow.show import (
    AddTime,
    Blackout,
    CheckItem,
    ClearMessage,
    EndShow,
    FakeClock,
    Go,
    HandoffDone,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    Skip,
    Undo,
    fold,
    phase_at,
    phase_words,
    reduce,
    refusal,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC

NIGHT = """
[event]
title = "Night"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[timers]
warn = "5m"
wrap = "2m"

[[people]]
id = "dana"
name = "Dana Levi"
needs = ["clicker"]

[[segments]]
id = "a"
title = "Doors"
duration = "10m"
checklist = ["Desk staffed", { item = "Mic check", by = "dana", blocking = true }]

[[segments]]
id = "talk"
title = "The talk"
speakers = ["dana"]
duration = "30m"
qa = "5m"
warn = "5m"
wrap = "1m"
checklist = ["Slides loaded"]
[segments.handoff]
cue = "Hand over the mic"
by = "dana"

[[segments]]
id = "brk"
title = "Break"
kind = "break"
start = 19:00:00
duration = "15m"

[[segments]]
id = "c"
title = "Closing"
duration = "20m"
"""

SOFT = """
[event]
title = "Soft"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[[segments]]
id = "a"
title = "A"
duration = "10m"

[[segments]]
id = "b"
title = "B"
duration = "20m"

[[segments]]
id = "c"
title = "C"
duration = "30m"
"""

PLAN = load_plan_text(NIGHT, "night.toml")
SOFT_PLAN = load_plan_text(SOFT, "soft.toml")


def berlin(hour: int, minute: int = 0, second: int = 0, day: int = 3, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=BERLIN)


T0 = berlin(18)


class Show:
    """A plan, a fake clock and the actions so far: ``do`` stamps an action with the clock's now."""

    def __init__(self, plan=PLAN, start: dt.datetime = T0) -> None:
        self.plan = plan
        self.clock = FakeClock(start)
        self.actions: list = []

    def do(self, cls, **fields):
        action = cls(at=self.clock.now(), **fields)
        reason = refusal(fold(self.plan, self.actions), action)
        assert reason is None, f"{action} refused: {reason}"
        self.actions.append(action)
        return self

    def wait(self, seconds: float) -> Show:
        self.clock.advance(seconds)
        return self

    def state(self):
        return reduce(self.plan, self.actions, self.clock.now())

    def refused(self, cls, **fields) -> str | None:
        return refusal(fold(self.plan, self.actions), cls(at=self.clock.now(), **fields))


def ids(state) -> list[str]:
    return [row.id for row in state.rows]


def starts(state) -> dict[str, dt.datetime]:
    return {row.id: row.start for row in state.rows}


# --- before the show ---------------------------------------------------------------------------


def test_before_the_show_everything_is_planned():
    state = Show().wait(-600).state()  # 17:50
    assert state.show == "before" and state.live is None and state.live_index is None
    assert state.next_index == 0 and state.next_row.id == "a"
    assert ids(state) == ["a", "talk", "brk", "c"]
    assert [row.status for row in state.rows] == ["pending"] * 4
    assert starts(state) == {"a": berlin(18), "talk": berlin(18, 10), "brk": berlin(19), "c": berlin(19, 15)}
    assert state.rows[2].hard_start == berlin(19) and state.rows[1].hard_start is None
    assert state.planned_start == berlin(18) and state.planned_end == berlin(19, 35)
    assert state.projected_end == berlin(19, 35) and state.behind == 0
    assert state.schedule_words() == "ON SCHEDULE"
    assert state.started_at is None and state.ended_at is None and state.action_count == 0


def test_a_late_start_pushes_the_projection_from_now():
    state = Show(SOFT_PLAN).wait(7 * 60 + 30).state()  # 18:07:30, not started
    assert state.rows[0].start == berlin(18, 7, 30)
    assert state.rows[0].late_by == 450
    assert state.behind == 450 and state.schedule_words() == "BEHIND 7:30"


# --- GO and the phases --------------------------------------------------------------------------


def test_go_starts_the_show_and_the_first_segment():
    state = Show().do(Go).wait(90).state()
    assert state.show == "live" and state.started_at == T0
    assert state.live_index == 0 and state.live_row.id == "a" and state.live_row.status == "live"
    assert state.live.segment == "a" and state.live.started == T0
    assert (state.live.elapsed, state.live.remaining, state.live.allotted) == (90, 510, 600)
    assert state.live.phase == "on_time" and state.live.phase_words == "ON TIME" and not state.live.paused
    assert state.next_row.id == "talk"


def test_go_ends_the_live_segment_and_starts_the_next():
    state = Show().do(Go).wait(500).do(Go).wait(60).state()
    a, talk = state.rows[0], state.rows[1]
    assert (a.status, a.start, a.end, a.actual_duration) == ("done", T0, berlin(18, 8, 20), 500)
    assert (talk.status, talk.start) == ("live", berlin(18, 8, 20))
    assert state.live.segment == "talk" and state.live.elapsed == 60
    assert state.next_row.id == "brk"


def test_go_on_the_last_segment_ends_the_show():
    show = Show().do(Go).wait(600).do(Go).wait(1800).do(Go).wait(900).do(Go).wait(1200).do(Go)
    state = show.wait(60).state()
    assert state.show == "ended" and state.ended_at == berlin(19, 15)
    assert state.live is None and state.next_index is None
    assert [row.status for row in state.rows] == ["done"] * 4
    assert state.projected_end == berlin(19, 15) and state.behind == -20 * 60
    assert state.schedule_words() == "AHEAD 20:00"
    assert show.refused(Go) == "go is only possible before the show starts or while the show is live"


# Talk: 30m with qa 5m, warn 5m, wrap 1m. Warning comes `warn` before the end of the talk part
# (before Q&A): from 10 minutes left; Q&A from 5; wrap up from 1; overtime from zero on.
TALK_PHASES = [
    (0, "on_time"),
    (1199, "on_time"),
    (1199.999, "on_time"),
    (1200, "warning"),
    (1499, "warning"),
    (1500, "qa"),
    (1739, "qa"),
    (1740, "wrap"),
    (1799, "wrap"),
    (1800, "overtime"),
    (1830, "overtime"),
]


@pytest.mark.parametrize(("elapsed", "phase"), TALK_PHASES)
def test_phase_boundaries_of_a_talk_with_qa(elapsed, phase):
    state = Show().do(Go).wait(600).do(Go).wait(elapsed).state()
    assert state.live.segment == "talk"
    assert state.live.remaining == pytest.approx(1800 - elapsed)
    assert state.live.phase == phase


# Doors: 10m without Q&A, default timers warn 5m, wrap 2m.
@pytest.mark.parametrize(
    ("elapsed", "phase"),
    [
        (299, "on_time"),
        (300, "warning"),
        (479, "warning"),
        (480, "wrap"),
        (599, "wrap"),
        (600, "overtime"),
    ],
)
def test_phase_boundaries_without_qa(elapsed, phase):
    assert Show().do(Go).wait(elapsed).state().live.phase == phase


def test_exactly_zero_is_overtime_by_nothing_then_overtime_counts_up():
    show = Show().do(Go).wait(600)
    at_zero = show.state().live
    assert (at_zero.remaining, at_zero.phase, at_zero.overtime, at_zero.progress) == (0, "overtime", 0, 1.0)
    assert at_zero.phase_words == "OVER TIME"
    later = show.wait(83).state().live
    assert (later.remaining, later.overtime, later.phase) == (-83, 83, "overtime")
    assert later.progress == 1.0


def test_phase_at_rules():
    assert phase_at(1000, qa=0, warn=0, wrap=0) == "on_time"
    assert phase_at(1, qa=0, warn=0, wrap=0) == "on_time"  # every phase off: on time to the end
    assert phase_at(0, qa=0, warn=0, wrap=0) == "overtime"
    assert phase_at(-1, qa=300, warn=300, wrap=60) == "overtime"
    assert phase_at(300, qa=0, warn=300, wrap=0) == "warning"
    assert phase_at(301, qa=0, warn=300, wrap=0) == "on_time"
    assert phase_at(600, qa=300, warn=300, wrap=60) == "warning"  # warn before the Q&A part
    assert phase_at(601, qa=300, warn=300, wrap=60) == "on_time"
    assert phase_at(300, qa=300, warn=0, wrap=0) == "qa"  # no warning at all when warn is 0
    assert phase_at(301, qa=300, warn=0, wrap=0) == "on_time"
    assert phase_at(60, qa=300, warn=300, wrap=60) == "wrap"  # wrap up wins over Q&A in the last minute


def test_phase_words():
    assert [phase_words(p, 300) for p in ("pending", "on_time", "warning", "wrap", "qa", "overtime")] == [
        "NOT STARTED",
        "ON TIME",
        "5 MIN",
        "WRAP UP",
        "Q&A",
        "OVER TIME",
    ]
    assert phase_words("warning", 120) == "2 MIN"
    assert phase_words("warning", 20) == "1 MIN"


# --- pause and resume ---------------------------------------------------------------------------


def test_pause_freezes_the_timer_and_resume_continues_it():
    show = Show().do(Go).wait(100).do(Pause).wait(50)
    paused = show.state()
    assert paused.live.paused and paused.live.elapsed == 100 and paused.live.remaining == 500
    # While paused the live segment's end, and everything after it, slides with the clock.
    assert paused.rows[0].end == berlin(18, 2, 30) + dt.timedelta(seconds=500)
    assert paused.rows[1].start == paused.rows[0].end
    resumed = show.do(Resume).wait(20).state()
    assert not resumed.live.paused and resumed.live.elapsed == 120 and resumed.live.remaining == 480


def test_several_pauses_are_all_excluded():
    show = (
        Show().do(Go).wait(100).do(Pause).wait(50).do(Resume).wait(100).do(Pause).wait(30).do(Resume).wait(20)
    )
    state = show.state()
    assert state.live.elapsed == 220
    assert state.live.remaining == 380
    assert state.rows[0].end == show.clock.now() + dt.timedelta(seconds=380)


def test_go_while_paused_ends_the_pause_and_starts_the_next_unpaused():
    show = Show().do(Go).wait(100).do(Pause).wait(200).do(Go).wait(10)
    state = show.state()
    a = state.rows[0]
    assert a.status == "done" and a.end == berlin(18, 5) and a.actual_duration == 300
    assert state.live.segment == "talk" and not state.live.paused and state.live.elapsed == 10


def test_end_show_while_paused():
    state = Show().do(Go).wait(100).do(Pause).wait(200).do(EndShow).wait(10).state()
    assert state.show == "ended" and state.ended_at == berlin(18, 5) and state.rows[0].end == berlin(18, 5)


# --- add and remove time ------------------------------------------------------------------------


def test_add_time_extends_the_live_segment_and_pushes_the_rest():
    show = Show(SOFT_PLAN).do(Go).wait(60).do(AddTime, seconds=120)
    state = show.state()
    assert state.live.allotted == 720 and state.live.remaining == 660
    assert state.rows[0].added == 120
    assert state.rows[1].start == berlin(18, 12) and state.rows[2].start == berlin(18, 32)
    assert state.behind == 120 and state.schedule_words() == "BEHIND 2:00"


def test_remove_time_shortens_it_and_can_tip_into_overtime():
    show = Show(SOFT_PLAN).do(Go).wait(400).do(AddTime, seconds=-300)
    state = show.state()
    assert state.live.allotted == 300 and state.live.remaining == -100 and state.live.phase == "overtime"
    assert state.rows[0].added == -300
    assert state.rows[1].start == show.clock.now()  # overtime: the next one is due now
    assert show.refused(AddTime, seconds=-300) == "cannot remove more time than the segment has"


def test_added_time_stays_on_the_done_row():
    state = Show(SOFT_PLAN).do(Go).do(AddTime, seconds=60).wait(660).do(Go).state()
    assert state.rows[0].added == 60 and state.rows[0].status == "done" and state.rows[1].added == 0


# --- skip, insert, move ------------------------------------------------------------------------


def test_skip_a_pending_segment():
    show = Show(SOFT_PLAN).do(Go).wait(60).do(Skip, segment="b")
    state = show.state()
    b = state.rows[1]
    assert b.status == "skipped" and b.start == b.end == state.rows[0].end
    assert state.next_row.id == "c" and state.rows[2].start == berlin(18, 10)
    assert state.behind == -20 * 60
    state = show.wait(60).do(Go).state()
    assert state.live.segment == "c"


def test_skip_before_the_show_then_go_starts_the_next_one():
    state = Show(SOFT_PLAN).do(Skip, segment="a").do(Go).state()
    assert state.live.segment == "b" and state.rows[0].status == "skipped"


def test_insert_next_up_while_live():
    show = (
        Show(SOFT_PLAN)
        .do(Go)
        .wait(60)
        .do(Insert, segment="lt", title="Lightning", duration=300, kind="talk", speakers="Ana")
    )
    state = show.state()
    assert ids(state) == ["a", "lt", "b", "c"]
    lt = state.rows[1]
    assert lt.inserted and lt.planned_start is None and lt.late_by == 0 and lt.speakers == ("Ana",)
    assert (lt.start, lt.end, lt.duration, lt.kind) == (berlin(18, 10), berlin(18, 15), 300, "talk")
    assert state.next_row.id == "lt" and state.rows[2].start == berlin(18, 15)
    assert state.behind == 300
    state = show.wait(540).do(Go).wait(10).state()
    assert state.live.segment == "lt" and state.live.allotted == 300
    assert state.live.warn <= 300 and state.live.wrap <= state.live.warn


def test_insert_at_a_position_and_before_the_show():
    show = (
        Show(SOFT_PLAN)
        .do(Insert, segment="x", title="X", duration=60)
        .do(Insert, segment="y", title="Y", duration=60, after="b")
    )
    state = show.state()
    assert ids(state) == ["x", "a", "b", "y", "c"]
    assert state.next_row.id == "x"
    assert show.do(Go).state().live.segment == "x"


def test_move_a_segment():
    show = Show(SOFT_PLAN).do(Go).do(Move, segment="c", after="a")
    assert ids(show.state()) == ["a", "c", "b"]
    show.do(Move, segment="b", after=None)  # None: first of the pending ones
    state = show.state()
    assert ids(state) == ["a", "b", "c"]
    assert state.next_row.id == "b" and state.rows[2].start == berlin(18, 30)


def test_move_a_hard_start_keeps_its_hard_time():
    state = Show().do(Move, segment="brk", after=None).wait(-600).state()  # the break first, still at 19:00
    assert ids(state) == ["brk", "a", "talk", "c"]
    assert state.rows[0].start == berlin(19) and state.rows[1].start == berlin(19, 15)


# --- end show ------------------------------------------------------------------------------------


def test_end_show_closes_the_live_segment_and_leaves_the_rest_pending():
    show = Show(SOFT_PLAN).do(Go).wait(300).do(EndShow).wait(600)
    state = show.state()
    assert state.show == "ended" and state.ended_at == berlin(18, 5) and state.live is None
    assert [row.status for row in state.rows] == ["done", "pending", "pending"]
    assert state.projected_end == berlin(18, 5) and state.next_index is None
    assert show.refused(Go) is not None and show.refused(Pause) is not None


# --- undo -----------------------------------------------------------------------------------------


def test_undo_a_go_resumes_the_previous_segment_as_if_never_ended():
    show = Show(SOFT_PLAN).do(Go).wait(300).do(Go).wait(60).do(Undo).wait(40)
    state = show.state()
    assert state.live.segment == "a" and state.live.elapsed == 400
    assert state.rows[1].status == "pending" and state.next_row.id == "b"
    assert state.action_count == 3


def test_undo_the_first_go_goes_back_to_before_the_show():
    state = Show(SOFT_PLAN).wait(-120).do(Go).wait(60).do(Undo).state()  # 17:59 now
    assert state.show == "before" and state.started_at is None and state.live is None
    assert state.rows[0].start == berlin(18) and state.rows[0].status == "pending"
    assert state.behind == 0


def test_undo_add_time():
    state = Show(SOFT_PLAN).do(Go).do(AddTime, seconds=300).wait(10).do(Undo).state()
    assert state.live.allotted == 600 and state.rows[0].added == 0


def test_repeated_undos_walk_back_in_order_then_nothing_is_left():
    show = Show(SOFT_PLAN).do(Go).wait(60).do(AddTime, seconds=60).do(Go).wait(60).do(AddTime, seconds=-60)
    show.do(Undo)
    assert show.state().live.allotted == 20 * 60 and show.state().live.segment == "b"
    show.do(Undo)
    assert show.state().live.segment == "a" and show.state().live.allotted == 11 * 60
    show.do(Undo)
    assert show.state().live.allotted == 10 * 60
    show.do(Undo)
    assert show.state().show == "before"
    assert show.refused(Undo) == "nothing to undo"


def test_nothing_to_undo_at_the_start_or_after_notes_only():
    show = Show()
    assert show.refused(Undo) == "nothing to undo"
    show.do(Note, text="mic 2 is flaky")
    assert show.refused(Undo) == "nothing to undo"
    show.do(Skip, segment="c")
    assert show.refused(Undo) == "nothing to undo"  # an undo as journaled before issue 20
    assert show.refused(Undo, any_kind=True) is None  # the console's: a skip is undoable too
    show.do(Undo, any_kind=True)
    assert show.refused(Undo, any_kind=True) == "nothing to undo"


def test_an_undo_journaled_before_issue_20_keeps_its_meaning():
    """An old journal replays to the same show: its undo took back the last GO or time change,
    past a checklist tick or a skip that came after it; the console's undo takes back the tick."""
    show = Show().do(Go).wait(60).do(AddTime, seconds=120).do(Skip, segment="c").do(Undo)
    state = show.state()
    assert state.live.allotted == state.rows[0].duration  # the 2 minutes are gone
    assert state.row("c").status == "skipped"  # the skip stays
    show = Show().do(Go).wait(60).do(AddTime, seconds=120).do(Skip, segment="c").do(Undo, any_kind=True)
    state = show.state()
    assert state.live.allotted == state.rows[0].duration + 120 and state.row("c").status == "pending"


def test_undo_the_go_that_ended_the_show_reopens_the_last_segment():
    show = Show(SOFT_PLAN).do(Go).wait(600).do(Go).wait(1200).do(Go).wait(1800).do(Go)
    assert show.state().show == "ended"
    state = show.wait(30).do(Undo).state()
    assert state.show == "live" and state.live.segment == "c" and state.live.elapsed == 1830
    assert state.ended_at is None


def test_undo_end_show_reopens_the_show():
    show = Show(SOFT_PLAN).do(Go).wait(100).do(EndShow).wait(50).do(Note, text="oops").do(Undo)
    state = show.state()
    assert state.show == "live" and state.live.segment == "a" and state.live.elapsed == 150
    assert state.notes == ((berlin(18, 2, 30), "oops"),)


def test_undo_leaves_other_actions_alone():
    show = Show(SOFT_PLAN).do(Go).do(Message, text="hello").do(Go).do(Note, text="n").do(Undo)
    state = show.state()
    assert state.message.text == "hello" and len(state.notes) == 1 and state.live.segment == "a"


# --- rehearsal ------------------------------------------------------------------------------------


def test_rehearse_shifts_every_planned_time():
    rehearsal = berlin(10, day=1)  # two days earlier, in the morning
    show = Show(start=berlin(9, 55, day=1)).do(Rehearse, start=rehearsal)
    state = show.state()
    shift = rehearsal - T0
    assert state.rehearsal_offset == round(shift.total_seconds())
    assert state.planned_start == rehearsal and state.planned_end == berlin(11, 35, day=1)
    assert [row.planned_start for row in state.rows] == [
        berlin(10, day=1),
        berlin(10, 10, day=1),
        berlin(11, day=1),
        berlin(11, 15, day=1),
    ]
    assert state.rows[2].hard_start == berlin(11, day=1)
    assert state.behind == 0
    # Ahead and behind are measured against the shifted plan.
    state = show.wait(8 * 60).do(Go).wait(60).state()  # started at 10:03
    assert state.rows[0].late_by == 180 and state.rows[1].late_by == 180
    assert state.rows[2].start == berlin(11, day=1)  # the hard start still holds
    assert state.behind == 0
    state = show.do(AddTime, seconds=40 * 60).state()  # a late enough to overrun the break
    assert state.rows[2].late_by > 0 and state.behind == state.rows[2].late_by


def test_rehearse_only_before_the_show():
    show = Show().do(Go)
    assert show.refused(Rehearse, start=berlin(10)) == "rehearse is only possible before the show starts"


# --- hard starts and projections ---------------------------------------------------------------


def test_hard_start_holds_when_the_show_is_early_or_on_time():
    state = Show().do(Go).wait(300).state()  # a running on time
    assert state.rows[1].start == berlin(18, 10)  # soft: chains from a's live end
    assert state.rows[2].start == berlin(19) and state.rows[2].late_by == 0  # held, a gap before it
    assert state.rows[3].start == berlin(19, 15)
    early = Show().wait(-300).do(Go).wait(60).do(Go).wait(60).state()  # started 5 minutes early
    assert early.rows[2].start == berlin(19) and early.behind == 0


def test_hard_start_is_overrun_when_the_show_runs_past_it():
    state = Show().do(Go).do(AddTime, seconds=40 * 60).wait(60).state()  # a now ends at 18:50
    assert state.rows[1].start == berlin(18, 50)
    assert state.rows[2].start == berlin(19, 20) and state.rows[2].late_by == 20 * 60
    assert state.rows[2].hard_start == berlin(19)
    assert state.rows[3].start == berlin(19, 35)
    assert state.behind == 20 * 60 and state.schedule_words() == "BEHIND 20:00"


def test_projected_starts_chain_from_the_live_end():
    show = Show(SOFT_PLAN).do(Go).wait(100)
    state = show.state()
    assert state.rows[1].start == show.clock.now() + dt.timedelta(seconds=state.live.remaining)
    assert state.rows[2].start == state.rows[1].end == state.rows[1].start + dt.timedelta(minutes=20)
    show.wait(900)  # a is 400 s over: the next segment is due now and slides with the clock
    state = show.state()
    assert state.rows[0].end == state.rows[1].start == show.clock.now()
    assert state.behind == 400


def test_ahead_when_segments_finish_early():
    state = Show(SOFT_PLAN).do(Go).wait(240).do(Go).wait(10).state()
    assert state.behind == -360 and state.schedule_words() == "AHEAD 6:00"
    assert Show(SOFT_PLAN).do(Go).wait(570).do(Go).state().schedule_words() == "ON SCHEDULE"  # 30 s: rounding


# --- checklists, handoffs, messages, notes --------------------------------------------------------


def test_checklists_cover_own_items_and_speaker_needs():
    state = Show().state()
    assert [(i.index, i.item, i.by, i.blocking, i.done) for i in state.checklists["a"]] == [
        (0, "Desk staffed", None, False, False),
        (1, "Mic check", "dana", True, False),
    ]
    assert [i.item for i in state.checklists["talk"]] == ["Slides loaded", "clicker"]
    assert state.checklists["brk"] == ()


def test_check_and_uncheck_an_item():
    show = Show().wait(-600).do(CheckItem, segment="a", index=1, item="Mic check", by="tamar")
    item = show.state().checklists["a"][1]
    assert (item.done, item.done_by, item.done_at) == (True, "tamar", berlin(17, 50))
    item = show.wait(5).do(CheckItem, segment="a", index=1, done=False).state().checklists["a"][1]
    assert (item.done, item.done_by, item.done_at) == (False, None, None)
    state = show.do(CheckItem, segment="talk", index=1, item="clicker", by="dana").state()
    assert state.checklists["talk"][1].done


def test_blockers_are_the_blocking_items_not_done():
    show = Show()
    assert [item.item for item in show.state().blockers("a")] == ["Mic check"]
    assert show.state().blockers("talk") == []  # items, but none blocking
    assert show.do(CheckItem, segment="a", index=1, item="Mic check").state().blockers("a") == []
    assert show.state().blockers("no-such-segment") == []


def test_handoff_message_and_notes():
    show = Show().do(Go).do(HandoffDone, segment="talk", by="dana").wait(10)
    show.do(Message, text="Five minutes", flash=True).wait(5).do(Note, text="clicker battery low")
    state = show.state()
    assert state.handoffs == {"talk": (T0, "dana")}
    assert (state.message.text, state.message.flash, state.message.at, state.blackout) == (
        "Five minutes",
        True,
        berlin(18, 0, 10),
        False,
    )
    assert state.notes == ((berlin(18, 0, 15), "clicker battery low"),)
    state = show.do(Blackout, on=True).state()
    assert state.message.text == "Five minutes" and state.blackout
    state = show.do(Message, text="Dark").state()
    assert state.message.text == "Dark" and state.blackout  # a message leaves the blackout as it is
    state = show.do(Blackout, on=False).state()
    assert state.message.text == "Dark" and not state.blackout
    show.do(Blackout, on=True)
    state = show.do(ClearMessage).state()
    assert state.message is None and not state.blackout  # clear: the stage shows the timer again


def test_blackout_is_on_or_off_with_or_without_a_message():
    show = Show()
    state = show.do(Blackout, on=True).state()
    assert state.blackout and state.message is None
    assert "already blacked out" in show.refused(Blackout, on=True)
    state = show.do(Blackout, on=False).state()
    assert not state.blackout and state.message is None
    assert "not blacked out" in show.refused(Blackout, on=False)
    assert "no message to clear" in show.refused(ClearMessage)
    assert show.do(Blackout, on=True).refused(ClearMessage) is None  # clear ends a blackout alone too


def test_a_format_1_blackout_reads_as_before():
    """Records of format 1 carried the blackout in the message: the text "(blackout)" was a
    blackout without a message; any other text a message that also set the blackout."""
    show = Show().do(Message, text="Five minutes")
    state = show.do(Message, text="(blackout)", blackout=True).state()
    assert state.blackout and state.message is None
    state = show.do(Message, text="Break", blackout=True).state()
    assert state.blackout and state.message.text == "Break"
    state = show.do(Message, text="Break", blackout=False).state()
    assert not state.blackout and state.message.text == "Break"


def test_notes_messages_and_checks_also_after_the_show():
    show = Show(SOFT_PLAN).do(Go).do(EndShow)
    show.do(Note, text="great night").do(Message, text="Thanks").do(ClearMessage)
    state = show.state()
    assert state.show == "ended" and [text for _, text in state.notes] == ["great night"]


# --- time: midnight, DST, the machine's zone ------------------------------------------------------

MIDNIGHT = """
[event]
title = "Late"
date = 2026-12-31
start = 23:30:00
timezone = "America/New_York"

[[segments]]
id = "countdown"
title = "Countdown"
duration = "45m"

[[segments]]
id = "party"
title = "Party"
start = 00:30:00
duration = "1h"
"""


def test_an_event_past_midnight():
    plan = load_plan_text(MIDNIGHT, "late.toml")
    ny = ZoneInfo("America/New_York")
    show = Show(plan, start=dt.datetime(2026, 12, 31, 23, 30, tzinfo=ny)).do(Go).wait(40 * 60)
    state = show.state()
    assert state.rows[1].planned_start == dt.datetime(2027, 1, 1, 0, 30, tzinfo=ny)
    assert state.rows[1].start == dt.datetime(2027, 1, 1, 0, 30, tzinfo=ny)  # hard start held, next day
    assert state.live.remaining == 300 and state.now.date() == dt.date(2027, 1, 1)
    state = show.do(AddTime, seconds=30 * 60).wait(30 * 60).state()  # countdown overruns to 00:45
    assert state.rows[1].start == dt.datetime(2027, 1, 1, 0, 45, tzinfo=ny) and state.behind == 15 * 60
    state = show.do(Go).wait(3600).do(Go).state()  # the party runs 00:40-01:40
    assert state.ended_at == dt.datetime(2027, 1, 1, 1, 40, tzinfo=ny) and state.show == "ended"


DST_NIGHT = """
[event]
title = "Clock change"
date = 2026-10-24
start = 23:30:00
timezone = "Europe/Berlin"

[[segments]]
id = "long"
title = "Long"
duration = "3h"

[[segments]]
id = "late"
title = "Late"
start = 02:30:00
duration = "1h"
"""


def test_timers_count_real_seconds_across_a_dst_change():
    """Berlin goes from 03:00 CEST back to 02:00 CET on 25 Oct 2026: the night lasts an hour longer."""
    plan = load_plan_text(DST_NIGHT, "dst.toml")
    start = dt.datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN)
    show = Show(plan, start=start).do(Go)
    show.clock.set(dt.datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN))  # 02:10 CET, the second time
    state = show.state()
    assert state.live.elapsed == 3 * 3600 + 40 * 60  # 23:30 CEST to 02:10 CET is 3h40m of real time
    assert state.live.phase == "overtime" and state.live.remaining == -40 * 60
    late = state.rows[1]
    assert late.planned_start == dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # the first 02:30 (CEST)
    assert late.start == state.now and late.late_by == 40 * 60  # 02:30 CEST is 01:30 CET
    assert late.end - late.start == dt.timedelta(hours=1)
    assert (late.end.astimezone(UTC) - late.start.astimezone(UTC)) == dt.timedelta(hours=1)  # real hour
    assert state.now.utcoffset() == dt.timedelta(hours=1)


def test_same_state_whatever_zone_the_instants_come_in():
    plan = load_plan_text(DST_NIGHT, "dst.toml")
    start = dt.datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN)
    tokyo = ZoneInfo("Asia/Tokyo")
    now = dt.datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN)
    in_berlin = reduce(plan, [Go(at=start), Pause(at=start + dt.timedelta(hours=1))], now)
    in_tokyo = reduce(
        plan,
        [Go(at=start.astimezone(tokyo)), Pause(at=(start + dt.timedelta(hours=1)).astimezone(tokyo))],
        now.astimezone(UTC),
    )
    assert in_berlin == in_tokyo
    assert in_tokyo.rows[0].start.tzinfo is BERLIN and in_tokyo.now.tzinfo is BERLIN  # event zone out


def _summary(plan_text: str) -> list:
    plan = load_plan_text(plan_text, "night.toml")
    show = Show(plan, start=dt.datetime(2026, 12, 3, 17, 0, tzinfo=UTC))  # 18:00 in Berlin
    show.do(Go).wait(700).do(Go).wait(100)
    state = show.state()
    return [
        state.now.isoformat(),
        state.behind,
        state.live.segment,
        state.live.elapsed,
        [(r.id, r.start.isoformat(), r.end.isoformat()) for r in state.rows],
        [slot.start.isoformat() for slot in plan.schedule],
    ]


@pytest.mark.parametrize("machine_tz", ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata"])
def test_a_show_in_another_timezone_than_the_machine(monkeypatch, machine_tz):
    import time

    expected = _summary(NIGHT)
    monkeypatch.setenv("TZ", machine_tz)
    time.tzset()
    try:
        assert dt.datetime.now().astimezone().tzinfo is not None
        assert _summary(NIGHT) == expected
        assert expected[0] == "2026-12-03T18:13:20+01:00"  # shown in Berlin time, not the machine's
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_show_in_another_timezone_than_the_machine_subprocess(tmp_path):
    """The same show computed in a child process whose machine zone is far from Berlin."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys, datetime as dt\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import test_engine_reduce as t\n"
        "print(json.dumps([str(dt.datetime.now().astimezone().utcoffset()), t._summary(t.NIGHT)]))\n"
    )
    here = os.path.dirname(__file__)
    result = subprocess.run(
        [sys.executable, "-c", script, here],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Pacific/Honolulu"},
    )
    offset, summary = json.loads(result.stdout)
    assert offset == "-1 day, 14:00:00"  # the child really runs at UTC-10
    assert summary == json.loads(json.dumps(_summary(NIGHT)))
