"""Building a ``Plan`` from the chosen room and day, with what the plan cannot hold as warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..base.slugs import slugify
from ..plan.durations import format_duration
from ..plan.load import validate_plan_data
from ..plan.models import Plan, hard_start_after
from .errors import SourceError
from .parsing import elapsed, format_offset, hhmm, instant
from .schedule import Schedule, Talk
from .selection import Choice
from .words import UniqueIds, quoted

OVERLAPS, OTHER_ROOMS, SAME_NAMES = "overlaps", "talks also in other rooms", "names shared by several people"

# --- building the plan ------------------------------------------------------------------------


@dataclass
class Built:
    plan: Plan
    talks: list[Talk]  # the talks the plan holds, in order
    warnings: list[tuple[str, str]]  # (kind, text): what the source holds that the plan cannot


def build_plan(schedule: Schedule, choice: Choice, title: str | None = None) -> Built:
    warnings: list[tuple[str, str]] = []
    # In real time: two datetimes that share a ZoneInfo compare on the wall clock and ignore fold.
    ordered = sorted(choice.talks, key=lambda t: (instant(t.start), instant(t.end), t.title))
    kept: list[Talk] = []
    for talk in ordered:
        if kept and elapsed(talk.start, kept[-1].end) > 0:
            before = kept[-1]
            plenum = " (a session for every room)" if talk.everywhere else ""
            warnings.append(
                (
                    OVERLAPS,
                    f"skipped {quoted(talk.title)}{plenum} ({_span(talk)}): it overlaps {quoted(before.title)}"
                    f" ({_span(before)}) in {quoted(choice.room)}, and a plan runs one segment at a time",
                )
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
    """A hard start is a time of day: the plan must read it as the instant the source means.

    Compared in real time (UTC): on the night the clocks go back, 02:30 after the change and 02:30
    before it are equal as wall-clock datetimes but an hour apart, and a plan's time of day always
    means the first.
    """
    cursor = previous.end if previous.end.tzinfo else previous.end.replace(tzinfo=dt.UTC)
    placed = hard_start_after(cursor, talk.start.time())
    if previous.end.tzinfo is None:
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
    gap = format_duration(int(elapsed(previous.end, talk.start)))
    raise SourceError(
        source,
        [
            f"{where}: starts {talk.start:%Y-%m-%d %H:%M}, {gap} after"
            f" {quoted(previous.title)} ends ({previous.end:%Y-%m-%d %H:%M}): a plan cannot hold a gap of"
            " 12 hours or more (a hard start is a time of day): import the days one at a time",
        ],
    )


def _hours(seconds: float) -> str:
    return format_duration(int(abs(seconds)))


def _index(people: list[dict], ident: str) -> int:
    return next(i for i, p in enumerate(people) if p["id"] == ident)


def _span(talk: Talk) -> str:
    return f"{talk.start:%Y-%m-%d} {hhmm(talk.start)}-{hhmm(talk.end)}"


def _in_other_rooms(schedule: Schedule, choice: Choice, kept: list[Talk]) -> list[tuple[str, str]]:
    """A talk scheduled in this room and another: the plan holds only this room's slot.

    Only the source's own id says it is one talk: two sessions of the same title in two rooms at
    once (a spreadsheet's "Lightning talks" in every hall) are two sessions.
    """
    warnings = []
    elsewhere: dict[str, list[Talk]] = {}
    for talk in schedule.talks:
        if talk.room != choice.room and not talk.everywhere and talk.key:
            elsewhere.setdefault(talk.key, []).append(talk)
    for talk in kept:
        if talk.everywhere or not talk.key:
            continue
        for other in elsewhere.get(talk.key, []):
            warnings.append(
                (
                    OTHER_ROOMS,
                    f"{quoted(talk.title)} is also scheduled in {quoted(other.room)} ({_span(other)}); this plan holds"
                    f" only its slot in {quoted(choice.room)} ({hhmm(talk.start)}): import {quoted(other.room)} too",
                )
            )
    return warnings
