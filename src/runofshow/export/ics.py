"""ics: the planned schedule as an iCalendar file (RFC 5545), for attendees' calendars.

One VEVENT per planned segment (inserted segments are not in the plan and are left out; skipped
ones are still in it) with a stable UID (``segment-id@event-slug-date``), DTSTAMP (UTC),
DTSTART with the TZID of the event's timezone (in UTC for a start in the hour repeated when
the clocks go back, which a TZID wall time cannot name), DURATION, SUMMARY, speakers in DESCRIPTION,
the kind in CATEGORIES and the venue in LOCATION. A VTIMEZONE is derived from ``zoneinfo``:
one observance for the offset in force on 1 January of the event's first year, then one per
transition up to the end of its last year (explicit DTSTARTs, no RRULE, so any zone works).
A plan without a timezone is written in UTC (``...Z``). Lines end in CRLF and are folded at 75
octets without splitting a UTF-8 character; , ; \\ and newlines in text are escaped.
Public: no phones, e-mails or notes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..plan import Plan

if TYPE_CHECKING:
    from .facts import ShowFacts

_UTC = dt.UTC
PRODID = "-//runofshow//export//EN"


def render(facts: ShowFacts, private: bool = False) -> str:
    created = facts.replay.header.created
    try:
        parsed = dt.datetime.fromisoformat(created)
        stamp = parsed if parsed.tzinfo else None
    except (TypeError, ValueError):
        stamp = None
    return plan_to_ics(facts.plan, dtstamp=stamp)


def plan_to_ics(plan: Plan, dtstamp: dt.datetime | None = None) -> str:
    """The plan's schedule as iCalendar text (CRLF line endings). ``dtstamp`` defaults to now."""
    stamp = (dtstamp or dt.datetime.now(_UTC)).astimezone(_UTC).replace(microsecond=0)
    tz = plan.tz
    key = getattr(tz, "key", None) if isinstance(tz, ZoneInfo) else None
    schedule = plan.schedule
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(plan.event.title)}",
    ]
    if key and isinstance(tz, ZoneInfo):
        lines.append(f"X-WR-TIMEZONE:{key}")
        lines += vtimezone(tz, plan.start, plan.end)  # several stages: the earliest start, the latest end
    slug = uid_slug(plan)
    for slot in schedule:
        seg = slot.segment
        lines += ["BEGIN:VEVENT", f"UID:{seg.id}@{slug}", f"DTSTAMP:{_utc(stamp)}"]
        if key and _unambiguous(slot.start, tz):
            lines.append(f"DTSTART;TZID={key}:{slot.start.astimezone(tz).replace(tzinfo=None):%Y%m%dT%H%M%S}")
        else:  # no zone, or a wall time the clocks pass twice (RFC 5545 would read the first): UTC
            lines.append(f"DTSTART:{_utc(slot.start)}")
        lines += [f"DURATION:{ics_duration(seg.duration)}", f"SUMMARY:{escape_text(seg.title)}"]
        speakers = plan.speaker_names(seg)
        if speakers:
            lines.append(f"DESCRIPTION:{escape_text('Speakers: ' + ', '.join(speakers))}")
        lines.append(f"CATEGORIES:{escape_text(seg.kind)}")
        stage = plan.stage_by_id.get(plan.stage_of(seg) or "")
        if stage is not None:  # a plan of stages: where in the venue
            lines.append(f"LOCATION:{escape_text(stage.name)}")
        elif plan.event.venue:
            lines.append(f"LOCATION:{escape_text(plan.event.venue)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _unambiguous(moment: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether the wall time of ``moment`` names it alone (not in the hour repeated when clocks go back)."""
    wall = moment.astimezone(tz).replace(tzinfo=None)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(_UTC)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(_UTC)
    return first == second == moment.astimezone(_UTC)


def uid_slug(plan: Plan) -> str:
    """The event part of every UID. Not ``base.slugs.slugify`` on purpose: a calendar matches
    events across imports by UID, so this must give exactly what it gave when first published."""
    ascii_title = unicodedata.normalize("NFKD", plan.event.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "event"
    return f"{slug}-{plan.event.date.isoformat()}"


def escape_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold at 75 octets (continuation lines begin with a space), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: back off
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space counts
    return "\r\n ".join(parts)


def ics_duration(seconds: int) -> str:
    """RFC 5545 dur-value: PT25M, PT1H30M, PT90S is written PT1M30S, PT1H0M5S."""
    if seconds <= 0:
        return "PT0S"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes or (hours and secs):
        out += f"{minutes}M"
    if secs:
        out += f"{secs}S"
    return out


def _utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(_UTC):%Y%m%dT%H%M%SZ}"


def _offset(delta: dt.timedelta) -> str:
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _observance(tz: dt.tzinfo, instant: dt.datetime) -> tuple[dt.timedelta, dt.timedelta, str]:
    local = instant.astimezone(tz)
    return local.utcoffset() or dt.timedelta(0), local.dst() or dt.timedelta(0), local.tzname() or ""


def transitions(tz: dt.tzinfo, begin: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """UTC instants in [begin, end) where the zone's offset, DST flag or name changes (to the second)."""
    found = []
    step = dt.timedelta(hours=1)
    t = begin
    current = _observance(tz, t)
    while t < end:
        nxt = t + step
        observed = _observance(tz, nxt)
        if observed != current:
            lo, hi = t, nxt  # state(lo) == current, state(hi) != current
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid <= lo:
                    mid = lo + dt.timedelta(seconds=1)
                if _observance(tz, mid) == current:
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
            current = observed
        t = nxt
    return found


def vtimezone(tz: ZoneInfo, first: dt.datetime, last: dt.datetime) -> list[str]:
    """A VTIMEZONE for ``tz`` covering 1 January of ``first``'s year to the end of ``last``'s year."""
    begin = dt.datetime(first.astimezone(tz).year, 1, 1, tzinfo=tz).astimezone(_UTC)
    end = dt.datetime(last.astimezone(tz).year + 1, 1, 1, tzinfo=tz).astimezone(_UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tz.key}"]
    offset, dst, name = _observance(tz, begin)
    lines += _component(dst, begin + offset, offset, offset, name)
    for instant in transitions(tz, begin, end):
        new_offset, new_dst, new_name = _observance(tz, instant)
        lines += _component(new_dst, instant + offset, offset, new_offset, new_name)
        offset = new_offset
    lines.append("END:VTIMEZONE")
    return lines


def _component(
    dst: dt.timedelta, local_start: dt.datetime, before: dt.timedelta, after: dt.timedelta, name: str
) -> list[str]:
    kind = "DAYLIGHT" if dst else "STANDARD"
    out = [
        f"BEGIN:{kind}",
        f"DTSTART:{local_start.replace(tzinfo=None):%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{_offset(before)}",
        f"TZOFFSETTO:{_offset(after)}",
    ]
    if name:
        out.append(f"TZNAME:{escape_text(name)}")
    out.append(f"END:{kind}")
    return out
