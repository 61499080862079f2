"""ShowState: what the show looks like at one instant. Built by reduce, read by every view."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..base.instants import seconds_between

Phase = Literal["pending", "on_time", "warning", "wrap", "qa", "overtime"]
PHASES: tuple[Phase, ...] = Phase.__args__  # type: ignore[attr-defined]  # the timer's phases, in order
ShowPhase = Literal["before", "live", "ended"]
Status = Literal["pending", "live", "done", "skipped"]

PHASE_WORDS: dict[str, str] = {
    "pending": "NOT STARTED",
    "on_time": "ON TIME",
    "warning": "{warn} MIN",
    "wrap": "WRAP UP",
    "qa": "Q&A",
    "overtime": "OVER TIME",
}


_seconds = seconds_between  # real seconds (through UTC: right across a DST change)


@dataclass(frozen=True, slots=True)
class ItemState:
    """One checklist item and whether, by whom and when it was done."""

    index: int
    item: str
    by: str | None
    blocking: bool
    done: bool = False
    done_by: str | None = None
    done_at: dt.datetime | None = None
    need: bool = False  # a speaker's need (people.needs): ``by`` is the speaker it is for


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One segment in running order, planned and as it really went (or is projected to)."""

    id: str
    title: str
    kind: str
    speakers: tuple[str, ...]  # display names
    duration: int  # planned seconds (inserted: as asked)
    planned_start: dt.datetime | None  # None for an inserted segment
    hard_start: dt.datetime | None
    status: Status
    start: dt.datetime  # actual when started, else projected
    end: dt.datetime  # actual when done, else projected
    added: int = 0  # seconds added (or removed) live
    inserted: bool = False
    host: str | None = None  # the owner's name, for a segment with no speakers (a host, a raffle)

    @property
    def who(self) -> str:
        """Who is on stage, in words: the speakers, else "host: Tom" ("sponsor: Acme"), else ""."""
        if self.speakers:
            return ", ".join(self.speakers)
        if self.host:
            return f"{'sponsor' if self.kind == 'sponsor' else 'host'}: {self.host}"
        return ""

    @property
    def actual_duration(self) -> int:
        return round(_seconds(self.start, self.end))

    @property
    def late_by(self) -> int:
        """Seconds the (projected or actual) start is behind the planned start."""
        return 0 if self.planned_start is None else round(_seconds(self.planned_start, self.start))


@dataclass(frozen=True, slots=True)
class SegmentRun:
    """How a started segment ran, for a report: instants in the event's timezone, unrounded."""

    started: dt.datetime
    ended: dt.datetime | None  # None while it is live
    added: int  # seconds added (or removed) live
    elapsed: float  # seconds running at the instant asked for (or at its end), pauses excluded


@dataclass(frozen=True, slots=True)
class LiveTimer:
    """The live segment's countdown at one instant."""

    segment: str
    started: dt.datetime
    elapsed: float  # seconds running, pauses excluded
    remaining: float  # negative in overtime
    allotted: int  # planned + added
    phase: Phase
    paused: bool
    qa: int
    warn: int
    wrap: int

    @property
    def overtime(self) -> float:
        return max(0.0, -self.remaining)

    @property
    def progress(self) -> float:
        return 1.0 if self.allotted <= 0 else min(1.0, max(0.0, self.elapsed / self.allotted))

    @property
    def phase_words(self) -> str:
        return phase_words(self.phase, self.warn)


def phase_words(phase: str, warn: int = 300) -> str:
    return PHASE_WORDS[phase].format(warn=max(1, round(warn / 60)))


