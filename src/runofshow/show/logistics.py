"""The day around the show (issue 13): tasks and people at one instant, and the alerts they raise.

Pure functions of the plan and a ShowState (which carries the folded task marks and check-ins):
a task's status, a person's lateness and the alerts are computed from the plan, the journal and
``state.now``, never stored. A task tied to a segment follows that segment's *projected* start
or end (``SegmentRow.start`` / ``end``: actual once it ran), so it moves as the show runs late
or early, with a move, an insert or an undo; a skipped segment's tasks are not needed.

Nothing here is computed until a view asks: the console's show screen asks only for ``alerts``
(which returns at once for a plan with no people and no tasks), the desk screen for the lists.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ..plan import Plan
from ..plan.models import Task, time_of_day
from .state import SegmentRow, ShowState

DUE_WITHIN = 300  # seconds: a task is DUE this long before its time, and a blocking item alerts
TaskStatus = Literal["upcoming", "due", "late", "done", "not_needed"]
PersonStatus = Literal["here", "left", "late", "not_here"]


def _seconds(earlier: dt.datetime, later: dt.datetime) -> float:
    return (later.astimezone(dt.UTC) - earlier.astimezone(dt.UTC)).total_seconds()


def _plus(moment: dt.datetime, seconds: float) -> dt.datetime:
    return (moment.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def late_minutes(seconds: float) -> int:
    """Whole minutes late, at least 1 once late at all (``LATE 1m`` for the first minute)."""
    return max(1, int(seconds // 60))


def in_minutes(seconds: float) -> int:
    """Whole minutes to go, rounded up (12m until 12:00 is left, 1m in the last minute)."""
    return max(0, math.ceil(seconds / 60))


@dataclass(frozen=True, slots=True)
class TaskState:
    """One task at one instant."""

    id: str
    title: str
    owner: str | None  # person id
    owner_name: str | None
    notes: str | None  # private
    anchor: str | None  # the segment it is tied to
    planned_due: dt.datetime
    due: dt.datetime  # projected (the segment's actual start or end once it ran)
    status: TaskStatus
    late_by: float = 0.0  # seconds past due, while late
    done_at: dt.datetime | None = None
    done_by: str | None = None  # person id
    done_by_name: str | None = None

    def words(self, tz: dt.tzinfo) -> str:
        """``upcoming`` / ``DUE`` / ``LATE 6m`` / ``done 18:14 by Tamar`` / ``not needed``."""
        if self.status == "done":
            at = self.done_at.astimezone(tz).strftime("%H:%M") if self.done_at else "--:--"
            return f"done {at}" + (f" by {self.done_by_name}" if self.done_by_name else "")
        if self.status == "late":
            return f"LATE {late_minutes(self.late_by)}m"
        return {"upcoming": "upcoming", "due": "DUE", "not_needed": "not needed"}[self.status]


@dataclass(frozen=True, slots=True)
class PersonState:
    """One person at one instant: expected when, here or not, on next when."""

    id: str
    name: str
    role: str | None
    expected: dt.datetime | None
    status: PersonStatus
    since: dt.datetime | None = None  # of the last check-in or check-out
    arrived_at: dt.datetime | None = None  # the first check-in
    left_at: dt.datetime | None = None  # the last check-out
    late_by: float = 0.0
    next_at: dt.datetime | None = None  # projected start of their next (or live) segment
    next_segment: str | None = None  # its title
    phone: str | None = None  # private
    email: str | None = None  # private
    needs: tuple[str, ...] = ()

    @property
    def here(self) -> bool:
        return self.status == "here"

    def words(self, tz: dt.tzinfo) -> str:
        """``HERE since 18:02`` / ``NOT HERE`` / ``LATE 12m`` / ``LEFT 21:30``."""
        at = self.since.astimezone(tz).strftime("%H:%M") if self.since else "--:--"
        if self.status == "here":
            return f"HERE since {at}"
        if self.status == "left":
            return f"LEFT {at}"
        if self.status == "late":
            return f"LATE {late_minutes(self.late_by)}m"
        return "NOT HERE"


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the organizer should act on now. ``key`` names it, so the feed records it once."""

    key: tuple
    kind: Literal["not_here", "late_task", "not_ready"]
    text: str


def planned_due(plan: Plan, task: Task) -> dt.datetime:
    """When a task is due by the plan (before any rehearsal shift), in the event's timezone."""
    return plan.task_dues[task.id].astimezone(plan.tz)


