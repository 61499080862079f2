"""CSV with a header row, as a spreadsheet exports it.

Columns (names are matched loosely, in any order; others are ignored and named in a note):
``title`` and ``start`` are required, with ``duration`` or ``end``; optional ``speakers`` (several
separated by ``;``, ``,``, ``&`` or "and"), ``kind``, ``notes``, ``bio`` (the speaker's, when a row
has one), ``date`` and ``room``. A row may leave ``start`` empty to follow the previous row.
Times: ``18:00``, ``18:00:00``, ``6pm``, ``6:30 PM``, ``18.00`` or an ISO date and time.
Durations: ``30`` (minutes), ``30m``, ``1h30m``, ``0:30``, ``00:30:00``, ``30 min``.
The delimiter (``,``, ``;`` or tab) is detected; a UTF-8 byte-order mark is fine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..plan.durations import parse_duration
from .errors import Problems, SourceError
from .parsing import (
    Options,
    at,
    check_seconds,
    decode,
    elapsed,
    event_zone,
    hhmm,
    localize,
    parse_clock,
    parse_clock_duration,
    parse_date,
    parse_datetime,
    plus,
)
from .schedule import Schedule, Speaker, Talk
from .selection import parse_day_option
from .words import clean_text, kind_from_words

NAME = "csv"
WHAT = "a CSV file with a header row (title, start, duration or end)"
ONE_ROOM = "(the room)"

COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "session", "session title", "talk", "talk title", "topic", "what", "segment", "item"),
    "start": ("start", "starts", "start time", "starts at", "time", "from", "begin", "begins", "begins at"),
    "end": ("end", "ends", "end time", "ends at", "to", "until"),
    "duration": (
        "duration",
        "length",
        "minutes",
        "mins",
        "min",
        "duration min",
        "duration minutes",
        "length min",
        "length minutes",
    ),
    "speakers": (
        "speakers",
        "speaker",
        "speaker s",
        "speaker name",
        "speaker names",
        "presenter",
        "presenters",
        "who",
        "by",
    ),
    "kind": ("kind", "type", "category", "format"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
    "bio": ("bio", "biography", "speaker bio", "intro", "speaker intro"),
    "date": ("date", "day"),
    "room": ("room", "stage", "location", "hall"),
}
_LOOKUP = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
_SPLIT_SPEAKERS = re.compile(r"\s*(?:;|,|&|\+|\band\b)\s*", re.IGNORECASE)
_AMPM = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$", re.IGNORECASE)
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{2})$")
_MINUTES = re.compile(r"^(\d+)\s*(?:min|mins|minutes|minute|')$", re.IGNORECASE)
HALF_DAY = 12 * 3600


def header_key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def columns_of(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        column = _LOOKUP.get(header_key(name))
        if column and column not in found:
            found[column] = index
    return found


def looks_like(text: str) -> bool:
    """A header row with a title and a start column, whatever the delimiter."""
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    for delimiter in (",", ";", "\t"):
        row = next(csv.reader([first], delimiter=delimiter), [])
        found = columns_of(row)
        if "title" in found and "start" in found:
            return True
    return False


def parse(raw: bytes, source: str, options: Options) -> Schedule:
    text = decode(raw, source, WHAT)
    if not text.strip():
        raise SourceError(source, f"is empty; expected {WHAT}")
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text)))
    header, body = rows[0], rows[1:]
    columns = columns_of(header)
    missing = [name for name in ("title", "start") if name not in columns]
    if "duration" not in columns and "end" not in columns:
        missing.append("duration (or end)")
    if missing:
        seen = ", ".join(f'"{h}"' for h in header if h.strip()) or "nothing"
        raise SourceError(
            source,
            f"1: no {' and no '.join(missing)} column; the header row has: {seen}",
            hint=f"expected {WHAT}",
        )
    ignored = [h for i, h in enumerate(header) if h.strip() and i not in columns.values()]
    problems = Problems(source)
    tzname, tz = event_zone(problems, options, None, "")
    notes: list[str] = []
    if ignored:
        notes.append(f"columns not imported: {', '.join(ignored)}")

    default_date = _default_date(options, notes, "date" in columns)
    talks: list[Talk] = []
    cursors: dict[str, dt.datetime] = {}  # room -> where its previous row ended
    last_date: dict[str, dt.date] = {}
    rooms: list[str] = []
    previous_room = ONE_ROOM  # a row with an empty room cell stays in the room above it
    for line, row in enumerate(body, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        where = f"row {line}"
        title = clean_text(cells["title"])
        if not title:
            problems.add(where, "empty title")
            continue
        where += f' "{title}"'
        room = clean_text(cells.get("room")) or previous_room
        previous_room = room
        if room not in rooms:
            rooms.append(room)
        day = last_date.get(room, default_date)
        if cells.get("date"):
            try:
                day = parse_date(cells["date"])
            except ValueError as error:
                problems.add(where, f"date: {error}")
                continue
        start = _start(problems, where, cells["start"], day, cursors.get(room), tz)
        if start is None:
            continue
        seconds = _length(problems, where, cells, start, tz)
        if seconds is None:
            continue
        end = plus(start, seconds)
        speakers = tuple(
            Speaker(name) for name in _SPLIT_SPEAKERS.split(cells.get("speakers", "")) if name.strip()
        )
        bio = clean_text(cells.get("bio"))
        if bio and len(speakers) == 1:
            speakers = (Speaker(speakers[0].name, bio),)
        talks.append(
            Talk(
                title=title,
                start=start,
                end=end,
                room=room,
                day=day,
                kind=kind_from_words(cells.get("kind"), title, bool(speakers)),
                speakers=speakers,
                notes=clean_text(cells.get("notes")),
                where=where,
            )
        )
        cursors[room], last_date[room] = end, day
    problems.raise_if_any()
    if not talks:
        raise SourceError(source, "has a header row but no sessions under it")
    return Schedule(
        source, NAME, None, tzname, talks, rooms, problems.notes + notes, has_rooms="room" in columns
    )


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _default_date(options: Options, notes: list[str], has_column: bool) -> dt.date:
    """The date of rows without one: --day when it is a date, else today (and a note saying so)."""
    if options.day:
        try:
            day = parse_day_option(options.day)
        except ValueError:
            day = None
        if isinstance(day, dt.date) and not has_column:
            return day
    today = options.today or dt.date.today()
    notes.append(
        f"no date in the CSV: the plan is dated {today.isoformat()} (today); pass --day DATE for another"
        if not has_column
        else f"rows without a date are dated {today.isoformat()} (today)"
    )
    return today


def parse_time_cell(text: str) -> dt.time | dt.datetime:
    """A spreadsheet's time of day (or an ISO date and time)."""
    value = text.strip()
    match = _AMPM.match(value)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ValueError(f'"{text}" is not a possible time of day')
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
        return dt.time(hour, minute)
    match = _DOTTED.match(value)
    if match:
        value = f"{match.group(1)}:{match.group(2)}"
    try:
        return parse_clock(value)
    except ValueError as error:
        try:
            return parse_datetime(value)
        except ValueError:
            raise error from None


