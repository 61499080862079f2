"""The event plan: what was meant to happen. Validated once, never mutated.

The models are frozen standard dataclasses, so that everything which only *uses* a plan (the
console, the stage view, the engine, a plan read back from the cache) never imports pydantic:
that import alone cost about 70 ms of the console's start-up. The rules live here all the same,
as ``Annotated`` markers that pydantic reads when plan.load validates raw TOML data into these
classes (through the documented ``__get_pydantic_core_schema__`` hook, see ``_Check``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..base.instants import add_seconds, seconds_between
from ..base.slugs import ID_PATTERN, ID_RULE
from .durations import parse_duration as _parse_duration

# A plan spells the same few durations again and again ("25m" on hundreds of segments): each
# spelling is parsed once. Errors are not cached (a ValueError propagates as before).
parse_duration = lru_cache(maxsize=512)(_parse_duration)

Kind = Literal["talk", "panel", "break", "host", "sponsor", "other"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
Overtime = Literal["count", "hold"]
OVERTIMES: tuple[str, ...] = Overtime.__args__  # type: ignore[attr-defined]


def _slug(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f'"{value}" is not a valid id ({ID_RULE})')
    return value


MAX_DURATION = 24 * 3600  # a slot longer than a day is a typo ("30h" for "30m"); split it


def _duration(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        raise ValueError(
            f'cannot read {value!r}: write "{value}m" (minutes) or "{value}s" (seconds), in quotes'
        )
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"cannot read {value!r} (use 90s, 25m, 1h or 1h30m, in quotes)")
    seconds = parse_duration(value)
    if seconds > MAX_DURATION:
        raise ValueError(f'"{value}" is longer than a day (at most 24h)')
    return seconds


def _positive(seconds: int) -> int:
    if seconds <= 0:
        raise ValueError("must be above zero")
    return seconds


def _toml_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date like 2026-12-03, got a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        raise ValueError(f'"{value}" is a quoted string: write the date without quotes, e.g. 2026-12-03')
    raise ValueError(f"expected a date like 2026-12-03, got {value!r}")


def _toml_time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a time of day like 18:00:00, got a date and time ({value.isoformat()})")
    if isinstance(value, dt.date):
        raise ValueError(f"expected a time of day like 18:00:00, got a date ({value.isoformat()})")
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError("expected a local time of day without offset, e.g. 18:00:00")
        return value
    if isinstance(value, str):
        raise ValueError(f'"{value}" is a quoted string: write the time without quotes, e.g. 18:00:00')
    raise ValueError(f"expected a time of day like 18:00:00, got {value!r}")


def _hard_start(value: Any) -> dt.time | dt.datetime:
    """A segment's hard start: a local time of day, or a TOML local date-time (a later day)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(
                "expected a local date and time without offset, e.g. 2026-12-04T09:00:00 "
                "(the event's timezone applies)"
            )
        return value
    if isinstance(value, dt.date):
        raise ValueError(
            f"expected a time of day like 18:00:00 or a date and time like {value.isoformat()}T09:00:00, "
            f"got a date ({value.isoformat()})"
        )
    return _toml_time(value)


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory, a name too long
        import difflib

        close = difflib.get_close_matches(value, available_timezones(), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else " (use an IANA name like Europe/Berlin)"
        raise ValueError(f'unknown timezone "{value}"{hint}') from None
    return value


def _nonempty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


class _Check:
    """A validation rule on a field's type, applied by pydantic ``before`` or ``after`` its own check.

    pydantic calls ``__get_pydantic_core_schema__`` on any ``Annotated`` marker that has it, so
    this module needs pydantic only once something is validated (then pydantic_core is loaded).
    """

    def __init__(self, when: Literal["before", "after"], function: Any) -> None:
        self.when, self.function = when, function

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        wrap = (
            core_schema.no_info_before_validator_function
            if self.when == "before"
            else core_schema.no_info_after_validator_function
        )
        return wrap(self.function, handler(source))


class _Strict:
    """No coercion: ``blocking = "yes"`` is an error, not true."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return {**handler(source), "strict": True}


Slug = Annotated[str, _Check("after", _slug)]
Text = Annotated[str, _Check("after", _nonempty)]
Duration = Annotated[int, _Check("before", _duration)]
PositiveDuration = Annotated[int, _Check("before", _duration), _Check("after", _positive)]
TomlDate = Annotated[dt.date, _Check("before", _toml_date)]
TomlTime = Annotated[dt.time, _Check("before", _toml_time)]
HardStart = Annotated[dt.datetime | dt.time, _Check("before", _hard_start)]
StrictBool = Annotated[bool, _Strict()]

# The plan's models are frozen, keyword-only dataclasses (see plan.load for their validation).


class _Model:
    # Read by pydantic when it validates into these dataclasses: unknown keys are errors.
    __pydantic_config__ = {"extra": "forbid", "strict": False}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event(_Model):
    """The [event] table: what, when (date, first start) and where."""

    title: Text
    date: TomlDate
    start: TomlTime
    timezone: Annotated[str, _Check("after", _timezone)] | None = None
    venue: str | None = None
    curfew: TomlTime | None = None  # when the venue must be empty: the console says when the show passes it


@dataclasses.dataclass(frozen=True, kw_only=True)
class Timers(_Model):
    """The [timers] table: when the warning and the wrap-up phase begin, before a slot's end.

    ``overtime``: what the speaker's stage view shows past zero: ``count`` (``+01:23`` counting
    up) or ``hold`` (``0:00`` and TIME UP: a growing number unsettles some speakers). The
    manager's view and the console always count.
    """

    warn: Duration = 300
    wrap: Duration = 120
    call: Duration = 1800  # a person without ``arrive`` is expected this long before their first appearance
    go_guard: Duration = 1  # a second GO this soon after the previous press is ignored (a double tap)
    overtime: Overtime = "count"


MAX_PRESETS = 9  # the digits 1-9 of the message dialog


def _presets(value: Any) -> Any:
    if isinstance(value, list | tuple) and len(value) > MAX_PRESETS:
        raise ValueError(f"at most {MAX_PRESETS} messages (the digits 1-9 send them), not {len(value)}")
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class StageSettings(_Model):
    """The [stage] table: ready-made stage messages, sent from the console's message dialog by digit."""

    messages: Annotated[tuple[Text, ...], _Check("before", _presets)] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Person(_Model):
    """A [[people]] entry: a speaker, host or crew member; phone and e-mail never go on stage."""

    id: Slug
    name: Text
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    pronounce: str | None = None
    intro: str | None = None
    needs: tuple[str, ...] = ()
    arrive: TomlTime | None = None  # when they are expected (default: [timers] call before they are on)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Task(_Model):
    """A [[tasks]] entry: a job of the day around the show, at a time of day or tied to a segment.

    Exactly one of ``at`` (a time of day), ``before`` (that long before a segment's projected
    start) and ``after`` (that long after its projected end); plan.load checks it. ``notes`` are
    the organizer's only (private, like phones).
    """

    id: Slug
    title: Text
    at: TomlTime | None = None
    before: Slug | None = None
    after: Slug | None = None
    offset: Duration = 0
    owner: Slug | None = None
    notes: str | None = None
    stage: Slug | None = None  # a plan with several stages: whose console shows it (issue 14)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChecklistItem(_Model):
    """A thing to get ready for a segment, who does it, and whether GO should wait for it."""

    item: Text
    by: Slug | None = None
    blocking: StrictBool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class Handoff(_Model):
    """The transition into a segment: its cue and who gives it."""

    cue: Text
    by: Slug | None = None


