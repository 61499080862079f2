"""What goes on paper: the run sheet and the call sheets as plain, frozen records.

``run_sheet(source, private)`` and ``call_sheet(source, person, private)`` turn a plan (or a
journal's plan and its state as of the last action) into records that hold exactly what may be
printed: privacy is decided here, once. Without ``private`` no record carries a phone or an
organizer note, so no renderer (html, md, pdf) can leak one. E-mails never go on paper.

Times are aware datetimes in the event's timezone: the planned ones for a plan, and for a
journal the actual ones of the segments that ran and the projected ones of the rest.

Definitions (where the issue is silent, these are the answers):

- A checklist item is due *before* its segment starts, so it sits at the segment's start, ahead
  of the handoff into that segment, which comes ahead of the segment itself. A checklist holds
  the segment's own items, then each speaker's needs (``Plan.checklist_for``).
- The hosts are the people whose role names them host or MC (a word of the role: "host", "MC,
  morning"); in a plan with none, the owners of the ``kind = "host"`` segments.
- Expected arrival, until the plan says it (see ``_arrival``): by the time of the person's first
  item on the call sheet.
- A call sheet leaves out skipped segments; the run sheet keeps them, marked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..base.instants import add_seconds, seconds_between
from ..plan import Plan
from ..plan.models import Person, Segment
from ..show import ShowState

_HOST_ROLE = re.compile(r"\b(host|mc|emcee)\b", re.IGNORECASE)


class SheetError(Exception):
    """A sheet that cannot be made, with a one-line message and an exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True)
class Source:
    """What a sheet is built from: a plan, and for a journal its state as of the last action."""

    path: Path
    plan: Plan
    state: ShowState | None = None  # None: a plan alone (planned times)

    @property
    def tz(self) -> dt.tzinfo:
        return self.plan.tz


@dataclass(frozen=True, slots=True)
class Heading:
    """The top of every sheet: the event, where and when, and (from a journal) how it is going."""

    event: str
    venue: str | None
    date: dt.date
    timezone: str  # the IANA name, or the offset's name for a plan without one
    as_of: str | None  # "as of 19:42, running 6 min late"; None for a plan


@dataclass(frozen=True, slots=True)
class PersonCard:
    """A person as a sheet may show them; ``phone`` is None unless the sheet is private."""

    id: str
    name: str
    role: str | None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class CheckEntry:
    item: str
    by: PersonCard | None
    blocking: bool
    done_at: dt.datetime | None = None  # from a journal: when it was ticked


@dataclass(frozen=True, slots=True)
class HandoffEntry:
    cue: str
    by: PersonCard | None
    done_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class IntroCard:
    """What the host reads before a talk: the speaker's name, how to say it, the intro, the title."""

    name: str
    pronounce: str | None
    intro: str | None
    title: str


@dataclass(frozen=True, slots=True)
class SegmentEntry:
    """One segment of the running order, with everything the run sheet prints about it."""

    index: int  # position in the running order, from 1
    id: str
    title: str
    kind: str
    start: dt.datetime  # planned; from a journal, actual or projected
    end: dt.datetime
    planned_start: dt.datetime | None  # None for a segment inserted live
    duration: int  # planned seconds (inserted: as asked)
    qa: int
    speakers: tuple[PersonCard, ...]  # an inserted segment: its free-text speaker, id ""
    owner: PersonCard | None
    handoff: HandoffEntry | None
    checklist: tuple[CheckEntry, ...]
    intro_cards: tuple[IntroCard, ...]  # a talk or panel with speakers
    notes: str | None = None  # organizer notes: private sheets only
    status: str = "pending"  # pending | live | done | skipped
    inserted: bool = False

    @property
    def late_by(self) -> int:
        if self.planned_start is None:
            return 0
        return round(seconds_between(self.planned_start, self.start))


@dataclass(frozen=True, slots=True)
class TaskEntry:
    """TASKS (issue 13, logistics): one task as the sheets print it.

    Nothing builds these yet: once the plan has tasks, ``_tasks`` turns them into entries (with
    ``at`` resolved, for a task tied to a segment, against that segment's start or end as
    above) and both sheets print them: the run sheet in time order in its own section, a call
    sheet among the person's items. The renderers already do.
    """

    at: dt.datetime
    what: str
    by: PersonCard | None = None
    segment_title: str | None = None  # the segment it is tied to, if any
    notes: str | None = None  # private sheets only


