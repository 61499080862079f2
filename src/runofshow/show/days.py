"""Stages and days as a view of one stage's show sees them: which day is on, how far behind it is.

Pure: a plan (one stage's, see ``Plan.for_stage``) and a ShowState in, words and numbers out.
"""

from __future__ import annotations

from ..base.instants import seconds_between
from ..plan.models import Plan
from .state import ShowState


def current_day(plan: Plan, state: ShowState) -> int:
    """The day of the live segment, else of the next one, else of the last (1 for a one-day plan)."""
    if plan.days == 1 or not state.rows:
        return 1
    index = state.live_index if state.live_index is not None else state.next_index
    if index is None:
        index = len(state.rows) - 1
    for row in reversed(state.rows[: index + 1]):  # an inserted segment: the day of what precedes it
        if row.id in plan.day_of:
            return plan.day_of[row.id]
    return 1


def stage_and_day(plan: Plan, state: ShowState | None = None) -> str:
    """ "Main hall · Day 2 of 2", "Main hall", "Day 1 of 2" or "" (one stage, one day)."""
    parts = []
    if plan.one_stage is not None:
        parts.append(plan.one_stage.name)
    if plan.days > 1:
        day = current_day(plan, state) if state is not None else 1
        parts.append(f"Day {day} of {plan.days}")
    return " · ".join(parts)


def day_behind(plan: Plan, state: ShowState) -> int:
    """Seconds the current day is behind its plan (negative: ahead): its last segment's projected
    end against its planned end. The whole show's figure for a one-day plan."""
    if plan.days == 1:
        return state.behind
    day, day_of = current_day(plan, state), plan.day_of
    last = next(
        (row for row in reversed(state.rows) if day_of.get(row.id) == day and row.status != "skipped"), None
    )
    if last is None or last.planned_start is None:
        return state.behind
    return round(seconds_between(plan.slot_by_id[last.id].end, last.end))
