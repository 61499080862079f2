"""What happened, computed once from a journal for every export format.

``load_facts(path)`` reads the journal (only the journal: it holds its own copy of the plan),
folds its actions and projects the state at the instant of the last action, then turns that
into plain facts: per segment planned vs actual, checklist results, handoffs, messages, notes
and the show's headline figures. Every format (csv, json, md, toml) is a rendering of these.

Definitions (where the issue is silent, these are the answers):

- Instants are rounded to the second and expressed in the event's timezone; durations are the
  differences of those rounded instants, so ``actual_end - actual_start == actual_duration_s``
  holds exactly in every format.
- ``actual_duration_s`` is wall time from GO to the next GO (or the end), pauses included
  (``paused_s`` says how much of it was paused). ``over_under_s = actual - planned``, positive
  when over; time added live counts as over (``added_s`` tells it apart).
- status: ``done``, ``skipped``, ``live`` (running when the journal ends: an unfinished show;
  its duration is the time so far and it has no over/under yet) or ``not_started``.
- ``total_over_under_s`` is the sum of the over/under of the segments that ran;
  ``start_late_s`` is actual minus planned start; ``end_over_under_s`` is actual (or, for an
  unfinished show, projected) end minus planned end.
- An inserted segment has no planned start; its planned duration is the one asked for.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.exits import EXIT_INVALID, EXIT_USAGE
from ..base.instants import add_seconds, seconds_between
from ..journal import JournalError, Replay, read_journal
from ..plan import Plan
from ..show import (
    BLACKOUT_TEXT,
    Action,
    Blackout,
    ClearMessage,
    Folded,
    Message,
    ShowState,
    Undo,
    cancelled_indexes,
    fold,
    project,
    schedule_words,
    segment_run,
)

OVER_THRESHOLD = 120  # seconds: "segments over by more than 2 minutes"
_HALF = dt.timedelta(microseconds=500_000)
_UTC = dt.UTC


class ExportError(Exception):
    """An export that cannot be made, with a message fit for the user and an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class SegmentFacts:
    id: str
    title: str
    kind: str
    speakers: tuple[str, ...]  # display names (an inserted segment: the free text given)
    planned_start: dt.datetime | None  # None for an inserted segment
    planned_duration: int
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    actual_duration: int | None  # live: so far
    over_under: int | None  # done only
    status: str  # done | skipped | live | not_started
    inserted: bool = False
    added: int = 0
    paused: int = 0
    hard_start: dt.datetime | None = None
    notes: str | None = None  # the plan's organizer notes (private)
    who: str = ""  # speakers, else "host: Tom" (the owner of a segment nobody speaks in)

    @property
    def planned_end(self) -> dt.datetime | None:
        return None if self.planned_start is None else add_seconds(self.planned_start, self.planned_duration)

    @property
    def late_by(self) -> int | None:
        """Seconds the actual start was after the planned start (negative: early)."""
        if self.planned_start is None or self.actual_start is None:
            return None
        return _seconds(self.planned_start, self.actual_start)


@dataclass(frozen=True, slots=True)
class ChecklistFact:
    segment_id: str
    segment_title: str
    index: int
    item: str
    by: str | None  # person id
    blocking: bool
    done: bool
    done_by: str | None
    done_at: dt.datetime | None
    after_start: int | None  # seconds after its segment started (>0: done late), None if n/a
    need: bool = False  # a speaker's need: ``by`` is the speaker it is for


@dataclass(frozen=True, slots=True)
class HandoffFact:
    segment_id: str
    segment_title: str
    cue: str | None  # None: a handoff marked on a segment whose plan has none (an inserted one)
    by: str | None  # planned person id
    done: bool
    done_at: dt.datetime | None
    done_by: str | None


@dataclass(frozen=True, slots=True)
class MessageFact:
    at: dt.datetime
    text: str
    flash: bool
    blackout: bool
    cleared_at: dt.datetime | None  # cleared, or replaced by the next message


