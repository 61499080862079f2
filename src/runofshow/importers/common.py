"""What every importer shares: the neutral schedule it reads into, errors, and the Plan builder.

Each format module turns its text into a ``Schedule`` (every talk of every room and day, with
times as instants in the event's timezone, or naive wall-clock times when the source names no
timezone). ``select`` picks one room on one day, and ``build_plan`` turns that into a ``Plan``
that passes ``check``, with a list of what the plan could not hold.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..plan.durations import format_duration
from ..plan.load import validate_plan_data
from ..plan.models import MAX_DURATION, Plan, hard_start_after, seconds_between

EXIT_OK, EXIT_BAD_SOURCE, EXIT_USAGE = 0, 1, 2
MAX_LINES = 12  # problems shown before "... and N more": a message fits on one screen


class ImportProblem(Exception):
    """Import stops here. ``exit_code`` 1: the source is bad; 2: the command line needs changing."""

    def __init__(
        self, source: str, lines: list[str], exit_code: int = EXIT_BAD_SOURCE, hint: str | None = None
    ) -> None:
        self.source = source
        self.lines = lines
        self.exit_code = exit_code
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        shown = [f"{self.source}: {line}" for line in self.lines[:MAX_LINES]]
        if len(self.lines) > MAX_LINES:
            shown.append(f"{self.source}: ... and {len(self.lines) - MAX_LINES} more problems")
        if self.hint:
            shown.append(self.hint)
        return "\n".join(shown)


class SourceError(ImportProblem):
    """The source cannot be read as the format: broken syntax, missing fields, impossible times."""

    def __init__(self, source: str, lines: list[str] | str, hint: str | None = None) -> None:
        super().__init__(source, [lines] if isinstance(lines, str) else lines, EXIT_BAD_SOURCE, hint)


class UsageError(ImportProblem):
    """The source is fine but the command line must say more (which room, which day) or differ."""

    def __init__(self, source: str, lines: list[str] | str, hint: str | None = None) -> None:
        super().__init__(source, [lines] if isinstance(lines, str) else lines, EXIT_USAGE, hint)


class Problems:
    """Collects every problem in a source, so that one run reports them all."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[str] = []
        self.notes: list[str] = []  # not problems: what the importer assumed or left out, said on stderr

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}" if where else message)

    def raise_if_any(self) -> None:
        if self.found:
            raise SourceError(self.source, self.found)


# --- the neutral schedule ---------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    name: str
    bio: str | None = None
    key: str | None = None  # the source's own id: tells two people of the same name apart


@dataclass
class Talk:
    title: str
    start: dt.datetime  # aware in the event's timezone, or naive wall-clock time when there is none
    end: dt.datetime
    room: str
    day: dt.date  # the day it belongs to (a frab day runs past midnight)
    kind: str = "talk"
    speakers: tuple[Speaker, ...] = ()
    notes: str | None = None
    key: str | None = None  # the source's own id: finds one talk scheduled in two rooms
    everywhere: bool = False  # a plenum session, in every room's programme
    where: str = ""  # how messages point at it in the source

    @property
    def seconds(self) -> float:
        return elapsed(self.start, self.end)

    @property
    def identity(self) -> str:
        return self.key or f"{self.title}@{self.start.isoformat()}"


@dataclass
class Schedule:
    source: str
    format: str  # the human name of the format, for messages
    title: str | None
    timezone: str | None
    talks: list[Talk]
    rooms: list[str]  # in the source's order
    notes: list[str] = field(default_factory=list)  # defaults taken, things skipped on purpose
    has_rooms: bool = True  # False for a CSV without a room column


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
    """A source instant as the event sees it: in its timezone, or as written when there is none."""
    if tz is None:
        return moment.replace(tzinfo=None)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz, fold=0)
    return moment.astimezone(tz)


