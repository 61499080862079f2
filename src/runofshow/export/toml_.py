"""toml: a new plan whose durations are what really happened, the starting point of the next event.

Written with tomli-w (``runofshow.plan.write``) and checked with the plan loader before it is
returned, so it passes ``runofshow check``. Segments are in the running order as it was:

- a segment that ran gets its actual duration (GO to next GO, pauses included, to the second;
  at least 1s, at most 24h); a ``qa`` that no longer fits inside it is dropped;
- skipped segments are left out; inserted ones are included, their free-text speaker becomes
  a person (role "ad-hoc speaker"), their id made a valid, unique one if needed;
- a segment still live or never started (an unfinished show, or one ended early) keeps its
  planned duration;
- a hard start (``start = ...``) that the new durations would overlap is dropped (said in the
  comment at the top), others are kept; the event keeps its date, start, timezone and venue.

Everything else (people with their contacts, notes, checklists, handoffs, timers) is copied:
this is the organizer's plan, not a public document.

A rehearsal's journal (the plan shifted to another day) is not a plan for next time: its talks
ran 55 seconds because nobody spoke. Its export keeps the plan as planned (durations, order, no
segment dropped or added) and says at the top that it comes from a rehearsal, with what each
segment took in the rehearsal as comments (issue 20: keep the planned durations, not refuse).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..base.instants import add_seconds, seconds_between
from ..base.slugs import is_id, slugify
from ..plan import PlanError, dumps_plan, format_duration, load_plan_text
from ..plan.models import KINDS, MAX_DURATION, Person, Segment, hard_start_after
from .facts import ExportError, ShowFacts


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def render(facts: ShowFacts, private: bool = False) -> str:
    if facts.state.rehearsal_offset:
        return _rehearsal(facts)
    plan = facts.plan
    people = list(plan.people)
    person_ids = {p.id for p in people}
    segment_ids = {s.id for s in plan.segments}
    segments: list[Segment] = []
    remarks: list[str] = []
    for fact in facts.segments:
        if fact.status == "skipped":
            continue
        duration = fact.planned_duration
        if fact.status == "done":
            duration = min(MAX_DURATION, max(1, fact.actual_duration or 0))
        if fact.inserted:
            speakers: tuple[str, ...] = ()
            if fact.speakers and fact.speakers[0].strip():
                name = fact.speakers[0].strip()
                existing = next((p.id for p in people if p.name == name), None)
                if existing is None:
                    existing = _unique(slugify(name, "speaker", max_length=None), person_ids)
                    people.append(Person(id=existing, name=name, role="ad-hoc speaker"))
                    remarks.append(f"person '{existing}' added for the ad-hoc speaker of '{fact.title}'")
                speakers = (existing,)
            seg_id = fact.id
            if is_id(seg_id) and seg_id not in segment_ids:
                segment_ids.add(seg_id)
            else:
                seg_id = _unique(
                    seg_id if is_id(seg_id) else slugify(seg_id, "inserted", max_length=None), segment_ids
                )
            segment = Segment(
                id=seg_id,
                title=fact.title,
                kind=fact.kind if fact.kind in KINDS else "other",  # type: ignore[arg-type]  # checked
                duration=duration,
                speakers=speakers,
            )
        else:
            original = plan.segment_by_id[fact.id]
            update: dict = {"duration": duration}
            if original.qa and original.qa >= duration:
                update["qa"] = 0
                remarks.append(
                    f"'{fact.id}': qa dropped ({format_duration(original.qa)} no longer fits in "
                    f"{format_duration(duration)})"
                )
            segment = replace(original, **update)
        segments.append(segment)

    segments = _drop_overlapping_hard_starts(plan, segments, remarks)
    new_plan = replace(plan, people=tuple(people), segments=tuple(segments))
    body = dumps_plan(new_plan)
    try:
        load_plan_text(body, "exported plan")
    except PlanError as error:  # a bug, not a user error: say so plainly
        raise ExportError(
            f"the exported plan does not pass check (please report this):\n{error.render()}"
        ) from None
    return _comment(facts, remarks) + body


def _drop_overlapping_hard_starts(plan, segments: list[Segment], remarks: list[str]) -> list[Segment]:
    """Drop each hard start the new durations overlap, walking the schedule as plan.models.chain does."""
    cursor = dt.datetime.combine(plan.event.date, plan.event.start, tzinfo=plan.tz)
    cursor = cursor.astimezone(dt.UTC).astimezone(plan.tz)
    out = []
    for segment in segments:
        start = cursor
        if segment.start is not None:
            hard = hard_start_after(cursor, segment.start)
            if seconds_between(cursor, hard) < 0:
                remarks.append(
                    f"'{segment.id}': hard start {segment.start} dropped (what runs before it now "
                    f"ends at {cursor:%H:%M:%S})"
                )
                segment = replace(segment, start=None)
            else:
                start = hard
        out.append(segment)
        cursor = add_seconds(start, segment.duration)
    return out


def _comment(facts: ShowFacts, remarks: list[str]) -> str:
    lines = [
        f"# Plan written by `runofshow export` from {facts.path.name}: durations as they really ran",
        f"# on {facts.plan.event.date.isoformat()}; skipped segments left out, inserted ones kept.",
    ]
    if not facts.finished:
        lines.append(
            f"# Note: {facts.unfinished_words()}; segments that did not finish keep their planned duration."
        )
    lines += [f"# - {remark}" for remark in remarks]
    return "\n".join(lines) + "\n\n"


def _rehearsal(facts: ShowFacts) -> str:
    """The plan itself, under a comment that says it is the export of a rehearsal."""
    plan = facts.plan
    body = dumps_plan(plan)
    ran_on = (facts.actual_start or facts.planned_start).astimezone(facts.tz)
    lines = [
        f"# Plan written by `runofshow export` from {facts.path.name}, a REHEARSAL"
        f" (run on {ran_on:%a %d %b %Y}; the plan is for {plan.event.date:%a %d %b %Y}).",
        "# A rehearsal's timings are not a plan for next time: every duration here is the PLANNED one,",
        "# nothing skipped or inserted in the rehearsal is applied. What the rehearsal took:",
    ]
    for fact in facts.segments:
        if fact.status == "done" and fact.actual_duration is not None:
            took = format_duration(max(1, fact.actual_duration))
            what = f"ran {took} (planned {format_duration(fact.planned_duration)})"
        else:
            what = fact.status.replace("_", " ")
        lines.append(f"# - '{fact.id}'{' (inserted)' if fact.inserted else ''}: {what}")
    return "\n".join(lines) + "\n\n" + body