def _checklist_entries(value: Any) -> Any:
    if isinstance(value, list):
        return [{"item": entry} if isinstance(entry, str) else entry for entry in value]
    return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class Segment(_Model):
    """A [[segments]] entry: one slot of the running order."""

    id: Slug
    title: Text
    kind: Kind
    duration: PositiveDuration
    start: HardStart | None = None
    owner: Slug | None = None
    speakers: tuple[Slug, ...] = ()
    qa: Duration = 0
    warn: Duration | None = None
    wrap: Duration | None = None
    notes: str | None = None
    checklist: Annotated[tuple[ChecklistItem, ...], _Check("before", _checklist_entries)] = ()
    handoff: Handoff | None = None
    stage: Slug | None = None  # the [[stages]] id (required when the plan has two or more stages)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Validating a segment: ``kind`` defaults to talk when it has speakers, else other."""
        return _Check("before", _default_kind).__get_pydantic_core_schema__(source, handler)


def _default_kind(data: Any) -> Any:
    if isinstance(data, dict) and "kind" not in data:
        return {**data, "kind": "talk" if data.get("speakers") else "other"}
    return data


@dataclasses.dataclass(frozen=True, kw_only=True)
class Stage(_Model):
    """A [[stages]] entry: a room with its own running order, console and journal."""

    id: Slug
    name: Text
    start: TomlTime | None = None  # this stage's first start (default: [event] start)


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlannedSlot(_Model):
    """Where a segment sits in the plan: aware datetimes in the event's timezone."""

    segment: Segment
    start: dt.datetime
    end: dt.datetime
    gap_before: int = 0  # seconds of planned gap before a hard start


