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
import re
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .durations import parse_duration as _parse_duration

# A plan spells the same few durations again and again ("25m" on hundreds of segments): each
# spelling is parsed once. Errors are not cached (a ValueError propagates as before).
parse_duration = lru_cache(maxsize=512)(_parse_duration)

_SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")
Kind = Literal["talk", "panel", "break", "host", "sponsor", "other"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f'"{value}" is not a valid id (lowercase letters, digits, - and _, starting with a letter)'
        )
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
    """The [timers] table: when the warning and the wrap-up phase begin, before a slot's end."""

    warn: Duration = 300
    wrap: Duration = 120


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
    start: TomlTime | None = None
    owner: Slug | None = None
    speakers: tuple[Slug, ...] = ()
    qa: Duration = 0
    warn: Duration | None = None
    wrap: Duration | None = None
    notes: str | None = None
    checklist: Annotated[tuple[ChecklistItem, ...], _Check("before", _checklist_entries)] = ()
    handoff: Handoff | None = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Validating a segment: ``kind`` defaults to talk when it has speakers, else other."""
        return _Check("before", _default_kind).__get_pydantic_core_schema__(source, handler)


def _default_kind(data: Any) -> Any:
    if isinstance(data, dict) and "kind" not in data:
        return {**data, "kind": "talk" if data.get("speakers") else "other"}
    return data


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

    def __getstate__(self) -> dict[str, Any]:
        """The fields only: a pickled plan (plan.cache) never carries a cached property's value
        (a timezone taken from the machine, a schedule) to another process. (The other models
        have no cached property: they pickle their fields as they are.)"""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}

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
        return self.schedule[0].start

    @property
    def end(self) -> dt.datetime:
        return self.schedule[-1].end

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
    def checklists_by_segment(self) -> dict[str, tuple[ChecklistItem, ...]]:
        """``checklist_for`` of every segment, built once (a live view asks on every redraw)."""
        return {segment.id: self._checklist_of(segment) for segment in self.segments}

    def checklist_for(self, segment: Segment) -> tuple[ChecklistItem, ...]:
        """The segment's own checklist, then each speaker's needs (by: the speaker)."""
        if self.segment_by_id.get(segment.id) is segment:
            return self.checklists_by_segment[segment.id]
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


def hard_start_after(cursor: dt.datetime, start: dt.time) -> dt.datetime:
    """The instant of a hard start time of day, given where the schedule stands.

    ``cursor`` is an aware datetime in the event's timezone. The hard start is that time of day
    on ``cursor``'s date, or on the next day when that would be more than 12 hours before
    ``cursor`` (a show past midnight). Comparisons are between real instants, so a night when
    the clocks change is handled too.
    """
    candidate = cursor.replace(
        hour=start.hour, minute=start.minute, second=start.second, microsecond=start.microsecond, fold=0
    )
    if seconds_between(candidate, cursor) > HALF_DAY.total_seconds():
        next_day = cursor.date() + dt.timedelta(days=1)
        candidate = dt.datetime.combine(next_day, start.replace(tzinfo=None), tzinfo=cursor.tzinfo)
    return candidate.astimezone(_UTC).astimezone(cursor.tzinfo)


def seconds_between(earlier: dt.datetime, later: dt.datetime) -> float:
    """Real elapsed seconds from ``earlier`` to ``later`` (not wall-clock: DST changes count)."""
    return (later.astimezone(_UTC) - earlier.astimezone(_UTC)).total_seconds()


def add_seconds(moment: dt.datetime, seconds: float) -> dt.datetime:
    """``moment`` plus real elapsed seconds, expressed in ``moment``'s timezone."""
    return (moment.astimezone(_UTC) + dt.timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def chain(plan: Plan) -> Iterator[tuple[Segment, dt.datetime, int, int]]:
    """Yield ``(segment, start, gap, overlap)`` in plan order; gap and overlap are in seconds.

    A segment without ``start`` begins at the previous planned end (the event's start for the
    first). A hard start after that leaves a gap; one before it is an overlap, which validation
    reports, and the segment is then placed at the previous end so time never runs backwards.
    Raises OverflowError when the schedule leaves the calendar (validation reports that too).
    """
    cursor = dt.datetime.combine(plan.event.date, plan.event.start, tzinfo=plan.tz)
    cursor = cursor.astimezone(_UTC).astimezone(plan.tz)  # normalise a wall time the clocks skip
    for segment in plan.segments:
        start, gap, overlap = cursor, 0, 0
        if segment.start is not None:
            hard = hard_start_after(cursor, segment.start)
            delta = seconds_between(cursor, hard)
            if delta >= 0:
                start, gap = hard, int(delta)
            else:
                overlap = int(-delta)
        yield segment, start, gap, overlap
        cursor = add_seconds(start, segment.duration)
