"""Reading what sources write: times of day, durations, dates, instants, timezones, JSON and text.

Real time is UTC arithmetic: ``elapsed`` and ``plus`` go through UTC, because two datetimes that
share a ``ZoneInfo`` compare and subtract on the wall clock and ignore ``fold``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..base.instants import seconds_between
from ..plan.durations import format_duration
from ..plan.models import MAX_DURATION
from .errors import Problems, SourceError

# --- reading times ----------------------------------------------------------------------------

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_CLOCK_DURATION = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")


def parse_clock(text: object) -> dt.time:
    """``HH:MM`` or ``HH:MM:SS``, a time of day. ValueError says what is wrong."""
    match = _CLOCK.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a time of day like 09:30")
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f'"{text}" is not a possible time of day')
    return dt.time(hour, minute, second)


def parse_clock_duration(text: object) -> int:
    """``HH:MM`` or ``HH:MM:SS``, a length of time in seconds (frab, pretalx)."""
    match = _CLOCK_DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not a duration like 00:30 (hours:minutes)")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if minutes > 59 or seconds > 59:
        raise ValueError(f'"{text}" is not a possible duration (hours:minutes)')
    return check_seconds(hours * 3600 + minutes * 60 + seconds, text)


def check_seconds(seconds: float, shown: object) -> int:
    if seconds <= 0:
        raise ValueError(f"a duration of {shown} is not above zero")
    if seconds > MAX_DURATION:
        raise ValueError(f"a duration of {shown} is longer than a day")
    if seconds != int(seconds):
        raise ValueError(f"a duration of {shown} is not a whole number of seconds")
    return int(seconds)


def parse_date(text: object) -> dt.date:
    if isinstance(text, str):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            if re.match(r"^\d{4}-\d{2}-\d{2}$", text.strip()):
                raise ValueError(f'"{text}" is not a possible date') from None
    raise ValueError(f"{text!r} is not a date like 2026-05-14")


def parse_datetime(text: object) -> dt.datetime:
    """An ISO 8601 date and time, with or without offset (``Z`` allowed)."""
    if isinstance(text, str) and ("T" in text.upper() or " " in text.strip()):
        try:
            return dt.datetime.fromisoformat(text.strip())
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date and time like 2026-05-14T09:30:00")


def zone(name: str | None) -> dt.tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f'unknown timezone "{name}" (use an IANA name like Europe/Berlin)') from None


def localize(moment: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    """A source instant as the event sees it: in its timezone, or as written when there is none.

    A wall-clock time without offset must exist in ``tz``: ValueError on the night the clocks go
    forward. One that happens twice (the night they go back) is read as the first.
    """
    if tz is None:
        return moment.replace(tzinfo=None)
    if moment.tzinfo is None:
        return existing(moment.replace(tzinfo=tz, fold=0))
    return moment.astimezone(tz)


def at(day: dt.date, time: dt.time, tz: dt.tzinfo | None, fold: int = 0) -> dt.datetime:
    """A time of day on ``day`` in ``tz``; ValueError when the clocks skip it that night."""
    return existing(dt.datetime.combine(day, time, tzinfo=tz).replace(fold=fold))


def existing(moment: dt.datetime) -> dt.datetime:
    """``moment`` when a clock in its timezone shows it; ValueError that says so when the clocks
    go forward past it (02:30 on the night they jump from 02:00 to 03:00)."""
    if moment.tzinfo is None:
        return moment
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    if before is None or after is None or after <= before:
        return moment  # a fixed offset, or a time the clocks show once or twice
    shown = moment.astimezone(dt.UTC).astimezone(moment.tzinfo)
    if shown.replace(tzinfo=None) == moment.replace(tzinfo=None, fold=0):
        return moment
    name = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
    jump = format_duration(int((after - before).total_seconds()))
    raise ValueError(
        f"{moment:%Y-%m-%d} {hhmm(moment)} does not exist in {name}: the clocks go forward by {jump}"
        f" that night ({format_offset(before)} -> {format_offset(after)}), so no clock shows {hhmm(moment)}"
    )


def happens_twice(moment: dt.datetime) -> bool:
    """Whether the clocks show this wall-clock time twice (the night they go back)."""
    if moment.tzinfo is None:
        return False
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    return before is not None and after is not None and after < before


def format_offset(offset: dt.timedelta | None) -> str:
    minutes = int((offset or dt.timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def twice_note(moment: dt.datetime) -> str:
    name = getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)
    return (
        f"{moment:%Y-%m-%d} {hhmm(moment)} happens twice in {name} (the clocks go back that night): a time"
        f" without offset is read as the {'second' if moment.fold else 'first'} one"
        f" ({format_offset(moment.utcoffset())})"
    )


def instant(moment: dt.datetime) -> dt.datetime:
    """A key that orders moments in real time: UTC when aware (``fold`` counts), as is when naive."""
    return moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment


@dataclass(frozen=True)
class Spelling:
    """How a format names its keys in messages: ``<start>`` in XML, ``start`` / ``"start"`` in JSON."""

    key: str  # before an error: "<start>: ..."
    value: str  # a key with its value: "<start> 10:35"
    missing: str  # "missing <start>"
    no_day: str  # why no date could be found


def talk_start(
    problems: Problems,
    where: str,
    date: object,
    start: object,
    day: dt.date | None,
    tz,
    spelling: Spelling,
    previous: dt.datetime | None = None,
) -> dt.datetime | None:
    """A frab-style talk's start: its ``date`` when that is a date and time (``start`` must agree),
    else ``date`` (or the day's) plus ``start``. None, with the problem said, when it cannot be read.

    ``previous`` is the start of the talk before it in the same room and day. A talk that has only
    its day's date and a time earlier than that belongs to the next calendar day: a frab day (a
    congress night) runs past midnight, and FOSDEM-style files give events no date of their own.
    On the night the clocks go back, a time that happens twice is the second one when the first
    would come before ``previous``.
    """
    clock = None
    if start is not None:
        try:
            clock = parse_clock(start)
        except ValueError as error:
            problems.add(where, f"{spelling.key.format('start')}: {error}")
            return None
    if isinstance(date, str) and ("T" in date or " " in date.strip()):
        try:
            written = parse_datetime(date)
        except ValueError as error:
            problems.add(where, f"{spelling.key.format('date')}: {error}")
            return None
        if clock is not None and (written.hour, written.minute) != (clock.hour, clock.minute):
            problems.add(
                where,
                f"{spelling.value.format('start', start)} does not match "
                f"{spelling.value.format('date', date)}: which is right?",
            )
            return None
        try:
            moment = localize(written, tz)
        except ValueError as error:
            problems.add(where, f"{spelling.value.format('date', date)}: {error}")
            return None
        if written.tzinfo is None and happens_twice(moment):
            problems.note_once(twice_note(moment))
        check_offset(problems, written, moment, date)
        return moment
    own_date = date is not None
    if own_date:
        try:
            day = parse_date(date)
        except ValueError as error:
            problems.add(where, f"{spelling.key.format('date')}: {error}")
            return None
    if clock is None:
        problems.add(where, f"missing {spelling.missing.format('start')}")
        return None
    if day is None:
        problems.add(where, f"missing {spelling.missing.format('date')} ({spelling.no_day})")
        return None
    try:
        moment = at(day, clock, tz)
        if previous is not None and not own_date and elapsed(previous, moment) < 0:
            if happens_twice(moment) and elapsed(previous, moment.replace(fold=1)) >= 0:
                moment = moment.replace(fold=1)
            else:
                moment = at(day + dt.timedelta(days=1), clock, tz)
                problems.past_midnight.append(where)
    except ValueError as error:
        problems.add(where, f"{spelling.value.format('start', start)}: {error}")
        return None
    if happens_twice(moment):
        problems.note_once(twice_note(moment))
    return moment


def check_offset(problems: Problems, written: dt.datetime, moment: dt.datetime, shown: object) -> None:
    """A note, once, when the source names one timezone but its offsets say another (pretalx's
    DemoCon names UTC and writes +01:00). The instants written are kept: they are exact, and the
    named zone is the one the plan needs (an offset names no zone); --timezone sets another."""
    named = problems.named_zone
    if not named or written.tzinfo is None or written.utcoffset() == moment.utcoffset():
        return
    if any(note.startswith(f"the source names timezone {named}, but") for note in problems.notes):
        return
    problems.notes.append(
        f"the source names timezone {named}, but writes times with offset {format_offset(written.utcoffset())}"
        f" (e.g. {shown}): the times are read as written and shown in {named}, where that is"
        f" {hhmm(moment)} ({format_offset(moment.utcoffset())}); if the event is not in {named}, pass"
        " --timezone with its zone (e.g. --timezone Europe/Berlin)"
    )


def elapsed(earlier: dt.datetime, later: dt.datetime) -> float:
    """Seconds from ``earlier`` to ``later``: real time when aware (clock changes count)."""
    if earlier.tzinfo is not None and later.tzinfo is not None:
        return seconds_between(earlier, later)
    return (later - earlier).total_seconds()


def plus(moment: dt.datetime, seconds: float) -> dt.datetime:
    if moment.tzinfo is None:
        return moment + dt.timedelta(seconds=seconds)
    utc = moment.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)
    return utc.astimezone(moment.tzinfo)


def hhmm(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}" if moment.second == 0 else f"{moment:%H:%M:%S}"


# --- reading sources --------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the command line adds to a source that lacks it."""

    timezone: str | None = None  # --timezone: the source's, or this one when it names none
    day: str | None = None  # --day as given: a CSV without dates takes it as the event's date
    today: dt.date | None = None  # the date a CSV without any date falls back to