@dataclasses.dataclass(frozen=True, kw_only=True)
class Plan(_Model):
    """The whole plan: event, timers, people and segments in running order."""

    event: Event
    timers: Timers = dataclasses.field(default_factory=Timers)
    people: tuple[Person, ...] = ()
    segments: tuple[Segment, ...]
    stages: tuple[Stage, ...] = ()
    tasks: tuple[Task, ...] = ()
    stage: StageSettings = StageSettings()  # the [stage] table (frozen: one shared default)

    def __getstate__(self) -> dict[str, Any]:
        """The fields only: a pickled plan (plan.cache) never carries a cached property's value
        (a timezone taken from the machine, a schedule) to another process. (The other models
        have no cached property: they pickle their fields as they are.)"""
        state = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        # a plan without [[stages]] or [stage] pickles as before (the class default reads back)
        if not state["stages"]:
            del state["stages"]
        if state["stage"] == StageSettings():
            del state["stage"]
        return state

    @cached_property
    def tz(self) -> dt.tzinfo:
        if self.event.timezone:
            return ZoneInfo(self.event.timezone)
        # The machine's zone, with the offset it has on the event's day (not today's: a plan
        # written in summer for a December event must not be an hour off).
        try:
            return dt.datetime.combine(self.event.date, self.event.start).astimezone().tzinfo or dt.UTC
        except (OverflowError, OSError, ValueError):
            return dt.UTC

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def task_by_id(self) -> dict[str, Task]:
        return {task.id: task for task in self.tasks}

    @cached_property
    def slot_by_id(self) -> dict[str, PlannedSlot]:
        return {slot.segment.id: slot for slot in self.schedule}

    @cached_property
    def task_dues(self) -> dict[str, dt.datetime]:
        """Each task's planned due instant, in UTC (show.logistics projects them as the show runs)."""
        dues = {}
        for task in self.tasks:
            if task.at is not None:
                due = time_of_day(self, task.at)
            elif task.before is not None:
                due = add_seconds(self.slot_by_id[task.before].start, -task.offset)
            else:
                due = add_seconds(self.slot_by_id[task.after or ""].end, task.offset)
            dues[task.id] = due.astimezone(_UTC)
        return dues

    @cached_property
    def appearances(self) -> dict[str, tuple[str, ...]]:
        """Person id -> the segments they are on (speaker, owner, handoff), in plan order."""
        found: dict[str, list[str]] = {}
        for segment in self.segments:
            who = {*segment.speakers, segment.owner, segment.handoff.by if segment.handoff else None}
            for person in who:
                if person is not None:
                    found.setdefault(person, []).append(segment.id)
        return {person: tuple(ids) for person, ids in found.items()}

    @cached_property
    def segment_by_id(self) -> dict[str, Segment]:
        return {segment.id: segment for segment in self.segments}

    @cached_property
    def schedule(self) -> tuple[PlannedSlot, ...]:
        """The planned start and end of every segment (see plan.load for the rules)."""
        return tuple(
            PlannedSlot(
                segment=segment, start=start, end=add_seconds(start, segment.duration), gap_before=gap
            )
            for segment, start, gap, _overlap in chain(self)
        )

    @property
    def start(self) -> dt.datetime:
        if len(self.stages) > 1:  # several timelines side by side: the earliest of them
            return min((slot.start for slot in self.schedule), key=_instant)
        return self.schedule[0].start

    @property
    def end(self) -> dt.datetime:
        if len(self.stages) > 1:
            return max((slot.end for slot in self.schedule), key=_instant)
        return self.schedule[-1].end

    # Stages and days. A plan without [[stages]] is one stage, exactly as before: ``for_stage``
    # is the way from a plan of several stages to the one-stage plan that the engine, the
    # console and the views run (its segments, its first start), and a stage's journal holds
    # the whole plan text plus the stage id, so it alone replays to that stage.

    @cached_property
    def stage_by_id(self) -> dict[str, Stage]:
        return {stage.id: stage for stage in self.stages}

    def stage_of(self, segment: Segment) -> str | None:
        """The stage id of a segment (the only stage when there is one, None without stages)."""
        if segment.stage is not None:
            return segment.stage
        return self.stages[0].id if len(self.stages) == 1 else None

    @property
    def one_stage(self) -> Stage | None:
        """This plan's stage when it is one stage of a plan (``for_stage``) or has one [[stages]]."""
        return self.stages[0] if len(self.stages) == 1 else None

    def for_stage(self, stage_id: str) -> Plan:
        """The one-stage plan of stage ``stage_id``: its segments in file order, starting at its
        own start (default: the event's). KeyError for an unknown id."""
        stage = self.stage_by_id[stage_id]
        if len(self.stages) == 1:
            return self
        return dataclasses.replace(
            self,
            event=dataclasses.replace(self.event, start=stage.start or self.event.start),
            segments=tuple(seg for seg in self.segments if seg.stage == stage_id),
            stages=(stage,),
            tasks=tuple(
                task
                for task in self.tasks
                if (self.task_stage(task) or self.stages[0].id) == stage_id  # the first stage: the event's
            ),
        )

    def task_stage(self, task: Task) -> str | None:
        """A task's stage: its own ``stage``, else that of the segment it is tied to (None: an
        ``at`` task without a stage, shown on the first stage's console)."""
        if task.stage is not None:
            return task.stage
        anchor = task.before or task.after
        segment = self.segment_by_id.get(anchor) if anchor else None
        return self.stage_of(segment) if segment is not None else None

    @cached_property
    def day_of(self) -> dict[str, int]:
        """Day number (1, 2, ...) of every segment: a dated hard start on a later date than the
        day in force opens the next day on its stage."""
        days: dict[str, int] = {}
        current: dict[str | None, tuple[int, dt.date]] = {}
        for segment in self.segments:
            stage = self.stage_of(segment)
            number, date = current.get(stage, (1, self.event.date))
            if isinstance(segment.start, dt.datetime) and segment.start.date() > date:
                number, date = number + 1, segment.start.date()
            current[stage] = (number, date)
            days[segment.id] = number
        return days

    @cached_property
    def days(self) -> int:
        """How many days this plan (or this stage) runs on (asked on every tick: kept)."""
        return max(self.day_of.values(), default=1)

    @property
    def curfew(self) -> dt.datetime | None:
        """The curfew's instant: its time of day on the start's date, or the next day when that
        is more than 12 hours before the start (a curfew past midnight); None without one."""
        if self.event.curfew is None:
            return None
        return hard_start_after(self.start, self.event.curfew)

    def warn_for(self, segment: Segment) -> int:
        return self.timers.warn if segment.warn is None else segment.warn

    def wrap_for(self, segment: Segment) -> int:
        return self.timers.wrap if segment.wrap is None else segment.wrap

    @cached_property
    def _checklists(self) -> dict[str, tuple[ChecklistItem, ...]]:
        """``checklist_for`` of the plan's segments, each built once, when first asked for: a live
        view asks on every redraw, for two segments of what may be a thousand (building them all
        before the console's first frame took ~2 ms)."""
        return {}

    def checklist_for(self, segment: Segment) -> tuple[ChecklistItem, ...]:
        """The segment's own checklist, then each speaker's needs (by: the speaker)."""
        if self.segment_by_id.get(segment.id) is segment:
            built = self._checklists.get(segment.id)
            if built is None:
                built = self._checklists[segment.id] = self._checklist_of(segment)
            return built
        return self._checklist_of(segment)

    def _checklist_of(self, segment: Segment) -> tuple[ChecklistItem, ...]:
        needs = tuple(
            ChecklistItem(item=need, by=speaker)
            for speaker in segment.speakers
            if speaker in self.person_by_id
            for need in self.person_by_id[speaker].needs
        )
        return segment.checklist + needs

    def speaker_names(self, segment: Segment) -> list[str]:
        return [self.person_by_id[s].name if s in self.person_by_id else s for s in segment.speakers]


