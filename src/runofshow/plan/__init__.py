"""The event plan: models, loading with located errors, writing."""

from .durations import format_clock, format_duration, parse_duration
from .load import (
    LoadedPlan,
    PlanError,
    Problem,
    load_plan,
    load_plan_text,
    read_plan_text,
    sha256_text,
    validated_plan,
)
from .models import ChecklistItem, Event, Handoff, Person, Plan, PlannedSlot, Segment, Stage, Timers
from .write import dumps_plan, plan_to_dict

__all__ = [
    "ChecklistItem",
    "Event",
    "Handoff",
    "LoadedPlan",
    "Person",
    "Plan",
    "PlanError",
    "PlannedSlot",
    "Problem",
    "Segment",
    "Stage",
    "Timers",
    "dumps_plan",
    "format_clock",
    "format_duration",
    "load_plan",
    "load_plan_text",
    "read_plan_text",
    "parse_duration",
    "plan_to_dict",
    "sha256_text",
    "validated_plan",
]
