"""JSON Schema of the plan file as written in TOML (durations as strings, dates and times as TOML values).

Pydantic's schema describes the validated model; this adjusts it to the file a person writes:
durations are strings like "25m", `kind` may be left out, checklist entries may be plain
strings, ids are slugs, and optional keys are simply absent (TOML has no null).

Times are TOML *local* times: JSON Schema's ``"format": "time"`` requires an offset, so Taplo
(Even Better TOML) reports ``"18:00:00" is not a "time"`` and tombi ``expected String, found
LocalTime``. Both take ``"format": "partial-time"`` (RFC 3339's time without offset) as a TOML
local time, and ``"format": "date"`` as a local date; tests/test_plan_schema_editors.py runs both.
"""

from __future__ import annotations

from typing import Any

from .durations import format_duration
from .load import validator
from .models import MAX_PRESETS, Plan

_DURATION = {
    "type": "string",
    "pattern": r"^(\d+h)?(\d+m)?(\d+s)?$",
    "description": 'e.g. "90s", "25m", "1h30m"',
}
_SLUG = {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"}
_PERSON_REFS = {"owner", "by"}
_DESCRIPTIONS = {
    ("Event", "date"): "TOML local date, no quotes: date = 2026-12-03",
    ("Event", "start"): "TOML local time, no quotes: start = 18:00:00. The first segment begins then.",
    (
        "Event",
        "curfew",
    ): "optional, a TOML local time: curfew = 22:00:00. The console says when the show runs past it",
    ("Event", "timezone"): 'IANA name such as "Europe/Berlin"; default: the machine\'s zone',
    ("Segment", "start"): "hard start, a TOML local time: start = 19:15:00, or a local date-time on a later "
    "day: start = 2026-12-04T09:00:00",
    ("Segment", "stage"): "the [[stages]] id; required when the plan has two or more stages",
    ("Stage", "start"): "TOML local time: this stage's first start (default: [event] start)",
    ("Segment", "kind"): "default: talk if the segment has speakers, else other",
    ("Segment", "qa"): 'e.g. "5m": the last part of the slot that is Q&A',
    ("Segment", "notes"): "organizer-only",
    ("Segment", "handoff"): "what happens in the transition INTO this segment",
    ("Person", "phone"): "private: never shown on stage",
    ("Person", "email"): "private: never shown on stage",
    ("Person", "needs"): "become checklist items of each segment this person speaks in",
    (
        "Person",
        "arrive",
    ): "when they are expected, a TOML local time; default: [timers] call before they are on",
    (
        "Timers",
        "call",
    ): 'e.g. "30m": how long before their first appearance a person without arrive is expected',
    (
        "Timers",
        "overtime",
    ): 'past zero, the speaker\'s stage view: "count" (+01:23 counting up) or "hold" (0:00 and TIME UP)',
    (
        "Timers",
        "go_guard",
    ): 'e.g. "1s" (the default): a second GO this soon after the previous press is ignored',
    ("StageSettings", "messages"): "up to 9 ready-made stage messages: in the console's message dialog, "
    "the digits 1-9 send them",
    ("Task", "at"): "a time of day, a TOML local time: at = 18:15:00 (give one of at, before, after)",
    ("Task", "before"): "a segment id: due `offset` before that segment's projected start",
    ("Task", "after"): "a segment id: due `offset` after that segment's projected end",
    ("Task", "offset"): 'e.g. "10m", with before or after (default "0m")',
    ("Task", "notes"): "organizer-only (private)",
}


def plan_json_schema() -> dict[str, Any]:
    schema = validator(Plan).json_schema(mode="validation")
    for model_name, model in schema.get("$defs", {}).items():
        properties = model.get("properties", {})
        for name, prop in properties.items():
            _drop_null(prop)
            for option in prop.get("anyOf", ()):  # a hard start: a local time or a local date-time
                if option.get("format") in ("time", "date-time"):
                    option["format"] = "partial-time" if option["format"] == "time" else "partial-date-time"
            if prop.get("format") == "time":
                prop["format"] = "partial-time"  # a local time: see the module docstring
            if name in {"duration", "qa", "warn", "wrap", "offset", "call", "go_guard"}:
                keep = {k: prop[k] for k in ("title", "default") if k in prop}
                if isinstance(keep.get("default"), int):
                    keep["default"] = format_duration(keep["default"])
                prop.clear()
                prop.update({**_DURATION, **keep})
            elif (
                name == "id" or name in _PERSON_REFS or (model_name == "Task" and name in ("before", "after"))
            ):
                prop.update(_SLUG)
            elif name == "speakers":
                prop["items"] = dict(_SLUG)
            elif model_name == "StageSettings" and name == "messages":
                prop["maxItems"] = MAX_PRESETS
            elif name == "checklist":
                prop["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/ChecklistItem"}]}
            if (model_name, name) in _DESCRIPTIONS:
                prop["description"] = _DESCRIPTIONS[model_name, name]
        if model_name == "Segment" and "kind" in model.get("required", []):
            model["required"].remove("kind")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "runofshow event plan"
    return schema


def _drop_null(prop: dict[str, Any]) -> None:
    """``anyOf: [X, null]`` -> X, and no ``default: null``: in TOML an optional key is just left out."""
    options = prop.get("anyOf")
    if isinstance(options, list):
        rest = [option for option in options if option != {"type": "null"}]
        if len(rest) == 1 and len(rest) < len(options):
            del prop["anyOf"]
            prop.update(rest[0])
        elif len(rest) < len(options):
            prop["anyOf"] = rest
    if "default" in prop and prop["default"] is None:
        del prop["default"]
