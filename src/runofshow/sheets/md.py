"""The sheets as Markdown: the same content as the html, for a wiki, a chat or a plain printer."""

from __future__ import annotations

from collections.abc import Sequence

from . import words
from .model import CallSheet, RunSheet, SegmentEntry


def render_md(sheets: Sequence[RunSheet | CallSheet]) -> str:
    parts = [_run_sheet(s) if isinstance(s, RunSheet) else _call_sheet(s) for s in sheets]
    return "\n\n---\n\n".join(parts).rstrip() + "\n"


def _cell(text: str | None) -> str:
    """A table cell: pipes escaped, line breaks folded."""
    return " ".join((text or "").replace("\\", "\\\\").replace("|", "\\|").split())


def _inline(text: str | None) -> str:
    return " ".join((text or "").split())


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def _top(sheet: RunSheet | CallSheet, h1: str, extra: str = "") -> list[str]:
    lines = [f"# {_inline(h1)}", ""]
    if extra:
        lines += [_inline(extra), ""]
    lines += [_inline(words.meta_line(sheet.heading)), ""]
    as_of = words.as_of_line(sheet.heading)
    if as_of:
        lines += [f"**{_inline(as_of)}**", ""]
    return lines


def _run_sheet(sheet: RunSheet) -> str:
    lines = _top(sheet, f"Run sheet · {sheet.heading.event}")
    day = sheet.heading.date
    for seg in sheet.segments:
        lines += _segment(seg, day)
    if sheet.tasks:  # TASKS (issue 13)
        lines += ["## Tasks", ""]
        lines += _table(
            ["Time", "Task", "By", "Segment"],
            [
                [
                    words.hm(t.at, day),
                    t.what + (f" ({t.notes})" if t.notes else ""),
                    words.name(t.by),
                    t.segment_title or words.NOBODY,
                ]
                for t in sheet.tasks
            ],
        )
        lines.append("")
    if sheet.people:
        lines += ["## People", ""]
        head = ["Name", "Role"] + (["Phone"] if sheet.private else [])
        rows = [
            [p.name, p.role or words.NOBODY] + ([words.phone(p)] if sheet.private else [])
            for p in sheet.people
        ]
        lines += _table(head, rows)
    return "\n".join(lines)


def _segment(seg: SegmentEntry, day) -> list[str]:
    flags = words.segment_flags(seg)
    lines = [
        f"## {words.segment_when(seg, day)} · {_inline(seg.title)}" + (f" ({flags})" if flags else ""),
        "",
        f"- Duration: {words.length(seg)} · Kind: {seg.kind}",
        f"- Speakers: {_inline(words.names(seg.speakers))}",
        f"- Owner: {_inline(words.name(seg.owner))}",
    ]
    if seg.handoff is not None:
        done = f" (done {seg.handoff.done_at:%H:%M})" if seg.handoff.done_at else ""
        lines.append(
            f"- Handoff in: by {_inline(words.name(seg.handoff.by))}{done}: “{_inline(seg.handoff.cue)}”"
        )
    else:
        lines.append("- Handoff in: none planned")
    if seg.notes:
        lines.append(f"- Organizer notes: {_inline(seg.notes)}")
    lines.append("")
    if seg.checklist:
        lines += _table(
            ["Done", "Checklist item", "By", "Blocking"],
            [
                [
                    f"done {c.done_at:%H:%M}" if c.done_at else "[ ]",
                    c.item,
                    words.name(c.by),
                    "blocking" if c.blocking else "",
                ]
                for c in seg.checklist
            ],
        )
    else:
        lines.append("No checklist.")
    lines.append("")
    return lines


def _call_sheet(sheet: CallSheet) -> str:
    person = sheet.person
    extra = " · ".join(
        part
        for part in (person.role, f"phone {person.phone}" if person.phone else None, sheet.heading.event)
        if part
    )
    lines = _top(sheet, f"Call sheet · {person.name}", extra)
    lines += [
        f"**Expected arrival:** {_inline(sheet.arrival_words)}",
        "",
        "## What you do, in time order",
        "",
    ]
    day = sheet.heading.date
    if sheet.items:
        rows = []
        for item in sheet.items:
            detail = words.detail(item)
            if item.done_at is not None:
                detail += f" ({words.check_done(item)})"
            for card in item.intro_cards:
                say = f" /{card.pronounce}/" if card.pronounce else ""
                intro = f" {card.intro}" if card.intro else ""
                detail += f" · Intro card: **{card.name}**{say}.{intro} Talk: “{card.title}”"
            if item.notes:
                detail += f" · Organizer notes: {item.notes}"
            rows.append(
                [
                    words.span(item.at, item.until, day),
                    words.what(item),
                    item.segment_title or words.NOBODY,
                    detail,
                ]
            )
        lines += _table(["Time", "What", "Segment", "Details"], rows)
    else:
        lines.append("Nothing is assigned to you in this plan.")
    lines += ["", "## Who to call", ""]
    if sheet.contacts:
        head = ["Name", "Role", "Why"] + (["Phone"] if sheet.private else [])
        lines += _table(
            head,
            [
                [c.person.name, c.person.role or words.NOBODY, c.why]
                + ([words.phone(c.person)] if sheet.private else [])
                for c in sheet.contacts
            ],
        )
    else:
        lines.append("No host or segment owner to call.")
    return "\n".join(lines)
