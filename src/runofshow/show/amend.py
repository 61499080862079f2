"""Plan edits mid-show (issue 20): what a changed plan file would change, and how it applies.

The ``amend`` action (show/actions.py) carries the plan file's full new text; folding it merges
that plan into the show: the segments that started, their ticks and the event stay as they were;
the running order after the last started segment, the pending segments' definitions and the
people follow the new plan. Pure: no clock, no file.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..plan import Plan, PlanError, format_duration, load_plan_text
from .folded import Folded, plan_defs


@lru_cache(maxsize=8)
def amended_plan(text: object) -> Plan | str:
    """The plan an amendment carries, or why it does not load (a replay folds it again)."""
    if not isinstance(text, str):
        return "no plan text"
    try:
        return load_plan_text(text, "amended plan")
    except PlanError as error:
        return error.problems[0].message if error.problems else "the amended plan does not load"


def _same_stage(f: Folded, new: Plan) -> Plan:
    """``new`` cut to the stage the show runs (a journal of one stage of several: ``run --stage``)."""
    stage = f.plan.one_stage
    if stage is not None and len(new.stages) > 1 and stage.id in new.stage_by_id:
        return new.for_stage(stage.id)
    return new


def merged_plan(f: Folded, new: Plan) -> Plan:
    """The plan from an amendment on: the new plan's segments, except those that have started,
    which stay as they were (and stay first, in the order they ran); the event stays as it was
    (its start, its zone fixed in the journal's header)."""
    new = _same_stage(f, new)
    started = [s for s in f.plan.segments if s.id in f.runs]
    started_ids = {s.id for s in started}
    pending = [s for s in new.segments if s.id not in started_ids]
    new_people = {p.id for p in new.people}
    people = (*new.people, *(p for p in f.plan.people if p.id not in new_people))
    return replace(new, event=f.plan.event, people=people, segments=(*started, *pending))


def amendment_changes(f: Folded, new: Plan) -> list[str]:
    """What applying ``new`` would change, one line each, for the console to list before asking;
    empty when nothing concerns a segment not started yet."""
    new = _same_stage(f, new)
    old, lines, skipped_started = f.plan, [], []
    old_by_id, new_by_id = old.segment_by_id, new.segment_by_id
    for segment in new.segments:
        before = old_by_id.get(segment.id)
        if segment.id in f.runs:
            if before is not None and before != segment:
                skipped_started.append(segment.id)
            continue
        if before is None:
            lines.append(
                f"new segment '{segment.id}': “{segment.title}” ({format_duration(segment.duration)})"
            )
            continue
        if before.title != segment.title:
            lines.append(f"'{segment.id}': title “{before.title}” → “{segment.title}”")
        if before.duration != segment.duration:
            lines.append(
                f"'{segment.id}': duration {format_duration(before.duration)} → "
                f"{format_duration(segment.duration)}"
            )
        if before.speakers != segment.speakers or before.owner != segment.owner:
            lines.append(f"'{segment.id}': speakers {', '.join(segment.speakers) or 'none'}")
        if new.checklist_for(segment) != old.checklist_for(before):
            lines.append(f"'{segment.id}': checklist changed ({len(new.checklist_for(segment))} items)")
        if before.handoff != segment.handoff or before.start != segment.start or before.qa != segment.qa:
            lines.append(f"'{segment.id}': handoff, hard start or Q&A changed")
    for segment in old.segments:
        if segment.id not in new_by_id and segment.id not in f.runs and segment.id in f.order:
            lines.append(f"removed: '{segment.id}' “{segment.title}”")
    old_pending = [s for s in f.order if s in new_by_id and s in old_by_id and s not in f.runs]
    new_pending = [s.id for s in new.segments if s.id in old_by_id and s.id not in f.runs]
    if old_pending != new_pending and sorted(old_pending) == sorted(new_pending):
        lines.append("new order: " + ", ".join(new_pending))
    for person in new.people:
        was = old.person_by_id.get(person.id)
        if was is None:
            lines.append(f"person '{person.id}' added ({person.name})")
        elif was != person:
            lines.append(f"person '{person.id}' changed")
    if lines and skipped_started:
        lines.append("not applied, already started: " + ", ".join(f"'{s}'" for s in skipped_started))
    if lines and new.timers != old.timers:
        lines.append("[timers] changed")
    return lines


def apply_amendment(f: Folded, new: Plan) -> None:
    """Fold an amendment to ``new`` into ``f`` (see the module's docstring)."""
    old = f.plan
    merged = merged_plan(f, new)
    _order, defs = plan_defs(merged)
    for seg_id, d in defs.items():
        if seg_id not in f.runs:
            f.defs[seg_id] = d
    # Ticks of a pending segment stay where its item is the same item.
    for seg_id, index in list(f.checks):
        if seg_id in f.runs or seg_id not in old.segment_by_id:
            continue
        before = old.checklist_for(old.segment_by_id[seg_id])
        seg = merged.segment_by_id.get(seg_id)
        after = merged.checklist_for(seg) if seg is not None else ()
        if index >= len(after) or index >= len(before) or after[index].item != before[index].item:
            del f.checks[(seg_id, index)]
    # The running order: up to the last segment that started, as it was; then the new plan's.
    last = max((i for i, s in enumerate(f.order) if s in f.runs), default=-1)
    head, old_tail = f.order[: last + 1], f.order[last + 1 :]
    tail = [s.id for s in merged.segments if s.id not in f.runs and s.id not in head]
    for i, seg_id in enumerate(old_tail):
        if f.defs[seg_id].inserted:
            before_it = old_tail[i - 1] if i else None
            tail.insert(tail.index(before_it) + 1 if before_it in tail else 0, seg_id)
    f.order = head + tail
    f.skipped &= set(f.order)
    f.plan = merged
