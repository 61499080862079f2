"""Plan -> TOML text (tomli-w), the inverse of plan.load."""

from __future__ import annotations

from typing import Any

import tomli_w

from .durations import format_duration
from .models import Plan, Segment, Timers

_DURATION_FIELDS = {"duration", "qa", "warn", "wrap"}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {"event": _clean(plan.event.model_dump())}
    if plan.timers != Timers():
        data["timers"] = {k: format_duration(v) for k, v in plan.timers.model_dump().items()}
    if plan.people:
        data["people"] = [_clean(person.model_dump()) for person in plan.people]
    data["segments"] = [segment_to_dict(segment) for segment in plan.segments]
    return data


def segment_to_dict(segment: Segment) -> dict[str, Any]:
    raw = _clean(segment.model_dump())
    for key in _DURATION_FIELDS & raw.keys():
        raw[key] = format_duration(raw[key])
    if segment.qa == 0:
        raw.pop("qa", None)
    if "checklist" in raw:
        raw["checklist"] = [
            entry["item"] if set(entry) == {"item"} else entry for entry in (_clean(e) for e in raw["checklist"])
        ]
    return raw


def dumps_plan(plan: Plan) -> str:
    return tomli_w.dumps(plan_to_dict(plan))


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop unset optional keys, empty lists and false flags: what a person would not write."""
    return {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in data.items()
        if v is not None and v != () and v != [] and not (k == "blocking" and v is False)
    }
