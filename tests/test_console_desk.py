"""The desk screen and the logistics alerts of the console (issue 13), driven by Pilot with a fake clock:
d, t / enter, a, / and w, checked on the screen and in the journal; snapshots at 100x30 and 160x45.

The meetup sample (Asia/Jerusalem, 16:00 UTC is 18:00 there) has nine tasks and five people.
"""

from __future__ import annotations

import datetime as dt

import pytest

from runofshow.show import CheckIn, Go, Move, TaskDone
from runofshow.tui.console import ConsoleApp, ConsoleScreen
from runofshow.tui.desk import DeskScreen
from runofshow.tui.widgets.dialogs import ConfirmDialog
from test_console_support import BEFORE, START, advance, journal, make_app, make_show, plain, type_text

SIZE = (100, 30)


def cells(app, table: str, key: str) -> list[str]:
    widget = app.screen.query_one(f"#desk-{table}")
    return [getattr(cell, "plain", str(cell)) for cell in widget.get_row(key)]


def keys(app, table: str) -> list[str]:
    widget = app.screen.query_one(f"#desk-{table}")
    return [widget.coordinate_to_cell_key((i, 0)).row_key.value for i in range(widget.row_count)]


async def open_desk(pilot, app) -> None:
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(app.screen, DeskScreen)


async def test_d_switches_to_the_desk_and_back(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_desk(pilot, app)
        assert keys(app, "tasks")[:3] == ["doors-open", "pizza", "call-dana"]  # in due order
        assert cells(app, "tasks", "doors-open") == [
            "17:50",
            "Unlock the lobby, put up the signs",
            "Tamar Stern",
            "DUE",
        ]
        assert cells(app, "tasks", "pizza")[-1] == "upcoming"
        tamar = cells(app, "people", "tamar")
        assert tamar[:4] == ["Tamar Stern", "host", "17:15", "LATE 35m"]
        assert tamar[4] == "18:00 Doors, pizza and networking"
        assert tamar[5:7] == ["+972 50 000 0000", "tamar@example.org"]  # the organizer's console is private
        assert cells(app, "people", "dana")[2:4] == ["18:05", "NOT HERE"]  # call (30m) before 18:35
        assert cells(app, "people", "dana")[7] == "USB-C to HDMI adapter, lapel mic, clicker"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
    assert journal(tmp_path) == []


async def test_both_screens_are_in_the_command_palette(tmp_path):
    app, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Desk screen  (d)" in titles and "Show screen  (d)" in titles
        assert "Swap next two…  (w)" in titles
        desk = next(c for c in app.get_system_commands(app.screen) if c.title == "Desk screen  (d)")
        desk.callback()
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        show = next(c for c in app.get_system_commands(app.screen) if c.title == "Show screen  (d)")
        show.callback()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)