def at(day: dt.date, time: dt.time, tz: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


@dataclass(frozen=True)
class Spelling:
    """How a format names its keys in messages: ``<start>`` in XML, ``start`` / ``"start"`` in JSON."""

    key: str  # before an error: "<start>: ..."
    value: str  # a key with its value: "<start> 10:35"
    missing: str  # "missing <start>"
    no_day: str  # why no date could be found


def talk_start(
    problems: Problems, where: str, date: object, start: object, day: dt.date | None, tz, spelling: Spelling
) -> dt.datetime | None:
    """A frab-style talk's start: its ``date`` when that is a date and time (``start`` must agree),
    else ``date`` (or the day's) plus ``start``. None, with the problem said, when it cannot be read."""
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
        return localize(written, tz)
    if date is not None:
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
    return at(day, clock, tz)


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


# --- words ------------------------------------------------------------------------------------

_BREAK_WORDS = (
    "break",
    "pause",
    "lunch",
    "coffee",
    "dinner",
    "breakfast",
    "snack",
    "pizza",
    "doors",
    "registration",
    "networking",
    "drinks",
    "social",
    "intermission",
)
_HOST_WORDS = (
    "welcome",
    "opening",
    "closing",
    "close",
    "intro",
    "introduction",
    "announcements",
    "host",
    "moderation",
    "wrap-up",
    "wrap up",
    "farewell",
)
_KIND_WORDS = {
    "talk": "talk",
    "panel": "panel",
    "break": "break",
    "host": "host",
    "sponsor": "sponsor",
    "other": "other",
}


def kind_from_words(kind: str | None, title: str, has_speakers: bool) -> str:
    """A plan kind from what the source calls the session: its type, else its title.

    The type decides when it names one: "Break", "Coffee break" -> break, "Panel discussion" -> panel,
    "Sponsor talk" -> sponsor, any other type ("Talk", "Workshop", "Keynote") -> talk. With no
    type, a session without speakers is read from its title (break, host or other).
    """
    if kind and kind.strip():
        word = kind.strip().lower()
        if word in _KIND_WORDS:
            return _KIND_WORDS[word]
        if _has_word(word, _BREAK_WORDS):
            return "break"
        if "panel" in word:
            return "panel"
        if "sponsor" in word:
            return "sponsor"
        if _has_word(word, ("host", "moderation", "welcome", "opening", "closing")):
            return "host"
        return "talk"
    if has_speakers:
        return "talk"
    lowered = title.lower()
    if _has_word(lowered, _BREAK_WORDS):
        return "break"
    if _has_word(lowered, _HOST_WORDS):
        return "host"
    return "other"


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(word)}", text) for word in words)


_TRANSLIT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def slugify(text: str, fallback: str, max_length: int = 40) -> str:
    """An id from free text: ``"Zoë Ångström"`` -> ``zoe-angstrom``; ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    if not slug:
        return fallback
    if not slug[0].isalpha():
        slug = f"{fallback}-{slug}"
    return slug


class UniqueIds:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, base: str) -> str:
        ident, number = base, 2
        while ident in self.taken:
            ident, number = f"{base}-{number}", number + 1
        self.taken.add(ident)
        return ident


def clean_text(value: object) -> str | None:
    """Text as a plan holds it: whitespace runs made single spaces, empty as None."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


# --- choosing a room and a day ----------------------------------------------------------------


@dataclass
class Choice:
    room: str
    day: dt.date
    talks: list[Talk]


def parse_day_option(text: str) -> dt.date | int:
    """``--day``: an ISO date, or the day's number in the source (1 for the first)."""
    if text.strip().isdigit():
        return int(text.strip())
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(f'--day "{text}": give a date like 2026-05-14 or a day number like 1') from None


def select(schedule: Schedule, room: str | None, day: str | None, command: str) -> Choice:
    """The talks of one room on one day; a UsageError listing the choices when that is not clear."""
    source = schedule.source
    if not schedule.talks:
        raise SourceError(source, f"holds no scheduled sessions: nothing to import ({schedule.format})")
    days = sorted({talk.day for talk in schedule.talks})
    rooms = [r for r in schedule.rooms if any(t.room == r and not t.everywhere for t in schedule.talks)]
    rooms = rooms or list(schedule.rooms)

    chosen_room = _match_room(schedule, rooms, room) if room is not None else None
    chosen_day = _match_day(schedule, days, day) if day is not None else None
    if chosen_room is None and len(rooms) == 1:
        chosen_room = rooms[0]
    if chosen_day is None and len(days) == 1:
        chosen_day = days[0]
    if chosen_room is None or chosen_day is None:
        missing = " and ".join(
            part
            for part, absent in (("--room", chosen_room is None), ("--day", chosen_day is None))
            if absent
        )
        what = f"{len(rooms)} rooms" if len(rooms) != 1 else "1 room"
        what += f" over {len(days)} days" if len(days) != 1 else " on 1 day"
        raise UsageError(
            source,
            [f"holds {what}; a plan is one room on one day: choose with {missing}"],
            hint=_choices(schedule, rooms, days, command, chosen_room, chosen_day),
        )
    talks = [t for t in schedule.talks if t.room == chosen_room and t.day == chosen_day]
    if not talks:
        on = sorted({t.day for t in schedule.talks if t.room == chosen_room})
        there = ", ".join(f"{d.isoformat()} ({d:%a})" for d in on) or "no day at all"
        raise UsageError(
            source,
            [
                f"nothing is scheduled in {quoted(chosen_room)} on {chosen_day.isoformat()};"
                f" that room has sessions on: {there}"
            ],
            hint=_choices(schedule, rooms, days, command, None, None),
        )
    return Choice(chosen_room, chosen_day, talks)