def list_or_empty(value: object) -> list[Any]:
    """A JSON value that should be a list: itself when it is one, else empty."""
    return value if isinstance(value, list) else []


def load_json(text: str, source: str, what: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            source, f"{error.lineno}:{error.colno}: broken JSON ({error.msg}); is this {what}?"
        ) from None
    except RecursionError:
        raise SourceError(source, f"broken JSON (nested too deeply); is this {what}?") from None


def event_zone(
    problems: Problems, options: Options, named: object, where: str
) -> tuple[str | None, dt.tzinfo | None]:
    """The event's timezone: --timezone, else the one the source names; a problem when unknown."""
    own = named.strip() if isinstance(named, str) and named.strip() else None
    name = options.timezone or own
    if options.timezone and own and own != options.timezone:
        problems.notes.append(
            f"the source's timezone is {own}; its times are converted to {options.timezone} (--timezone)"
        )
    problems.named_zone = own if not options.timezone else None
    try:
        return name, zone(name)
    except ValueError as error:
        problems.add(where if not options.timezone else "--timezone", str(error))
        return None, None


def decode(data: bytes, source: str, what: str) -> str:
    """UTF-8 text (a byte-order mark, as spreadsheets write, is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(source, f"{line}: not UTF-8 text; is this {what}? (save it as UTF-8)") from None