def _due_utc(task: Task, planned: dt.datetime, row: SegmentRow | None, shift: int) -> dt.datetime:
    """The projected due instant in UTC: the planned one for a timed task, else the segment's
    projected (or actual) start or end with the offset."""
    if row is None:
        return planned + dt.timedelta(seconds=shift) if shift else planned
    if task.before is not None:
        return row.start.astimezone(dt.UTC) - dt.timedelta(seconds=task.offset)
    return row.end.astimezone(dt.UTC) + dt.timedelta(seconds=task.offset)


def _rows(state: ShowState) -> dict[str, SegmentRow]:
    return {row.id: row for row in state.rows}


def task_states(plan: Plan, state: ShowState, rows: dict[str, SegmentRow] | None = None) -> list[TaskState]:
    """Every task at ``state.now``, in due order (then plan order)."""
    if not plan.tasks:
        return []
    rows = _rows(state) if rows is None else rows
    shift = state.rehearsal_offset
    now, tz = state.now, state.tz
    people = plan.person_by_id
    dues = plan.task_dues
    out = []
    for task in plan.tasks:
        planned = _plus(dues[task.id], shift).astimezone(tz)
        anchor = task.before or task.after
        row = rows.get(anchor) if anchor else None
        due = _due_utc(task, dues[task.id], row, shift)
        mark = state.task_marks.get(task.id)
        late_by = 0.0
        if mark is not None and mark[0]:
            status: TaskStatus = "done"
        elif row is not None and row.status == "skipped":
            status = "not_needed"
        else:
            to_go = _seconds(now, due)
            if to_go > DUE_WITHIN:
                status = "upcoming"
            elif to_go >= 0:
                status = "due"
            else:
                status, late_by = "late", -to_go
        done = mark if mark is not None and mark[0] else None
        owner = people.get(task.owner) if task.owner else None
        by = people.get(done[1]) if done and done[1] else None
        out.append(
            TaskState(
                id=task.id,
                title=task.title,
                owner=task.owner,
                owner_name=owner.name if owner else task.owner,
                notes=task.notes,
                anchor=anchor,
                planned_due=planned,
                due=due.astimezone(tz),
                status=status,
                late_by=late_by,
                done_at=done[2] if done else None,
                done_by=done[1] if done else None,
                done_by_name=(by.name.split()[0] if by else done[1]) if done else None,
            )
        )
    order = {task.id: i for i, task in enumerate(plan.tasks)}
    out.sort(key=lambda t: (t.due.timestamp(), order[t.id]))
    return out


def expected_arrival(plan: Plan, person: str, shift: int = 0) -> dt.datetime | None:
    """When a person is expected: their ``arrive``, else ``[timers] call`` before their first
    planned appearance (a segment they speak in, own or hand over into, or a task they own);
    None for someone who is on nowhere. Planned times (and a rehearsal's shift): an arrival is
    agreed with the person beforehand and does not move as the show runs late."""
    found = plan.person_by_id.get(person)
    if found is None:
        return None
    if found.arrive is not None:
        return _plus(time_of_day(plan, found.arrive), shift)
    slots = plan.slot_by_id
    firsts = [slots[seg].start for seg in plan.appearances.get(person, ())[:1]]
    firsts += [planned_due(plan, task) for task in plan.tasks if task.owner == person]
    if not firsts:
        return None
    first = min(firsts, key=lambda moment: moment.astimezone(dt.UTC))
    return _plus(first, shift - plan.timers.call)


def person_states(
    plan: Plan, state: ShowState, rows: dict[str, SegmentRow] | None = None
) -> list[PersonState]:
    """Every person of the plan at ``state.now``, in plan order."""
    if not plan.people:
        return []
    rows = _rows(state) if rows is None else rows
    now, tz, shift = state.now, state.tz, state.rehearsal_offset
    out = []
    for person in plan.people:
        expected = expected_arrival(plan, person.id, shift)
        here, since, arrived, left = state.presence.get(person.id, (False, None, None, None))
        late_by = 0.0
        if here:
            status: PersonStatus = "here"
        elif left is not None:
            status = "left"
        elif expected is not None and _seconds(expected, now) > 0:
            status, late_by = "late", _seconds(expected, now)
        else:
            status = "not_here"
        next_row = None
        for seg in plan.appearances.get(person.id, ()):
            row = rows.get(seg)
            if (
                row is not None
                and row.status in ("live", "pending")
                and (next_row is None or row.start < next_row.start)
            ):
                next_row = row
        out.append(
            PersonState(
                id=person.id,
                name=person.name,
                role=person.role,
                expected=expected.astimezone(tz) if expected else None,
                status=status,
                since=since,
                arrived_at=arrived,
                left_at=left,
                late_by=late_by,
                next_at=next_row.start if next_row else None,
                next_segment=next_row.title if next_row else None,
                phone=person.phone,
                email=person.email,
                needs=person.needs,
            )
        )
    return out