def _match_room(schedule: Schedule, rooms: list[str], wanted: str) -> str:
    if not schedule.has_rooms:
        return schedule.rooms[0]
    lowered = wanted.strip().lower()
    exact = [r for r in schedule.rooms if r.lower() == lowered]
    if exact:
        return exact[0]
    partial = [r for r in schedule.rooms if lowered and lowered in r.lower()]
    if len(partial) == 1:
        return partial[0]
    which = "matches several rooms" if partial else "is not a room in the source"
    raise UsageError(
        schedule.source,
        [f"--room {quoted(wanted)} {which}; rooms: " + ", ".join(quoted(r) for r in (partial or rooms))],
    )


def _match_day(schedule: Schedule, days: list[dt.date], wanted: str) -> dt.date:
    try:
        day = parse_day_option(wanted)
    except ValueError as error:
        raise UsageError(schedule.source, [str(error)]) from None
    listed = ", ".join(f"{i}: {d.isoformat()} ({d:%a})" for i, d in enumerate(days, 1))
    if isinstance(day, int):
        if 1 <= day <= len(days):
            return days[day - 1]
        raise UsageError(schedule.source, [f"--day {day}: the source has {len(days)} day(s): {listed}"])
    if day in days:
        return day
    raise UsageError(schedule.source, [f"--day {day.isoformat()} is not a day of the source; days: {listed}"])


def _choices(
    schedule: Schedule,
    rooms: list[str],
    days: list[dt.date],
    command: str,
    room: str | None,
    day: dt.date | None,
) -> str:
    width = max(len(quoted(r)) for r in rooms)
    lines = ["days (--day DATE or --day N):"]
    lines += [f"  {i}: {d.isoformat()} ({d:%a})" for i, d in enumerate(days, 1)]
    lines.append("rooms (--room NAME), sessions per day:")
    for r in rooms:
        counts = [sum(1 for t in schedule.talks if t.room == r and t.day == d) for d in days]
        per_day = ", ".join(f"{d:%a} {n}" for d, n in zip(days, counts, strict=False))
        lines.append(f"  {quoted(r).ljust(width)}  {per_day}")
    example_room = room or rooms[0]
    example_day = day or days[0]
    lines.append(f"e.g. {command} --room {quoted(example_room)} --day {example_day.isoformat()}")
    return "\n".join(lines)


# --- building the plan ------------------------------------------------------------------------


@dataclass
class Built:
    plan: Plan
    talks: list[Talk]  # the talks the plan holds, in order
    warnings: list[str]  # what the source holds that the plan cannot