@dataclass(frozen=True, slots=True)
class RunSheet:
    heading: Heading
    segments: tuple[SegmentEntry, ...]
    people: tuple[PersonCard, ...]
    tasks: tuple[TaskEntry, ...] = ()  # TASKS (issue 13): in time order
    private: bool = False


@dataclass(frozen=True, slots=True)
class CallItem:
    """One thing a person does, at one time: a line of their call sheet."""

    at: dt.datetime
    until: dt.datetime | None  # a segment they speak in or own: its end
    kind: str  # checklist | task | handoff | speak | own
    segment_title: str | None
    text: str  # the cue, the checklist item, the task, or the segment's kind and length
    blocking: bool = False
    intro_cards: tuple[IntroCard, ...] = ()
    notes: str | None = None  # private sheets only
    done_at: dt.datetime | None = None
    order: tuple[int, int] = (0, 0)  # (segment index, rank): ties in time keep the running order


@dataclass(frozen=True, slots=True)
class Contact:
    person: PersonCard
    why: str  # "host", "owner of Doors, pizza and networking"


@dataclass(frozen=True, slots=True)
class CallSheet:
    heading: Heading
    person: PersonCard
    arrival: dt.datetime | None
    arrival_words: str
    items: tuple[CallItem, ...]  # in time order
    contacts: tuple[Contact, ...]
    private: bool = False


# -- building ---------------------------------------------------------------------------------
_RANK = {"checklist": 0, "task": 1, "handoff": 2, "speak": 3, "own": 3}


def run_sheet(source: Source, private: bool = False) -> RunSheet:
    segments = segment_entries(source, private)
    people = tuple(_card(p, private) for p in source.plan.people)
    return RunSheet(
        heading=heading(source, segments),
        segments=segments,
        people=people,
        tasks=_tasks(source, segments, private),
        private=private,
    )


def call_sheet(source: Source, person_id: str, private: bool = False) -> CallSheet:
    plan = source.plan
    person = plan.person_by_id.get(person_id)
    if person is None:
        raise SheetError(f"no person {person_id!r} in the plan{_did_you_mean(person_id, plan)}")
    segments = segment_entries(source, private)
    items = sorted(_call_items(person, segments, _tasks(source, segments, private)), key=_item_key)
    arrival, words = _arrival(plan, person, items)
    return CallSheet(
        heading=heading(source, segments),
        person=_card(person, private),
        arrival=arrival,
        arrival_words=words,
        items=tuple(items),
        contacts=_contacts(plan, person, segments, private),
        private=private,
    )


def call_sheets(source: Source, private: bool = False) -> list[CallSheet]:
    return [call_sheet(source, person.id, private) for person in source.plan.people]


def heading(source: Source, segments: tuple[SegmentEntry, ...]) -> Heading:
    plan, state = source.plan, source.state
    first = segments[0].start if segments else plan.start
    return Heading(
        event=plan.event.title,
        venue=plan.event.venue,
        date=first.astimezone(source.tz).date(),
        timezone=plan.event.timezone or (first.tzname() or "local time"),
        as_of=None if state is None else as_of_words(state),
    )


def as_of_words(state: ShowState) -> str:
    """``as of 19:42, running 6 min late`` (or on time, early, not started, ended at ...)."""
    at = f"as of {state.now.astimezone(state.tz):%H:%M}"
    if state.show == "ended" and state.ended_at is not None:
        return f"{at}: the show ended at {state.ended_at.astimezone(state.tz):%H:%M}"
    if state.show == "before":
        return f"{at}: the show has not started"
    minutes = round(running_late(state) / 60)
    if minutes > 0:
        return f"{at}, running {minutes} min late"
    if minutes < 0:
        return f"{at}, running {-minutes} min early"
    return f"{at}, running on time"


def running_late(state: ShowState) -> int:
    """Seconds the show runs late (negative: early) where it stands: the next segment to start,
    projected against planned. Not the end of the day: a hard start after the break may absorb
    the delay later, but the room is late now. Without a next planned segment: the end."""
    rows = state.rows
    after = (state.live_index + 1) if state.live_index is not None else 0
    upcoming = (r for r in rows[after:] if r.status == "pending" and r.planned_start is not None)
    nxt = next(upcoming, None)
    return nxt.late_by if nxt is not None else state.behind


