"""Choosing the rooms and days of a schedule to import (every one, or ``--room``, ``--day``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import SourceError, UsageError
from .parsing import parse_date
from .schedule import Schedule, Talk
from .words import quoted

# --- choosing rooms and days -----------------------------------------------------------------


@dataclass
class Choice:
    """What to import: rooms in the source's order (two or more: a plan of [[stages]], one per room)
    and days in order (two or more: a later day opens with a dated start on each stage)."""

    rooms: list[str]
    days: list[dt.date]
    talks: list[Talk]

    @property
    def staged(self) -> bool:
        return len(self.rooms) > 1


def parse_day_option(text: str) -> dt.date | int:
    """``--day``: an ISO date, or the day's number in the source (1 for the first)."""
    if text.strip().isdigit():
        return int(text.strip())
    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(f'--day "{text}": give a date like 2026-05-14 or a day number like 1') from None


def select(schedule: Schedule, room: str | None, day: str | None, command: str) -> Choice:
    """The talks of the chosen room and day, or of every room and every day when none is chosen.

    Issue 14: a source of several rooms or days is one plan (a stage per room, every day), where
    it used to be refused until one room and one day were picked; ``--room`` and ``--day`` still
    narrow it (one room: a one-stage plan, as before). A room without talks on the chosen days is
    no stage (a plan's stage must have segments).
    """
    source = schedule.source
    if not schedule.talks:
        raise SourceError(source, f"holds no scheduled sessions: nothing to import ({schedule.format})")
    days = sorted({talk.day for talk in schedule.talks})
    rooms = [r for r in schedule.rooms if any(t.room == r and not t.everywhere for t in schedule.talks)]
    rooms = rooms or list(schedule.rooms)

    chosen_rooms = [_match_room(schedule, rooms, room)] if room is not None else rooms
    chosen_days = [_match_day(schedule, days, day)] if day is not None else days
    wanted_rooms, wanted_days = set(chosen_rooms), set(chosen_days)
    talks = [t for t in schedule.talks if t.room in wanted_rooms and t.day in wanted_days]
    if not talks:
        chosen_room = chosen_rooms[0]
        on = sorted({t.day for t in schedule.talks if t.room == chosen_room})
        there = ", ".join(f"{d.isoformat()} ({d:%a})" for d in on) or "no day at all"
        when = f" on {chosen_days[0].isoformat()}" if day is not None else ""
        raise UsageError(
            source,
            [f"nothing is scheduled in {quoted(chosen_room)}{when}; that room has sessions on: {there}"],
            hint=_choices(schedule, rooms, days, command, None, None),
        )
    if len(chosen_rooms) > 1:
        talks = _own_days(talks, chosen_rooms)
    busy = {t.room for t in talks}
    return Choice(
        [r for r in chosen_rooms if r in busy],
        [d for d in chosen_days if any(t.day == d for t in talks)],
        talks,
    )


def _own_days(talks: list[Talk], rooms: list[str]) -> list[Talk]:
    """A plenum session (in every room's programme) is on the stages that have sessions of their
    own that day: a room used on one day only is no stage on the others for the sake of a lunch.
    A day of plenum sessions only keeps them on the first room."""
    own = {(t.room, t.day) for t in talks if not t.everywhere}
    days_with_own = {day for _, day in own}
    first = next((r for r in rooms if any(t.room == r for t in talks)), rooms[0])
    return [
        t
        for t in talks
        if not t.everywhere or (t.room, t.day) in own or (t.day not in days_with_own and t.room == first)
    ]


def _match_room(schedule: Schedule, rooms: list[str], wanted: str) -> str:
    if not schedule.has_rooms:
        raise UsageError(
            schedule.source,
            [f"--room {quoted(wanted)}: the source has no rooms (no room column); leave out --room"],
        )
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
