"""Folded: everything the actions so far have done, with no clock (``reduce.project`` adds it).

The record that every action's ``apply`` (show/actions.py) changes and that ``project`` reads:
the running order, the segments (from the plan or inserted live), their runs, the checklist
ticks, the handoffs, the stage, the notes. Instants here are UTC (see ``utc``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..plan import Plan, Segment
from .state import SegmentRow, ShowPhase, StageMessage

if TYPE_CHECKING:
    from .reduce import Checklists

ZERO = dt.timedelta(0)
UTC = dt.UTC


def utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive datetime is an error (it would silently mean the machine's zone)."""
    tz = moment.tzinfo
    if tz is UTC:
        return moment
    if tz is None or moment.utcoffset() is None:
        raise ValueError(f"instant without timezone: {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(slots=True)
class SegmentDef:
    """A segment as the fold sees it: from the plan or inserted live; instants in UTC.

    Never changed once in ``Folded.defs``: an action that changes a segment puts a new one in
    its place (``project`` keeps the rows it made by the SegmentDef they were made from)."""

    id: str
    title: str
    kind: str
    speakers: tuple[str, ...]
    duration: int
    planned_start: dt.datetime | None  # UTC
    hard_start: dt.datetime | None  # UTC
    qa: int
    warn: int
    wrap: int
    inserted: bool = False
    host: str | None = None  # the owner's name when nobody speaks in it (a host, a sponsor's raffle)


@dataclass(slots=True)
class Run:
    """One segment's actual run. Instants are UTC; ``elapsed`` accepts any aware ``now``."""

    started: dt.datetime
    ended: dt.datetime | None = None
    added: int = 0
    paused: dt.timedelta = ZERO
    paused_at: dt.datetime | None = None

    def stop_pause(self, at: dt.datetime) -> None:
        if self.paused_at is not None:
            self.paused += max(ZERO, at - self.paused_at)
            self.paused_at = None

    def elapsed(self, now: dt.datetime) -> float:
        """Seconds running at ``now`` (or at the end, once ended), pauses excluded."""
        end = self.ended or utc(now)
        paused = self.paused + (max(ZERO, end - self.paused_at) if self.paused_at else ZERO)
        return (end - self.started - paused).total_seconds()


@dataclass(slots=True)
class Folded:
    """Everything the actions so far have done, with no clock: ``project`` adds the instant."""

    plan: Plan
    order: list[str]
    defs: dict[str, SegmentDef]
    skipped: set[str] = field(default_factory=set)
    runs: dict[str, Run] = field(default_factory=dict)
    live: str | None = None
    started_at: dt.datetime | None = None  # UTC
    ended_at: dt.datetime | None = None  # UTC
    checks: dict[tuple[str, int], tuple[bool, str | None, dt.datetime]] = field(default_factory=dict)
    handoffs: dict[str, tuple[dt.datetime, str | None]] = field(default_factory=dict)
    message: StageMessage | None = None
    blackout: bool = False
    stage_sound: bool | None = None  # the journal's choice of the stage view's sound (None: none yet)
    notes: list[tuple[dt.datetime, str]] = field(default_factory=list)
    head_counts: list[tuple[dt.datetime, int]] = field(default_factory=list)  # (when, how many)
    offset: dt.timedelta = ZERO
    # Logistics (issue 13): task id -> (done, by, at); person id -> (here, since, first arrival,
    # last departure). Instants in the event's timezone, as for checks.
    task_marks: dict[str, tuple[bool, str | None, dt.datetime]] = field(default_factory=dict)
    presence: dict[str, tuple[bool, dt.datetime, dt.datetime | None, dt.datetime | None]] = field(
        default_factory=dict
    )
    count: int = 0
    undoable: int = 0  # undoable actions (``Action.undoable``) not undone
    undoable_before_20: int = 0  # of them, those an undo record without any_kind reaches
    tz: dt.tzinfo = UTC  # the event's timezone
    # (count, checklists) of the last projection: checklists change only with an action, and a
    # live view projects a few times a second (a 1,000-segment plan has thousands of items).
    checklist_cache: tuple[int, Checklists] | None = field(default=None, repr=False, compare=False)
    # Rows of the last projection around the live one, by where they start in the running order:
    # {first index: (count, cursor, rows, cursor after, next)}. Between two actions no row but the
    # live one changes while it runs on time, so a 2 Hz tick does not project a long plan again.
    rows_cache: dict[int, tuple] = field(default_factory=dict, repr=False, compare=False)
    # The last row made for each segment, with what it was made from (see ``reduce._rows``).
    row_memo: dict[str, tuple[SegmentDef, tuple, SegmentRow]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def show(self) -> ShowPhase:
        if self.ended_at is not None:
            return "ended"
        return "live" if self.live is not None else "before"

    @property
    def planned_start(self) -> dt.datetime:
        """The plan's start, shifted by a rehearsal (UTC)."""
        return utc(self.plan.start) + self.offset

    def next_pending(self) -> str | None:
        return next((s for s in self.order if s not in self.runs and s not in self.skipped), None)

    def is_pending(self, segment: str) -> bool:
        return segment in self.defs and segment not in self.runs and segment not in self.skipped

    def slot_passed(self, segment: str) -> bool:
        """True once a segment after ``segment`` in the running order has started: its slot is gone."""
        runs = self.runs
        return any(later in runs for later in self.order[self.order.index(segment) + 1 :])

    def place(self, segment: str, after: str | None) -> None:
        """Put ``segment`` in the running order right after ``after`` (None, or not in the order:
        before the next pending segment)."""
        order = self.order
        if after is not None and after in order:
            order.insert(order.index(after) + 1, segment)
            return
        nxt = self.next_pending()
        order.insert(order.index(nxt) if nxt else len(order), segment)

    def has_item(self, segment: str, index: object) -> bool:
        """Whether the plan segment ``segment`` has a checklist item at ``index``."""
        seg = self.plan.segment_by_id.get(segment)
        return (
            seg is not None
            and isinstance(index, int)
            and not isinstance(index, bool)
            and 0 <= index < len(self.plan.checklist_for(seg))
        )


def plan_defs(plan: Plan) -> tuple[list[str], dict[str, SegmentDef]]:
    defs = {
        slot.segment.id: SegmentDef(
            id=slot.segment.id,
            title=slot.segment.title,
            kind=slot.segment.kind,
            speakers=tuple(plan.speaker_names(slot.segment)),
            duration=slot.segment.duration,
            planned_start=utc(slot.start),
            hard_start=utc(slot.start) if slot.segment.start is not None else None,
            qa=slot.segment.qa,
            warn=plan.warn_for(slot.segment),
            wrap=plan.wrap_for(slot.segment),
            host=_host(plan, slot.segment),
        )
        for slot in plan.schedule
    }
    return list(defs), defs


def _host(plan: Plan, segment: Segment) -> str | None:
    """The owner's name for a segment nobody speaks in (a host's welcome, a sponsor's raffle);
    a break's owner runs it off stage."""
    if segment.speakers or segment.owner is None or segment.kind == "break":
        return None
    person = plan.person_by_id.get(segment.owner)
    return person.name if person is not None else segment.owner