def segment_entries(source: Source, private: bool) -> tuple[SegmentEntry, ...]:
    plan, state, tz = source.plan, source.state, source.tz
    if state is None:
        return tuple(
            _entry(plan, index, slot.segment, slot.start, slot.end, slot.start, private)
            for index, slot in enumerate(plan.schedule, start=1)
        )
    entries = []
    for index, row in enumerate(state.rows, start=1):
        segment = None if row.inserted else plan.segment_by_id.get(row.id)
        start, end = row.start.astimezone(tz), row.end.astimezone(tz)
        planned = row.planned_start.astimezone(tz) if row.planned_start is not None else None
        if row.status == "skipped" and planned is not None:  # it never ran: where it was meant to be
            start, end = planned, add_seconds(planned, row.duration)
        if segment is None:  # inserted live: no owner, handoff or checklist of its own
            entries.append(
                SegmentEntry(
                    index=index,
                    id=row.id,
                    title=row.title,
                    kind=row.kind,
                    start=start,
                    end=end,
                    planned_start=planned,
                    duration=row.duration,
                    qa=0,
                    speakers=tuple(PersonCard(id="", name=name, role=None) for name in row.speakers),
                    owner=None,
                    handoff=None,
                    checklist=(),
                    intro_cards=(),
                    status=row.status,
                    inserted=True,
                )
            )
            continue
        entry = _entry(plan, index, segment, start, end, planned, private)
        done = {item.index: item.done_at for item in state.checklists.get(row.id, ()) if item.done}
        handoff_done = state.handoffs.get(row.id)
        entries.append(
            dataclasses.replace(
                entry,
                status=row.status,
                checklist=tuple(
                    dataclasses.replace(check, done_at=_local(done.get(i), tz))
                    for i, check in enumerate(entry.checklist)
                ),
                handoff=(
                    dataclasses.replace(entry.handoff, done_at=_local(handoff_done[0], tz))
                    if entry.handoff is not None and handoff_done is not None
                    else entry.handoff
                ),
            )
        )
    return tuple(entries)


def _entry(
    plan: Plan,
    index: int,
    segment: Segment,
    start: dt.datetime,
    end: dt.datetime,
    planned: dt.datetime | None,
    private: bool,
) -> SegmentEntry:
    def card(person_id: str | None) -> PersonCard | None:
        if person_id is None:
            return None
        person = plan.person_by_id.get(person_id)
        return _card(person, private) if person else PersonCard(id=person_id, name=person_id, role=None)

    speakers = tuple(card(s) for s in segment.speakers)
    talkers = [plan.person_by_id[s] for s in segment.speakers if s in plan.person_by_id]
    intro_cards = (
        tuple(IntroCard(p.name, p.pronounce, p.intro, segment.title) for p in talkers)
        if segment.kind in ("talk", "panel")
        else ()
    )
    handoff = segment.handoff
    return SegmentEntry(
        index=index,
        id=segment.id,
        title=segment.title,
        kind=segment.kind,
        start=start,
        end=end,
        planned_start=planned,
        duration=segment.duration,
        qa=segment.qa,
        speakers=speakers,  # type: ignore[arg-type]
        owner=card(segment.owner),
        handoff=None if handoff is None else HandoffEntry(cue=handoff.cue, by=card(handoff.by)),
        checklist=tuple(
            CheckEntry(item=item.item, by=card(item.by), blocking=item.blocking)
            for item in plan.checklist_for(segment)
        ),
        intro_cards=intro_cards,
        notes=segment.notes if private else None,
    )


def _tasks(source: Source, segments: tuple[SegmentEntry, ...], private: bool) -> tuple[TaskEntry, ...]:
    """TASKS (issue 13): the plan's tasks as TaskEntry records, in time order.

    The plan has no tasks yet; when it does, build them here (``segments`` gives the planned or
    projected start and end of the segment a task is tied to; ``private`` decides its notes and
    its person's phone through ``_card``). Nothing else needs to change.
    """
    return ()


