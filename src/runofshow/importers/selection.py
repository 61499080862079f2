"""Choosing one room on one day of a schedule (``--room``, ``--day``), or listing the choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import SourceError, UsageError
from .parsing import parse_date
from .schedule import Schedule, Talk
from .words import quoted

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
