"""Journals for the export tests, built through the engine (LiveShow + JournalWriter) with a FakeClock.

``evening(tmp_path)`` plays the meetup sample (Asia/Jerusalem, +02:00 in December) with known
figures; the expected numbers are spelled out next to each step. ``unfinished(tmp_path)`` stops
while a segment is live, and ``torn=True`` cuts its last line as a crash mid-write would.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from runofshow.live import open_show
from runofshow.show import (
    AddTime,
    CheckItem,
    ClearMessage,
    EndShow,
    FakeClock,
    Go,
    HandoffDone,
    Insert,
    Message,
    Note,
    Pause,
    Resume,
    Skip,
    Undo,
)

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
UTC = dt.UTC
LOCAL = dt.timezone(dt.timedelta(hours=2))  # Asia/Jerusalem in December

LIVE_NOTE = "Dana's mic crackled, ask Avi for the spare"
STAGE_MESSAGE = "Wrap up, please"

# Expected figures of evening(): (actual start local, actual duration s, over/under s, status)
EVENING = {
    "doors": ("18:02:00", 1860, 60, "done"),
    "welcome": ("18:33:00", 270, -30, "done"),
    "dana-talk": ("18:37:30", 2220, 420, "done"),
    "break": ("19:14:30", 600, -300, "done"),
    "surprise": ("19:24:30", 420, 120, "done"),
    "yossi-talk": (None, None, None, "skipped"),
    "lightning": ("19:31:30", 1200, 0, "done"),
    "closing": ("19:51:30", 360, 60, "done"),
    "networking": ("19:57:30", 2850, 150, "done"),
}
EVENING_ORDER = [
    "doors",
    "welcome",
    "dana-talk",
    "break",
    "surprise",
    "yossi-talk",
    "lightning",
    "closing",
    "networking",
]
EVENING_TOTAL = 480  # sum of the over/under above
EVENING_END = "20:45:00"  # planned 21:05:00: 20 minutes early
EVENING_ACTIONS = 24


def at(hhmmss: str) -> dt.datetime:
    """An instant on the meetup's day, given in local (Jerusalem) time."""
    h, m, s = (int(x) for x in hhmmss.split(":"))
    return dt.datetime(2026, 12, 3, h, m, s, tzinfo=LOCAL)


class Player:
    def __init__(self, tmp_path: Path, plan: Path = MEETUP, start: str = "17:45:00") -> None:
        self.plan_path = tmp_path / plan.name
        shutil.copy(plan, self.plan_path)
        self.clock = FakeClock(at(start).astimezone(UTC))
        self.show = open_show(self.plan_path, self.clock).show
        self.journal = self.show.journal_path

    def at(self, hhmmss: str, *actions_factories) -> None:
        """Move the clock to local ``hhmmss`` and do each action (factories take the instant)."""
        target = at(hhmmss).astimezone(UTC)
        self.clock.advance((target - self.clock.now()).total_seconds())
        for make in actions_factories:
            self.show.do(make(self.clock.now()))

    def close(self) -> Path:
        self.show.close()
        return self.journal


def _first_half(p: Player) -> None:
    p.at(
        "17:50:00",
        lambda t: CheckItem(at=t, segment="doors", index=0, item="Registration desk staffed", by="tamar"),
    )
    p.at("18:02:00", lambda t: Go(at=t))  # doors starts 2:00 late
    p.at("18:10:00", lambda t: CheckItem(at=t, segment="doors", index=1, item="Pizza delivered", by="tamar"))
    p.at("18:33:00", lambda t: Go(at=t))  # doors 31:00 (+1:00)
    p.at("18:35:00", lambda t: HandoffDone(at=t, segment="welcome", by="avi"))
    p.at("18:37:30", lambda t: Go(at=t))  # welcome 4:30 (-0:30)
    p.at(
        "18:38:00",
        lambda t: CheckItem(at=t, segment="dana-talk", index=1, item="Recording started", by="avi"),
    )
    p.at(
        "18:39:00",
        lambda t: CheckItem(
            at=t, segment="dana-talk", index=1, item="Recording started", by="avi", done=False
        ),
    )  # unchecked: never done
    p.at("18:40:00", lambda t: Pause(at=t))
    p.at("18:42:00", lambda t: Resume(at=t))  # 2:00 paused
    p.at("19:00:00", lambda t: AddTime(at=t, seconds=120))
    p.at("19:05:00", lambda t: Note(at=t, text=LIVE_NOTE))
    p.at("19:10:00", lambda t: Message(at=t, text=STAGE_MESSAGE, flash=True))
    p.at("19:12:00", lambda t: ClearMessage(at=t))
    p.at("19:14:30", lambda t: Go(at=t))  # dana 37:00 (+7:00)
    p.at(
        "19:20:00",
        lambda t: Insert(
            at=t,
            segment="surprise",
            title="Surprise, a lightning talk",
            duration=300,
            kind="talk",
            speakers="Ori Cohen",
        ),
    )  # placed before yossi-talk
    p.at("19:24:30", lambda t: Go(at=t))  # break 10:00 (-5:00)
    p.at("19:25:00", lambda t: Skip(at=t, segment="yossi-talk"))
    p.at("19:31:30", lambda t: Go(at=t))  # surprise 7:00 (+2:00)