async def test_t_and_enter_toggle_the_highlighted_task(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_desk(pilot, app)
        await advance(app, pilot, clock, 60)  # 17:51
        await pilot.press("t")
        await pilot.pause()
        assert journal(tmp_path) == [
            TaskDone(
                at=BEFORE + dt.timedelta(minutes=1),
                task="doors-open",
                title="Unlock the lobby, put up the signs",
                by="tamar",
            )
        ]
        assert cells(app, "tasks", "doors-open")[-1] == "done 17:51 by Tamar"
        await pilot.press("enter")  # the same task, not done again
        await pilot.pause()
        assert journal(tmp_path)[-1] == TaskDone(
            at=clock.now(),
            task="doors-open",
            title="Unlock the lobby, put up the signs",
            by="tamar",
            done=False,
        )
        assert cells(app, "tasks", "doors-open")[-1] == "LATE 1m"
        await pilot.press("down", "t")  # the pizza
        await pilot.pause()
        assert journal(tmp_path)[-1].task == "pizza" and journal(tmp_path)[-1].done is True
        await pilot.press("d")  # the show screen's feed names it
        await pilot.pause()
        assert "task done: Meet the pizza courier at the lobby (tamar)" in plain(
            app.screen_console.query_one("#feed")
        )


async def test_a_checks_the_highlighted_person_in_and_out(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_desk(pilot, app)
        await pilot.press("tab")  # to the people
        await pilot.press("down")  # Dana
        await pilot.press("a")
        await pilot.pause()
        assert journal(tmp_path) == [CheckIn(at=BEFORE, person="dana")]
        assert cells(app, "people", "dana")[3] == "HERE since 17:50"
        await advance(app, pilot, clock, 120)
        await pilot.press("a")
        await pilot.pause()
        assert journal(tmp_path)[-1] == CheckIn(at=clock.now(), person="dana", here=False)
        assert cells(app, "people", "dana")[3] == "LEFT 17:52"


async def test_slash_filters_both_lists(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_desk(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "yossi")
        await pilot.pause()
        assert keys(app, "tasks") == ["call-yossi"]
        assert keys(app, "people") == ["yossi"]
        assert "filter “yossi”" in app.screen.query_one("#desk-tasks").border_title
        await pilot.press("enter")  # back to the tasks, still filtered: t marks the one shown
        await pilot.press("t")
        await pilot.pause()
        assert journal(tmp_path)[-1].task == "call-yossi"
        await pilot.press("escape")
        await pilot.pause()
        assert len(keys(app, "tasks")) == 9 and len(keys(app, "people")) == 5
        assert journal(tmp_path)[-1].task == "call-yossi"  # typing in the filter journals nothing
        assert len(journal(tmp_path)) == 1


async def test_w_swaps_the_next_two_segments_after_a_yes(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")  # doors live; next: welcome, then Dana's talk
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert [a.type for a in journal(tmp_path)] == ["go"]
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Move(at=START, segment="welcome", after="dana-talk")
        assert [r.id for r in app.state.rows[:3]] == ["doors", "dana-talk", "welcome"]
        # Dana's talk is now right after the doors (18:30): the tasks tied to it follow
        await open_desk(pilot, app)
        assert cells(app, "tasks", "call-dana")[0] == "18:20"
        assert cells(app, "tasks", "recording")[0] == "18:28"


async def test_alert_line_names_the_missing_speaker_and_the_feed_records_it_once(tmp_path):
    # 19:18 local, the break live since 19:15: Yossi's talk (19:30) is within the call (30m);
    # every task due so far is done
    opened, clock = make_show(tmp_path, at=START)
    show = opened.show
    for task in ("doors-open", "pizza", "call-dana", "recording", "refill"):
        show.do(TaskDone(at=START, task=task))
    for minutes in (0, 30, 35, 75):
        show.do(Go(at=START + dt.timedelta(minutes=minutes)))
    clock.set(START + dt.timedelta(minutes=78))
    app = ConsoleApp(show, clock, tick=0, offer_rehearsal=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen_console.query_one("#alert")
        assert plain(line) == "⚠ NOT HERE: Yossi Ben-David, on stage in 12m (19:30)"
        for _ in range(3):
            await advance(app, pilot, clock, 1)
        feed = plain(app.screen_console.query_one("#feed"))
        assert feed.count("NOT HERE: Yossi Ben-David") == 1
        await open_desk(pilot, app)
        await pilot.press("tab")
        for _ in range(2):
            await pilot.press("down")
        await pilot.press("a")
        await pilot.pause()
        assert journal(tmp_path)[-1] == CheckIn(at=clock.now(), person="yossi")
        await pilot.press("d")
        await pilot.pause()
        assert plain(line) == "" and not line.has_class("-shown")  # the call-yossi task is DUE, not late
        await advance(app, pilot, clock, 3 * 60)  # 19:21: now it is
        assert plain(line) == "⚠ LATE TASK: Bring Yossi from the green room (Noa Katz), due 19:20, 1m late"
    show.close()


@pytest.mark.parametrize("size", [(100, 30), (160, 45)], ids=["100x30", "160x45"])
def test_desk_snapshot(snap_compare, tmp_path, size):
    opened, clock = make_show(tmp_path, at=START)
    show = opened.show
    at = lambda minutes: START + dt.timedelta(minutes=minutes)  # noqa: E731
    show.do(CheckIn(at=at(-40), person="tamar"))
    show.do(CheckIn(at=at(-28), person="avi"))
    show.do(TaskDone(at=at(-9), task="doors-open", by="tamar"))
    show.do(Go(at=at(2)))
    show.do(CheckIn(at=at(4), person="noa"))
    show.do(TaskDone(at=at(14), task="pizza", by="tamar"))
    show.do(Go(at=at(31)))
    clock.set(at(33))
    app = ConsoleApp(show, clock, tick=0, offer_rehearsal=False)
    app.animation_level = "none"

    async def run_before(pilot) -> None:
        await pilot.press("d")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        show.close()
