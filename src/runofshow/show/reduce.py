"""reduce(plan, actions, now) -> ShowState, in two steps:

``fold(plan, actions)`` replays the actions into a ``Folded`` record (no clock involved), and
``project(folded, now)`` turns it into the ShowState at one instant. A live view folds once per
new action and projects once per tick. Nothing here reads a clock or touches a file.

``refusal(folded, action)`` is the table of which action is allowed in which state.

Time arithmetic is done on UTC instants (Python adds and subtracts datetimes of the *same*
``ZoneInfo`` on the wall clock, which is an hour off across a DST change); every instant in the
resulting ShowState is expressed in the event's timezone, whatever zone the actions came in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..plan import Plan, PlanError, format_duration, load_plan_text
from ..plan.models import KINDS
from .actions import (
    UNDOABLE,
    UNDOABLE_BEFORE,
    Action,
    AddTime,
    Amend,
    CheckItem,
    ClearMessage,
    EditSegment,
    EndShow,
    Go,
    HandoffDone,
    HeadCount,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    Skip,
    Undo,
    Unskip,
)
from .state import ItemState, LiveTimer, SegmentRow, ShowPhase, ShowState, StageMessage

_ZERO = dt.timedelta(0)
MAX_HEAD_COUNT = 1_000_000  # a typo, not a room
UTC = dt.UTC
_SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")


def _utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive datetime is an error (it would silently mean the machine's zone)."""
    tz = moment.tzinfo
    if tz is UTC:
        return moment
    if tz is None or moment.utcoffset() is None:
        raise ValueError(f"instant without timezone: {moment.isoformat()}")
    return moment.astimezone(UTC)


@dataclass(slots=True)
class SegmentDef:
    """A segment as the fold sees it: from the plan or inserted live; instants in UTC."""

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
    host: str | None = None  # the owner's name when there are no speakers


@dataclass(slots=True)
class Run:
    """One segment's actual run. Instants are UTC; ``elapsed`` accepts any aware ``now``."""

    started: dt.datetime
    ended: dt.datetime | None = None
    added: int = 0
    paused: dt.timedelta = _ZERO
    paused_at: dt.datetime | None = None

    def stop_pause(self, at: dt.datetime) -> None:
        if self.paused_at is not None:
            self.paused += max(_ZERO, at - self.paused_at)
            self.paused_at = None

    def elapsed(self, now: dt.datetime) -> float:
        """Seconds running at ``now`` (or at the end, once ended), pauses excluded."""
        end = self.ended or _utc(now)
        paused = self.paused + (max(_ZERO, end - self.paused_at) if self.paused_at else _ZERO)
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
    notes: list[tuple[dt.datetime, str]] = field(default_factory=list)
    head_counts: list[tuple[dt.datetime, int]] = field(default_factory=list)
    offset: dt.timedelta = _ZERO
    count: int = 0
    undoable: int = 0  # undoable actions (UNDOABLE) not undone
    undoable_before: int = 0  # of them, GOs, time changes and show ends (UNDOABLE_BEFORE)
    tz: dt.tzinfo = UTC  # the event's timezone
    # (count, checklists) of the last projection: checklists change only with an action, and a
    # live view projects a few times a second (a 1,000-segment plan has thousands of items).
    checklist_cache: tuple[int, Checklists] | None = field(default=None, repr=False, compare=False)
    # Rows of the last projection around the live one, by where they start in the running order:
    # {first index: (count, cursor, rows, cursor after, next)}. Between two actions no row but the
    # live one changes while it runs on time, so a 2 Hz tick does not project a long plan again.
    rows_cache: dict[int, tuple] = field(default_factory=dict, repr=False, compare=False)

    @property
    def show(self) -> ShowPhase:
        if self.ended_at is not None:
            return "ended"
        return "live" if self.live is not None else "before"

    def next_pending(self) -> str | None:
        return next((s for s in self.order if s not in self.runs and s not in self.skipped), None)

    def is_pending(self, segment: str) -> bool:
        return segment in self.defs and segment not in self.runs and segment not in self.skipped