def _start(
    problems: Problems, where: str, cell: str, day: dt.date, cursor: dt.datetime | None, tz
) -> dt.datetime | None:
    if not cell:
        if cursor is None:
            problems.add(
                where, "no start time (only a row after another may leave start empty, to follow it)"
            )
        return cursor
    try:
        value = parse_time_cell(cell)
    except ValueError as error:
        problems.add(where, f"start: {error}")
        return None
    if isinstance(value, dt.datetime):
        return localize(value, tz)
    start = at(day, value, tz)
    if cursor is not None and elapsed(start, cursor) > HALF_DAY:  # a show past midnight
        start = at(day + dt.timedelta(days=1), value, tz)
    return start


def _length(problems: Problems, where: str, cells: dict[str, str], start: dt.datetime, tz) -> int | None:
    seconds = None
    if cells.get("duration"):
        try:
            seconds = parse_length(cells["duration"])
        except ValueError as error:
            problems.add(where, f"duration: {error}")
            return None
    if cells.get("end"):
        try:
            value = parse_time_cell(cells["end"])
        except ValueError as error:
            problems.add(where, f"end: {error}")
            return None
        if isinstance(value, dt.datetime):
            end = localize(value, tz)
        else:
            end = at(start.date(), value, tz)
            if (
                elapsed(start, end) <= 0
                and elapsed(start, at(start.date() + dt.timedelta(days=1), value, tz)) <= HALF_DAY
            ):
                end = at(start.date() + dt.timedelta(days=1), value, tz)  # ends past midnight
        by_end = elapsed(start, end)
        if by_end <= 0:
            problems.add(where, f"ends ({cells['end']}) before it starts ({hhmm(start)})")
            return None
        if seconds is not None and seconds != by_end:
            problems.add(
                where,
                f"duration {cells['duration']} and end {cells['end']} disagree"
                f" (from {hhmm(start)} to {hhmm(end)} is {int(by_end) // 60} minutes): which is right?",
            )
            return None
        try:
            seconds = check_seconds(by_end, f"{hhmm(start)}-{hhmm(end)}")
        except ValueError as error:
            problems.add(where, str(error))
            return None
    if seconds is None:
        problems.add(where, "no duration and no end")
    return seconds


def parse_length(text: str) -> int:
    value = text.strip()
    if value.isdigit():
        return check_seconds(int(value) * 60, f"{value} minutes")
    match = _MINUTES.match(value)
    if match:
        return check_seconds(int(match.group(1)) * 60, value)
    if ":" in value:
        return parse_clock_duration(value)
    try:
        return check_seconds(parse_duration(value.replace(" ", "")), value)
    except ValueError:
        raise ValueError(f'"{text}" is not a duration (use 30, 30m, 1h30m or 0:30)') from None
