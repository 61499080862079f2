"""Actions as journal records: the round trip, what a bad record says, and the benchmark's journal."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.journal import JournalWriter, read_journal
from runofshow.plan import load_plan
from runofshow.show import (
    ACTION_TYPES,
    AddTime,
    Amend,
    Blackout,
    CheckIn,
    CheckItem,
    ClearMessage,
    EditSegment,
    EndShow,
    Go,
    HandoffDone,
    HeadCount,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    Skip,
    StageSound,
    TaskDone,
    Undo,
    Unskip,
    fold,
    from_record,
    refusal,
    to_record,
)
from runofshow.show import actions as actions_module
from runofshow.show.actions import RECORD_VERSION, BadRecord

ROOT = Path(__file__).resolve().parent.parent
AT = dt.datetime(2026, 12, 3, 18, 0, 1, 250000, tzinfo=ZoneInfo("Asia/Jerusalem"))

EVERY_ACTION = [
    Go(at=AT),
    Pause(at=AT),
    Resume(at=AT),
    AddTime(at=AT, seconds=-90),
    Skip(at=AT, segment="break"),
    Move(at=AT, segment="lightning", after="dana-talk"),
    Move(at=AT, segment="lightning"),
    Insert(
        at=AT,
        segment="lt",
        title="Surprise ✨",
        duration=420,
        kind="talk",
        speakers="Ana & Bo",
        after="break",
    ),
    CheckItem(at=AT, segment="doors", index=2, item="Wi-Fi password", by="avi", done=False),
    HandoffDone(at=AT, segment="welcome", by="tamar"),
    HandoffDone(at=AT, segment="welcome"),
    Message(at=AT, text='Say "thanks"\nto the sponsors', flash=True),
    Message(at=AT, text="(blackout)", blackout=True),  # format 1: the blackout set with the message
    Blackout(at=AT, on=True),
    Blackout(at=AT, on=False),
    StageSound(at=AT, on=True),
    StageSound(at=AT, on=False),
    ClearMessage(at=AT),
    Note(at=AT, text="Привет"),
    EndShow(at=AT),
    Undo(at=AT),
    Undo(at=AT, any_kind=True),
    Rehearse(at=AT, start=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
    Rehearse(at=AT, start=None),
    TaskDone(at=AT, task="pizza", by="tamar"),
    TaskDone(at=AT, task="pizza", done=False),
    CheckIn(at=AT, person="yossi"),
    CheckIn(at=AT, person="yossi", here=False),
    HeadCount(at=AT, count=57),
    EditSegment(at=AT, segment="lightning", title="Lightning!", duration=900, speakers=""),
    EditSegment(at=AT, segment="lightning", duration=600),
    Unskip(at=AT, segment="break"),
    Amend(at=AT, plan_text='[event]\ntitle = "x"\n', plan_sha256="0" * 64),
]


def test_every_action_type_is_covered_here():
    assert {a.type for a in EVERY_ACTION} == set(ACTION_TYPES)


@pytest.mark.parametrize("action", EVERY_ACTION, ids=lambda a: a.type)
def test_round_trip_through_json(action):
    record = to_record(action)
    assert record["type"] == action.type and record["at"] == "2026-12-03T18:00:01.250000+02:00"
    back = from_record(json.loads(json.dumps({**record, "seq": 7})))
    assert back == action and type(back) is type(action)
    assert back.at.utcoffset() == dt.timedelta(hours=2)


def test_record_keys_follow_the_dataclass_fields():
    assert list(to_record(CheckItem(at=AT, segment="s", index=1))) == [
        "type",
        "v",
        "at",
        "segment",
        "index",
        "item",
        "by",
        "done",
    ]


def test_every_record_carries_its_format_version():
    for action in EVERY_ACTION:
        assert to_record(action)["v"] == RECORD_VERSION == 2


def test_records_without_a_version_are_format_1_and_still_read():
    record = to_record(CheckItem(at=AT, segment="doors", index=2, item="Wi-Fi", by="avi"))
    del record["v"]
    assert from_record(record) == CheckItem(at=AT, segment="doors", index=2, item="Wi-Fi", by="avi")


@pytest.mark.parametrize("version", [3, 0, "2", None])
def test_a_record_of_an_unknown_version_is_refused_with_the_versions_this_code_reads(version):
    record = {**to_record(Go(at=AT)), "v": version}
    with pytest.raises(BadRecord, match=r"record format .* \(this runofshow reads 1 to 2\)"):
        from_record(record)


def test_the_record_parser_is_not_generated_code():
    source = Path(actions_module.__file__).read_text(encoding="utf-8")
    assert "exec(" not in source and "eval(" not in source


def test_a_message_record_holds_a_blackout_only_when_it_sets_one():
    assert "blackout" not in to_record(Message(at=AT, text="hi"))
    assert to_record(Message(at=AT, text="hi", blackout=False))["blackout"] is False
    assert to_record(Blackout(at=AT, on=False))["on"] is False


def test_a_format_1_message_without_blackout_turned_the_blackout_off():
    """In format 1 a message record always set the blackout (absent: false); today a message
    without one leaves the blackout as it is."""
    v1 = {"type": "message", "at": "2026-12-03T18:00:00Z", "text": "hi"}
    assert from_record(v1).blackout is False
    assert from_record({**v1, "v": 2}).blackout is None


def test_missing_optional_fields_take_their_defaults():
    assert from_record({"type": "add_time", "at": "2026-12-03T18:00:00+02:00"}) == AddTime(
        at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC), seconds=60
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"type": "warp", "at": "2026-12-03T18:00:00+02:00"}, "unknown action type 'warp'"),
        ({"at": "2026-12-03T18:00:00+02:00"}, "unknown action type None"),
        (["go"], "a record is a JSON object"),
        ("go", "a record is a JSON object"),
        ({"type": ["go"]}, "a record is a JSON object"),
        ({"type": "go"}, "not a go action"),
        ({"type": "go", "at": None}, "not a go action"),
        ({"type": "go", "at": 1700000000}, "not a go action"),
        ({"type": "go", "at": "yesterday"}, "not a go action"),
        ({"type": "go", "at": "2026-12-03T18:00:00"}, "instant without offset"),
        (
            {"type": "add_time", "at": "2026-12-03T18:00:00Z", "seconds": "60"},
            "seconds must be a whole number",
        ),
        (
            {"type": "add_time", "at": "2026-12-03T18:00:00Z", "seconds": 1.5},
            "seconds must be a whole number",
        ),
        (
            {"type": "add_time", "at": "2026-12-03T18:00:00Z", "seconds": True},
            "seconds must be a whole number",
        ),
        (
            {"type": "check_item", "at": "2026-12-03T18:00:00Z", "segment": "a", "done": 1},
            "done must be true or false",
        ),
        ({"type": "check_item", "at": "2026-12-03T18:00:00Z", "segment": 3}, "segment must be text"),
        (
            {"type": "move", "at": "2026-12-03T18:00:00Z", "segment": "a", "after": 2},
            "after must be text or null",
        ),
        ({"type": "rehearse", "at": "2026-12-03T18:00:00Z", "start": 5}, "start must be an ISO 8601 instant"),
        ({"type": "blackout", "v": 2, "at": "2026-12-03T18:00:00Z", "on": "yes"}, "on must be true or false"),
        ({"type": "message", "at": "2026-12-03T18:00:00Z", "text": "x", "blackout": 1}, "blackout must be"),
        (
            {"type": "rehearse", "at": "2026-12-03T18:00:00Z", "start": "2026-12-01T10:00:00"},
            "instant without offset",
        ),
    ],
)
def test_bad_records_say_what_is_wrong(record, message):
    with pytest.raises(BadRecord, match=message.replace("(", r"\(")):
        from_record(record)


# --- the benchmark's journal is a real one ---------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_engine_under_test", ROOT / "benchmarks" / "bench_engine.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_actions_are_all_allowed():
    bench = _bench()
    plan = load_plan(bench.PLAN).plan
    actions = bench.actions(4000)
    assert len(actions) == 4000
    assert {a.type for a in actions} >= {
        "go",
        "pause",
        "resume",
        "add_time",
        "undo",
        "note",
        "check_item",
        "message",
        "clear_message",
        "handoff_done",
    }
    assert sum(a.type == "go" for a in actions) == len(plan.segments)
    folded = fold(plan, [])
    done = []
    for action in actions:
        assert refusal(folded, action) is None, (len(done), action)
        done.append(action)
        folded = fold(plan, done) if action.type == "undo" else fold(plan, [action], folded)
    assert folded.show == "live" and folded.live == plan.segments[-1].id
    instants = [a.at for a in actions]
    assert instants == sorted(instants)


def test_benchmark_journal_is_what_the_writer_writes(tmp_path: Path):
    bench = _bench()
    actions = bench.actions(300)
    fast = tmp_path / "fast.journal.jsonl"
    bench.write_journal(fast, actions)
    slow = tmp_path / "slow.journal.jsonl"
    writer = JournalWriter.create(slow, load_plan(bench.PLAN), bench.START)
    for action in actions:
        writer.append(action)
    writer.close()
    assert fast.read_bytes() == slow.read_bytes()
    assert read_journal(fast).actions == actions
    assert bench.percentile([3.0, 1.0, 2.0], 50) == 2.0 and bench.percentile([1.0] * 99 + [9.0], 99) == 1.0