def evening(tmp_path: Path) -> Path:
    p = Player(tmp_path)
    _first_half(p)
    p.at("19:51:30", lambda t: Go(at=t))  # lightning 20:00 (0)
    p.at("19:52:00", lambda t: Go(at=t))  # a slip of the finger...
    p.at("19:52:10", lambda t: Undo(at=t))  # ...undone: closing goes on
    p.at("19:57:30", lambda t: Go(at=t))  # closing 6:00 (+1:00)
    p.at("20:45:00", lambda t: EndShow(at=t))  # networking 47:30 (+2:30)
    return p.close()


def unfinished(tmp_path: Path, torn: bool = False) -> Path:
    """Stops with 'lightning' live since 19:31:30; the last action is at 19:40:00."""
    p = Player(tmp_path)
    _first_half(p)
    p.at("19:40:00", lambda t: Note(at=t, text="projector flickers"))
    path = p.close()
    if torn:
        with open(path, "ab") as handle:
            handle.write(b'{"type":"go","at":"2026-12-03T19:4')  # a crash mid-write
    return path


def validate(instance, schema: dict, root: dict | None = None, where: str = "$") -> list[str]:
    """A small JSON Schema (2020-12) validator: the keywords docs/export.schema.json uses, nothing more.

    Returns the problems found (empty when valid); an unknown keyword is itself a problem, so the
    schema cannot quietly use something this does not check.
    """
    root = root if root is not None else schema
    known = {
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "title",
        "description",
        "type",
        "const",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minimum",
        "pattern",
        "format",
    }
    problems = [f"{where}: schema keyword {k!r} not supported" for k in schema if k not in known]
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/"), ref
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        problems += validate(instance, target, root, where)
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        checks = {
            "null": lambda v: v is None,
            "boolean": lambda v: isinstance(v, bool),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "string": lambda v: isinstance(v, str),
            "array": lambda v: isinstance(v, list),
            "object": lambda v: isinstance(v, dict),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        }
        if not any(checks[n](instance) for n in names):
            return problems + [f"{where}: {instance!r} is not of type {types}"]
    if "const" in schema and instance != schema["const"]:
        problems.append(f"{where}: {instance!r} != {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        problems.append(f"{where}: {instance!r} not in {schema['enum']}")
    if (
        isinstance(instance, (int, float))
        and not isinstance(instance, bool)
        and "minimum" in schema
        and instance < schema["minimum"]
    ):
        problems.append(f"{where}: {instance} < {schema['minimum']}")
    if isinstance(instance, str):
        import re

        if "pattern" in schema and not re.search(schema["pattern"], instance):
            problems.append(f"{where}: {instance!r} does not match {schema['pattern']}")
        fmt = schema.get("format")
        if fmt == "date-time":
            try:
                parsed = dt.datetime.fromisoformat(instance)
                if parsed.tzinfo is None:
                    problems.append(f"{where}: {instance!r} has no offset")
            except ValueError:
                problems.append(f"{where}: {instance!r} is not a date-time")
        elif fmt == "date":
            try:
                dt.date.fromisoformat(instance)
            except ValueError:
                problems.append(f"{where}: {instance!r} is not a date")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                problems.append(f"{where}: missing {key!r}")
        for key, value in instance.items():
            if key in props:
                problems += validate(value, props[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected {key!r}")
    if isinstance(instance, list) and "items" in schema:
        for i, value in enumerate(instance):
            problems += validate(value, schema["items"], root, f"{where}[{i}]")
    return problems
