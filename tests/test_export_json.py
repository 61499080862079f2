"""json export: valid against docs/export.schema.json, with the facts, every action and the results."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from export_scenarios import (
    EVENING,
    EVENING_ACTIONS,
    EVENING_TOTAL,
    LIVE_NOTE,
    STAGE_MESSAGE,
    evening,
    unfinished,
    validate,
)
from runofshow.export import export_text, load_facts

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "export.schema.json").read_text())


def export(journal) -> dict:
    return json.loads(export_text(load_facts(journal), "json"))


@pytest.fixture
def data(tmp_path):
    return export(evening(tmp_path))


def test_valid_against_the_schema(data):
    assert validate(data, SCHEMA) == []


def test_unfinished_torn_journal_is_valid_and_says_so(tmp_path):
    data = export(unfinished(tmp_path, torn=True))
    assert validate(data, SCHEMA) == []
    show = data["show"]
    assert show["finished"] is False and show["status"] == "live"
    assert "'Lightning talks (3 x 5 minutes)' was still live" in show["unfinished_reason"]
    assert show["actual_end"] is None
    assert show["as_of"] == "2026-12-03T19:40:00+02:00"
    assert data["journal"]["torn"] is True and len(data["journal"]["problems"]) == 1
    # projected: lightning to 19:51:30, closing 5m, networking 45m -> 20:41:30, planned 21:05:00
    assert show["projected_end"] == "2026-12-03T20:41:30+02:00"
    assert show["end_over_under_s"] == -(23 * 60 + 30)


def test_the_validator_catches_a_wrong_document(data):
    data["segments"][0]["status"] = "finished"
    del data["show"]["finished"]
    data["extra"] = 1
    problems = validate(data, SCHEMA)
    assert len(problems) == 3, problems


def test_show_figures(data):
    show = data["show"]
    assert show["finished"] is True and show["unfinished_reason"] is None
    assert show["planned_start"] == "2026-12-03T18:00:00+02:00"
    assert show["actual_start"] == "2026-12-03T18:02:00+02:00"
    assert show["planned_end"] == "2026-12-03T21:05:00+02:00"
    assert show["actual_end"] == "2026-12-03T20:45:00+02:00"
    assert show["start_late_s"] == 120
    assert show["end_over_under_s"] == -20 * 60
    assert show["total_over_under_s"] == EVENING_TOTAL
    assert show["segments_over"] == ["dana-talk", "networking"]  # surprise is +2:00 exactly: not more


def test_segment_facts(data):
    segments = {s["segment_id"]: s for s in data["segments"]}
    for sid, (_start, duration, over, status) in EVENING.items():
        assert segments[sid]["status"] == status
        assert segments[sid]["actual_duration_s"] == duration
        assert segments[sid]["over_under_s"] == over
    dana = segments["dana-talk"]
    assert (dana["paused_s"], dana["added_s"], dana["late_by_s"]) == (120, 120, 150)
    assert segments["break"]["hard_start"] == "2026-12-03T19:15:00+02:00"
    assert segments["break"]["late_by_s"] == -30
    assert segments["surprise"]["inserted"] is True and segments["surprise"]["planned_start"] is None


def test_every_action_with_its_instant_and_undo(data):
    actions = data["actions"]
    assert len(actions) == EVENING_ACTIONS == data["journal"]["actions"]
    assert [a["n"] for a in actions] == list(range(1, EVENING_ACTIONS + 1))
    assert actions[0]["type"] == "check_item" and actions[0]["at"] == "2026-12-03T17:50:00+02:00"
    undone = [(a["type"], a["at"][11:19]) for a in actions if a["undone"]]
    assert undone == [("go", "19:52:00"), ("undo", "19:52:10")]
    insert = next(a for a in actions if a["type"] == "insert")
    assert insert["speakers"] == "Ori Cohen" and insert["duration"] == 300


def test_checklist_results(data):
    items = {(c["segment_id"], c["index"]): c for c in data["checklists"]}
    desk = items[("doors", 0)]
    assert desk["done"] and desk["done_by"] == "tamar" and desk["done_at"] == "2026-12-03T17:50:00+02:00"
    assert desk["after_start_s"] == -12 * 60  # done before the doors opened
    pizza = items[("doors", 1)]
    assert pizza["done_at"] == "2026-12-03T18:10:00+02:00" and pizza["after_start_s"] == 8 * 60
    recording = items[("dana-talk", 1)]
    assert recording["done"] is False and recording["done_at"] is None and recording["blocking"] is True
    assert items[("dana-talk", 2)]["item"] == "USB-C to HDMI adapter"  # a speaker's need
    assert sum(c["done"] for c in data["checklists"]) == 2


def test_handoffs_messages_notes(data):
    handoffs = {h["segment_id"]: h for h in data["handoffs"]}
    assert handoffs["welcome"]["done"] and handoffs["welcome"]["done_at"] == "2026-12-03T18:35:00+02:00"
    assert handoffs["welcome"]["done_by"] == "avi" and handoffs["welcome"]["by"] == "avi"
    assert handoffs["dana-talk"]["done"] is False
    assert data["messages"] == [
        {
            "at": "2026-12-03T19:10:00+02:00",
            "text": STAGE_MESSAGE,
            "flash": True,
            "blackout": False,
            "cleared_at": "2026-12-03T19:12:00+02:00",
        }
    ]
    assert data["notes"] == [{"at": "2026-12-03T19:05:00+02:00", "text": LIVE_NOTE}]


def test_no_contacts_in_json(data, tmp_path):
    text = json.dumps(data)
    for secret in ("+972 50 000 0000", "tamar@example.org", "dana@example.org", "+972 52 111 2222"):
        assert secret not in text


# --- property: any valid sequence of actions exports consistent, schema-valid facts ------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from export_scenarios import MEETUP, at  # noqa: E402
from runofshow.export.facts import compute_facts  # noqa: E402
from runofshow.journal import Header, Replay  # noqa: E402
from runofshow.plan import load_plan  # noqa: E402
from runofshow.show import (  # noqa: E402
    AddTime,
    CheckItem,
    EndShow,
    Go,
    Insert,
    Message,
    Note,
    Pause,
    Resume,
    Skip,
    Undo,
    fold,
    refusal,
)

_LOADED = load_plan(MEETUP)
_IDS = [s.id for s in _LOADED.plan.segments]
_STEP = st.tuples(
    st.integers(min_value=0, max_value=900),
    st.sampled_from(
        ["go", "go", "go", "pause", "resume", "add", "skip", "insert", "check", "note", "msg", "undo", "end"]
    ),
    st.integers(min_value=0, max_value=7),
)


def _make(kind: str, t, n: int, count: int):
    return {
        "go": lambda: Go(at=t),
        "pause": lambda: Pause(at=t),
        "resume": lambda: Resume(at=t),
        "add": lambda: AddTime(at=t, seconds=(n - 3) * 60 or 30),
        "skip": lambda: Skip(at=t, segment=_IDS[n]),
        "insert": lambda: Insert(
            at=t, segment=f"ins-{count}", title="Inserted", duration=60 * (n + 1), kind="talk"
        ),
        "check": lambda: CheckItem(at=t, segment="doors", index=n % 3, item="x", by="tamar", done=n % 2 == 0),
        "note": lambda: Note(at=t, text=f"note {n}"),
        "msg": lambda: Message(at=t, text=f"m{n}"),
        "undo": lambda: Undo(at=t),
        "end": lambda: EndShow(at=t),
    }[kind]()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_STEP, max_size=40))
def test_any_valid_show_exports_consistent_facts(steps):
    plan = _LOADED.plan
    t = at("17:55:00")
    actions = []
    for seconds, kind, n in steps:
        t = t + dt.timedelta(seconds=seconds)
        action = _make(kind, t, n, len(actions))
        if refusal(fold(plan, actions), action) is None:
            actions.append(action)
    header = Header(
        plan_text=_LOADED.text, plan_sha256=_LOADED.sha256, plan_source="meetup.toml", created=t.isoformat()
    )
    facts = compute_facts(
        Replay(
            path=Path("prop.journal.jsonl"), header=header, plan=plan, actions=actions, last_seq=len(actions)
        )
    )
    data = json.loads(export_text(facts, "json"))
    assert validate(data, SCHEMA) == []
    total = 0
    for s in data["segments"]:
        if s["status"] == "done":
            begin, end = (dt.datetime.fromisoformat(s[k]) for k in ("actual_start", "actual_end"))
            assert (end - begin).total_seconds() == s["actual_duration_s"] >= 0
            assert s["over_under_s"] == s["actual_duration_s"] - s["planned_duration_s"]
            total += s["over_under_s"]
        else:
            assert s["actual_end"] is None and s["over_under_s"] is None
        assert (s["actual_start"] is None) == (s["status"] in ("skipped", "not_started"))
    assert data["show"]["total_over_under_s"] == total
    assert [s["status"] for s in data["segments"]].count("live") == (data["show"]["status"] == "live")
    assert len(data["actions"]) == len(actions)
    for fmt in ("csv", "md", "toml"):
        assert export_text(facts, fmt)
    load_plan_text_ok(export_text(facts, "toml"))


def load_plan_text_ok(text: str) -> None:
    from runofshow.plan import load_plan_text

    load_plan_text(text)
