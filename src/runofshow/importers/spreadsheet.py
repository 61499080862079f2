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
import dataclasses
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
    happens_twice,
    hhmm,
    localize,
    parse_clock,
    parse_clock_duration,
    parse_date,
    parse_datetime,
    plus,
    twice_note,
)
from .schedule import Schedule, Speaker, Talk
from .selection import parse_day_option
from .words import clean_bio, clean_text, kind_from_words, plain_text

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
    # in order of preference: a sheet with both "Room" and "Track" columns has its rooms in "Room"
    "room": ("room", "room name", "stage", "hall", "location", "venue", "track"),
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
    """Column -> index in the row: for each, the header cell whose name comes first in its aliases."""
    found: dict[str, tuple[int, int]] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        column = _LOOKUP.get(key)
        if column:
            rank = COLUMNS[column].index(key)
            if column not in found or rank < found[column][0]:
                found[column] = (rank, index)
    return {column: index for column, (_rank, index) in found.items()}


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
        title = plain_text(cells["title"])
        if title:
            where += f' "{title}"'
        cell_room = clean_text(cells.get("room"))
        speakers = tuple(
            Speaker(name) for name in _SPLIT_SPEAKERS.split(cells.get("speakers", "")) if name.strip()
        )
        kind = kind_from_words(cells.get("kind"), title or "", bool(speakers))
        # A break with no room is everyone's (lunch for the whole venue); another row with an
        # empty room cell stays in the room above it (a merged cell, as spreadsheets export it).
        everywhere = "room" in columns and not cell_room and kind == "break"
        room = cell_room or previous_room
        day = last_date.get(room, default_date)
        problems.place(None if everywhere else room, None)
        if cells.get("date"):
            try:
                day = parse_date(cells["date"])
            except ValueError as error:
                problems.add(where, f"date: {error}")
                continue
        problems.place(None if everywhere else room, day)
        if "date" in columns and day == default_date and room not in last_date and not cells.get("date"):
            undated = f"rows without a date are dated {default_date.isoformat()} (today)"
            if undated not in notes:
                notes.append(undated)
        if not title:
            problems.add(where, "empty title")
            continue
        if not everywhere:
            previous_room = room
            if room not in rooms:
                rooms.append(room)
        start = _start(problems, where, cells["start"], day, cursors.get(room), tz)
        if start is None:
            continue
        seconds = _length(problems, where, cells, start, tz)
        if seconds is None:
            continue
        end = plus(start, seconds)
        bio = clean_bio(cells.get("bio"))
        if bio and len(speakers) == 1:
            speakers = (Speaker(speakers[0].name, bio),)
        talks.append(
            Talk(
                title=title,
                start=start,
                end=end,
                room=room,
                day=day,
                kind=kind,
                speakers=speakers,
                notes=clean_text(cells.get("notes")),
                everywhere=everywhere,
                where=where,
            )
        )
        for each in rooms if everywhere else [room]:
            cursors[each], last_date[each] = end, day
    problems.place()
    found = problems.raise_if_unplaced()
    if not talks and not found:
        raise SourceError(source, "has a header row but no sessions under it")
    rooms = rooms or [ONE_ROOM]
    talks = _in_every_room(talks, rooms)
    return Schedule(
        source,
        NAME,
        None,
        tzname,
        talks,
        rooms,
        problems.notes + notes,
        has_rooms="room" in columns,
        problems=found,
    )


def _in_every_room(talks: list[Talk], rooms: list[str]) -> list[Talk]:
    """A break without a room, once in each room that has sessions on its day (every room if none)."""
    busy: dict[dt.date, set[str]] = {}
    for talk in talks:
        if not talk.everywhere:
            busy.setdefault(talk.day, set()).add(talk.room)
    placed: list[Talk] = []
    for talk in talks:
        if not talk.everywhere:
            placed.append(talk)
            continue
        on_day = [r for r in rooms if r in busy.get(talk.day, ())] or rooms
        placed += [dataclasses.replace(talk, room=r) for r in on_day]
    return placed


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
    if not has_column:  # with a date column, said only once a row without a date takes it
        notes.append(
            f"no date in the CSV: the plan is dated {today.isoformat()} (today); pass --day DATE for another"
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
    try:
        if isinstance(value, dt.datetime):
            return localize(value, tz)
        start = at(day, value, tz)
        if cursor is not None and elapsed(start, cursor) > HALF_DAY:  # a show past midnight
            start = at(day + dt.timedelta(days=1), value, tz)
    except ValueError as error:  # a time the clocks skip
        problems.add(where, f"start {cell}: {error}")
        return None
    if happens_twice(start):
        problems.note_once(twice_note(start))
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
        try:
            if isinstance(value, dt.datetime):
                end = localize(value, tz)
            else:
                end = at(start.date(), value, tz)
                if (
                    elapsed(start, end) <= 0
                    and elapsed(start, at(start.date() + dt.timedelta(days=1), value, tz)) <= HALF_DAY
                ):
                    end = at(start.date() + dt.timedelta(days=1), value, tz)  # ends past midnight
        except ValueError as error:  # a time the clocks skip
            problems.add(where, f"end {cells['end']}: {error}")
            return None
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
