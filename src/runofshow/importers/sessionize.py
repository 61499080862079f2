"""Sessionize's JSON API, the "All" view (``https://sessionize.com/api/v2/ID/view/All``).

Shape: ``{"sessions": [{"id", "title", "startsAt", "endsAt", "isServiceSession", "isPlenumSession",
"speakers": [speaker id], "roomId", "categoryItems": [item id]}], "speakers": [{"id", "fullName",
"bio"}], "rooms": [{"id", "name"}], "categories": [{"title", "items": [{"id", "name"}]}]}``.
Times are the event's local wall-clock times without offset; the source names no timezone and no
event title. Sessions not scheduled yet (no ``startsAt``) are left out and counted.
"""

from __future__ import annotations

from .errors import Problems, SourceError
from .parsing import (
    Options,
    decode,
    elapsed,
    event_zone,
    happens_twice,
    hhmm,
    list_or_empty,
    load_json,
    localize,
    parse_datetime,
    twice_note,
)
from .schedule import Schedule, Speaker, Talk
from .words import clean_bio, clean_text, kind_from_words, plain_text, quoted, service_kind

NAME = "sessionize"
WHAT = 'a Sessionize "All" JSON export'
NO_ROOM = "(no room)"


def looks_like(data: object) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("sessions"), list)
        and ("speakers" in data or "rooms" in data)
    )


def other_view(data: object) -> str | None:
    """A hint when ``data`` is another Sessionize view (grouped sessions, a grid)."""
    if isinstance(data, list) and data and isinstance(data[0], dict):
        if "sessions" in data[0] and ("groupName" in data[0] or "groupId" in data[0]):
            return 'a Sessionize "Sessions" view: export the "All" view (…/view/All) instead'
        if "rooms" in data[0] and "date" in data[0]:
            return 'a Sessionize "Grid" view: export the "All" view (…/view/All) instead'
    return None


