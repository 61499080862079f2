"""JSON Schema of the plan file as written in TOML (durations as strings, dates and times as TOML values)."""

from __future__ import annotations

from typing import Any

from .models import Plan

_DURATION = {"type": "string", "pattern": r"^(\d+h)?(\d+m)?(\d+s)?$", "description": 'e.g. "90s", "25m", "1h30m"'}


def plan_json_schema() -> dict[str, Any]:
    schema = Plan.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    for model in defs.values():
        for name, prop in model.get("properties", {}).items():
            if name in {"duration", "qa", "warn", "wrap"}:
                keep = {k: prop[k] for k in ("title", "default") if k in prop}
                prop.clear()
                prop.update({**_DURATION, **keep})
                if "default" in keep and isinstance(keep["default"], int):
                    from .durations import format_duration

                    prop["default"] = format_duration(keep["default"])
    for model in defs.values():
        for name, prop in model.get("properties", {}).items():
            if name == "checklist":
                prop["items"] = {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/ChecklistItem"}]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "runofshow event plan"
    return schema
