"""csv: one row per segment in running order, planned vs actual.

Header (exactly): ``segment_id,title,kind,speakers,planned_start,planned_duration_s,actual_start,
actual_end,actual_duration_s,over_under_s,status``. Instants are ISO 8601 with the offset of
the event's timezone; ``speakers`` are names joined by ``;``; an inserted segment has an empty
``planned_start``; cells that do not apply are empty (see facts.py). CRLF line endings (RFC 4180).
"""

from __future__ import annotations

import csv
import io

from .facts import ShowFacts, iso

HEADER = (
    "segment_id",
    "title",
    "kind",
    "speakers",
    "planned_start",
    "planned_duration_s",
    "actual_start",
    "actual_end",
    "actual_duration_s",
    "over_under_s",
    "status",
)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def render(facts: ShowFacts, private: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for s in facts.segments:
        writer.writerow(
            (
                s.id,
                s.title,
                s.kind,
                ";".join(s.speakers),
                _cell(iso(s.planned_start)),
                s.planned_duration,
                _cell(iso(s.actual_start)),
                _cell(iso(s.actual_end)),
                _cell(s.actual_duration),
                _cell(s.over_under),
                s.status,
            )
        )
    return out.getvalue()