def parse(raw: bytes, source: str, options: Options) -> Schedule:
    data = load_json(decode(raw, source, WHAT), source, WHAT)
    if not looks_like(data):
        hint = other_view(data)
        raise SourceError(
            source, f"not {WHAT}: " + (hint or 'expected an object with "sessions", "speakers" and "rooms"')
        )
    problems = Problems(source)
    tzname, tz = event_zone(problems, options, None, "")
    rooms = _by_id(problems, data.get("rooms"), "rooms", "name")
    categories = _categories(data.get("categories"))
    speakers: dict[str, Speaker] = {}
    broken: dict[str, str] = {}  # speaker id -> its problem, said where a session of the choice names it
    for number, entry in enumerate(_list(problems, data.get("speakers"), "speakers"), 1):
        where = f"speakers[{number - 1}]"
        if not isinstance(entry, dict) or entry.get("id") in (None, ""):
            problems.notes.append(f'{where}: no "id", so no session can name this speaker: left out')
            continue
        name = clean_text(entry.get("fullName")) or clean_text(
            " ".join(filter(None, (clean_text(entry.get("firstName")), clean_text(entry.get("lastName")))))
        )
        if not name:
            broken[str(entry["id"])] = f'{where} (id {entry["id"]}): missing "fullName"'
            continue
        speakers[str(entry["id"])] = Speaker(name, clean_bio(entry.get("bio")), str(entry["id"]))

    room_names = list(rooms.values())
    talks: list[Talk] = []
    unscheduled = roomless = 0
    for number, entry in enumerate(data["sessions"]):
        where = f"sessions[{number}]"
        problems.place()
        if not isinstance(entry, dict):
            problems.add(where, "not an object")
            continue
        if entry.get("id") not in (None, ""):
            where += f" (id {entry['id']})"
        room_id = entry.get("roomId")
        if isinstance(room_id, (dict, list, bool)):
            problems.add(where, f"roomId: {room_id!r} is not a room id")
            continue
        room = rooms.get(str(room_id)) if room_id is not None and not entry.get("isPlenumSession") else None
        problems.place(room)
        title = plain_text(entry.get("title"))
        if not title:
            problems.add(where, 'missing "title"')
            continue
        where += f" {quoted(title)}"
        starts, ends = entry.get("startsAt"), entry.get("endsAt")
        if starts is None and ends is None:
            unscheduled += 1
            continue
        if starts is None or ends is None:
            given, absent = ("endsAt", "startsAt") if starts is None else ("startsAt", "endsAt")
            problems.add(where, f"has {given} but no {absent}")
            continue
        try:
            start = localize(parse_datetime(starts), tz)
        except ValueError as error:
            problems.add(where, f"startsAt: {error}")
            continue
        problems.place(room, start.date())
        try:
            end = localize(parse_datetime(ends), tz)
        except ValueError as error:
            problems.add(where, f"endsAt: {error}")
            continue
        if elapsed(start, end) <= 0:
            problems.add(where, f"endsAt {ends} is not after startsAt {starts}")
            continue
        if elapsed(start, end) > 24 * 3600:
            problems.add(where, f"runs from {starts} to {ends}: longer than a day")
            continue
        for moment, written in ((start, starts), (end, ends)):
            if happens_twice(moment) and parse_datetime(written).tzinfo is None:
                problems.note_once(twice_note(moment))
        session_speakers = []
        for ref in _list(problems, entry.get("speakers"), f"{where}: speakers"):
            ident = str(ref.get("id")) if isinstance(ref, dict) else str(ref)
            if ident in speakers:
                session_speakers.append(speakers[ident])
            elif ident in broken:
                problems.add(where, f"its speaker {broken[ident]}")
            elif isinstance(ref, dict) and (name := clean_text(ref.get("name"))):
                session_speakers.append(Speaker(name, None, ident))
            else:
                problems.add(where, f'speaker "{ident}" is not in "speakers"')
        everywhere = bool(entry.get("isPlenumSession")) or room_id is None
        if room_id is None and not entry.get("isPlenumSession"):
            roomless += 1
        elif room_id is not None and str(room_id) not in rooms:
            problems.add(where, f'roomId {room_id} is not in "rooms"')
            continue
        items = list_or_empty(entry.get("categoryItems"))
        labels = [categories[str(i)] for i in items if str(i) in categories]
        if entry.get("isServiceSession"):
            kind = service_kind(title)
        else:
            formats = [name for group, name in labels if "format" in group.lower() or "type" in group.lower()]
            kind = kind_from_words(formats[0] if formats else None, title, bool(session_speakers))
        labelled = " · ".join(f"{group}: {name}" for group, name in labels) or None
        targets = room_names or [NO_ROOM] if everywhere else [rooms[str(room_id)]]
        for room in targets:
            talks.append(
                Talk(
                    title=title,
                    start=start,
                    end=end,
                    room=room,
                    day=start.date(),
                    kind=kind,
                    speakers=tuple(session_speakers),
                    notes=labelled,
                    key=str(entry.get("id") or f"{title}@{hhmm(start)}"),
                    everywhere=everywhere,
                    where=where,
                )
            )
    problems.place()
    found = problems.raise_if_unplaced()
    notes = problems.notes
    if unscheduled:
        notes.append(f"{unscheduled} session(s) have no time yet (no startsAt): left out")
    if roomless:
        notes.append(f"{roomless} session(s) have no room: placed in every room, like plenum sessions")
    if not room_names:
        room_names = [NO_ROOM]
    return Schedule(
        source, NAME, None, tzname, talks, room_names, notes, has_rooms=bool(rooms), problems=found
    )


def _list(problems: Problems, value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(where, f"expected a list, got {value!r}"[:120])
        return []
    return value


def _by_id(problems: Problems, entries: object, key: str, field: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if entries is None:
        return found
    if not isinstance(entries, list):
        problems.add(key, "not a list")
        return found
    for number, entry in enumerate(entries):
        value = clean_text(entry.get(field)) if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or entry.get("id") is None or not value:
            problems.add(f"{key}[{number}]", f'needs "id" and "{field}"')
            continue
        found[str(entry["id"])] = value
    return found


def _categories(entries: object) -> dict[str, tuple[str, str]]:
    """Category item id -> (category title, item name), e.g. ("Track", "Cloud")."""
    found: dict[str, tuple[str, str]] = {}
    for category in list_or_empty(entries):
        if not isinstance(category, dict):
            continue
        group = clean_text(category.get("title")) or "Category"
        for item in list_or_empty(category.get("items")):
            if (
                isinstance(item, dict)
                and item.get("id") is not None
                and (name := clean_text(item.get("name")))
            ):
                found[str(item["id"])] = (group, name)
    return found
