"""The console's display rules as pure functions of a ShowState: no app needed."""

from __future__ import annotations

import datetime as dt

import pytest

from runofshow.plan import load_plan
from runofshow.show import AddTime, CheckItem, Go, Insert, Message, Note, Pause, Rehearse, Skip, Undo, reduce
from runofshow.tui.widgets.cards import Feed, ShowHeader, handoff_target, starts_in
from runofshow.tui.widgets.common import countdown, describe_action, hm, phase_class, short_duration, signed
from runofshow.tui.widgets.live import LivePanel
from runofshow.tui.widgets.runsheet import RunSheet
from test_console_support import BEFORE, MEETUP, START

PLAN = load_plan(MEETUP).plan
at = lambda minutes, seconds=0: START + dt.timedelta(minutes=minutes, seconds=seconds)  # noqa: E731


@pytest.mark.parametrize(
    "remaining, shown",
    [
        (1800, "30:00"),
        (1799.2, "30:00"),
        (1799, "29:59"),
        (0.4, "00:01"),
        (0, "+00:00"),
        (-0.5, "+00:00"),
        (-83, "+01:23"),
        (3600 * 2 + 5, "2:00:05"),
    ],
)
def test_countdown_rounds_up_and_counts_overtime(remaining, shown):
    assert countdown(remaining) == shown


@pytest.mark.parametrize("seconds, shown", [(0, "±0:00"), (40, "+0:40"), (-300, "-5:00"), (3725, "+1:02:05")])
def test_signed(seconds, shown):
    assert signed(seconds) == shown


@pytest.mark.parametrize(
    "seconds, shown", [(1800, "30m"), (5400, "1h30"), (3600, "1h"), (90, "01:30"), (45, "00:45")]
)
def test_short_duration(seconds, shown):
    assert short_duration(seconds) == shown


def test_phase_class_matches_the_theme_variables():
    assert phase_class("on_time") == "phase-on-time" and phase_class("overtime") == "phase-overtime"


def test_times_are_in_the_event_timezone():
    assert hm(START, PLAN.tz) == "18:00"
    assert hm(None, PLAN.tz) == "--:--"


def cells(state, segment):
    index = next(i for i, r in enumerate(state.rows) if r.id == segment)
    return RunSheet.row_cells(state.rows[index], index, state)


def test_late_projected_starts_stand_out():
    state = reduce(PLAN, [Go(at=at(0))], at(31, 30))  # the doors 1:30 over
    plan_cell, proj, dur, title, speakers, status = cells(state, "welcome")
    assert plan_cell == ("18:30", "dim") and proj == ("18:31", "late")
    assert status == ("NEXT +1m late", "late")
    assert cells(state, "dana-talk")[1] == ("18:36", "late")
    assert cells(state, "break")[1] == ("19:15", "")  # the hard start after a gap: on time
    on_time = reduce(PLAN, [Go(at=at(0))], at(30, 30))  # 30 s is not late yet
    assert cells(on_time, "welcome")[1] == ("18:30", "")


def test_done_rows_show_actual_duration_and_over_or_under():
    state = reduce(PLAN, [Go(at=at(0)), Go(at=at(28)), Go(at=at(35, 5))], at(36))
    assert cells(state, "doors")[-1] == ("✓ 28:00 -2:00", "under")
    assert cells(state, "welcome")[-1] == ("✓ 07:05 +2:05", "over")
    assert cells(state, "dana-talk")[-1] == ("▶ LIVE ON TIME", "phase-on-time")


def test_skipped_inserted_and_added_time_rows():
    actions = [
        Go(at=at(0)),
        Skip(at=at(1), segment="welcome"),
        AddTime(at=at(2), seconds=120),
        Insert(at=at(3), segment="insert-1", title="Raffle", duration=300, after="doors"),
    ]
    state = reduce(PLAN, actions, at(4))
    assert cells(state, "welcome")[-1] == ("skipped", "dim") and cells(state, "welcome")[3][1] == "skipped"
    assert cells(state, "doors")[2] == ("30m+2", "")
    inserted = cells(state, "insert-1")
    assert inserted[0] == ("new", "dim") and inserted[3] == ("+ Raffle", "") and inserted[-1][0] == "NEXT"


