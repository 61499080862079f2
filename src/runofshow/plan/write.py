"""Plan -> TOML text (tomli-w), the inverse of plan.load."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

import tomli_w

from .durations import format_duration
from .models import Plan, Segment, Task, Timers

_DURATION_FIELDS = {"duration", "qa", "warn", "wrap"}
# A local date-time as plans write it (start = 2026-12-04T09:00:00); tomli-w puts a space for the T.
_DATED = re.compile(r"^(\w+ = \d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$", re.MULTILINE)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {"event": _clean(asdict(plan.event))}
    if plan.timers != Timers():
        data["timers"] = {
            k: v if isinstance(v, str) else format_duration(v) for k, v in asdict(plan.timers).items()
        }
    if plan.stage.messages:
        data["stage"] = {"messages": list(plan.stage.messages)}
    if plan.people:
        data["people"] = [_clean(asdict(person)) for person in plan.people]
    if plan.stages:
        data["stages"] = [_clean(asdict(stage)) for stage in plan.stages]
    data["segments"] = [segment_to_dict(segment) for segment in plan.segments]
    if plan.tasks:
        data["tasks"] = [task_to_dict(task) for task in plan.tasks]
    return data


def task_to_dict(task: Task) -> dict[str, Any]:
    raw = _clean(asdict(task))
    if task.offset:
        raw["offset"] = format_duration(task.offset)
    else:
        raw.pop("offset", None)
    return raw


def segment_to_dict(segment: Segment) -> dict[str, Any]:
    raw = _clean(asdict(segment))
    for key in _DURATION_FIELDS & raw.keys():
        raw[key] = format_duration(raw[key])
    if segment.qa == 0:
        raw.pop("qa", None)
    if "checklist" in raw:
        raw["checklist"] = [
            entry["item"] if set(entry) == {"item"} else entry
            for entry in (_clean(e) for e in raw["checklist"])
        ]
    return raw


def dumps_plan(plan: Plan) -> str:
    """The plan as TOML a person would write: [event], [timers], then one [[people]], one
    [[segments]] and one [[tasks]] table per entry (tomli-w alone would inline short arrays of tables)."""
    data = plan_to_dict(plan)
    chunks = [tomli_w.dumps({key: data[key]}) for key in ("event", "timers", "stage") if key in data]
    for key in ("people", "stages", "segments", "tasks"):
        chunks += [_array_table(key, entry) for entry in data.get(key, [])]
    return "\n".join(chunks)


def _array_table(key: str, entry: dict[str, Any]) -> str:
    """One ``[[key]]`` table: its sub-tables (``[key.handoff]``) then refer to this element."""
    text = _DATED.sub(r"\1T\2", tomli_w.dumps({key: entry}))
    header = f"[{key}]\n"
    if not text.startswith(header):  # an entry of tables only: not a plan we write
        return tomli_w.dumps({key: [entry]})
    return f"[[{key}]]\n" + text[len(header) :]


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop unset optional keys, empty lists and false flags: what a person would not write.

    Nested tables (a segment's handoff) are cleaned too: TOML has no null for tomli-w to write.
    """
    return {
        k: _clean(v) if isinstance(v, dict) else (list(v) if isinstance(v, tuple) else v)
        for k, v in data.items()
        if v is not None and v != () and v != [] and not (k == "blocking" and v is False)
    }
