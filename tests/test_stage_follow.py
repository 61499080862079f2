"""Stage view following a journal in the same process: waiting, live changes, undo, a fresh journal,
the console going offline and coming back, the phase-change flash, and no way to change the show."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
from pathlib import Path

import pytest

from runofshow.journal import JournalError, archive_journal, default_journal_path
from runofshow.live import open_show
from runofshow.plan import PlanError
from runofshow.show import AddTime, ClearMessage, FakeClock, Go, Message, Undo
from runofshow.tui import stage as stage_module
from runofshow.tui.stage import (
    PHASE_FLASH,
    StageApp,
    big_lines,
    can_draw,
    countdown_text,
    fit_big,
    resolve_source,
    screen_text,
    seconds_to_next_change,
    stage_view,
    timer_text,
)
from test_stage_scenarios import MEETUP, SIZES, T0, stage_app

TIMEOUT = 10.0  # seconds: how long a test waits for the stage to catch up before failing


async def wait_for(pilot, condition, what: str) -> None:
    """Let the app run until ``condition()``, then until it has laid out and painted what changed;
    fail (not flaky-slow, just stuck) after TIMEOUT."""
    loop_time = 0.0
    while not condition():
        await pilot.pause(0.02)
        loop_time += 0.02
        if loop_time > TIMEOUT:
            raise AssertionError(f"stage never showed {what}:\n{screen_text(pilot.app)}")
    await pilot.pause()


def copy_plan(tmp_path: Path) -> Path:
    target = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, target)
    return target


# -- pure parts --------------------------------------------------------------------------------


def test_timer_text_rounds_up_and_counts_up_in_overtime():
    assert timer_text(1199.2) == "20:00"
    assert timer_text(0.4) == "00:01"
    assert timer_text(0) == "+00:00"
    assert timer_text(-83.9) == "+01:23"
    assert timer_text(3725) == "1:02:05"
    assert countdown_text(599.1) == "10:00" and countdown_text(-5) == "00:00"
    assert countdown_text(8 * 86400 + 3723) == "8 DAYS 01:02:03" and countdown_text(86400) == "1 DAY 00:00:00"


def test_big_font_draws_words_and_falls_back_on_unknown_characters():
    assert can_draw("Wrap up: 5 min!") and not can_draw("") and not can_draw("日本語")
    assert can_draw("שלום")  # every script of issue 17 (Unifont): tests/test_stage_bigletters.py
    lines = big_lines("12:34", 2)
    assert len(lines) == 7 and len({len(line) for line in lines}) == 1
    assert fit_big("WRAP UP NOW", 80, 4, max_scale=4) == big_lines("WRAP UP NOW", 1)
    wrapped = fit_big("PLEASE WRAP UP", 60, 9, max_scale=4)  # two lines of scale 1 with a gap
    assert wrapped is not None and len(wrapped) == 9 and wrapped[4] == ""
    assert fit_big("PLEASE WRAP UP", 20, 20) is None  # a word wider than the region
    assert fit_big("Café 日本", 80, 20) is None  # a character no font has: the one-line fallback


def test_next_change_is_the_timer_s_next_whole_second_or_the_clock_s_next_minute():
    from runofshow.plan import load_plan
    from runofshow.show import Pause, reduce

    plan = load_plan(MEETUP).plan
    start = plan.start  # 18:00:00 sharp
    go = [Go(at=start)]

    def next_change(actions, after: float, **kw) -> float:
        now = start + dt.timedelta(seconds=after)
        return round(seconds_to_next_change(reduce(plan, actions, now), now, **kw), 6)

    assert next_change(go, 10.7) == 0.3  # 29:49.3 left: shows 29:50 until 29:49.0
    assert next_change(go, 10) == 1.0
    assert next_change(go, 1800 + 3.2) == 0.8  # +00:03.2: shows +00:03 until +00:04
    assert (
        next_change(go, 10.2) == 0.8 and next_change(go, 10.2, blinking=True) == 0.3
    )  # a blink: every 0.5 s
    assert next_change(go + [Pause(at=start + dt.timedelta(seconds=5))], 10.7) == 49.3  # paused: the minute
    assert next_change([], -9.5) == 0.5  # the countdown before the show
    assert seconds_to_next_change(None, start + dt.timedelta(seconds=59.9)) == pytest.approx(0.1)


def test_view_without_plan_waits():
    view = stage_view(None, T0, waiting=True)
    assert view.mode == "waiting" and view.big == "--:--"
    assert (
        view.phase_words == "WAITING FOR THE SHOW TO START" and view.status == "waiting for the show to start"
    )


def test_resolve_source(tmp_path):
    plan = copy_plan(tmp_path)
    assert resolve_source(plan)[0] == default_journal_path(plan)
    assert resolve_source(tmp_path / "later.journal.jsonl") == (tmp_path / "later.journal.jsonl", None)
    (tmp_path / "bad.journal.jsonl").write_text("not json\n")
    with pytest.raises(JournalError, match="not a runofshow journal"):
        resolve_source(tmp_path / "bad.journal.jsonl")
    with pytest.raises(JournalError, match="is a directory"):
        resolve_source(tmp_path)
    with pytest.raises(PlanError):
        resolve_source(tmp_path / "missing.toml")
    with pytest.raises(ValueError, match="unknown role"):
        StageApp(plan, role="organizer")


def test_stage_module_cannot_write_a_journal():
    """Read-only by construction: the stage modules import no writer and no live show."""
    for name in ("stage.py", "stage_cmd.py", "stage_view.py", "bigfont.py", "widgets/bigtext.py"):
        tree = ast.parse((Path(stage_module.__file__).parent / name).read_text())
        imported = {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
        }
        assert not imported & {"JournalWriter", "LiveShow", "open_show", "archive_journal"}, name
    assert [binding.key for binding in StageApp.BINDINGS] == ["q"]
    assert StageApp.ENABLE_COMMAND_PALETTE is False


def test_the_stage_view_model_and_the_font_import_no_textual():
    """The privacy boundary (stage_view) and the font are plain Python: checkable without an app."""
    for name in ("stage_view.py", "bigfont.py"):
        tree = ast.parse((Path(stage_module.__file__).parent / name).read_text())
        modules = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        modules |= {
            alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}, name


# -- following ---------------------------------------------------------------------------------


async def test_waits_for_the_journal_then_follows_it(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    app = stage_app(plan, clock)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        assert "waiting for the show to start" in screen_text(app)
        assert app.view.mode == "before" and app.view.big == "10:00"
        show = open_show(plan, clock).show
        try:
            await wait_for(pilot, lambda: "waiting" not in app.view.status, "the journal")
            show.do(Go(at=clock.now()))
            await wait_for(pilot, lambda: app.view.mode == "live", "the first segment")
            assert "Doors, pizza and networking" in screen_text(app)
            assert app.view.big == "30:00" and app.view.phase_words == "ON TIME"
            clock.advance(60)
            show.do(AddTime(at=clock.now(), seconds=120))
            await wait_for(pilot, lambda: app.view.big == "31:00", "the added time")
            show.do(Message(at=clock.now(), text="Mic check", flash=False))
            await wait_for(pilot, lambda: app.view.message == "Mic check", "the message")
            assert app.query_one("#message").value == "Mic check"
            show.do(ClearMessage(at=clock.now()))
            await wait_for(pilot, lambda: app.view.message == "", "the message cleared")
            show.do(Go(at=clock.now()))
            await wait_for(pilot, lambda: app.view.heading == "Welcome and house rules", "the second segment")
            show.do(Undo(at=clock.now()))
            await wait_for(pilot, lambda: app.view.heading == "Doors, pizza and networking", "the undo")
            assert app.view.big == "31:00"
            assert app.records_seen == 6
        finally:
            show.close()


async def test_a_fresh_journal_replaces_the_old_one(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    show = open_show(plan, clock).show
    show.do(Go(at=clock.now()))
    app = stage_app(plan, clock)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await wait_for(pilot, lambda: app.view.mode == "live", "the live show")
        show.close()
        archive_journal(default_journal_path(plan), clock.now())
        show = open_show(plan, clock).show
        try:
            await wait_for(
                pilot, lambda: app.view.mode == "before" and not app.view.status, "the fresh journal"
            )
        finally:
            show.close()


async def test_console_offline_mark_comes_and_goes(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    show = open_show(plan, clock).show
    show.do(Go(at=clock.now()))
    app = stage_app(plan, clock)
    app.offline_after = app.lock_probe_every = 0  # probe at every poll
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await wait_for(pilot, lambda: app.view.mode == "live", "the live show")
        await pilot.pause(0.2)
        assert app.view.status == ""  # the console holds the lock
        show.close()  # as if it crashed: the lock is gone, no more records
        await wait_for(pilot, lambda: app.view.status == "console offline", "the offline mark")
        clock.advance(90)
        app.redraw()
        await pilot.pause()
        assert app.view.big == "28:30" and "console offline" in screen_text(app)  # it keeps counting
        show = open_show(plan, clock).show  # the console is back
        try:
            await wait_for(pilot, lambda: app.view.status == "", "the console back")
            show.close()
            await wait_for(pilot, lambda: app.view.status == "console offline", "offline again")
            show = open_show(plan, clock).show
            show.do(AddTime(at=clock.now(), seconds=60))
            await wait_for(
                pilot, lambda: app.view.status == "" and app.view.big == "29:30", "records flowing"
            )
        finally:
            show.close()


async def test_no_offline_mark_after_the_show(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    show = open_show(plan, clock).show
    show.do(Go(at=clock.now()))
    from runofshow.show import EndShow

    show.do(EndShow(at=clock.now()))
    show.close()
    app = stage_app(plan, clock)
    app.offline_after = app.lock_probe_every = 0
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause(0.2)
        assert app.view.mode == "ended" and app.view.status == ""


async def test_phase_change_flashes_briefly(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0 + dt.timedelta(minutes=10))
    show = open_show(plan, clock).show
    try:
        show.do(Go(at=clock.now()))
        clock.advance(24 * 60 + 0.25)  # doors: 30m, warning 5m before the end
        app = stage_app(plan, clock)
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await pilot.pause()
            phase = app.query_one("#phase")
            assert app.view.phase == "on_time" and not phase.has_class("-changed")  # no flash at start
            clock.advance(60)
            app.redraw()
            assert app.view.phase_words == "5 MIN" and phase.has_class("-changed")
            clock.advance(0.5)
            app.redraw()
            assert not phase.has_class("-changed")  # it blinks
            clock.advance(0.5)
            app.redraw()
            assert phase.has_class("-changed")
            clock.advance(PHASE_FLASH)
            app.redraw()
            assert not phase.has_class("-changed")  # and stops
            clock.advance(0.5)
            app.redraw()
            assert not phase.has_class("-changed")
    finally:
        show.close()


async def test_keys_change_nothing(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    show = open_show(plan, clock).show
    try:
        show.do(Go(at=clock.now()))
        journal = default_journal_path(plan)
        before = journal.read_bytes()
        app = stage_app(plan, clock)
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await pilot.press(
                "space", "enter", "g", "plus", "minus", "m", "b", "u", "ctrl+z", "ctrl+p", "tab"
            )
            await pilot.pause()
            assert app.view.heading == "Doors, pizza and networking"
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0
        assert journal.read_bytes() == before
    finally:
        show.close()


async def test_a_journal_given_directly_is_followed_and_a_missing_one_awaited(tmp_path):
    plan = copy_plan(tmp_path)
    clock = FakeClock(T0)
    journal = default_journal_path(plan)
    app = StageApp(journal, clock=clock, tick_interval=3600)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        assert app.view.mode == "waiting" and "WAITING FOR THE SHOW TO START" in screen_text(app)
        show = open_show(plan, clock).show
        try:
            show.do(Go(at=clock.now()))
            await wait_for(pilot, lambda: app.view.mode == "live", "the journal's first segment")
            assert app.view.event == "Frontend Night #42"
        finally:
            show.close()


@pytest.mark.parametrize("size", list(SIZES))
async def test_a_timer_repainting_only_changed_digits_shows_what_a_full_paint_shows(tmp_path, size):
    from test_stage_scenarios import SCENARIOS, console

    with console(tmp_path, SCENARIOS["on_time"]) as (plan, clock, _show):
        app = stage_app(plan, clock)
        async with app.run_test(size=SIZES[size]) as pilot:
            await pilot.pause()
            for step in (1, 1, 8, 50, 540, 599, 600, 83):  # seconds, tens, minutes, into overtime
                clock.advance(step)
                app.redraw()
                await pilot.pause()
                partial = screen_text(app)
                fresh = stage_app(plan, clock)
                async with fresh.run_test(size=SIZES[size]) as fresh_pilot:
                    await fresh_pilot.pause()
                    assert partial == screen_text(fresh), f"after {step}s: {app.view.big}"
        assert app.view.big == "+11:22"


@pytest.mark.parametrize("proc_locks", [True, False], ids=["proc-locks", "flock-probe"])
def test_console_presence_from_the_writer_s_lock(tmp_path, monkeypatch, proc_locks):
    from runofshow.tui.stage import console_present

    if not proc_locks:
        monkeypatch.setattr(stage_module, "PROC_LOCKS", tmp_path / "no-such-proc-locks")
    elif not stage_module.PROC_LOCKS.exists():
        pytest.skip("no /proc/locks on this system: the flock probe case covers it")
    plan = copy_plan(tmp_path)
    journal = default_journal_path(plan)
    assert not console_present(journal)  # no journal, no lock file
    show = open_show(plan, FakeClock(T0)).show
    assert console_present(journal)
    show.close()
    assert not console_present(journal)  # the lock file is left behind, nobody holds it
    show = open_show(plan, FakeClock(T0)).show  # and the probe left it free
    assert console_present(journal)
    show.close()


async def test_every_shipped_theme_styles_the_stage(tmp_path):
    from textual.color import Color

    from runofshow.tui.themes import load_themes
    from test_stage_scenarios import SCENARIOS, console

    with console(tmp_path, SCENARIOS["overtime"]) as (plan, clock, _show):
        for theme in sorted(load_themes()):
            app = stage_app(plan, clock, theme=theme)
            async with app.run_test(size=SIZES["80x24"]) as pilot:
                await pilot.pause()
                assert app.theme == theme and "OVER TIME" in screen_text(app)
                phase = app.query_one("#phase")
                assert phase.styles.background == Color.parse(app.get_css_variables()["phase-overtime"]), (
                    theme
                )
