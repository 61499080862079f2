"""The words both renderers use, so that the html and the md say the same thing."""

from __future__ import annotations

import datetime as dt

from .model import CallItem, CallSheet, CheckEntry, Heading, PersonCard, RunSheet, SegmentEntry

WHAT = {
    "checklist": "Get ready",
    "task": "Task",
    "handoff": "Hand over",
    "speak": "You speak",
    "own": "You run it",
}
STATUS = {"done": "DONE", "live": "LIVE", "skipped": "SKIPPED"}
NOBODY = "—"


def hm(moment: dt.datetime, day: dt.date | None = None) -> str:
    """``18:05``, with ``(+1d)`` when ``moment`` falls after ``day`` (a show past midnight)."""
    text = f"{moment:%H:%M}"
    if day is not None and moment.date() != day:
        text += f" (+{(moment.date() - day).days}d)"
    return text


def span(start: dt.datetime, end: dt.datetime | None, day: dt.date | None = None) -> str:
    return hm(start, day) if end is None else f"{hm(start, day)}–{hm(end, day)}"


def minutes(seconds: int) -> str:
    whole, rest = divmod(int(seconds), 60)
    return f"{whole} min" if not rest else f"{whole} min {rest} s"


def date_words(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def meta_line(heading: Heading) -> str:
    parts = [date_words(heading.date)]
    if heading.venue:
        parts.append(heading.venue)
    parts.append(f"times in {heading.timezone}")
    return " · ".join(parts)


def as_of_line(heading: Heading) -> str | None:
    return None if heading.as_of is None else heading.as_of[0].upper() + heading.as_of[1:]


def name(card: PersonCard | None) -> str:
    return NOBODY if card is None else card.name


def names(cards: tuple[PersonCard, ...]) -> str:
    return ", ".join(c.name for c in cards) or NOBODY


def sheet_title(sheet: RunSheet | CallSheet) -> str:
    if isinstance(sheet, RunSheet):
        return f"Run sheet · {sheet.heading.event}"
    return f"Call sheet · {sheet.person.name} · {sheet.heading.event}"


def page_header(sheet: RunSheet | CallSheet) -> str:
    """The running header of every printed page (the page number goes beside it)."""
    if isinstance(sheet, RunSheet):
        return f"{sheet.heading.event} · run sheet"
    return f"{sheet.heading.event} · call sheet: {sheet.person.name}"


def segment_when(seg: SegmentEntry, day: dt.date) -> str:
    return span(seg.start, seg.end, day)


def segment_flags(seg: SegmentEntry) -> str:
    """``DONE``, ``LIVE``, ``SKIPPED``, ``inserted``, ``planned 18:35`` (when the time moved)."""
    flags = []
    if seg.status in STATUS:
        flags.append(STATUS[seg.status])
    if seg.inserted:
        flags.append("inserted live")
    elif seg.planned_start is not None and abs(seg.late_by) >= 60:
        flags.append(f"planned {hm(seg.planned_start)}")
    return ", ".join(flags)


def length(seg: SegmentEntry) -> str:
    text = minutes(seg.duration)
    return text + (f" (Q&A {minutes(seg.qa)} of it)" if seg.qa else "")


def check_done(check: CheckEntry | CallItem) -> str:
    return f"done {check.done_at:%H:%M}" if check.done_at is not None else ""


def what(item: CallItem) -> str:
    text = WHAT[item.kind]
    if item.kind == "checklist" and item.blocking:
        text += " (blocking: GO waits for it)"
    return text


def detail(item: CallItem) -> str:
    if item.kind == "handoff":
        return f"Cue: {item.text}"
    return item.text


def phone(card: PersonCard) -> str:
    return card.phone or NOBODY
