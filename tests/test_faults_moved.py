"""A journal moved or deleted under a running console (issue 12, item 8): noticed at the next tick (the
console ticks twice a second), a loud banner, and no action lost. Moved: the console keeps writing to the
open file and says where it is. Deleted: the path is created again with the whole history."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from runofshow.journal import read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock, Go, Note
from runofshow.tui.console import ConsoleApp

ROOT = Path(__file__).resolve().parent.parent
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)


def show_in(tmp_path: Path):
    plan = Path(shutil.copy(ROOT / "sample_events" / "meetup.toml", tmp_path / "meetup.toml"))
    clock = FakeClock(START)
    show = open_show(plan, clock).show
    show.do(Go(at=START))
    return show, clock


def test_a_moved_journal_is_said_and_written_where_it_went(tmp_path):
    show, clock = show_in(tmp_path)
    assert show.journal_trouble() is None
    moved = tmp_path / "elsewhere.jsonl"
    os.rename(show.journal_path, moved)
    trouble = show.journal_trouble()
    assert trouble == (
        f"JOURNAL MOVED: {show.journal_path} was moved or deleted; this console keeps writing to {moved}"
    )
    show.do(Note(at=clock.now(), text="after the move"))
    show.close()
    assert [a.type for a in read_journal(moved).actions] == ["go", "note"]
    assert not show.journal_path.exists()  # nothing re-created over a move


def test_a_journal_replaced_by_another_file_is_said(tmp_path):
    show, _ = show_in(tmp_path)
    os.rename(show.journal_path, tmp_path / "old.jsonl")
    show.journal_path.write_text("someone else's file\n")
    assert "is another file now; this console keeps writing to" in show.journal_trouble()
    show.close()
    assert show.journal_path.read_text() == "someone else's file\n"  # never overwritten


def test_a_deleted_journal_is_created_again_with_the_whole_history(tmp_path):
    show, clock = show_in(tmp_path)
    show.do(Note(at=clock.advance(5), text="before"))
    os.unlink(show.journal_path)
    trouble = show.journal_trouble()
    assert trouble.startswith(f"JOURNAL WAS DELETED: {show.journal_path} has been created again")
    show.do(Note(at=clock.advance(5), text="after"))
    show.close()
    replay = read_journal(show.journal_path)
    assert [a.type for a in replay.actions] == ["go", "note", "note"] and replay.last_seq == 3
    assert replay.problems == []


async def test_the_console_shows_the_banner_at_its_next_tick(tmp_path):
    show, clock = show_in(tmp_path)
    app = ConsoleApp(show, clock, tick=0, offer_rehearsal=False)
    async with app.run_test(size=(100, 30)) as pilot:
        banner = app.screen_console.query_one("#journal-banner")
        assert not banner.display
        os.rename(show.journal_path, tmp_path / "moved.jsonl")
        app.refresh_views()  # what the 2 Hz tick does
        await pilot.pause()
        assert banner.display and "JOURNAL MOVED" in str(banner.render())
        await pilot.press("space")
        await pilot.pause()
    show.close()
    assert [a.type for a in read_journal(tmp_path / "moved.jsonl").actions] == ["go", "go"]