def _arrival(plan: Plan, person: Person, items: list[CallItem]) -> tuple[dt.datetime | None, str]:
    """When the person should be there, and the words for it.

    ARRIVALS (issue 13, logistics): when the plan gives a person's arrival, take it here.
    Until then: by their first item.
    """
    if not items:
        return None, "no items for you in this plan"
    first = items[0]
    what = first.segment_title or first.text
    return first.at, f"by {first.at:%H:%M}, before your first item ({what})"


def _call_items(person: Person, segments: tuple[SegmentEntry, ...], tasks: tuple[TaskEntry, ...]):
    me = person.id
    for seg in segments:
        if seg.status == "skipped":
            continue
        for check in seg.checklist:
            if check.by is not None and check.by.id == me:
                yield CallItem(
                    at=seg.start,
                    until=None,
                    kind="checklist",
                    segment_title=seg.title,
                    text=check.item,
                    blocking=check.blocking,
                    done_at=check.done_at,
                    order=(seg.index, _RANK["checklist"]),
                )
        if seg.handoff is not None and seg.handoff.by is not None and seg.handoff.by.id == me:
            yield CallItem(
                at=seg.start,
                until=None,
                kind="handoff",
                segment_title=seg.title,
                text=seg.handoff.cue,
                intro_cards=seg.intro_cards,  # the one who hands over reads the intro card
                done_at=seg.handoff.done_at,
                order=(seg.index, _RANK["handoff"]),
            )
        speaks = any(s.id == me for s in seg.speakers)
        owns = seg.owner is not None and seg.owner.id == me
        if speaks or owns:
            kind = "speak" if speaks else "own"
            yield CallItem(
                at=seg.start,
                until=seg.end,
                kind=kind,
                segment_title=seg.title,
                text=_length_words(seg),
                intro_cards=tuple(c for c in seg.intro_cards if c.name == person.name) if speaks else (),
                notes=seg.notes,
                order=(seg.index, _RANK[kind]),
            )
    for task in tasks:  # TASKS (issue 13)
        if task.by is not None and task.by.id == me:
            yield CallItem(
                at=task.at,
                until=None,
                kind="task",
                segment_title=task.segment_title,
                text=task.what,
                notes=task.notes,
                order=(0, _RANK["task"]),
            )


def _item_key(item: CallItem) -> tuple:
    return (item.at.timestamp(), item.order)


def _length_words(seg: SegmentEntry) -> str:
    length = f"{seg.kind}, {_minutes(seg.duration)}"
    if seg.qa:
        length += f" (Q&A {_minutes(seg.qa)} of it)"
    return length


def _minutes(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"


def hosts(plan: Plan) -> list[Person]:
    named = [p for p in plan.people if p.role and _HOST_ROLE.search(p.role)]
    if named:
        return named
    owners = dict.fromkeys(s.owner for s in plan.segments if s.kind == "host" and s.owner)
    return [plan.person_by_id[o] for o in owners if o in plan.person_by_id]


def _contacts(
    plan: Plan, person: Person, segments: tuple[SegmentEntry, ...], private: bool
) -> tuple[Contact, ...]:
    """The hosts, then the owners of the segments this person has something to do in."""
    reasons: dict[str, list[str]] = {}
    for host in hosts(plan):
        reasons.setdefault(host.id, []).append("host")
    for seg in segments:
        if seg.status == "skipped" or seg.owner is None or seg.owner.id not in plan.person_by_id:
            continue
        involved = (
            any(c.by is not None and c.by.id == person.id for c in seg.checklist)
            or (seg.handoff is not None and seg.handoff.by is not None and seg.handoff.by.id == person.id)
            or any(s.id == person.id for s in seg.speakers)
        )
        if involved:
            reasons.setdefault(seg.owner.id, []).append(f"owner of {seg.title}")
    return tuple(
        Contact(person=_card(plan.person_by_id[pid], private), why="; ".join(why))
        for pid, why in reasons.items()
        if pid != person.id
    )


def _card(person: Person, private: bool) -> PersonCard:
    return PersonCard(
        id=person.id, name=person.name, role=person.role, phone=person.phone if private else None
    )


def _local(moment: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(tz)


def _did_you_mean(person_id: str, plan: Plan) -> str:
    import difflib

    close = difflib.get_close_matches(person_id, [p.id for p in plan.people], n=1)
    if close:
        return f' (did you mean "{close[0]}"?)'
    return " (people: " + ", ".join(p.id for p in plan.people) + ")" if plan.people else " (it has no people)"