@dataclass(frozen=True, slots=True)
class StageMessage:
    """The message on the stage view, flashing or not (a blackout is apart: ``ShowState.blackout``)."""

    text: str
    flash: bool
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ShowState:
    """The whole show at one instant: every view renders from this alone."""

    now: dt.datetime
    show: ShowPhase
    rows: tuple[SegmentRow, ...]  # running order, skipped ones included
    live: LiveTimer | None
    live_index: int | None
    next_index: int | None
    planned_start: dt.datetime
    planned_end: dt.datetime
    projected_end: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    checklists: Mapping[str, tuple[ItemState, ...]]  # show.reduce.Checklists: built when asked for
    handoffs: dict[str, tuple[dt.datetime, str | None]]
    message: StageMessage | None
    blackout: bool  # the stage view is blacked out (only the clock), with or without a message
    notes: tuple[tuple[dt.datetime, str], ...]
    rehearsal_offset: int  # seconds the plan was shifted by a rehearsal
    action_count: int
    tz: dt.tzinfo = field(default=dt.UTC)
    # Logistics (issue 13), as folded: task id -> (done, by, at); person id -> (here, since,
    # first arrival, last departure). show.logistics turns them into statuses at ``now``.
    task_marks: Mapping[str, tuple[bool, str | None, dt.datetime]] = field(default_factory=dict)
    presence: Mapping[str, tuple[bool, dt.datetime, dt.datetime | None, dt.datetime | None]] = field(
        default_factory=dict
    )
    head_counts: tuple[tuple[dt.datetime, int], ...] = ()  # (when, how many), in the order counted
    curfew: dt.datetime | None = None  # the plan's [event] curfew (shifted by a rehearsal)
    # The stage view's sound as the journal last set it (issue 17): None when never set, and then
    # the stage's --sound flag decides; once set, it wins over the flag.
    stage_sound: bool | None = None

    def curfew_words(self) -> str:
        """ "CURFEW 22:00: projected end 22:14, +14m" while the (projected or actual) end passes the
        curfew; "" otherwise. Minutes rounded up: 20 seconds past the curfew is past it."""
        if self.curfew is None:
            return ""
        end = self.ended_at or self.projected_end
        over = _seconds(self.curfew, end)
        if over <= 0:
            return ""
        tz = self.tz
        what = "ended" if self.ended_at is not None else "projected end"
        return (
            f"CURFEW {self.curfew.astimezone(tz):%H:%M}: {what} {end.astimezone(tz):%H:%M}, "
            f"+{schedule_minutes(over)}"
        )

    @property
    def head_count(self) -> int | None:
        """The last head count (None: nobody counted)."""
        return self.head_counts[-1][1] if self.head_counts else None

    @property
    def head_count_max(self) -> int | None:
        """The highest head count of the night."""
        return max(count for _, count in self.head_counts) if self.head_counts else None

    @property
    def behind(self) -> int:
        """Seconds the whole show is behind the plan (negative: ahead)."""
        return round(_seconds(self.planned_end, self.projected_end))

    @property
    def live_row(self) -> SegmentRow | None:
        return None if self.live_index is None else self.rows[self.live_index]

    @property
    def next_row(self) -> SegmentRow | None:
        return None if self.next_index is None else self.rows[self.next_index]

    def row(self, segment_id: str) -> SegmentRow | None:
        return next((row for row in self.rows if row.id == segment_id), None)

    def blockers(self, segment_id: str) -> list[ItemState]:
        """The blocking checklist items of a segment not done yet: what should stop a GO into it."""
        return [item for item in self.checklists.get(segment_id, ()) if item.blocking and not item.done]

    def schedule_words(self) -> str:
        """AHEAD 3:00 / ON SCHEDULE / BEHIND 4:30 (``schedule_words``)."""
        return schedule_words(self.behind)


def schedule_minutes(seconds: float) -> str:
    """``14m``, ``1h05m``: whole minutes, rounded up."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def schedule_words(behind: int) -> str:
    """AHEAD 3:00 / ON SCHEDULE / BEHIND 1:38:06: the one spelling the console header, the stage
    view and the reports share (M:SS, H:MM:SS from an hour on), to the minute that a room needs."""
    if abs(behind) < 60:
        return "ON SCHEDULE"
    hours, rest = divmod(abs(behind), 3600)
    minutes, seconds = divmod(rest, 60)
    amount = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"{'BEHIND' if behind > 0 else 'AHEAD'} {amount}"