def build_plan(schedule: Schedule, choice: Choice, title: str | None = None) -> Built:
    warnings: list[str] = []
    ordered = sorted(choice.talks, key=lambda t: (t.start, t.end, t.title))
    kept: list[Talk] = []
    for talk in ordered:
        if kept and elapsed(talk.start, kept[-1].end) > 0:
            before = kept[-1]
            plenum = " (a session for every room)" if talk.everywhere else ""
            warnings.append(
                f"skipped {quoted(talk.title)}{plenum} ({_span(talk)}): it overlaps {quoted(before.title)}"
                f" ({_span(before)}) in {quoted(choice.room)}, and a plan runs one segment at a time"
            )
            continue
        kept.append(talk)
    warnings += _in_other_rooms(schedule, choice, kept)

    people: list[dict] = []
    person_ids = UniqueIds()
    by_key: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    segments: list[dict] = []
    segment_ids = UniqueIds()
    previous: Talk | None = None
    for talk in kept:
        speaker_ids = []
        for speaker in talk.speakers:
            key = speaker.key or f"name:{speaker.name.strip().lower()}"
            if key not in by_key:
                ident = person_ids.take(slugify(speaker.name, "speaker", 30))
                by_key[key] = ident
                names.setdefault(speaker.name.strip().lower(), []).append(ident)
                person = {"id": ident, "name": speaker.name.strip(), "role": "speaker"}
                if speaker.bio:
                    person["intro"] = speaker.bio
                people.append(person)
            elif speaker.bio and "intro" not in people[_index(people, by_key[key])]:
                people[_index(people, by_key[key])]["intro"] = speaker.bio
            if by_key[key] not in speaker_ids:
                speaker_ids.append(by_key[key])
        segment: dict = {
            "id": segment_ids.take(slugify(talk.title, "segment")),
            "title": talk.title,
            "kind": talk.kind,
            "duration": format_duration(int(talk.seconds)),
        }
        if previous is not None and elapsed(previous.end, talk.start) != 0:
            segment["start"] = talk.start.time().replace(tzinfo=None)
            _check_placed(schedule.source, previous, talk)
        if talk.kind == "host" and speaker_ids:  # the host owns the segment, as a plan says it
            segment["owner"], speaker_ids = speaker_ids[0], speaker_ids[1:]
        if speaker_ids:
            segment["speakers"] = speaker_ids
        if talk.notes:
            segment["notes"] = talk.notes
        segments.append(segment)
        previous = talk
    for _name, ids in names.items():
        if len(ids) > 1:
            warnings.append(
                f"{len(ids)} different speakers are named {quoted(people[_index(people, ids[0])]['name'])}"
                f" in the source: they are people {', '.join(ids)} (merge them if they are one person)"
            )

    speaking = {ident for segment in segments for ident in segment.get("speakers", ())}
    for person in people:
        if person["id"] not in speaking:
            person["role"] = "host"
    first = kept[0]
    event: dict = {
        "title": title or schedule.title or "Imported event",
        "date": first.start.date(),
        "start": first.start.time().replace(tzinfo=None),
    }
    if schedule.timezone:
        event["timezone"] = schedule.timezone
    if schedule.has_rooms:
        event["venue"] = choice.room
    plan = validate_plan_data({"event": event, "people": people, "segments": segments})
    return Built(plan, kept, warnings)


def _check_placed(source: str, previous: Talk, talk: Talk) -> None:
    """A hard start is a time of day: the plan must read it as the day the source means."""
    cursor = previous.end if previous.end.tzinfo else previous.end.replace(tzinfo=dt.UTC)
    placed = hard_start_after(cursor, talk.start.time())
    if previous.end.tzinfo is None:
        placed = placed.replace(tzinfo=None)
    if placed != talk.start:
        gap = format_duration(int(elapsed(previous.end, talk.start)))
        raise SourceError(
            source,
            [
                f"{talk.where or quoted(talk.title)}: starts {talk.start:%Y-%m-%d %H:%M}, {gap} after"
                f" {quoted(previous.title)} ends ({previous.end:%Y-%m-%d %H:%M}): a plan cannot hold a gap of"
                " 12 hours or more (a hard start is a time of day): import the days one at a time",
            ],
        )


def _index(people: list[dict], ident: str) -> int:
    return next(i for i, p in enumerate(people) if p["id"] == ident)


def _span(talk: Talk) -> str:
    return f"{talk.start:%Y-%m-%d} {hhmm(talk.start)}-{hhmm(talk.end)}"


def _in_other_rooms(schedule: Schedule, choice: Choice, kept: list[Talk]) -> list[str]:
    """A talk scheduled in this room and another: the plan holds only this room's slot."""
    warnings = []
    elsewhere: dict[str, list[Talk]] = {}
    for talk in schedule.talks:
        if talk.room != choice.room and not talk.everywhere:
            elsewhere.setdefault(talk.identity, []).append(talk)
    for talk in kept:
        if talk.everywhere:
            continue
        for other in elsewhere.get(talk.identity, []):
            warnings.append(
                f"{quoted(talk.title)} is also scheduled in {quoted(other.room)} ({_span(other)}); this plan holds"
                f" only its slot in {quoted(choice.room)} ({hhmm(talk.start)}): import {quoted(other.room)} too"
            )
    return warnings


# --- reading sources --------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the command line adds to a source that lacks it."""

    timezone: str | None = None  # --timezone: the source's, or this one when it names none
    day: str | None = None  # --day as given: a CSV without dates takes it as the event's date
    today: dt.date | None = None  # the date a CSV without any date falls back to


def load_json(text: str, source: str, what: str) -> object:
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
