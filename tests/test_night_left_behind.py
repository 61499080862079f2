"""Issue 20 item 1: the rehearsal left behind. On the event day, a journal that holds last week's
rehearsal (or a show that ended on another day) makes the console ask first: Enter archives it
(never deleting it) and starts tonight's show fresh; another key reopens it as it is."""

from __future__ import annotations

import datetime as dt
import shutil

from runofshow.journal import default_journal_path, read_journal
from runofshow.live import left_behind, open_show
from runofshow.show import EndShow, FakeClock, Go, Rehearse
from runofshow.tui.console import ConsoleApp
from runofshow.tui.widgets.dialogs import LeftBehindDialog, RehearseDialog
from test_console_support import BEFORE, MEETUP, row, text

SIZE = (120, 34)
WEEK_BEFORE = BEFORE - dt.timedelta(days=7)  # Thu 26 Nov, 17:50 in Jerusalem


def rehearsed(tmp_path, end: bool = True):
    """A week before the event: a rehearsal of the meetup, three GOs, ended."""
    plan = tmp_path / MEETUP.name
    shutil.copy(MEETUP, plan)
    clock = FakeClock(WEEK_BEFORE)
    show = open_show(plan, clock).show
    show.do(Rehearse(at=clock.now(), start=clock.now()))
    for _ in range(3):
        show.do(Go(at=clock.advance(55)))
    if end:
        show.do(EndShow(at=clock.advance(55)))
    show.close()
    return plan


def console(plan, at=BEFORE):
    clock = FakeClock(at)
    opened = open_show(plan, clock)
    app = ConsoleApp(
        opened.show, clock, notices=opened.notices, resumed=opened.resumed, tick=0, plan_path=plan
    )
    return app, clock


def test_what_is_left_behind(tmp_path):
    plan = rehearsed(tmp_path)
    clock = FakeClock(BEFORE)
    show = open_show(plan, clock).show
    assert left_behind(show, BEFORE) == "a rehearsal from Thu 26 Nov"
    assert left_behind(show, WEEK_BEFORE + dt.timedelta(minutes=10)) is None  # the same day: resume
    show.close()
    other = tmp_path / "other"
    other.mkdir()
    plain = other / MEETUP.name
    shutil.copy(MEETUP, plain)
    show = open_show(plain, FakeClock(BEFORE)).show
    assert left_behind(show, BEFORE) is None  # no actions
    show.do(Go(at=BEFORE))
    show.do(EndShow(at=BEFORE + dt.timedelta(hours=3)))
    assert left_behind(show, BEFORE + dt.timedelta(hours=4)) is None  # ended tonight
    assert left_behind(show, BEFORE + dt.timedelta(days=1)) == "a show that ended on Thu 03 Dec"
    show.close()


async def test_enter_archives_the_rehearsal_and_starts_fresh(tmp_path):
    plan = rehearsed(tmp_path)
    journal = default_journal_path(plan)
    rehearsal_text = journal.read_bytes()
    app, clock = console(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LeftBehindDialog)
        dialog = app.screen
        assert str(dialog.query_one(".dialog-title").content) == (
            "This journal is a rehearsal from Thu 26 Nov. Start tonight's show fresh?"
        )
        assert str(dialog.query_one(".dialog-detail").content) == (
            "(the rehearsal is kept as meetup.journal.20261203T155000.jsonl)"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LeftBehindDialog | RehearseDialog)
        assert "NOT STARTED" in text(app, "#header-schedule")
        assert "REHEARSAL" not in text(app, "#header-title")
        archived = tmp_path / "meetup.journal.20261203T155000.jsonl"
        assert archived.read_bytes() == rehearsal_text  # kept, byte for byte
        assert read_journal(journal).actions == []
        assert any("kept as" in message for _, message in app.shown_notices)
        await pilot.press("space")  # tonight's GO goes into the new journal
        await pilot.pause()
        assert [a.type for a in read_journal(journal).actions] == ["go"]
        assert app.state.show == "live" and app.state.live_row.id == "doors"
        assert row(app, "doors")[5].startswith("▶ LIVE")
    assert [a.type for a in read_journal(archived).actions] == ["rehearse", "go", "go", "go", "end_show"]


async def test_another_key_reopens_it_as_it_is(tmp_path):
    plan = rehearsed(tmp_path)
    journal = default_journal_path(plan)
    before = journal.read_bytes()
    app, clock = console(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LeftBehindDialog)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, LeftBehindDialog)
        assert "REHEARSAL" in text(app, "#header-title") and "ENDED" in text(app, "#header-schedule")
    assert journal.read_bytes() == before
    assert sorted(p.name for p in tmp_path.glob("*.jsonl")) == ["meetup.journal.jsonl"]


async def test_a_journal_of_tonight_opens_without_a_question(tmp_path):
    plan = tmp_path / MEETUP.name
    shutil.copy(MEETUP, plan)
    app, clock = console(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, LeftBehindDialog)