def alerts(plan: Plan, state: ShowState) -> list[Alert]:
    """What needs the organizer now, most urgent first:

    1. a speaker of a segment starting within ``[timers] call`` who is not checked in (the
       soonest segment first): ``NOT HERE: Yossi Ben-David, on stage in 12m (19:30)``;
    2. a late task (the most overdue first);
    3. a blocking checklist item of the next segment not done within 5 minutes of its start.
    """
    if state.show == "ended":
        return []
    found: list[Alert] = []
    now, tz = state.now, state.tz
    call = plan.timers.call
    if plan.people and state.next_index is not None:
        people = plan.person_by_id
        for row in state.rows[state.next_index :]:
            if row.status != "pending":
                continue
            to_go = _seconds(now, row.start)
            if to_go > call:
                break
            segment = plan.segment_by_id.get(row.id) if not row.inserted else None
            for speaker in segment.speakers if segment else ():
                if speaker in people and not state.presence.get(speaker, (False,))[0]:
                    found.append(
                        Alert(
                            ("not_here", speaker, row.id),
                            "not_here",
                            f"NOT HERE: {people[speaker].name}, on stage in {in_minutes(to_go)}m "
                            f"({row.start.astimezone(tz):%H:%M})",
                        )
                    )
    if plan.tasks:
        # Only the late ones matter here: their due instants in UTC, no TaskState for the others
        # (a 2 Hz tick on a plan of hundreds of tasks).
        rows = _rows(state)
        now_utc, shift, marks, dues = (
            now.astimezone(dt.UTC),
            state.rehearsal_offset,
            state.task_marks,
            plan.task_dues,
        )
        late = []
        for task in plan.tasks:
            mark = marks.get(task.id)
            if mark is not None and mark[0]:
                continue
            anchor = task.before or task.after
            anchored = rows.get(anchor) if anchor else None
            if anchored is not None and anchored.status == "skipped":
                continue
            due = _due_utc(task, dues[task.id], anchored, shift)
            if due < now_utc:
                late.append(((now_utc - due).total_seconds(), task, due))
        late.sort(key=lambda entry: -entry[0])
        people = plan.person_by_id
        for late_by, task, due in late:
            owner = people[task.owner].name if task.owner in people else task.owner
            text = _late_text(task.title, owner, int(due.timestamp()) // 60, late_minutes(late_by), tz)
            found.append(Alert(("late_task", task.id), "late_task", text))
    nxt = state.next_row
    if nxt is not None and not nxt.inserted and _seconds(now, nxt.start) <= DUE_WITHIN:
        to_go = _seconds(now, nxt.start)
        for item in state.blockers(nxt.id):
            found.append(
                Alert(
                    ("not_ready", nxt.id, item.index),
                    "not_ready",
                    f"NOT READY: {item.item} for {nxt.title}, "
                    + (f"starts in {in_minutes(to_go)}m" if to_go > 0 else "due to start")
                    + f" ({nxt.start.astimezone(tz):%H:%M})",
                )
            )
    return found


@lru_cache(maxsize=4096)
def _late_text(title: str, owner: str | None, due_minute: int, minutes: int, tz: dt.tzinfo) -> str:
    """``LATE TASK: …, due 18:15, 6m late``: made once a minute per task, not on every tick."""
    due = dt.datetime.fromtimestamp(due_minute * 60, tz)
    who = f" ({owner})" if owner else ""
    return f"LATE TASK: {title}{who}, due {due:%H:%M}, {minutes}m late"


def swap_target(state: ShowState) -> tuple[SegmentRow, SegmentRow] | None:
    """The next segment and the pending one after it: what ``w`` swaps (None when there are not two)."""
    if state.next_index is None or state.show == "ended":
        return None
    first = state.rows[state.next_index]
    second = next((row for row in state.rows[state.next_index + 1 :] if row.status == "pending"), None)
    return None if second is None else (first, second)


def task_lateness(plan: Plan, actions: list) -> dict[str, float]:
    """Task id -> seconds its (last) marking done came after the due time projected at that
    instant (negative: early). Replays the journal once; for the report, not for a live view."""
    from .actions import TaskDone
    from .reduce import fold, fold_more, project

    if not plan.tasks or not any(isinstance(a, TaskDone) for a in actions):
        return {}
    folded = fold(plan, [])
    late: dict[str, float] = {}
    for index, action in enumerate(actions):
        if isinstance(action, TaskDone) and action.done and action.task in plan.task_by_id:
            state = project(folded, action.at)
            due = next(t for t in task_states(plan, state) if t.id == action.task).due
            late[action.task] = _seconds(due, action.at)
        folded = fold_more(plan, folded, [action], actions[: index + 1])
    return late
