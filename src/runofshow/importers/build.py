"""Building a ``Plan`` from the chosen rooms and days, with what the plan cannot hold as warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..base.slugs import slugify
from ..plan.durations import format_duration
from ..plan.load import validate_plan_data
from ..plan.models import Plan, hard_start_after
from .errors import SourceError
from .parsing import elapsed, format_offset, hhmm, instant
from .schedule import Schedule, Speaker, Talk
from .selection import Choice
from .words import UniqueIds, quoted

OVERLAPS, OTHER_ROOMS, SAME_NAMES = "overlaps", "talks also in other rooms", "names shared by several people"
TWO_STAGES = "people due on two stages at once"

# --- building the plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    """A person the source has in two rooms at overlapping times: a plan must not (``check`` says
    "due on two stages at once"), so the person stays on the segment that starts first (``kept``)
    and is left out of ``segment``'s speakers, named in its notes instead.

    ``why``: "plenum" (a session in every room's programme), "same" (one talk of the source in
    two rooms at once: a stream or an overflow room) or "clash" (a double booking in the source).
    """

    segment: str  # the segment the person is left out of
    kept: str  # the segment the person stays on
    names: tuple[str, ...]
    talk: Talk
    other: Talk
    why: str


@dataclass
class Built:
    plan: Plan
    talks: list[Talk]  # the talks the plan holds, in the order of its segments
    warnings: list[tuple[str, str]]  # (kind, text): what the source holds that the plan cannot
    clashes: list[Clash] = field(default_factory=list)  # people left out of a segment (see Clash)
    stage_ids: dict[str, str] = field(default_factory=dict)  # room -> stage id (a plan of stages)


def build_plan(schedule: Schedule, choice: Choice, title: str | None = None) -> Built:
    """The plan of the chosen rooms and days.

    One room: a plan without [[stages]], as before issue 14. Several: one [[stages]] entry per
    room (an id slugged from its name) and every segment's ``stage``. Each room is its own
    timeline in time order; the segments are written day by day, and within a day stage by stage.
    A stage's first talk of a later day gets a dated hard start (``start = 2026-12-04T09:00:00``),
    which opens that day on the stage; a gap within a day is a hard start of a time of day.
    """
    warnings: list[tuple[str, str]] = []
    staged = choice.staged
    rank = {room: index for index, room in enumerate(choice.rooms)}
    by_room: dict[str, list[Talk]] = {room: [] for room in choice.rooms}
    for talk in choice.talks:
        by_room[talk.room].append(talk)
    placed: list[tuple[dt.date, int, int, Talk]] = []  # (day, room, position): the written order
    for room, talks in by_room.items():
        day: dt.date | None = None
        for position, talk in enumerate(_one_at_a_time(talks, room, staged, warnings)):
            day = talk.day if day is None or talk.day > day else day  # never back: time order wins
            placed.append((day, rank[room], position, talk))
    placed.sort(key=lambda entry: entry[:3])
    kept = [talk for *_, talk in placed]
    warnings += _in_other_rooms(schedule, choice, kept)

    segment_ids = UniqueIds()
    seg_ids = [segment_ids.take(slugify(talk.title, "segment")) for talk in kept]
    stage_taken = UniqueIds()
    stage_ids = {room: stage_taken.take(slugify(room, "stage")) for room in choice.rooms} if staged else {}
    dropped, clashes = _two_rooms_at_once(kept, seg_ids, rank) if staged else ({}, [])

    people: list[dict] = []
    person_ids = UniqueIds()
    by_key: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    segments: list[dict] = []
    first = min(kept, key=lambda t: instant(t.start))
    previous: dict[str, Talk] = {}
    in_force: dict[str, dt.date] = {}  # room -> the date of its day in force (as the plan counts days)
    stage_starts: dict[str, dt.time] = {}
    for index, talk in enumerate(kept):
        speaker_ids = []
        for speaker in talk.speakers:
            key = _person_key(speaker)
            if key in dropped.get(index, ()):
                continue
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
            "id": seg_ids[index],
            "title": talk.title,
            "kind": talk.kind,
            "duration": format_duration(int(talk.seconds)),
        }
        if staged:
            segment["stage"] = stage_ids[talk.room]
        before = previous.get(talk.room)
        date_in_force = in_force.get(talk.room, first.start.date())
        if before is None and talk.day != first.day and talk.start.date() > date_in_force:
            segment["start"] = _dated(talk.start)  # the stage opens on a later day
            in_force[talk.room] = talk.start.date()
            _check_placed(schedule.source, first.start, "the event starts", talk, segment["start"])
        elif before is None:
            if elapsed(first.start, talk.start) != 0:  # a stage that starts after the event
                if talk.start.date() == first.start.date():
                    stage_starts[talk.room] = talk.start.time().replace(tzinfo=None)
                else:
                    segment["start"] = talk.start.time().replace(tzinfo=None)
                _check_placed(
                    schedule.source,
                    first.start,
                    "the event starts",
                    talk,
                    talk.start.time().replace(tzinfo=None),
                )
        elif talk.day != before.day and talk.start.date() > date_in_force:
            segment["start"] = _dated(talk.start)  # a later day on this stage
            in_force[talk.room] = talk.start.date()
            _check_placed(schedule.source, before.end, f"{quoted(before.title)} ends", talk, segment["start"])
        elif elapsed(before.end, talk.start) != 0:
            segment["start"] = talk.start.time().replace(tzinfo=None)
            _check_placed(schedule.source, before.end, f"{quoted(before.title)} ends", talk, segment["start"])
        if talk.kind == "host" and speaker_ids:  # the host owns the segment, as a plan says it
            segment["owner"], speaker_ids = speaker_ids[0], speaker_ids[1:]
        if speaker_ids:
            segment["speakers"] = speaker_ids
        notes = [talk.notes] if talk.notes else []
        notes += [_clash_note(clash) for clash in clashes if clash.segment == seg_ids[index]]
        if notes:
            segment["notes"] = "\n".join(notes)
        segments.append(segment)
        previous[talk.room] = talk
    for _name, ids in names.items():
        if len(ids) > 1:
            warnings.append(
                (
                    SAME_NAMES,
                    f"{len(ids)} different speakers are named {quoted(people[_index(people, ids[0])]['name'])}"
                    f" in the source: they are people {', '.join(ids)} (merge them if they are one person)",
                )
            )

    speaking = {ident for segment in segments for ident in segment.get("speakers", ())}
    for person in people:
        if person["id"] not in speaking:
            person["role"] = "host"
    event: dict = {
        "title": title or schedule.title or "Imported event",
        "date": first.start.date(),
        "start": first.start.time().replace(tzinfo=None),
    }
    if schedule.timezone:
        event["timezone"] = schedule.timezone
    if schedule.has_rooms and not staged:
        event["venue"] = choice.rooms[0]
    data: dict = {"event": event, "people": people, "segments": segments}
    if staged:
        data["stages"] = [
            {"id": stage_ids[room], "name": room}
            | ({"start": stage_starts[room]} if room in stage_starts else {})
            for room in choice.rooms
        ]
    plan = validate_plan_data(data)
    return Built(plan, kept, warnings, clashes, stage_ids)


def _one_at_a_time(talks: list[Talk], room: str, staged: bool, warnings: list[tuple[str, str]]) -> list[Talk]:
    """A room's talks in time order, without those that overlap the one before: a stage runs one
    segment at a time. Ordered in real time: two datetimes that share a ZoneInfo compare on the
    wall clock and ignore fold."""
    ordered = sorted(talks, key=lambda t: (instant(t.start), instant(t.end), t.title))
    kept: list[Talk] = []
    what = "a stage" if staged else "a plan"
    for talk in ordered:
        if kept and elapsed(talk.start, kept[-1].end) > 0:
            before = kept[-1]
            plenum = " (a session for every room)" if talk.everywhere else ""
            warnings.append(
                (
                    OVERLAPS,
                    f"skipped {quoted(talk.title)}{plenum} ({span_of(talk)}): it overlaps {quoted(before.title)}"
                    f" ({span_of(before)}) in {quoted(room)}, and {what} runs one segment at a time",
                )
            )
            continue
        kept.append(talk)
    return kept


def _person_key(speaker: Speaker) -> str:
    return speaker.key or f"name:{speaker.name.strip().lower()}"


def _two_rooms_at_once(
    kept: list[Talk], seg_ids: list[str], rank: dict[str, int]
) -> tuple[dict[int, set[str]], list[Clash]]:
    """People the source has in two rooms at overlapping times, and where each stays.

    Talks are taken in real time (then in the source's room order): a person stays on the first
    talk, and is left out of any other that overlaps it in another room. Returns the person keys
    left out per talk (its index in ``kept``) and one Clash per talk and other talk.
    """
    due: dict[str, list[int]] = {}
    dropped: dict[int, set[str]] = {}
    found: dict[tuple[int, int], list[str]] = {}
    for index in sorted(range(len(kept)), key=lambda i: (instant(kept[i].start), rank[kept[i].room])):
        talk = kept[index]
        for speaker in talk.speakers:
            key = _person_key(speaker)
            if key in dropped.get(index, ()) or index in due.get(key, []):
                continue
            other = next(
                (
                    j
                    for j in due.get(key, [])
                    if kept[j].room != talk.room
                    and elapsed(talk.start, kept[j].end) > 0
                    and elapsed(kept[j].start, talk.end) > 0
                ),
                None,
            )
            if other is None:
                due.setdefault(key, []).append(index)
                continue
            dropped.setdefault(index, set()).add(key)
            names = found.setdefault((index, other), [])
            if speaker.name.strip() not in names:
                names.append(speaker.name.strip())
    clashes = []
    for (index, other), names in found.items():
        talk, kept_talk = kept[index], kept[other]
        if talk.everywhere and kept_talk.everywhere and talk.identity == kept_talk.identity:
            why = "plenum"
        elif talk.key and talk.key == kept_talk.key:
            why = "same"
        else:
            why = "clash"
        clashes.append(Clash(seg_ids[index], seg_ids[other], tuple(names), talk, kept_talk, why))
    return dropped, clashes


def _clash_note(clash: Clash) -> str:
    """The words in a segment's notes for the people left out of it."""
    who = ", ".join(clash.names)
    there = f"{clash.other.room} ('{clash.kept}', {hhmm(clash.other.start)}-{hhmm(clash.other.end)})"
    if clash.why == "plenum":
        return f"A session in every room: its speakers ({who}) are listed on {there}."
    if clash.why == "same":
        return f"The same talk as on {there} in the source, in two rooms at once: its speakers ({who}) are listed there."
    return (
        f"In the source also: {who}, due on {there} at the same time; a person cannot be on two stages"
        f" at once, so the plan lists {who} there only."
    )


def _dated(moment: dt.datetime) -> dt.datetime:
    """A dated hard start as a plan writes it: a local date-time (the event's timezone applies)."""
    return moment.replace(tzinfo=None, fold=0)


def _check_placed(
    source: str, cursor: dt.datetime, after: str, talk: Talk, start: dt.time | dt.datetime
) -> None:
    """A hard start (a time of day, or a dated one) must be read by the plan as the instant the
    source means; ``cursor`` is where the stage's timeline stands (``after`` says what it is).

    Compared in real time (UTC): on the night the clocks go back, 02:30 after the change and 02:30
    before it are equal as wall-clock datetimes but an hour apart, and a plan's time of day always
    means the first.
    """
    aware = cursor if cursor.tzinfo else cursor.replace(tzinfo=dt.UTC)
    placed = hard_start_after(aware, start)
    if cursor.tzinfo is None:
        placed = placed.replace(tzinfo=None)
    if elapsed(placed, talk.start) == 0:
        return
    where = talk.where or quoted(talk.title)
    if placed.replace(tzinfo=None, fold=0) == talk.start.replace(tzinfo=None, fold=0):
        raise SourceError(
            source,
            [
                f"{where}: starts {talk.start:%Y-%m-%d} {hhmm(talk.start)} {format_offset(talk.start.utcoffset())},"
                f" after the clocks went back: a plan's start is a time of day, and {hhmm(talk.start)} there"
                f" means the first one ({format_offset(placed.utcoffset())}), {_hours(elapsed(placed, talk.start))}"
                " too early: a plan cannot hold a start in the hour that happens twice; move it in the"
                " source, or start it by hand on the night",
            ],
        )
    gap = format_duration(int(elapsed(cursor, talk.start)))
    raise SourceError(
        source,
        [
            f"{where}: starts {talk.start:%Y-%m-%d %H:%M}, {gap} after {after} ({cursor:%Y-%m-%d %H:%M}):"
            " a plan cannot hold a gap of 12 hours or more within one day of the source (a hard start"
            " is a time of day): import that day with --day",
        ],
    )


def _hours(seconds: float) -> str:
    return format_duration(int(abs(seconds)))


def _index(people: list[dict], ident: str) -> int:
    return next(i for i, p in enumerate(people) if p["id"] == ident)


def span_of(talk: Talk) -> str:
    return f"{talk.start:%Y-%m-%d} {hhmm(talk.start)}-{hhmm(talk.end)}"


def _in_other_rooms(schedule: Schedule, choice: Choice, kept: list[Talk]) -> list[tuple[str, str]]:
    """A talk scheduled in a room of the plan and in a room left out: the plan holds only its slot
    in the first. (In two rooms of the plan at once, it is on both stages: see ``_two_rooms_at_once``.)

    Only the source's own id says it is one talk: two sessions of the same title in two rooms at
    once (a spreadsheet's "Lightning talks" in every hall) are two sessions.
    """
    warnings = []
    elsewhere: dict[str, list[Talk]] = {}
    chosen = set(choice.rooms)
    for talk in schedule.talks:
        if talk.room not in chosen and not talk.everywhere and talk.key:
            elsewhere.setdefault(talk.key, []).append(talk)
    for talk in kept:
        if talk.everywhere or not talk.key:
            continue
        for other in elsewhere.get(talk.key, []):
            warnings.append(
                (
                    OTHER_ROOMS,
                    f"{quoted(talk.title)} is also scheduled in {quoted(other.room)} ({span_of(other)}); this plan holds"
                    f" only its slot in {quoted(talk.room)} ({hhmm(talk.start)}): import {quoted(other.room)} too",
                )
            )
    return warnings
