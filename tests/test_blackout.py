"""Blackout is a state of the stage, apart from its message; journals of format 1 read as before.

The same key presses, journaled the old way (a message "(blackout)" blacked out) and the new way
(blackout records), give the same stage, the same stage-message facts in the exports, and the
feed and the report say "blackout on" / "blackout off".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from export_scenarios import validate
from runofshow.export import export_text, load_facts
from runofshow.journal import JournalWriter
from runofshow.plan import load_plan
from runofshow.show import Blackout, ClearMessage, Go, Message, fold, project
from runofshow.tui.widgets.common import describe_action

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
TZ = ZoneInfo("Asia/Jerusalem")
SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text())


def at(minutes: float) -> dt.datetime:
    return dt.datetime(2026, 12, 3, 18, 2, tzinfo=TZ) + dt.timedelta(minutes=minutes)


# b, b, m "Break" b, b, b, c: the old console journaled the first list, today's the second.
OLD = [
    Go(at=at(0)),
    Message(at=at(1), text="(blackout)", blackout=True),
    ClearMessage(at=at(2)),
    Message(at=at(3), text="Break", blackout=False),
    Message(at=at(4), text="Break", blackout=True),
    Message(at=at(5), text="Break", blackout=False),
    Message(at=at(6), text="Break", blackout=True),
    ClearMessage(at=at(7)),
]
NEW = [
    Go(at=at(0)),
    Blackout(at=at(1), on=True),
    Blackout(at=at(2), on=False),
    Message(at=at(3), text="Break"),
    Blackout(at=at(4), on=True),
    Blackout(at=at(5), on=False),
    Blackout(at=at(6), on=True),
    ClearMessage(at=at(7)),
]


def _journal(tmp_path: Path, name: str, actions) -> Path:
    path = tmp_path / f"{name}.journal.jsonl"
    with JournalWriter.create(path, load_plan(MEETUP), at(-10)) as writer:
        for action in actions:
            writer.append(action)
    return path


def _stage(plan, actions, count):
    state = project(fold(plan, actions[:count]), at(count))
    message = state.message
    return (None if message is None else (message.text, message.flash), state.blackout)


def test_old_and_new_journals_of_the_same_key_presses_give_the_same_stage():
    plan = load_plan(MEETUP).plan
    for count in range(1, len(OLD) + 1):
        assert _stage(plan, OLD, count) == _stage(plan, NEW, count), count
    assert _stage(plan, NEW, 2) == (None, True)  # blackout on, no message
    assert _stage(plan, NEW, 5) == (("Break", False), True)  # blackout on, with a message


def test_old_and_new_journals_export_the_same_stage_messages(tmp_path: Path):
    old = load_facts(_journal(tmp_path, "old", OLD))
    new = load_facts(_journal(tmp_path, "new", NEW))
    assert old.messages == new.messages
    assert [(m.text, m.blackout) for m in new.messages] == [
        ("(blackout)", True),
        ("Break", False),
        ("Break", True),
        ("Break", False),
        ("Break", True),
    ]


def test_the_feed_and_the_report_say_blackout_on_and_off(tmp_path: Path):
    plan = load_plan(MEETUP).plan
    state = project(fold(plan, NEW), at(8))
    assert describe_action(NEW[1], state) == "blackout on"
    assert describe_action(NEW[2], state) == "blackout off"
    assert describe_action(OLD[1], state) == "blackout on"  # a format 1 blackout alone
    timeline = export_text(load_facts(_journal(tmp_path, "new", NEW)), "md")
    assert "- 18:03:00 blackout on\n- 18:04:00 blackout off\n" in timeline
    old_timeline = export_text(load_facts(_journal(tmp_path, "old", OLD)), "md")
    assert "- 18:03:00 blackout on\n" in old_timeline


def test_the_json_export_lists_blackout_actions_with_on(tmp_path: Path):
    data = json.loads(export_text(load_facts(_journal(tmp_path, "new", NEW)), "json"))
    assert validate(data, SCHEMA) == []
    blackouts = [a for a in data["actions"] if a["type"] == "blackout"]
    assert [a["on"] for a in blackouts] == [True, False, True, False, True]
    message = next(a for a in data["actions"] if a["type"] == "message")
    assert "blackout" not in message and message["text"] == "Break"
