"""frab's ``schedule.xml`` (also written by pretalx and the c3voc tools).

Shape: ``<schedule><conference><title/><time_zone_name/></conference>
<day index="1" date="2026-05-14"><room name="..."><event guid="..." id="..."><date/><start/>
<duration/><title/><type/><track/><persons><person id="...">Name</person></persons></event>
</room></day></schedule>``. Persons carry no biography in this format.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from .errors import Problems, SourceError
from .parsing import (
    Options,
    Spelling,
    event_zone,
    parse_clock,
    parse_clock_duration,
    parse_date,
    plus,
    talk_start,
)
from .schedule import Schedule, Speaker, Talk
from .words import clean_text, kind_from_words, plain_text, quoted

NAME = "frab-xml"
WHAT = "a frab schedule.xml"


def looks_like(root: ET.Element) -> bool:
    return root.tag == "schedule" and (root.find("day") is not None or root.find("conference") is not None)


def read_xml(raw: bytes, source: str) -> ET.Element:
    try:
        return ET.fromstring(raw)
    except ET.ParseError as error:
        line, column = error.position
        message = re.sub(r": line \d+, column \d+$", "", str(error))
        raise SourceError(source, f"{line}:{column + 1}: broken XML ({message}); is this {WHAT}?") from None


def parse(raw: bytes, source: str, options: Options) -> Schedule:
    root = read_xml(raw, source)
    if not looks_like(root):
        raise SourceError(
            source, f"not {WHAT}: the root element is <{root.tag}>, expected <schedule> with <day> elements"
        )
    problems = Problems(source)
    conference = root.find("conference")
    title = clean_text(conference.findtext("title")) if conference is not None else None
    named = conference.findtext("time_zone_name") if conference is not None else None
    tzname, tz = event_zone(problems, options, named, "<conference><time_zone_name>")
    rooms: list[str] = []
    if conference is not None:
        rooms = [name for r in conference.iterfind("rooms/room") if (name := r.get("name"))]
    day_change = conference.findtext("day_change") if conference is not None else None
    talks: list[Talk] = []
    days = root.findall("day")
    if not days:
        raise SourceError(source, f"<schedule> has no <day> elements; is this {WHAT}?")
    for day_number, day in enumerate(days, 1):
        where_day = f"<day> {day_number}"
        day_date = None
        if day.get("date") is not None:
            try:
                day_date = parse_date(day.get("date"))
                where_day = f"<day> {day_number} ({day_date.isoformat()})"
            except ValueError as error:
                problems.add(where_day, f"date: {error}")
        groups: list[tuple[str, list[ET.Element]]] = []
        for room_element in day.findall("room"):
            room = room_element.get("name")
            if not room:
                problems.add(where_day, '<room> without a name="..."')
                continue
            groups.append((room, room_element.findall("event")))
        loose = day.findall("event")  # FOSDEM 2007-2012: events under <day>, each naming its <room>
        for number, event in enumerate(loose, 1):
            room = clean_text(event.findtext("room"))
            if not room:
                problems.place(None, day_date)
                problems.add(
                    f"{where_day}, event {number}", "missing <room> (events directly under <day> name it)"
                )
                continue
            group = next((g for r, g in groups if r == room), None)
            if group is None:
                groups.append((room, group := []))
            group.append(event)
        if loose:  # listed by track or id, not by time: in time order, the hours before day_change last
            groups = [(room, sorted(events, key=_by_time(day_change))) for room, events in groups]
        for room, events in groups:
            if room not in rooms:
                rooms.append(room)
            previous = None  # the start of the event before, in this room and day
            for number, event in enumerate(events, 1):
                where = f"{where_day}, room {quoted(room)}, event {number}"
                if event.get("id"):
                    where += f" (id {event.get('id')})"
                problems.place(room, day_date)
                talk = _talk(problems, event, where, room, day_date, tz, previous)
                if talk is not None:
                    talks.append(talk)
                    previous = talk.start
            problems.place()
    found = problems.raise_if_unplaced()
    return Schedule(source, NAME, title, tzname, talks, rooms, problems.finish_notes(), problems=found)


def _by_time(day_change: str | None):
    """A sort key for the events of one room and day: by start, and a start before the conference's
    ``<day_change>`` (06:00 at a congress) after the others, since that day runs past midnight."""
    try:
        change = parse_clock(day_change) if day_change else None
    except ValueError:
        change = None

    def key(event: ET.Element) -> tuple[bool, dt.time]:
        try:
            clock = parse_clock(event.findtext("start"))
        except ValueError:
            return (False, dt.time())  # reported when the event is read
        return (change is not None and clock < change, clock)

    return key


def _talk(
    problems: Problems,
    event: ET.Element,
    where: str,
    room: str,
    day: dt.date | None,
    tz,
    previous: dt.datetime | None,
) -> Talk | None:
    title = plain_text(event.findtext("title"))
    if title:
        where += f" {quoted(title)}"
    else:
        problems.add(where, "missing <title>")
        return None
    start = talk_start(
        problems, where, event.findtext("date") or None, event.findtext("start"), day, tz, _SPELLING, previous
    )
    duration = event.findtext("duration")
    seconds = None
    if duration is None:
        problems.add(where, "missing <duration>")
    else:
        try:
            seconds = parse_clock_duration(duration)
        except ValueError as error:
            problems.add(where, f"<duration>: {error}")
    if start is None or seconds is None:
        return None
    speakers = []
    for person in event.iterfind("persons/person"):
        name = clean_text(person.text)
        if not name:
            problems.add(where, "a <person> without a name")
            return None
        speakers.append(Speaker(name, None, person.get("guid") or person.get("id")))
    track = clean_text(event.findtext("track"))
    key = event.get("guid") or event.get("id")
    return Talk(
        title=title,
        start=start,
        end=plus(start, seconds),
        room=room,
        day=day or start.date(),
        kind=kind_from_words(clean_text(event.findtext("type")), title, bool(speakers)),
        speakers=tuple(speakers),
        notes=f"Track: {track}" if track else None,
        key=key,
        where=where,
    )


_SPELLING = Spelling(
    key="<{}>", value="<{}> {}", missing="<{}>", no_day="neither the event nor its <day> has one"
)
