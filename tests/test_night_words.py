"""Issue 20 item 7: the same ahead/behind words everywhere, live dialogs that read what a person
types. Pilot with a fake clock, checking the screen and the journal."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from runofshow.export import export_text, load_facts
from runofshow.show import AddTime, Go, Insert
from runofshow.show.state import schedule_words
from runofshow.tui.stage import stage_view
from runofshow.tui.widgets.dialogs import DurationPrompt, InsertDialog
from test_console_support import START, journal, make_app, notices, text, type_text

SIZE = (120, 34)


def local(hhmmss: str) -> dt.datetime:
    """An instant on the meetup's day, local time (Asia/Jerusalem, +02:00)."""
    h, m, s = (int(x) for x in hhmmss.split(":"))
    return START + dt.timedelta(hours=h - 18, minutes=m, seconds=s)


@pytest.mark.parametrize(
    "behind, words",
    [
        (0, "ON SCHEDULE"),
        (59, "ON SCHEDULE"),
        (-59, "ON SCHEDULE"),
        (60, "BEHIND 1:00"),
        (450, "BEHIND 7:30"),
        (-3599, "AHEAD 59:59"),
        (-5886, "AHEAD 1:38:06"),
        (3600, "BEHIND 1:00:00"),
    ],
)
def test_schedule_words(behind, words):
    assert schedule_words(behind) == words


async def test_ahead_reads_the_same_in_the_header_the_stage_and_the_reports(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        # Every segment hurried through: networking (45m, the last) starts at 18:41:54, so the
        # show is projected to end at 19:26:54 against a planned 21:05:00: 1:38:06 ahead.
        for hhmmss in ("18:00:00", "18:10:00", "18:15:00", "18:20:00", "18:25:00", "18:30:00", "18:35:00"):
            app.show.do(Go(at=local(hhmmss)))
        clock.set(local("18:41:54"))
        app.show.do(Go(at=clock.now()))
        clock.set(local("18:42:00"))
        app.refresh_views()
        await pilot.pause()
        assert "AHEAD 1:38:06 · end ~19:26" in text(app, "#header-schedule")
        assert stage_view(app.state, clock.now()).schedule == "AHEAD 1:38:06"
        clock.set(local("19:26:54"))
        app.show.do(Go(at=clock.now()))  # the last GO ends the show: 1:38:06 early
    journal_path = app.show.journal_path
    facts = load_facts(journal_path)
    assert "- **Schedule: AHEAD 1:38:06**" in export_text(facts, "md").splitlines()
    assert json.loads(export_text(facts, "json"))["show"]["schedule"] == "AHEAD 1:38:06"


@pytest.mark.parametrize(
    "typed, seconds",
    [("5", 300), ("5m", 300), ("5 min", 300), ("5 minutes", 300), ("1:30", 90), ("90s", 90)],
)
async def test_the_insert_dialog_reads_what_a_person_types(tmp_path, typed, seconds):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "i")
        await pilot.pause()
        assert isinstance(app.screen, InsertDialog)
        await type_text(pilot, "Quiz")
        await pilot.press("tab")
        await type_text(pilot, typed)
        await pilot.press("enter")  # title and duration given: enter inserts
        await pilot.pause()
        inserted = journal(tmp_path)[-1]
        assert isinstance(inserted, Insert) and inserted.duration == seconds and inserted.title == "Quiz"
        assert app.state.row("insert-1").duration == seconds


@pytest.mark.parametrize("typed, seconds", [("5", 300), ("5 minutes", 300), ("1:30", 90), ("-2m", -120)])
async def test_the_add_time_dialog_reads_what_a_person_types(tmp_path, typed, seconds):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        app.action_add_time()
        await pilot.pause()
        assert isinstance(app.screen, DurationPrompt)
        await type_text(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path)[-1] == AddTime(at=START, seconds=seconds)
        assert app.state.live.allotted == 1800 + seconds


async def test_the_add_time_dialog_says_what_it_cannot_read(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        app.action_add_time()
        await pilot.pause()
        await type_text(pilot, "soon")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DurationPrompt)
        hint = str(app.screen.query_one(".dialog-hint").content)
        assert hint == 'cannot read "soon" (e.g. 5, 5m, 5 min, 1:30, 90s).'
        assert [a.type for a in journal(tmp_path)] == ["go"]
        assert not [n for n in notices(app) if "refused" in n]
