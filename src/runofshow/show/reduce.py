"""reduce(plan, actions, now) -> ShowState, in two steps:

``fold(plan, actions)`` replays the actions into a ``Folded`` record (no clock involved), and
``project(folded, now)`` turns it into the ShowState at one instant. A live view folds once per
new action and projects once per tick. Nothing here reads a clock or touches a file.

``refusal(folded, action)`` says why an action is not allowed in a state (None: it is). What
each action does and when it is refused is defined with the action itself (show/actions.py: one
home per action type); this module only replays them in order, with undo, and projects.

Time arithmetic is done on UTC instants (Python adds and subtracts datetimes of the *same*
``ZoneInfo`` on the wall clock, which is an hour off across a DST change); every instant in the
resulting ShowState is expressed in the event's timezone, whatever zone the actions came in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from ..base.collector import collector_paused
from ..plan import Plan
from .actions import ALLOWED, ANY, NOT_ENDED, UNDOABLE, UNDOABLE_BEFORE, Action, Undo
from .amend import amendment_changes, merged_plan
from .folded import Folded, Run, SegmentDef, plan_defs
from .folded import utc as _utc
from .state import ItemState, LiveTimer, Phase, SegmentRow, SegmentRun, ShowState, Status

__all__ = [
    "ALLOWED",
    "ANY",
    "NOT_ENDED",
    "Checklists",
    "Folded",
    "Run",
    "SegmentDef",
    "amendment_changes",
    "cancelled_indexes",
    "fold",
    "fold_more",
    "merged_plan",
    "phase_at",
    "plan_defs",
    "project",
    "reduce",
    "refusal",
    "segment_run",
    "undo_targets",
]


def fold(plan: Plan, actions: list[Action], folded: Folded | None = None) -> Folded:
    """Replay ``actions``; pass ``folded`` to continue from an earlier fold (no Undo among them)."""
    if folded is None:
        order, defs = plan_defs(plan)
        folded = Folded(plan=plan, order=order, defs=defs, tz=plan.tz)
    elif Undo in set(map(type, actions)):
        raise ValueError("an undo needs a fold from the start")
    with collector_paused(len(actions) > 10_000):  # a long replay (base.collector)
        for action in _effective(actions):
            action.apply(folded)
            if action.undoable:  # what an Undo can still take back (its refusal counts on it)
                folded.undoable += 1
                folded.undoable_before_20 += action.undoable_before_20
    folded.count += len(actions)
    return folded


def fold_more(plan: Plan, folded: Folded, new: list[Action], everything: list[Action]) -> Folded:
    """``folded`` brought up to date with ``new``, the last actions of ``everything``: the fold goes
    on, or starts again when an Undo among them reaches back into earlier actions."""
    if Undo in set(map(type, new)):
        return fold(plan, everything)
    return fold(plan, new, folded)


def undo_targets(actions: list[Action]) -> dict[int, int | None]:
    """For each Undo's index, the index of the action it cancelled: the most recent undoable
    action not already undone (None: there was nothing left to undo). An undo record without
    ``any_kind`` (journaled before issue 20) reaches only what it reached then
    (``Action.undoable_before_20``: the last GO, time change, show end or rehearsal shift)."""
    targets: dict[int, int | None] = {}
    stack: list[int] = []
    undoable, undo, before = _UNDOABLE_TYPES, Undo, _UNDOABLE_BEFORE
    for index, kind in enumerate(map(type, actions)):  # exact types: a hot loop on a long journal
        if kind in undoable:
            stack.append(index)
        elif kind is undo:
            if actions[index].any_kind:  # type: ignore[attr-defined]  # an Undo: checked above
                targets[index] = stack.pop() if stack else None
                continue
            at = next((i for i in range(len(stack) - 1, -1, -1) if type(actions[stack[i]]) in before), None)
            targets[index] = stack.pop(at) if at is not None else None
    return targets


def cancelled_indexes(actions: list[Action]) -> set[int]:
    """Indexes of the actions that no longer count: every Undo, and the action each one cancelled."""
    cancelled: set[int] = set()
    for undo, target in undo_targets(actions).items():
        cancelled.add(undo)
        if target is not None:
            cancelled.add(target)
    return cancelled


_UNDOABLE_TYPES = frozenset(UNDOABLE)
_UNDOABLE_BEFORE = frozenset(UNDOABLE_BEFORE)


def _effective(actions: list[Action]) -> list[Action]:
    """The actions that still count (see ``cancelled_indexes``)."""
    if Undo not in set(map(type, actions)):
        return actions
    cancelled = cancelled_indexes(actions)
    return [a for i, a in enumerate(actions) if i not in cancelled]


_PHASE_WORDS = {
    "before": "before the show starts",
    "live": "while the show is live",
    "ended": "after the show ended",
}


def _aware(moment: object) -> bool:
    return isinstance(moment, dt.datetime) and moment.tzinfo is not None and moment.utcoffset() is not None


def refusal(f: Folded, action: Action) -> str | None:
    """Why ``action`` is not allowed now, or None when it is: the phases its type allows, then
    its own rule (``Action.refuse``, in show/actions.py)."""
    allowed = ALLOWED.get(action.type)
    if allowed is None:
        return f"unknown action {action.type!r}"
    if not _aware(action.at):
        return "the action's instant has no timezone offset"
    if f.show not in allowed:
        words = " or ".join(_PHASE_WORDS[p] for p in ("before", "live", "ended") if p in allowed)
        return f"{action.type.replace('_', ' ')} is only possible {words}"
    return action.refuse(f)


def project(f: Folded, now: dt.datetime) -> ShowState:
    """The ShowState at ``now``: timers and projected starts are computed, never counted."""
    tz = f.tz
    now_utc = _utc(now)
    offset = f.offset
    planned_start = _utc(f.plan.start) + offset
    cursor = max(now_utc, planned_start) if f.started_at is None else f.started_at
    live_at = f.order.index(f.live) if f.live is not None else len(f.order)
    rows, cursor, next_index = _rows(f, 0, live_at, cursor)
    live_timer = live_index = None
    if f.live is not None:
        d, run = f.defs[f.live], f.runs[f.live]
        live_timer = _timer(d, run, now_utc, tz)
        live_end = _live_end(run, live_timer, now_utc)
        live_index = len(rows)
        after, cursor, next_after = _rows(f, live_at + 1, len(f.order), live_end)
        rows = (*rows, _row(f, d, "live", run.started, live_end, run.added), *after)
        next_index = next_index if next_index is not None else next_after
    projected_end = f.ended_at or cursor
    return ShowState(
        now=now_utc.astimezone(tz),
        show=f.show,
        rows=rows,
        live=live_timer,
        live_index=live_index,
        next_index=next_index,
        planned_start=planned_start.astimezone(tz),
        planned_end=(_utc(f.plan.end) + offset).astimezone(tz),
        projected_end=projected_end.astimezone(tz),
        started_at=f.started_at.astimezone(tz) if f.started_at else None,
        ended_at=f.ended_at.astimezone(tz) if f.ended_at else None,
        checklists=_checklists(f),
        handoffs=dict(f.handoffs),
        message=f.message,
        blackout=f.blackout,
        stage_sound=f.stage_sound,
        notes=tuple(f.notes),
        head_counts=tuple(f.head_counts),
        curfew=(_utc(f.plan.curfew) + offset).astimezone(tz) if f.plan.curfew is not None else None,
        rehearsal_offset=round(offset.total_seconds()),
        action_count=f.count,
        tz=tz,
        task_marks=dict(f.task_marks) if f.task_marks else _EMPTY,
        presence=dict(f.presence) if f.presence else _EMPTY,
    )


_EMPTY: Mapping = MappingProxyType({})  # no task marked, nobody checked in: shared, read only


def _live_end(run: Run, timer: LiveTimer, now: dt.datetime) -> dt.datetime:
    """When the live segment ends: now in overtime; while it runs, its start + allotted + pauses
    (the same instant as now + remaining, without the rounding that would move it by a
    microsecond from one tick to the next); while paused, it moves with now."""
    if timer.remaining <= 0:
        return now
    if run.paused_at is not None:
        return now + dt.timedelta(seconds=timer.remaining)
    return run.started + run.paused + dt.timedelta(seconds=timer.allotted)


def _rows(
    f: Folded, first: int, end: int, cursor: dt.datetime
) -> tuple[tuple[SegmentRow, ...], dt.datetime, int | None]:
    """The rows of ``f.order[first:end]`` (none of them live) from ``cursor`` on: the rows, the
    cursor after them, and the index of the next segment to start if it is among them.
    The same for the same actions and cursor, so kept in ``f.rows_cache``; and a row the same
    as the last one made for its segment is that one (``f.row_memo``): after an action, the
    segments already done are not made again."""
    cached = f.rows_cache.get(first)
    if cached is not None and cached[:2] == (f.count, cursor):
        return cached[2:]
    rows: list[SegmentRow] = []
    start_cursor, next_index = cursor, None
    memo, offset = f.row_memo, f.offset
    for seg_id in f.order[first:end]:
        d, run = f.defs[seg_id], f.runs.get(seg_id)
        added = 0
        if run is not None:  # done (only the live run has no end, and it is not among these)
            status: Status = "done"
            start, cursor, added = run.started, run.ended or cursor, run.added
        elif seg_id in f.skipped:
            status, start = "skipped", cursor
        else:
            status = "pending"
            hard = d.hard_start + offset if d.hard_start else None
            start = max(cursor, hard) if hard is not None else cursor
            cursor = start + dt.timedelta(seconds=d.duration)
            if next_index is None and f.ended_at is None:
                next_index = first + len(rows)
        key = (status, start, cursor, added, offset)
        known = memo.get(seg_id)
        if known is not None and known[0] is d and known[1] == key:  # a SegmentDef is replaced, never changed
            rows.append(known[2])
        else:
            row = _row(f, d, status, start, cursor, added)
            memo[seg_id] = (d, key, row)
            rows.append(row)
    result = (tuple(rows), cursor, next_index)
    f.rows_cache[first] = (f.count, start_cursor, *result)
    return result


def _row(
    f: Folded, d: SegmentDef, status: Status, start: dt.datetime, end: dt.datetime, added: int = 0
) -> SegmentRow:
    tz, offset = f.tz, f.offset
    return SegmentRow(
        id=d.id,
        title=d.title,
        kind=d.kind,
        speakers=d.speakers,
        duration=d.duration,
        planned_start=(d.planned_start + offset).astimezone(tz) if d.planned_start else None,
        hard_start=(d.hard_start + offset).astimezone(tz) if d.hard_start else None,
        inserted=d.inserted,
        status=status,
        start=start.astimezone(tz),
        end=end.astimezone(tz),
        added=added,
        host=d.host,
    )


def _timer(d: SegmentDef, run: Run, now: dt.datetime, tz: dt.tzinfo) -> LiveTimer:
    elapsed = run.elapsed(now)
    allotted = d.duration + run.added
    remaining = allotted - elapsed
    return LiveTimer(
        segment=d.id,
        started=run.started.astimezone(tz),
        elapsed=elapsed,
        remaining=remaining,
        allotted=allotted,
        phase=phase_at(remaining, d.qa, d.warn, d.wrap),
        paused=run.paused_at is not None,
        qa=d.qa,
        warn=d.warn,
        wrap=d.wrap,
    )


def phase_at(remaining: float, qa: int, warn: int, wrap: int) -> Phase:
    """The phase with ``remaining`` seconds left of a slot.

    Overtime from zero on; wrap up in the last ``wrap``; Q&A in the last ``qa``; the warning
    comes ``warn`` before the end of the talk itself, i.e. before Q&A when there is one.
    A phase set to 0 is off.
    """
    if remaining <= 0:
        return "overtime"
    if remaining <= wrap:
        return "wrap"
    if remaining <= qa:
        return "qa"
    if warn and remaining <= qa + warn:
        return "warning"
    return "on_time"


class Checklists(Mapping[str, tuple[ItemState, ...]]):
    """Every plan segment's checklist as it stands after some actions, by segment id.

    A segment's items are built when first asked for: a live view asks for two segments of a
    plan that may have a thousand (all of them: ~7 ms before a big plan's first frame).
    """

    def __init__(
        self, plan: Plan, checks: dict[tuple[str, int], tuple[bool, str | None, dt.datetime]]
    ) -> None:
        self._plan = plan
        self._checks = dict(checks)  # a copy: the fold goes on with later actions
        self._built: dict[str, tuple[ItemState, ...]] = {}

    def __getitem__(self, segment_id: str) -> tuple[ItemState, ...]:
        try:
            return self._built[segment_id]
        except KeyError:
            pass
        segment = self._plan.segment_by_id[segment_id]  # KeyError: not a plan segment
        items = []
        for index, item in enumerate(self._plan.checklist_for(segment)):
            done, by, at = self._checks.get((segment_id, index), (False, None, None))
            items.append(
                ItemState(
                    index=index,
                    item=item.item,
                    by=item.by,
                    blocking=item.blocking,
                    done=done,
                    done_by=by if done else None,
                    done_at=at if done else None,
                    need=index >= len(segment.checklist),  # after the plan's own items: people's needs
                )
            )
        built = self._built[segment_id] = tuple(items)
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._plan.segment_by_id)

    def __len__(self) -> int:
        return len(self._plan.segments)


def _checklists(f: Folded) -> Checklists:
    if f.checklist_cache is None or f.checklist_cache[0] != f.count:
        f.checklist_cache = (f.count, Checklists(f.plan, f.checks))
    return f.checklist_cache[1]


def segment_run(f: Folded, segment: str, now: dt.datetime) -> SegmentRun | None:
    """How ``segment`` ran (or runs, at ``now``), None when it never started."""
    run = f.runs.get(segment)
    if run is None:
        return None
    tz = f.tz
    return SegmentRun(
        started=run.started.astimezone(tz),
        ended=run.ended.astimezone(tz) if run.ended is not None else None,
        added=run.added,
        elapsed=run.elapsed(run.ended or now),
    )


def reduce(plan: Plan, actions: list[Action], now: dt.datetime) -> ShowState:
    return project(fold(plan, actions), now)