def test_the_live_panel_in_each_phase():
    go = [Go(at=at(0)), Go(at=at(30)), Go(at=at(35))]  # Dana from 18:35: 30m, Q&A 5m, warn 5m, wrap 1m

    def view(minutes, seconds=0, extra=()):
        return LivePanel.view(reduce(PLAN, go + list(extra), at(minutes, seconds)))

    assert view(40)["word"] == "ON TIME" and view(40)["digits"] == "25:00"
    assert view(57)["word"] == "5 MIN" and view(57)["class"] == "phase-warning"
    assert view(62)["word"] == "Q&A · 03:00 left" and view(62)["class"] == "phase-qa"
    assert view(64, 30)["word"] == "WRAP UP"
    assert view(66, 23)["word"] == "OVER TIME +1:23" and view(66, 23)["digits"] == "+01:23"
    paused = view(50, extra=[Pause(at=at(45))])
    assert paused["word"] == "PAUSED" and "phase-paused" in paused["class"] and paused["digits"] == "20:00"
    assert view(40)["progress"] == 400 * 300 // 1800
    assert "Q&A last 5m" in view(40)["detail"]


def test_the_live_panel_before_and_after_the_show():
    before = LivePanel.view(reduce(PLAN, [], BEFORE))
    assert before["digits"] == "10:00" and before["word"] == "NOT STARTED"
    late = LivePanel.view(reduce(PLAN, [], at(4)))
    assert late["word"] == "LATE START +4:00" and "phase-overtime" in late["class"]
    ready = LivePanel.view(reduce(PLAN, [], at(0, 30)))
    assert ready["word"] == "READY: GO"
    week_before = START - dt.timedelta(days=8)
    far = LivePanel.view(reduce(PLAN, [], week_before))
    assert far["digits"] == "18:00" and far["word"] == "STARTS Thu 03 Dec"
    ended = LivePanel.view(reduce(PLAN, [Go(at=at(0))] + [Go(at=at(i)) for i in range(1, 9)], at(20)))
    assert ended["word"] == "ENDED" and ended["digits"] == "18:08"


def test_the_header_says_where_the_show_stands():
    assert ShowHeader.schedule(reduce(PLAN, [], BEFORE)) == (
        " NOT STARTED · starts 18:00 in 10:00 · end 21:05 ",
        "-before",
    )
    behind = reduce(PLAN, [Go(at=at(0))] + [Go(at=at(m)) for m in (30, 35, 85)], at(86))  # Dana 20 min over
    words, klass = ShowHeader.schedule(behind)
    assert words.strip().startswith("BEHIND") and klass == "-behind" and "(plan 21:05)" in words
    ahead = reduce(PLAN, [Go(at=at(0))] + [Go(at=at(m)) for m in (10, 12, 20, 22, 24)], at(25))
    assert ShowHeader.schedule(ahead)[1] == "-ahead"
    assert starts_in(reduce(PLAN, [], at(10))) == "18:00 start, late by 10m"


def test_describe_actions_for_the_feed():
    state = reduce(PLAN, [Go(at=at(0))], at(1))
    assert describe_action(Go(at=at(0)), state) == "GO: Doors, pizza and networking"
    assert describe_action(AddTime(at=at(1), seconds=-60), state) == "removed 1m"
    assert (
        describe_action(CheckItem(at=at(1), segment="doors", index=0, item="Pizza", by="avi"), state)
        == "checked Pizza (avi)"
    )
    assert (
        describe_action(Message(at=at(1), text="hi", flash=True, blackout=True), state)
        == 'message "hi" (flash, blackout)'
    )
    assert describe_action(Note(at=at(1), text="x"), state) == "note: x"
    assert describe_action(Undo(at=at(1)), state) == "undo"
    assert describe_action(Rehearse(at=at(1), start=at(2)), state) == "rehearsal: plan shifted to start 18:02"


def test_the_feed_lists_recent_actions_newest_first():
    actions = [Go(at=at(0)), Note(at=at(1), text="first"), Note(at=at(2), text="second")]
    feed = Feed(limit=2)
    lines = feed.text(reduce(PLAN, actions, at(3)), actions).plain.splitlines()
    assert lines == ["Stage: no message", "18:02 note: second", "18:01 note: first"]


def test_the_handoff_target_skips_a_break_without_handoff():
    state = reduce(PLAN, [Go(at=at(0)), Go(at=at(30)), Go(at=at(35))], at(40))  # Dana live, the break next
    assert state.next_row.id == "break"
    assert handoff_target(state, PLAN).id == "yossi-talk"
    assert handoff_target(reduce(PLAN, [Go(at=at(0))], at(1)), PLAN).id == "welcome"