def plan_defs(plan: Plan) -> tuple[list[str], dict[str, SegmentDef]]:
    defs = {
        slot.segment.id: SegmentDef(
            id=slot.segment.id,
            title=slot.segment.title,
            kind=slot.segment.kind,
            speakers=tuple(plan.speaker_names(slot.segment)),
            duration=slot.segment.duration,
            planned_start=_utc(slot.start),
            hard_start=_utc(slot.start) if slot.segment.start is not None else None,
            qa=slot.segment.qa,
            warn=plan.warn_for(slot.segment),
            wrap=plan.wrap_for(slot.segment),
            host=_host(plan, slot.segment),
        )
        for slot in plan.schedule
    }
    return list(defs), defs


def _host(plan: Plan, segment) -> str | None:
    """The owner's name for a segment nobody speaks in (a host's welcome, a sponsor's raffle);
    a break's owner runs it off stage."""
    if segment.speakers or segment.owner is None or segment.kind == "break":
        return None
    person = plan.person_by_id.get(segment.owner)
    return person.name if person is not None else segment.owner


def fold(plan: Plan, actions: list[Action], folded: Folded | None = None) -> Folded:
    """Replay ``actions``; pass ``folded`` to continue from an earlier fold (no Undo among them)."""
    if folded is None:
        order, defs = plan_defs(plan)
        folded = Folded(plan=plan, order=order, defs=defs, tz=plan.tz)
    elif Undo in set(map(type, actions)):
        raise ValueError("an undo needs a fold from the start")
    apply, undoable, before = _APPLY, _UNDOABLE_TYPES, _UNDOABLE_BEFORE
    for action in _effective(actions):
        apply[action.type](folded, action)
        kind = type(action)
        if kind in undoable:
            folded.undoable += 1
            folded.undoable_before += kind in before
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
    action (``UNDOABLE``) not already undone (None: there was nothing left to undo)."""
    targets: dict[int, int | None] = {}
    stack: list[int] = []
    undoable, undo, before = _UNDOABLE_TYPES, Undo, _UNDOABLE_BEFORE
    for index, kind in enumerate(map(type, actions)):  # exact types: a hot loop on a long journal
        if kind in undoable:
            stack.append(index)
        elif kind is undo:
            if actions[index].any_kind:
                targets[index] = stack.pop() if stack else None
                continue
            # journaled before issue 20: the last GO, time change or show end, as it meant then
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


def _go(f: Folded, a: Go) -> None:
    if f.ended_at is not None:
        return
    at = _utc(a.at)
    nxt = f.next_pending()
    if f.live is None and nxt is None:  # nothing to start (refused live; ignored in a replay)
        return
    if f.live is not None:
        run = f.runs[f.live]
        run.stop_pause(at)
        run.ended = at
    if nxt is None:
        f.live, f.ended_at = None, at
        return
    f.runs[nxt] = Run(started=at)
    f.live = nxt
    if f.started_at is None:
        f.started_at = at


def _pause(f: Folded, a: Pause) -> None:
    if f.live and f.runs[f.live].paused_at is None:
        f.runs[f.live].paused_at = _utc(a.at)


def _resume(f: Folded, a: Resume) -> None:
    if f.live:
        f.runs[f.live].stop_pause(_utc(a.at))


def _add_time(f: Folded, a: AddTime) -> None:
    if f.live:
        f.runs[f.live].added += a.seconds


def _skip(f: Folded, a: Skip) -> None:
    if f.is_pending(a.segment):
        f.skipped.add(a.segment)


def _unskip(f: Folded, a: Unskip) -> None:
    if a.segment in f.skipped and not slot_passed(f, a.segment):
        f.skipped.discard(a.segment)


def slot_passed(f: Folded, segment: str) -> bool:
    """True once a segment after ``segment`` in the running order has started: its slot is gone."""
    runs = f.runs
    return any(later in runs for later in f.order[f.order.index(segment) + 1 :])


def _place(f: Folded, segment: str, after: str | None) -> None:
    if after is not None and after in f.order:
        f.order.insert(f.order.index(after) + 1, segment)
        return
    nxt = f.next_pending()
    f.order.insert(f.order.index(nxt) if nxt else len(f.order), segment)


def _move(f: Folded, a: Move) -> None:
    if f.is_pending(a.segment) and a.after != a.segment:
        f.order.remove(a.segment)
        _place(f, a.segment, a.after)


def _insert(f: Folded, a: Insert) -> None:
    if a.segment in f.defs:
        return
    timers = f.plan.timers
    f.defs[a.segment] = SegmentDef(
        id=a.segment,
        title=a.title,
        kind=a.kind,
        speakers=(a.speakers,) if a.speakers else (),
        duration=a.duration,
        planned_start=None,
        hard_start=None,
        qa=0,
        warn=min(timers.warn, a.duration),
        wrap=min(timers.wrap, timers.warn, a.duration),
        inserted=True,
    )
    _place(f, a.segment, a.after)


def _edit(f: Folded, a: EditSegment) -> None:
    if not f.is_pending(a.segment):
        return
    d = f.defs[a.segment]
    if a.title is not None:
        d.title = a.title
    if a.duration is not None:
        d.duration = a.duration
        d.qa = min(d.qa, a.duration - 1) if d.qa else 0  # Q&A stays inside the slot
    if a.speakers is not None:
        d.speakers = (a.speakers,) if a.speakers else ()
        d.host = None if a.speakers else d.host


@lru_cache(maxsize=8)
def _amended_plan(text: str) -> Plan | str:
    """The plan an amendment carries, or why it does not load (a replay folds it again)."""
    try:
        return load_plan_text(text, "amended plan")
    except PlanError as error:
        return error.problems[0].message if error.problems else "the amended plan does not load"


def merged_plan(f: Folded, new: Plan) -> Plan:
    """The plan from an amendment on: the new plan's segments, except those that have started,
    which stay as they were (and stay first, in the order they ran); the event stays as it was."""
    started = [s for s in f.plan.segments if s.id in f.runs]
    started_ids = {s.id for s in started}
    pending = [s for s in new.segments if s.id not in started_ids]
    new_people = {p.id for p in new.people}
    people = (*new.people, *(p for p in f.plan.people if p.id not in new_people))
    return replace(new, event=f.plan.event, people=people, segments=(*started, *pending))


def amendment_changes(f: Folded, new: Plan) -> list[str]:
    """What applying ``new`` would change, one line each, for the console to list before asking;
    empty when nothing concerns a segment not started yet."""
    old, lines, skipped_started = f.plan, [], []
    old_by_id, new_by_id = old.segment_by_id, new.segment_by_id
    for segment in new.segments:
        before = old_by_id.get(segment.id)
        if segment.id in f.runs:
            if before is not None and before != segment:
                skipped_started.append(segment.id)
            continue
        if before is None:
            lines.append(
                f"new segment '{segment.id}': “{segment.title}” ({format_duration(segment.duration)})"
            )
            continue
        if before.title != segment.title:
            lines.append(f"'{segment.id}': title “{before.title}” → “{segment.title}”")
        if before.duration != segment.duration:
            lines.append(
                f"'{segment.id}': duration {format_duration(before.duration)} → {format_duration(segment.duration)}"
            )
        if before.speakers != segment.speakers or before.owner != segment.owner:
            lines.append(f"'{segment.id}': speakers {', '.join(segment.speakers) or 'none'}")
        if new.checklist_for(segment) != old.checklist_for(before):
            lines.append(f"'{segment.id}': checklist changed ({len(new.checklist_for(segment))} items)")
        if before.handoff != segment.handoff or before.start != segment.start or before.qa != segment.qa:
            lines.append(f"'{segment.id}': handoff, hard start or Q&A changed")
    for segment in old.segments:
        if segment.id not in new_by_id and segment.id not in f.runs and segment.id in f.order:
            lines.append(f"removed: '{segment.id}' “{segment.title}”")
    old_pending = [s for s in f.order if s in new_by_id and s in old_by_id and s not in f.runs]
    new_pending = [s.id for s in new.segments if s.id in old_by_id and s.id not in f.runs]
    if old_pending != new_pending and sorted(old_pending) == sorted(new_pending):
        lines.append("new order: " + ", ".join(new_pending))
    for person in new.people:
        was = old.person_by_id.get(person.id)
        if was is None:
            lines.append(f"person '{person.id}' added ({person.name})")
        elif was != person:
            lines.append(f"person '{person.id}' changed")
    if lines and skipped_started:
        lines.append("not applied, already started: " + ", ".join(f"'{s}'" for s in skipped_started))
    if lines and new.timers != old.timers:
        lines.append("[timers] changed")
    return lines


def _amend(f: Folded, a: Amend) -> None:
    new = _amended_plan(a.plan_text)
    if isinstance(new, str) or f.ended_at is not None:
        return
    old = f.plan
    merged = merged_plan(f, new)
    _order, defs = plan_defs(merged)
    for seg_id, d in defs.items():
        if seg_id not in f.runs:
            f.defs[seg_id] = d
    # Ticks of a pending segment stay where its item is the same item.
    for seg_id, index in list(f.checks):
        if seg_id in f.runs or seg_id not in old.segment_by_id:
            continue
        before = old.checklist_for(old.segment_by_id[seg_id])
        seg = merged.segment_by_id.get(seg_id)
        after = merged.checklist_for(seg) if seg is not None else ()
        if index >= len(after) or index >= len(before) or after[index].item != before[index].item:
            del f.checks[(seg_id, index)]
    # The running order: up to the last segment that started, as it was; then the new plan's.
    last = max((i for i, s in enumerate(f.order) if s in f.runs), default=-1)
    head, old_tail = f.order[: last + 1], f.order[last + 1 :]
    tail = [s.id for s in merged.segments if s.id not in f.runs and s.id not in head]
    for i, seg_id in enumerate(old_tail):
        if f.defs[seg_id].inserted:
            before_it = old_tail[i - 1] if i else None
            tail.insert(tail.index(before_it) + 1 if before_it in tail else 0, seg_id)
    f.order = head + tail
    f.skipped &= set(f.order)
    f.plan = merged


def _check_item(f: Folded, a: CheckItem) -> None:
    f.checks[(a.segment, a.index)] = (a.done, a.by, a.at.astimezone(f.tz))


def _handoff(f: Folded, a: HandoffDone) -> None:
    f.handoffs[a.segment] = (a.at.astimezone(f.tz), a.by)


def _message(f: Folded, a: Message) -> None:
    f.message = StageMessage(a.text, a.flash, a.blackout, a.at.astimezone(f.tz))


def _clear(f: Folded, a: ClearMessage) -> None:
    f.message = None


def _note(f: Folded, a: Note) -> None:
    f.notes.append((a.at.astimezone(f.tz), a.text))


def _head_count(f: Folded, a: HeadCount) -> None:
    f.head_counts.append((a.at.astimezone(f.tz), a.count))


def _end(f: Folded, a: EndShow) -> None:
    if f.live is None:  # nothing runs (refused live; ignored in a replay)
        return
    at = _utc(a.at)
    run = f.runs[f.live]
    run.stop_pause(at)
    run.ended = at
    f.live = None
    f.ended_at = at


def _rehearse(f: Folded, a: Rehearse) -> None:
    if f.show == "before" and a.start is not None:
        f.offset = _utc(a.start) - _utc(f.plan.start)


def _ignore(f: Folded, a: Action) -> None:
    pass


_APPLY = {
    "go": _go,
    "pause": _pause,
    "resume": _resume,
    "add_time": _add_time,
    "skip": _skip,
    "move": _move,
    "insert": _insert,
    "check_item": _check_item,
    "handoff_done": _handoff,
    "message": _message,
    "clear_message": _clear,
    "note": _note,
    "end_show": _end,
    "rehearse": _rehearse,
    "undo": _ignore,
    "head_count": _head_count,
    "edit_segment": _edit,
    "unskip": _unskip,
    "amend": _amend,
}

ANY: frozenset[ShowPhase] = frozenset({"before", "live", "ended"})
NOT_ENDED: frozenset[ShowPhase] = frozenset({"before", "live"})
ALLOWED: dict[str, frozenset[ShowPhase]] = {
    "go": NOT_ENDED,
    "pause": frozenset({"live"}),
    "resume": frozenset({"live"}),
    "add_time": frozenset({"live"}),
    "end_show": frozenset({"live"}),
    "skip": NOT_ENDED,
    "move": NOT_ENDED,
    "insert": NOT_ENDED,
    "rehearse": frozenset({"before"}),
    "check_item": ANY,
    "handoff_done": ANY,
    "message": ANY,
    "clear_message": ANY,
    "note": ANY,
    "undo": ANY,
    "head_count": ANY,
    "edit_segment": NOT_ENDED,
    "unskip": NOT_ENDED,
    "amend": NOT_ENDED,
}
_PHASE_WORDS = {
    "before": "before the show starts",
    "live": "while the show is live",
    "ended": "after the show ended",
}


def _aware(moment: object) -> bool:
    return isinstance(moment, dt.datetime) and moment.tzinfo is not None and moment.utcoffset() is not None


def refusal(f: Folded, action: Action) -> str | None:
    """Why ``action`` is not allowed now, or None when it is."""
    if action.type not in ALLOWED:
        return f"unknown action {action.type!r}"
    if not _aware(action.at):
        return "the action's instant has no timezone offset"
    show = f.show
    if show not in ALLOWED[action.type]:
        allowed = " or ".join(
            _PHASE_WORDS[p] for p in ("before", "live", "ended") if p in ALLOWED[action.type]
        )
        return f"{action.type.replace('_', ' ')} is only possible {allowed}"
    run = f.runs.get(f.live) if f.live else None
    match action:
        case Go() if run is None and f.next_pending() is None:
            return "there is no segment left to start"
        case Pause() if run and run.paused_at is not None:
            return "already paused"
        case Resume() if run and run.paused_at is None:
            return "not paused"
        case AddTime(seconds=seconds) if isinstance(seconds, bool) or not isinstance(seconds, int):
            return "the time to add must be a whole number of seconds"
        case AddTime(seconds=0):
            return "no time to add"
        case AddTime(seconds=seconds) if run and f.defs[f.live].duration + run.added + seconds <= 0:
            return "cannot remove more time than the segment has"
        case Skip(segment=segment) | Move(segment=segment) | EditSegment(segment=segment) if not f.is_pending(
            segment
        ):
            return f"'{segment}' is not a pending segment"
        case Move(segment=segment, after=after) if after == segment:
            return "a segment cannot be moved after itself"
        case Move(after=after) if after is not None and not (after == f.live or f.is_pending(after)):
            return f"'{after}' is neither live nor pending"
        case Amend(plan_text=text) if not isinstance(text, str) or isinstance(_amended_plan(text), str):
            return f"the amended plan does not load: {_amended_plan(text) if isinstance(text, str) else 'no text'}"
        case Unskip(segment=segment) if segment not in f.skipped:
            return f"'{segment}' is not skipped"
        case Unskip(segment=segment) if slot_passed(f, segment):
            return f"'{f.defs[segment].title}' cannot come back: its slot has passed"
        case EditSegment(title=None, duration=None, speakers=None):
            return "nothing to change"
        case EditSegment(title=title) if title is not None and not title.strip():
            return "the title is empty"
        case EditSegment(duration=duration) if duration is not None and (
            isinstance(duration, bool) or duration <= 0
        ):
            return "the duration must be above zero"
        case Insert(segment=segment) if not isinstance(segment, str) or not _SLUG.match(segment):
            return (
                f"'{segment}' is not a valid segment id "
                "(lowercase letters, digits, - and _, starting with a letter)"
            )
        case Insert(segment=segment) if segment in f.defs:
            return f"there is already a segment '{segment}'"
        case Insert(duration=duration, title=title) if (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or duration <= 0
            or not isinstance(title, str)
            or not title.strip()
        ):
            return "an inserted segment needs a title and a duration above zero"
        case Insert(kind=kind) if kind not in KINDS:
            return f"unknown kind '{kind}' (one of {', '.join(KINDS)})"
        case Insert(after=after) if after is not None and not (after == f.live or f.is_pending(after)):
            return f"'{after}' is neither live nor pending"
        case CheckItem(segment=segment, index=index) if not _has_item(f, segment, index):
            return f"segment '{segment}' has no checklist item {index}"
        case HandoffDone(segment=segment) if segment not in f.defs:
            return f"no segment '{segment}'"
        case Message(text=text) if not isinstance(text, str) or not text.strip():
            return "the message is empty"
        case ClearMessage() if f.message is None:
            return "there is no message to clear"
        case Note(text=text) if not isinstance(text, str) or not text.strip():
            return "the note is empty"
        case HeadCount(count=count) if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            return "a head count is a whole number, zero or more"
        case HeadCount(count=count) if count > MAX_HEAD_COUNT:
            return f"a head count of {count}? (at most {MAX_HEAD_COUNT:,})"
        case Undo(any_kind=True) if f.undoable <= 0:
            return "nothing to undo"
        case Undo(any_kind=False) if f.undoable_before <= 0:
            return "nothing to undo"
        case Rehearse(start=None):
            return "a rehearsal needs a start"
        case Rehearse(start=start) if not _aware(start):
            return "the rehearsal start has no timezone offset"
    return None


def _has_item(f: Folded, segment: str, index: int) -> bool:
    seg = f.plan.segment_by_id.get(segment)
    return (
        seg is not None
        and isinstance(index, int)
        and not isinstance(index, bool)
        and 0 <= index < len(f.plan.checklist_for(seg))
    )


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
        notes=tuple(f.notes),
        head_counts=tuple(f.head_counts),
        curfew=(_utc(f.plan.curfew) + offset).astimezone(tz) if f.plan.curfew is not None else None,
        rehearsal_offset=round(offset.total_seconds()),
        action_count=f.count,
        tz=tz,
    )


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
    The same for the same actions and cursor, so kept in ``f.rows_cache``."""
    cached = f.rows_cache.get(first)
    if cached is not None and cached[:2] == (f.count, cursor):
        return cached[2:]
    rows: list[SegmentRow] = []
    start_cursor, next_index = cursor, None
    for seg_id in f.order[first:end]:
        d, run = f.defs[seg_id], f.runs.get(seg_id)
        if run is not None:  # done (only the live run has no end)
            cursor = run.ended
            rows.append(_row(f, d, "done", run.started, cursor, run.added))
        elif seg_id in f.skipped:
            rows.append(_row(f, d, "skipped", cursor, cursor))
        else:
            hard = d.hard_start + f.offset if d.hard_start else None
            start = max(cursor, hard) if hard is not None else cursor
            cursor = start + dt.timedelta(seconds=d.duration)
            if next_index is None and f.ended_at is None:
                next_index = first + len(rows)
            rows.append(_row(f, d, "pending", start, cursor))
    result = (tuple(rows), cursor, next_index)
    f.rows_cache[first] = (f.count, start_cursor, *result)
    return result


def _row(
    f: Folded, d: SegmentDef, status: str, start: dt.datetime, end: dt.datetime, added: int = 0
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


def phase_at(remaining: float, qa: int, warn: int, wrap: int):
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
                    need=index >= len(segment.checklist),
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


def reduce(plan: Plan, actions: list[Action], now: dt.datetime) -> ShowState:
    return project(fold(plan, actions), now)
