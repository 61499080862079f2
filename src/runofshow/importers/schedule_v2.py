"""schedule-v2 JSON: the newer c3voc layout, written by the CCC hub (``schedule-v2.json``).

Shape: ``{"$schema": ".../schema2.json", "schedule": {"version", "conference": {"title",
"time_zone_name", "rooms": [{"name", "guid"}], "days": [{"index", "date", "start", "end"}]},
"events": [{"guid", "title", "start", "end" (ISO with offset), "room": {"name"}, "type",
"track": {"slug"}, "participants": [{"guid", "name", "role"}]}], "persons": [{"guid", "name",
"biography"}]}}``. Unlike schedule.json (see ``pretalx``), the days hold no rooms: the events are
one list, and an event belongs to the conference day whose start and end hold its start (a
congress day runs until 06:00 the next morning).
"""

from __future__ import annotations

import datetime as dt

from .errors import Problems, SourceError
from .parsing import (
    Options,
    check_offset,
    elapsed,
    event_zone,
    list_or_empty,
    localize,
    parse_date,
    parse_datetime,
)
from .schedule import Schedule, Speaker, Talk
from .words import clean_bio, clean_text, kind_from_words, plain_text, quoted

NAME = "schedule-v2"
WHAT = "a c3voc schedule-v2 JSON (CCC hub)"


def looks_like(data: object) -> bool:
    """schedule.conference plus one list of schedule.events, and days without rooms."""
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict):
        return False
    schedule = data["schedule"]
    return isinstance(schedule.get("conference"), dict) and isinstance(schedule.get("events"), list)


def parse_data(data: dict, source: str, options: Options) -> Schedule:
    schedule = data["schedule"]
    conference = schedule["conference"]
    problems = Problems(source)
    tzname, tz = event_zone(problems, options, conference.get("time_zone_name"), "conference.time_zone_name")
    listed = list_or_empty(conference.get("rooms"))
    rooms = [name for r in listed if isinstance(r, dict) and (name := clean_text(r.get("name")))]
    days = _days(problems, conference.get("days"), tz)
    bios = {
        str(p["guid"]): clean_bio(p.get("biography"))
        for p in list_or_empty(schedule.get("persons"))
        if isinstance(p, dict) and p.get("guid")
    }
    problems.raise_if_any()  # the timezone and the days: every event depends on them
    talks: list[Talk] = []
    for number, entry in enumerate(schedule["events"]):
        where = f"events[{number}]"
        problems.place()
        if not isinstance(entry, dict):
            problems.add(where, "not an object")
            continue
        room_value = entry.get("room")
        room = clean_text(room_value.get("name") if isinstance(room_value, dict) else room_value)
        problems.place(room)
        title = plain_text(entry.get("title"))
        if not title:
            problems.add(where, 'missing "title"')
            continue
        where += f" {quoted(title)}"
        if not room:
            problems.add(where, 'missing "room" (an object with a "name")')
            continue
        try:
            written = parse_datetime(entry.get("start"))
            start = localize(written, tz)
            end = localize(parse_datetime(entry.get("end")), tz)
        except ValueError as error:
            problems.add(where, f"start/end: {error}")
            continue
        check_offset(problems, written, start, entry.get("start"))
        day = next(
            (d for d, (first, last) in days.items() if elapsed(first, start) >= 0 > elapsed(last, start)),
            None,
        )
        day = day or start.date()
        problems.place(room, day)
        seconds = elapsed(start, end)
        if not 0 < seconds <= 24 * 3600:
            problems.add(where, f"runs from {entry.get('start')} to {entry.get('end')}: not a length of time")
            continue
        speakers = []
        for person in list_or_empty(entry.get("participants")):
            name = clean_text(person.get("name")) if isinstance(person, dict) else None
            if not name:
                problems.add(where, "a participant without a name")
                continue
            guid = str(person.get("guid") or "") or None
            speakers.append(Speaker(name, bios.get(guid or ""), guid))
        if room not in rooms:
            rooms.append(room)
        track = entry.get("track")
        track_name = (
            clean_text(track.get("name") or track.get("slug"))
            if isinstance(track, dict)
            else clean_text(track)
        )
        talks.append(
            Talk(
                title=title,
                start=start,
                end=end,
                room=room,
                day=day,
                kind=kind_from_words(clean_text(entry.get("type")), title, bool(speakers)),
                speakers=tuple(speakers),
                notes=f"Track: {track_name}" if track_name else None,
                key=str(entry.get("guid") or "") or None,
                where=where,
            )
        )
    problems.place()
    found = problems.raise_if_unplaced()
    title = clean_text(conference.get("title"))
    return Schedule(source, NAME, title, tzname, talks, rooms, problems.finish_notes(), problems=found)


def _days(problems: Problems, days: object, tz) -> dict[dt.date, tuple[dt.datetime, dt.datetime]]:
    """Conference day -> (start, end): the hours that count as that day."""
    found: dict[dt.date, tuple[dt.datetime, dt.datetime]] = {}
    if days is None:
        return found
    if not isinstance(days, list):
        raise SourceError(problems.source, f"schedule.conference.days: not a list; is this {WHAT}?")
    for number, day in enumerate(days, 1):
        if not isinstance(day, dict):
            problems.add(f"day {number}", "not an object")
            continue
        try:
            date = parse_date(day.get("date"))
            if day.get("start") is None or day.get("end") is None:
                continue  # no hours given: its events are dated by their start
            found[date] = (
                localize(parse_datetime(day["start"]), tz),
                localize(parse_datetime(day["end"]), tz),
            )
        except ValueError as error:
            problems.add(f"day {number}", str(error))
    return found
