"""Journal records are validated on replay, and time never goes back in a journal (issue 12, items 2
and 9): what a hand edit or a bug could put in a journal is skipped or clamped with a note, never a
traceback (which would print the plan's locals, phones and e-mails included) nor a negative timer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.journal import JournalFollower, read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock, Go, Note, reduce

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
RUNOFSHOW = Path(sys.executable).with_name("runofshow")
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)


def at(minutes: float) -> str:
    return (START + dt.timedelta(minutes=minutes)).isoformat()


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    plan = Path(shutil.copy(MEETUP, tmp_path / "meetup.toml"))
    clock = FakeClock(START)
    show = open_show(plan, clock).show
    show.do(Go(at=START))  # doors: 30 minutes
    show.close()
    return show.journal_path


def append(journal: Path, *records: dict) -> None:
    with open(journal, "a", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


BAD = [
    (
        {"type": "insert", "at": at(1), "segment": "BAD ID", "title": "x", "duration": 60},
        "not a valid segment id",
    ),
    (
        {"type": "insert", "at": at(1), "segment": "neg", "title": "x", "duration": -5},
        "duration must be above",
    ),
    (
        {"type": "insert", "at": at(1), "segment": "odd", "title": "x", "kind": "circus"},
        "unknown kind 'circus'",
    ),
    ({"type": "add_time", "at": at(1), "seconds": 10**12}, "more than a day"),
    ({"type": "go", "at": "9999-12-31T23:59:59+00:00"}, "is not in the years 1970-2999"),
    ({"type": "rehearse", "at": at(1), "start": "9999-12-31T23:00:00+00:00"}, "is not in the years"),
]


@pytest.mark.parametrize(("record", "words"), BAD, ids=[r["type"] + ":" + w for r, w in BAD])
def test_nonsense_records_are_skipped_with_a_note(journal, record, words):
    append(journal, {**record, "seq": 2}, {"type": "note", "at": at(2), "text": "after", "seq": 3})
    replay = read_journal(journal)
    assert [a.type for a in replay.actions] == ["go", "note"]
    assert any(
        f"{journal}:3: {record['type']} record skipped" in p and words in p for p in replay.problems
    ), replay.problems
    follower = JournalFollower(journal)
    assert [a.type for a in follower.poll()] == ["go", "note"]  # the stage view skips it too
    state = reduce(replay.plan, replay.actions, START + dt.timedelta(minutes=3))
    assert state.live is not None and 0 < state.live.remaining <= 30 * 60


def test_taking_more_time_than_the_live_segment_has_is_ignored_on_replay(journal):
    append(journal, {"type": "add_time", "at": at(1), "seconds": -(30 * 60 + 5), "seq": 2})
    replay = read_journal(journal)
    state = reduce(replay.plan, replay.actions, START + dt.timedelta(minutes=1))
    assert state.live.remaining == 29 * 60  # not a live segment of -5 s


def test_instants_that_go_back_are_clamped_with_one_note_and_seq_trouble_is_noted(journal, tmp_path):
    append(
        journal,
        {"type": "note", "at": at(10), "text": "ten", "seq": 2},
        {"type": "go", "at": at(-50), "seq": 3},  # an hour earlier: a clock set back
        {"type": "note", "at": at(-49), "text": "still early", "seq": 3},  # and a repeated seq
    )
    replay = read_journal(journal)
    assert [a.at for a in replay.actions] == [START] + [START + dt.timedelta(minutes=10)] * 3
    assert sum("instants go back in time" in p for p in replay.problems) == 1
    assert any("sequence number 3 repeats or goes back (after 3)" in p for p in replay.problems)
    state = reduce(replay.plan, replay.actions, START + dt.timedelta(minutes=11))
    doors = next(r for r in state.rows if r.id == "doors")
    assert state.live_row.id == "welcome" and state.live.remaining == 4 * 60  # not 1:04:00
    assert doors.end == START + dt.timedelta(minutes=10) and doors.actual_duration == 600

    result = subprocess.run(
        [str(RUNOFSHOW), "export", str(journal), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "instants go back in time" in result.stderr and "sequence number 3 repeats" in result.stderr
    rows = {row["segment_id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["doors"]["actual_duration_s"] == "600"
    assert all(not row["actual_duration_s"].startswith("-") for row in rows.values())


def test_a_year_9999_instant_is_no_overflow_traceback_in_export(journal):
    append(journal, {"type": "go", "at": "9999-12-31T23:59:59+00:00", "seq": 2})
    result = subprocess.run(
        [str(RUNOFSHOW), "export", str(journal), "--format", "md", "--private"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "OverflowError" not in result.stderr
    assert "go record skipped" in result.stderr


def test_the_live_show_journals_nothing_earlier_than_its_last_record(journal, tmp_path):
    clock = FakeClock(START - dt.timedelta(hours=1))  # set back an hour since the GO
    opened = open_show(tmp_path / "meetup.toml", clock)
    show = opened.show
    assert show.now() == START  # goes on from the last record
    assert show.state().live.remaining == 30 * 60
    clock.advance(60)
    assert show.state().live.remaining == 29 * 60  # and keeps running
    show.do(Note(at=show.now(), text="hello"))
    show.close()
    note_step, note = read_journal(journal).actions[1:]
    assert "clock stepped back: it was 1:00:00 behind" in note_step.text
    assert note.text == "hello" and note.at == START + dt.timedelta(minutes=1) == note_step.at


def test_the_stage_view_checks_a_journal_without_reading_its_records(journal, monkeypatch):
    """Big journals are read once: `stage` checks the header only; the follower reads the records."""
    from runofshow import journal as journal_module
    from runofshow.tui.stage import resolve_source

    def no_records(*_):
        raise AssertionError("the records were read before the follower")

    monkeypatch.setattr(journal_module, "_parse_actions", no_records)
    assert resolve_source(journal) == (journal, None)
    monkeypatch.undo()
    assert [a.type for a in JournalFollower(journal).poll()] == ["go"]


def test_the_follower_takes_the_parsers_fast_path(journal, monkeypatch):
    from runofshow.show import actions as actions_module

    append(journal, *({"type": "note", "at": at(1), "text": f"n{i}", "seq": 2 + i} for i in range(50)))
    calls = []
    monkeypatch.setattr(
        "runofshow.journal.from_record",
        lambda record: calls.append(record) or actions_module.from_record(record),
    )
    assert len(JournalFollower(journal).poll()) == 51 and calls == []  # no slow path per line