@dataclass(frozen=True, slots=True)
class TaskFact:
    """A plan task as it went (issue 13). ``late`` is done_at minus the due time projected when
    it was done (negative: early), for a task done; ``status``: done, not_done or not_needed."""

    id: str
    title: str
    owner: str | None  # person id
    notes: str | None  # private
    due_planned: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None  # person id
    late: int | None
    status: str


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A person's arrival (issue 13): expected, first check-in, and check-out (None while here)."""

    id: str
    name: str
    role: str | None
    expected: dt.datetime | None
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None

    @property
    def late(self) -> int | None:
        """Seconds the first check-in came after the expected arrival (None without both)."""
        if self.expected is None or self.arrived_at is None:
            return None
        return _seconds(self.expected, self.arrived_at)


@dataclass
class ShowFacts:
    path: Path
    replay: Replay
    plan: Plan
    tz: dt.tzinfo
    state: ShowState
    status: str  # before | live | ended
    as_of: dt.datetime
    planned_start: dt.datetime
    planned_end: dt.datetime
    actual_start: dt.datetime | None
    actual_end: dt.datetime | None
    projected_end: dt.datetime
    segments: tuple[SegmentFacts, ...]
    checklists: tuple[ChecklistFact, ...]
    handoffs: tuple[HandoffFact, ...]
    messages: tuple[MessageFact, ...]
    notes: tuple[tuple[dt.datetime, str], ...]
    undone: frozenset[int] = field(default_factory=frozenset)  # indexes of actions cancelled by an undo
    tasks: tuple[TaskFact, ...] = ()
    people: tuple[PersonFact, ...] = ()

    @property
    def actions(self) -> list[Action]:
        return self.replay.actions

    @property
    def finished(self) -> bool:
        return self.status == "ended"

    @property
    def torn(self) -> bool:
        return self.replay.torn

    @property
    def start_late(self) -> int | None:
        return None if self.actual_start is None else _seconds(self.planned_start, self.actual_start)

    @property
    def end_over_under(self) -> int:
        """Actual end (projected for an unfinished show) minus planned end; positive when late."""
        return _seconds(self.planned_end, self.actual_end or self.projected_end)

    def schedule_words(self) -> str | None:
        """AHEAD 1:38:06 / ON SCHEDULE / BEHIND 4:30 at the end (projected, unfinished), as the
        console header and the stage view say it; None before the show started."""
        return None if self.status == "before" else schedule_words(self.end_over_under)

    @property
    def total_over_under(self) -> int:
        return sum(s.over_under for s in self.segments if s.over_under is not None)

    @property
    def over_threshold(self) -> list[SegmentFacts]:
        return [s for s in self.segments if s.over_under is not None and s.over_under > OVER_THRESHOLD]

    @property
    def live_segment(self) -> SegmentFacts | None:
        return next((s for s in self.segments if s.status == "live"), None)

    def unfinished_words(self) -> str | None:
        """Why the show is unfinished, in one sentence; None for a show that ended."""
        if self.finished:
            return None
        crash = "; its last line is torn (the app stopped mid-write)" if self.torn else ""
        last = f"last action at {self.local(self.as_of):%Y-%m-%d %H:%M:%S}" if self.actions else "no actions"
        if self.status == "before":
            return f"the show never started ({last}){crash}"
        live = self.live_segment
        running = f"'{live.title}' was still live" if live else "the show was still live"
        return f"the show is unfinished: {running} when the journal ends ({last}){crash}"

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)

    def person_name(self, person: str | None) -> str | None:
        if person is None:
            return None
        found = self.plan.person_by_id.get(person)
        return found.name if found else person


def load_replay(path: str | os.PathLike) -> Replay:
    """read_journal with the missing-file case told apart (exit 2) from an unusable file (exit 1)."""
    path = Path(path)
    if not path.exists():
        raise ExportError(f"{path}: no such journal", EXIT_USAGE)
    if path.is_dir():
        raise ExportError(f"{path}: is a directory, not a journal", EXIT_USAGE)
    try:
        return read_journal(path)
    except JournalError as error:
        raise ExportError(str(error), EXIT_INVALID) from None
    except UnicodeDecodeError:
        raise ExportError(f"{path}: not a runofshow journal (not UTF-8 text)", EXIT_INVALID) from None


def load_facts(path: str | os.PathLike) -> ShowFacts:
    return compute_facts(load_replay(path))


