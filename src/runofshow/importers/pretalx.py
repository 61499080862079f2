"""pretalx's ``schedule.json``: the frab-compatible JSON schedule (also written by frab itself).

Shape: ``{"schedule": {"conference": {"title", "time_zone_name", "rooms": [{"name"}],
"days": [{"date", "rooms": {ROOM: [TALK, ...]}}]}}}``; a talk has ``title``, ``start`` "HH:MM",
``duration`` "HH:MM", ``date`` (ISO, usually a date and time with offset), ``persons``
(``public_name`` or ``name``, ``biography``), ``type``, ``track`` and ids (``guid``, ``code``, ``id``).
"""

from __future__ import annotations

import datetime as dt

from . import schedule_v2
from .errors import Problems, SourceError
from .parsing import (
    Options,
    Spelling,
    decode,
    event_zone,
    list_or_empty,
    load_json,
    parse_clock_duration,
    parse_date,
    plus,
    talk_start,
)
from .schedule import Schedule, Speaker, Talk
from .words import clean_bio, clean_text, kind_from_words, plain_text, quoted

NAME = "pretalx"
WHAT = "a pretalx schedule.json"


def looks_like(data: object) -> bool:
    return (
        isinstance(data, dict) and isinstance(data.get("schedule"), dict) and "conference" in data["schedule"]
    )


def parse(raw: bytes, source: str, options: Options) -> Schedule:
    data = load_json(decode(raw, source, WHAT), source, WHAT)
    if not looks_like(data):
        shape = (
            f"top-level keys: {', '.join(list(data)[:8])}"
            if isinstance(data, dict)
            else f"a JSON {type(data).__name__}"
        )
        raise SourceError(source, f"not {WHAT}: expected schedule.conference, found {shape}")
    if schedule_v2.looks_like(data):  # the newer c3voc layout: one list of events
        return schedule_v2.parse_data(data, source, options)
    conference = data["schedule"]["conference"]
    if not isinstance(conference, dict):
        raise SourceError(source, f"not {WHAT}: schedule.conference is not an object")
    problems = Problems(source)
    tzname, tz = event_zone(problems, options, conference.get("time_zone_name"), "conference.time_zone_name")
    listed = list_or_empty(conference.get("rooms"))
    rooms: list[str] = [r["name"] for r in listed if isinstance(r, dict) and isinstance(r.get("name"), str)]
    days = conference.get("days")
    if not isinstance(days, list):
        raise SourceError(source, f"schedule.conference.days: missing or not a list; is this {WHAT}?")
    talks: list[Talk] = []
    for day_number, day in enumerate(days, 1):
        where_day = f"day {day_number}"
        if not isinstance(day, dict):
            problems.add(where_day, "not an object")
            continue
        day_date = None
        try:
            day_date = parse_date(day.get("date")) if day.get("date") is not None else None
        except ValueError as error:
            problems.add(where_day, f"date: {error}")
        if day_date is not None:
            where_day = f"day {day_number} ({day_date.isoformat()})"
        day_rooms = day.get("rooms")
        if not isinstance(day_rooms, dict):
            problems.add(where_day, 'missing "rooms" (an object of room name: list of talks)')
            continue
        for room, entries in day_rooms.items():
            if room not in rooms:
                rooms.append(room)
            if not isinstance(entries, list):
                problems.add(f"{where_day}, room {quoted(room)}", "not a list of talks")
                continue
            previous = None  # the start of the talk before, in this room and day
            for number, entry in enumerate(entries, 1):
                problems.place(room, day_date)
                where = f"{where_day}, room {quoted(room)}, talk {number}"
                talk = _talk(problems, entry, where, room, day_date, tz, previous)
                if talk is not None:
                    talks.append(talk)
                    previous = talk.start
            problems.place()
    found = problems.raise_if_unplaced()
    title = clean_text(conference.get("title"))
    return Schedule(source, NAME, title, tzname, talks, rooms, problems.finish_notes(), problems=found)


def _talk(
    problems: Problems,
    entry: object,
    where: str,
    room: str,
    day: dt.date | None,
    tz,
    previous: dt.datetime | None,
) -> Talk | None:
    if not isinstance(entry, dict):
        problems.add(where, "not an object")
        return None
    title = plain_text(entry.get("title"))
    if title:
        where += f" {quoted(title)}"
    else:
        problems.add(where, 'missing "title"')
    found = len(problems.found)
    start = talk_start(problems, where, entry.get("date"), entry.get("start"), day, tz, _SPELLING, previous)
    seconds = None
    if "duration" not in entry:
        problems.add(where, 'missing "duration"')
    else:
        try:
            seconds = parse_clock_duration(entry["duration"])
        except ValueError as error:
            problems.add(where, f"duration: {error}")
    speakers = _speakers(problems, entry.get("persons"), where)
    if not title or start is None or seconds is None or speakers is None or len(problems.found) > found:
        return None
    track = clean_text(entry.get("track"))
    kind_name = clean_text(entry.get("type"))
    key = next((str(entry[k]) for k in ("guid", "code", "id") if entry.get(k) not in (None, "")), None)
    return Talk(
        title=title,
        start=start,
        end=plus(start, seconds),
        room=room,
        day=day or start.date(),
        kind=kind_from_words(kind_name, title, bool(speakers)),
        speakers=tuple(speakers),
        notes=f"Track: {track}" if track else None,
        key=key,
        where=where,
    )


_SPELLING = Spelling(key="{}", value='{} "{}"', missing='"{}"', no_day="neither the talk nor its day has one")


def _speakers(problems: Problems, persons: object, where: str) -> list[Speaker] | None:
    if persons is None:
        return []
    if not isinstance(persons, list):
        problems.add(where, "persons: not a list")
        return None
    speakers = []
    for number, person in enumerate(persons, 1):
        if isinstance(person, str) and person.strip():  # some generators write plain names
            speakers.append(Speaker(person.strip()))
            continue
        name = person_name(person) if isinstance(person, dict) else None
        if not name:
            problems.add(where, f'person {number}: missing "public_name"')
            return None
        key = next((str(person[k]) for k in ("code", "guid", "id") if person.get(k) not in (None, "")), None)
        speakers.append(Speaker(name, clean_bio(person.get("biography")), key))
    return speakers


NAME_KEYS = ("public_name", "full_public_name", "full_name", "name")  # as the voc/schedule tools read them


def person_name(person: dict) -> str | None:
    """A person's name from the first of ``NAME_KEYS`` that holds one."""
    return next((name for key in NAME_KEYS if (name := clean_text(person.get(key)))), None)
