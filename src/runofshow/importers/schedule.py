"""The neutral schedule every format module reads into: talks of every room and day.

Times are instants in the event's timezone, or naive wall-clock times when the source names no
timezone; compare and subtract them with ``parsing.elapsed`` (real time), never with ``<`` or ``-``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import Found
from .parsing import elapsed


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
    problems: list[Found] = field(default_factory=list)  # each of one room or day: fatal only if chosen