def compute_facts(replay: Replay) -> ShowFacts:
    plan = replay.plan
    tz = plan.tz
    actions = replay.actions
    folded = fold(plan, actions)
    plan = folded.plan  # amended mid-show, if it was
    as_of = max((a.at for a in actions), default=None) or folded.planned_start.astimezone(tz)
    state = project(folded, as_of)
    as_of_r = _round(as_of, tz)

    segments = tuple(_segment_facts(plan, folded, state, tz, as_of_r))
    by_id = {s.id: s for s in segments}
    return ShowFacts(
        path=replay.path,
        replay=replay,
        plan=plan,
        tz=tz,
        state=state,
        status=state.show,
        as_of=as_of_r,
        planned_start=_round(state.planned_start, tz),
        planned_end=_round(state.planned_end, tz),
        actual_start=_round_opt(state.started_at, tz),
        actual_end=_round_opt(state.ended_at, tz),
        projected_end=_round(state.projected_end, tz),
        segments=segments,
        checklists=tuple(_checklist_facts(state, by_id, tz)),
        handoffs=tuple(_handoff_facts(plan, state, by_id, tz)),
        messages=tuple(_message_facts(_still_counting(actions), tz)),
        notes=tuple((_round(at, tz), text) for at, text in state.notes),
        undone=frozenset(undone_indexes(actions)),
        tasks=tuple(_task_facts(plan, state, actions, tz)),
        people=tuple(_person_facts(plan, state, tz)),
    )


def _task_facts(plan: Plan, state: ShowState, actions: list[Action], tz: dt.tzinfo):
    if not plan.tasks:
        return
    from ..show import task_lateness, task_states

    lateness = task_lateness(plan, actions)
    by_id = {task.id: task for task in task_states(plan, state)}
    for task in plan.tasks:  # plan order: a report reads as the plan was written
        now = by_id[task.id]
        done = now.status == "done"
        yield TaskFact(
            id=task.id,
            title=task.title,
            owner=task.owner,
            notes=task.notes,
            due_planned=_round(now.planned_due, tz),
            done_at=_round_opt(now.done_at, tz) if done else None,
            done_by=now.done_by if done else None,
            late=round(lateness[task.id]) if done and task.id in lateness else None,
            status="done" if done else ("not_needed" if now.status == "not_needed" else "not_done"),
        )


def _person_facts(plan: Plan, state: ShowState, tz: dt.tzinfo):
    if not plan.people:
        return
    from ..show import expected_arrival

    for person in plan.people:
        here, _since, arrived, left = state.presence.get(person.id, (False, None, None, None))
        expected = expected_arrival(plan, person.id, state.rehearsal_offset)
        yield PersonFact(
            id=person.id,
            name=person.name,
            role=person.role,
            expected=_round_opt(expected, tz),
            arrived_at=_round_opt(arrived, tz),
            left_at=None if here else _round_opt(left, tz),
        )


def _segment_facts(plan: Plan, folded: Folded, state: ShowState, tz: dt.tzinfo, as_of: dt.datetime):
    for row in state.rows:
        seg = plan.segment_by_id.get(row.id)
        notes = seg.notes if seg is not None and not row.inserted else None
        common: dict[str, Any] = {
            "id": row.id,
            "title": row.title,
            "kind": row.kind,
            "speakers": row.speakers,
            "planned_start": _round_opt(row.planned_start, tz),
            "planned_duration": row.duration,
            "inserted": row.inserted,
            "hard_start": _round_opt(row.hard_start, tz),
            "notes": notes,
            "who": row.who,
        }
        if row.status in ("done", "live"):
            run = segment_run(folded, row.id, as_of)
            assert run is not None  # a done or live row has a run
            start = _round(run.started, tz)
            end = _round(run.ended, tz) if run.ended is not None else None
            stop = end if end is not None else (as_of if seconds_between(start, as_of) > 0 else start)
            duration = _seconds(start, stop)
            paused = max(0, round(duration - run.elapsed))
            yield SegmentFacts(
                **common,
                actual_start=start,
                actual_end=end,
                actual_duration=duration,
                over_under=duration - row.duration if end is not None else None,
                status=row.status,
                added=row.added,
                paused=paused,
            )
        else:
            yield SegmentFacts(
                **common,
                actual_start=None,
                actual_end=None,
                actual_duration=None,
                over_under=None,
                status="skipped" if row.status == "skipped" else "not_started",
            )