HALF_DAY = dt.timedelta(hours=12)
_UTC = dt.UTC


def _instant(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(_UTC)


def hard_start_after(cursor: dt.datetime, start: dt.time | dt.datetime) -> dt.datetime:
    """The instant of a hard start time of day, given where the schedule stands.

    A dated hard start (a TOML local date-time) is that wall time on that date, wherever the
    schedule stands (before ``cursor``: an overlap, which validation reports).

    ``cursor`` is an aware datetime in the event's timezone. The hard start is that time of day
    on ``cursor``'s date, or on the next day when that would be more than 12 hours before
    ``cursor`` (a show past midnight). Comparisons are between real instants, so a night when
    the clocks change is handled too.
    """
    if isinstance(start, dt.datetime):
        return start.replace(tzinfo=cursor.tzinfo, fold=0).astimezone(_UTC).astimezone(cursor.tzinfo)
    candidate = cursor.replace(
        hour=start.hour, minute=start.minute, second=start.second, microsecond=start.microsecond, fold=0
    )
    if seconds_between(candidate, cursor) > HALF_DAY.total_seconds():
        next_day = cursor.date() + dt.timedelta(days=1)
        candidate = dt.datetime.combine(next_day, start.replace(tzinfo=None), tzinfo=cursor.tzinfo)
    elif seconds_between(cursor, candidate) < 0:
        # The night the clocks go back, a time of the repeated hour happens twice: when the first
        # is before where the schedule stands, it is the second (02:15 CET after 02:00 CET); if
        # that one does not fit either, the overlap is measured to it, the nearer.
        second = candidate.replace(fold=1)
        if second.utcoffset() != candidate.utcoffset():
            candidate = second
    return candidate.astimezone(_UTC).astimezone(cursor.tzinfo)


def time_of_day(plan: Plan, when: dt.time) -> dt.datetime:
    """A plan's time of day (a task's ``at``, a person's ``arrive``) as an instant: the event's
    date, or the next day for a time more than 12 hours before the event's start (past midnight,
    as for a segment's hard start)."""
    start = dt.datetime.combine(plan.event.date, plan.event.start, tzinfo=plan.tz)
    return hard_start_after(start.astimezone(_UTC).astimezone(plan.tz), when)


def repeated_hour(moment: dt.datetime) -> bool:
    """Whether ``moment``'s wall time happens twice (the hour repeated the night the clocks go back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def chain(plan: Plan) -> Iterator[tuple[Segment, dt.datetime, int, int]]:
    """Yield ``(segment, start, gap, overlap)`` in plan order; gap and overlap are in seconds.

    A segment without ``start`` begins at the previous planned end (the event's start for the
    first). A hard start after that leaves a gap; one before it is an overlap, which validation
    reports, and the segment is then placed at the previous end so time never runs backwards.
    Raises OverflowError when the schedule leaves the calendar (validation reports that too).

    With several [[stages]], each stage is its own timeline (from its own start), in file order.
    """
    first = dt.datetime.combine(plan.event.date, plan.event.start, tzinfo=plan.tz)
    first = first.astimezone(_UTC).astimezone(plan.tz)  # normalise a wall time the clocks skip
    cursors: dict[str | None, dt.datetime] = {}
    several = len(plan.stages) > 1
    for segment in plan.segments:
        key = segment.stage if several else None
        cursor = cursors.get(key)
        if cursor is None:
            stage = plan.stage_by_id.get(key) if key is not None else None
            cursor = first
            if stage is not None and stage.start is not None:
                cursor = dt.datetime.combine(plan.event.date, stage.start, tzinfo=plan.tz)
                cursor = cursor.astimezone(_UTC).astimezone(plan.tz)
        start, gap, overlap = cursor, 0, 0
        if segment.start is not None:
            hard = hard_start_after(cursor, segment.start)
            delta = seconds_between(cursor, hard)
            if delta >= 0:
                start, gap = hard, int(delta)
            else:
                overlap = int(-delta)
        yield segment, start, gap, overlap
        cursors[key] = add_seconds(start, segment.duration)
