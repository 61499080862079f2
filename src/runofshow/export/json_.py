"""json: the per-segment facts of the csv plus every action with its instant, checklist results,
handoffs, stage messages, live notes, and the show's start, end and over/under.

Described by docs/export.schema.json (``format: "runofshow-export"``, ``version: 1``). It is the
organizer's full record of the show: it carries the live notes (every action is in it), tasks
(without their private notes) and people's arrivals, but not people's phones or e-mails (they
are not facts of the show). ``--private`` changes nothing here.
Instants are ISO 8601 in the event's timezone: facts rounded to the second, actions as recorded.
"""

from __future__ import annotations

import datetime as dt
import json

from ..show import Action
from .facts import OVER_THRESHOLD, ShowFacts, iso

FORMAT, VERSION = "runofshow-export", 1


def build(facts: ShowFacts) -> dict:
    event = facts.plan.event
    return {
        "format": FORMAT,
        "version": VERSION,
        "event": {
            "title": event.title,
            "date": event.date.isoformat(),
            "timezone": event.timezone,
            "venue": event.venue,
        },
        "journal": {
            "path": str(facts.path),
            "created": facts.replay.header.created,
            "plan_sha256": facts.replay.header.plan_sha256,
            "actions": len(facts.actions),
            "torn": facts.torn,
            "problems": list(facts.replay.problems),
        },
        "show": {
            "status": facts.status,
            "finished": facts.finished,
            "unfinished_reason": facts.unfinished_words(),
            "as_of": iso(facts.as_of),
            "planned_start": iso(facts.planned_start),
            "planned_end": iso(facts.planned_end),
            "actual_start": iso(facts.actual_start),
            "actual_end": iso(facts.actual_end),
            "projected_end": iso(facts.projected_end),
            "start_late_s": facts.start_late,
            "end_over_under_s": facts.end_over_under,
            "total_over_under_s": facts.total_over_under,
            "over_threshold_s": OVER_THRESHOLD,
            "segments_over": [s.id for s in facts.over_threshold],
            "rehearsal_offset_s": facts.state.rehearsal_offset,
            "schedule": facts.schedule_words(),
            "head_count": facts.state.head_count,
            "head_count_max": facts.state.head_count_max,
        },
        "segments": [
            {
                "segment_id": s.id,
                "title": s.title,
                "kind": s.kind,
                "speakers": list(s.speakers),
                "planned_start": iso(s.planned_start),
                "planned_end": iso(s.planned_end),
                "planned_duration_s": s.planned_duration,
                "hard_start": iso(s.hard_start),
                "actual_start": iso(s.actual_start),
                "actual_end": iso(s.actual_end),
                "actual_duration_s": s.actual_duration,
                "over_under_s": s.over_under,
                "late_by_s": s.late_by,
                "added_s": s.added,
                "paused_s": s.paused,
                "status": s.status,
                "inserted": s.inserted,
            }
            for s in facts.segments
        ],
        "checklists": [
            {
                "segment_id": c.segment_id,
                "index": c.index,
                "item": c.item,
                "by": c.by,
                "blocking": c.blocking,
                "done": c.done,
                "done_by": c.done_by,
                "done_at": iso(c.done_at),
                "after_start_s": c.after_start,
            }
            for c in facts.checklists
        ],
        "handoffs": [
            {
                "segment_id": h.segment_id,
                "cue": h.cue,
                "by": h.by,
                "done": h.done,
                "done_at": iso(h.done_at),
                "done_by": h.done_by,
            }
            for h in facts.handoffs
        ],
        "messages": [
            {
                "at": iso(m.at),
                "text": m.text,
                "flash": m.flash,
                "blackout": m.blackout,
                "cleared_at": iso(m.cleared_at),
            }
            for m in facts.messages
        ],
        "notes": [{"at": iso(at), "text": text} for at, text in facts.notes],
        "tasks": [
            {
                "id": t.id,
                "title": t.title,
                "owner": t.owner,
                "due_planned": iso(t.due_planned),
                "done_at": iso(t.done_at),
                "done_by": t.done_by,
                "late_s": t.late,
                "status": t.status,
            }
            for t in facts.tasks
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "expected": iso(p.expected),
                "arrived_at": iso(p.arrived_at),
                "left_at": iso(p.left_at),
            }
            for p in facts.people
        ],
        "actions": actions(facts),
    }


def actions(facts: ShowFacts) -> list[dict]:
    tz, undone = facts.tz, facts.undone
    out: list[dict] = []
    append = out.append
    for n, action in enumerate(facts.actions):
        append(action_record(action, tz, n, n in undone))
    return out


def action_record(action: Action, tz: dt.tzinfo, n: int, undone: bool) -> dict:
    record = {"n": n + 1, "type": action.type, "at": action.at.astimezone(tz).isoformat()}
    for name in action.record_fields():
        value = getattr(action, name)
        record[name] = value.astimezone(tz).isoformat() if isinstance(value, dt.datetime) else value
    record["undone"] = undone
    return record


_RECORD_LISTS = ("segments", "checklists", "handoffs", "messages", "notes", "tasks", "people", "actions")


def _compact_encoder():
    """``json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`` for one record, made once.

    ``JSONEncoder.encode`` sets up a new C encoder on every call, which dominates for 100,000
    small records; this builds it once (falling back to the public API without the C module).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    encoder = json.JSONEncoder(ensure_ascii=False)
    c_encode = make(
        None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda value: "".join(c_encode(value, 0))


def render(facts: ShowFacts, private: bool = False) -> str:
    """Indented JSON, with one record per line in the long lists (readable, diffable, and fast:
    the standard library's C encoder only runs without ``indent``)."""
    doc = build(facts)
    compact = _compact_encoder()
    parts = []
    for key, value in doc.items():
        name = json.dumps(key)
        if key in _RECORD_LISTS:
            if value:
                items = ",\n    ".join(map(compact, value))
                parts.append(f"  {name}: [\n    {items}\n  ]")
            else:
                parts.append(f"  {name}: []")
        else:
            parts.append(
                f"  {name}: " + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            )
    return "{\n" + ",\n".join(parts) + "\n}\n"