def _checklist_facts(state: ShowState, segments: dict[str, SegmentFacts], tz: dt.tzinfo):
    for segment_id, items in state.checklists.items():
        seg = segments.get(segment_id)
        for item in items:
            done_at = _round_opt(item.done_at, tz)
            after = None
            if done_at is not None and seg is not None and seg.actual_start is not None:
                after = _seconds(seg.actual_start, done_at)
            yield ChecklistFact(
                segment_id=segment_id,
                segment_title=seg.title if seg else segment_id,
                index=item.index,
                item=item.item,
                by=item.by,
                blocking=item.blocking,
                done=item.done,
                done_by=item.done_by,
                done_at=done_at,
                after_start=after,
                need=item.need,
            )


def _handoff_facts(plan: Plan, state: ShowState, segments: dict[str, SegmentFacts], tz: dt.tzinfo):
    order = [s.id for s in segments.values()]
    planned = {s.id: s.handoff for s in plan.segments if s.handoff is not None}
    ids = [sid for sid in order if sid in planned or sid in state.handoffs]
    for sid in ids:
        handoff = planned.get(sid)
        done = state.handoffs.get(sid)
        seg = segments.get(sid)
        yield HandoffFact(
            segment_id=sid,
            segment_title=seg.title if seg else sid,
            cue=handoff.cue if handoff else None,
            by=handoff.by if handoff else None,
            done=done is not None,
            done_at=_round(done[0], tz) if done else None,
            done_by=done[1] if done else None,
        )


def _still_counting(actions: list[Action]) -> list[Action]:
    """The actions no undo cancelled: an undone message was never on stage for the report."""
    undone = undone_indexes(actions)
    return [a for i, a in enumerate(actions) if i not in undone] if undone else actions


def _message_facts(actions: list[Action], tz: dt.tzinfo):
    """What the stage showed besides its timer, one fact from each change to the next: a message
    (flashing or not, blacked out or not), or a blackout alone, which reads as the message
    ``BLACKOUT_TEXT`` blacked out (as journals of format 1 recorded it)."""
    shown: tuple[dt.datetime, str, bool, bool] | None = None  # the fact open now: at, text, flash, blackout
    text: str | None = None
    flash = blackout = False
    for action in actions:
        if isinstance(action, Message):
            if action.blackout is not None:
                blackout = action.blackout
            text, flash = (None, False) if action.is_bare_blackout else (action.text, action.flash)
        elif isinstance(action, Blackout):
            blackout = action.on
        elif isinstance(action, ClearMessage):
            text, flash, blackout = None, False, False
        else:
            continue
        if shown is not None:
            yield _message(shown, action.at, tz)
        if text is not None:
            shown = (action.at, text, flash, blackout)
        else:
            shown = (action.at, BLACKOUT_TEXT, False, True) if blackout else None
    if shown is not None:
        yield _message(shown, None, tz)


def _message(
    shown: tuple[dt.datetime, str, bool, bool], cleared: dt.datetime | None, tz: dt.tzinfo
) -> MessageFact:
    at, text, flash, blackout = shown
    return MessageFact(
        at=_round(at, tz),
        text=text,
        flash=flash,
        blackout=blackout,
        cleared_at=_round_opt(cleared, tz),
    )


def undone_indexes(actions: list[Action]) -> set[int]:
    """Indexes of the actions an undo cancelled (the undos themselves included), as reduce counts them."""
    if not any(isinstance(a, Undo) for a in actions):
        return set()
    return cancelled_indexes(actions)


def round_instant(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """To the nearest second, in the event's timezone (arithmetic in UTC: the repeated hour of a
    night when the clocks go back stays the second one)."""
    return (moment.astimezone(_UTC) + _HALF).replace(microsecond=0).astimezone(tz)


_round = round_instant


def _round_opt(moment: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime | None:
    return None if moment is None else _round(moment, tz)


def _seconds(earlier: dt.datetime, later: dt.datetime) -> int:
    """Real seconds between two instants (through UTC: a DST change in between counts)."""
    return round(seconds_between(earlier, later))


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


__all__ = [
    "ChecklistFact",
    "ExportError",
    "HandoffFact",
    "MessageFact",
    "OVER_THRESHOLD",
    "PersonFact",
    "TaskFact",
    "SegmentFacts",
    "ShowFacts",
    "compute_facts",
    "iso",
    "round_instant",
    "load_facts",
    "load_replay",
    "undone_indexes",
]
