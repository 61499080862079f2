"""Journals written by earlier versions replay to the states they replayed to then.

``tests/fixtures/journals/`` holds one journal per action type for each record format (``v1-``:
records without a version, written at commit 1538430 by ``generate.py``; ``v2-``: ``"v": 2``, the
blackout its own record, by ``generate_v2.py``), with the summary of the state after each of its
actions (see ``journal_fixtures``). Reading a journal once written must keep working, with
the same meaning, after this change and every later one: never edit these files to make this
test pass.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal_fixtures import AFTER, summary
from runofshow.journal import JournalWriter, read_journal
from runofshow.plan import load_plan
from runofshow.show import ACTION_TYPES, RECORD_VERSION, fold, project, to_record

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "journals"
JOURNALS = sorted(FIXTURES.glob("*.journal.jsonl"))


def _states(path: Path) -> list[dict]:
    return json.loads(path.with_name(path.name.replace(".journal.jsonl", ".state.json")).read_text())[
        "states"
    ]


FORMAT_1_TYPES = {  # the action types of commit 1538430, the last to write records without a version
    "go",
    "pause",
    "resume",
    "add_time",
    "skip",
    "move",
    "insert",
    "check_item",
    "handoff_done",
    "message",
    "clear_message",
    "note",
    "end_show",
    "undo",
    "rehearse",
}


def _types(prefix: str) -> set[str]:
    return {
        p.name.removeprefix(prefix).removesuffix(".journal.jsonl")
        for p in JOURNALS
        if p.name.startswith(prefix)
    }


def test_there_is_a_format_1_journal_of_every_action_type_of_that_day():
    assert _types("v1-") == FORMAT_1_TYPES


def test_every_action_type_has_a_fixture_journal_of_todays_format():
    """A new action type comes with its fixture journal (written once, by the code that adds it)."""
    assert set(ACTION_TYPES) <= _types(f"v{RECORD_VERSION}-")


@pytest.mark.parametrize("path", JOURNALS, ids=lambda p: p.name.removesuffix(".journal.jsonl"))
def test_a_fixture_journal_replays_to_the_recorded_states(path: Path):
    replay = read_journal(path)
    assert replay.problems == [] and not replay.torn
    expected = _states(path)
    assert len(expected) == len(replay.actions) > 0
    for count, want in enumerate(expected, 1):
        prefix = replay.actions[:count]
        now = max(a.at for a in prefix) + AFTER
        assert summary(project(fold(replay.plan, prefix), now)) == want, (path.name, count)


def test_format_1_records_have_no_version_and_are_read_as_format_1():
    lines = (FIXTURES / "v1-message.journal.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    records = [json.loads(line) for line in lines]
    assert records and all("v" not in record for record in records)
    assert len(read_journal(FIXTURES / "v1-message.journal.jsonl").actions) == len(records)


def test_a_journal_of_todays_records_carries_their_version_and_replays_the_same(tmp_path: Path):
    """The format 1 fixtures written again by today's writer: every record has ``v``, and the
    replay gives the same states as the format 1 journal did."""
    for source in JOURNALS:
        if not source.name.startswith("v1-"):
            continue
        old = read_journal(source)
        path = tmp_path / source.name
        loaded = load_plan(Path(__file__).resolve().parent.parent / "sample_events" / "meetup.toml")
        with JournalWriter.create(path, loaded, old.actions[0].at) as writer:
            for action in old.actions:
                writer.append(action)
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        assert all(json.loads(line)["v"] == RECORD_VERSION for line in lines)
        assert [json.loads(line) | {"seq": 0} for line in lines] == [
            to_record(a) | {"seq": 0} for a in old.actions
        ]
        new = read_journal(path)
        assert new.problems == []
        for count, want in enumerate(_states(source), 1):
            prefix = new.actions[:count]
            now = max(a.at for a in prefix) + AFTER
            assert summary(project(fold(new.plan, prefix), now)) == want, (source.name, count)


def test_a_record_of_a_newer_format_is_reported_and_skipped_not_guessed_at(tmp_path: Path):
    source = FIXTURES / "v2-note.journal.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    newer = json.loads(lines[1]) | {"v": RECORD_VERSION + 1}
    path = tmp_path / "newer.journal.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(newer), *lines[2:]]) + "\n", encoding="utf-8")
    replay = read_journal(path)
    assert len(replay.actions) == len(lines) - 2
    assert replay.problems == [
        f"{path}:2: unreadable record skipped (record format {RECORD_VERSION + 1} "
        f"(this runofshow reads 1 to {RECORD_VERSION}))"
    ]
