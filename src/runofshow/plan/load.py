"""TOML text -> Plan, with every problem located by file, line and field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import stat
import tomllib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..base.exits import EXIT_INVALID, EXIT_USAGE
from ..base.instants import seconds_between
from . import cache as plan_cache
from .durations import format_duration
from .locate import key_lines
from .models import (
    MAX_DURATION,
    Event,
    Person,
    Plan,
    Segment,
    Stage,
    StageSettings,
    Task,
    Timers,
    chain,
    parse_duration,
)

EXIT_UNREADABLE = EXIT_USAGE  # a missing file or a directory: the path is wrong, not the plan


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a plan file, at a line (and a column for TOML syntax)."""

    line: int
    message: str
    column: int | None = None

    def render(self, source: str) -> str:
        """One line, whatever the plan holds: control characters are shown escaped."""
        where = f"{source}:{self.line}" + (f":{self.column}" if self.column else "")
        return _one_line(f"{where}: {self.message}")


def _one_line(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class PlanError(Exception):
    """The one error type the loader raises: a plan that cannot be used, and why."""

    def __init__(self, source: str, problems: list[Problem], exit_code: int = EXIT_INVALID) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p.line, p.column or 0))
        self.exit_code = exit_code
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(problem.render(self.source) for problem in self.problems)


@dataclass(frozen=True)
class LoadedPlan:
    """A valid plan with the text it was read from, that text's sha256 and where it came from."""

    plan: Plan
    text: str
    sha256: str
    source: str


def load_plan(path: str | Path) -> LoadedPlan:
    """Read and validate a plan file. Raises PlanError (exit 2: unreadable, 1: invalid)."""
    text = read_plan_text(path)
    sha256 = sha256_text(text)
    return LoadedPlan(validated_plan(text, str(path), sha256), text, sha256, str(path))


def validated_plan(text: str, source: str, sha256: str) -> Plan:
    """``load_plan_text``, through the cache of plans that validated before (see plan.cache).

    ``sha256`` is ``sha256_text(text)``, which the caller has at hand.
    """
    plan = plan_cache.read(sha256)
    if plan is None:
        plan = load_plan_text(text, source)
        plan_cache.write(sha256, plan)
    return plan


def read_plan_text(path: str | Path) -> str:
    """A plan file's text, as load_plan reads it (its sha256 is the journal's plan_sha256). PlanError when unreadable."""
    source = str(path)
    try:
        data = read_regular_file(path, MAX_PLAN_BYTES)
    except NotRegular as error:
        raise PlanError(source, [Problem(1, str(error))], EXIT_UNREADABLE) from None
    except IsADirectoryError:
        raise PlanError(source, [Problem(1, "is a directory, not a plan file")], EXIT_UNREADABLE) from None
    except FileNotFoundError:
        raise PlanError(source, [Problem(1, "no such file")], EXIT_UNREADABLE) from None
    except OSError as error:
        raise PlanError(source, [Problem(1, f"cannot read: {error.strerror}")], EXIT_UNREADABLE) from None
    try:
        return data.decode("utf-8").removeprefix(BOM)  # editors on Windows may write one
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PlanError(source, [Problem(line, "not a UTF-8 text file (is this a TOML plan?)")]) from None


MAX_PLAN_BYTES = 16 * 1024 * 1024  # a 1,000-segment plan is about 200 KB: far above any real plan


class NotRegular(OSError):
    """A path that is not a regular file (a device, a FIFO, a socket) or is too big to read."""


def read_regular_file(path: str | Path, limit: int | None = None) -> bytes:
    """A regular file's bytes, never blocking on a FIFO nor reading /dev/zero forever.

    Opened without blocking and checked with fstat (the file itself, not a name that could change
    in between); NotRegular for anything else, or for a file over ``limit`` bytes.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(
                f"not a regular file ({FILE_KINDS.get(stat.S_IFMT(status.st_mode), 'special file')})"
            )
        if limit is not None and status.st_size > limit:
            raise NotRegular(
                f"too big to be a plan ({status.st_size // 2**20} MB; the limit is {limit // 2**20} MB)"
            )
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise NotRegular(f"too big to be a plan (over {limit // 2**20} MB)")
    return data


FILE_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
}


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_POSITION = re.compile(r"^(.*) \(at line (\d+), column (\d+)\)$")


BOM = "\ufeff"


def plan_warnings(loaded: LoadedPlan) -> list[Problem]:
    """What a valid plan probably did not mean, for ``check`` to print (exit 0 all the same).

    A ``warn`` (or ``wrap``) not shorter than a segment's talk time (its duration less its Q&A)
    makes that phase show from the segment's first second, which tells the speaker nothing.
    The line is the segment's own key, else its duration (the [timers] default applied).
    """
    plan, found = loaded.plan, []
    lines: dict | None = None
    curfew = plan.curfew
    if curfew is not None and seconds_between(curfew, plan.end) > 0:
        over = format_duration(int(seconds_between(curfew, plan.end)))
        line = key_lines(loaded.text).get(("event", "curfew"), 1)
        found.append(
            Problem(
                line,
                f"warning: event: the plan ends at {plan.end:%H:%M:%S}, {over} past the curfew ({plan.event.curfew})",
            )
        )
    for index, segment in enumerate(plan.segments):
        talk = segment.duration - segment.qa
        for name, seconds, meaning in (
            ("warn", plan.warn_for(segment), "the warning shows from the start"),
            ("wrap", plan.wrap_for(segment), "the wrap-up shows from the start"),
        ):
            if not seconds or seconds < talk:
                continue
            if lines is None:
                lines = key_lines(loaded.text)
            own = getattr(segment, name) is not None
            line = lines.get(("segments", index, name if own else "duration"), 1)
            source = "" if own else " (the [timers] default)"
            found.append(
                Problem(
                    line,
                    f"warning: segment '{segment.id}': {name} ({format_duration(seconds)}){source} is not "
                    f"shorter than its talk time ({format_duration(talk)}): {meaning}",
                )
            )
    return found


def load_plan_text(text: str, source: str = "<plan>") -> Plan:
    """Parse and validate plan text. PlanError is the only exception it raises."""
    text = text.removeprefix(BOM)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_POSITION.match(str(error))
        if match:
            message, line, column = match.group(1), int(match.group(2)), int(match.group(3))
        else:
            message, line, column = str(error), 1, None
        hint = _time_without_seconds(text, line)
        if hint is not None:
            message, column = hint
            raise PlanError(source, [Problem(line, message, column)]) from None
        raise PlanError(source, [Problem(line, f"TOML syntax error: {message}", column)]) from None
    return validate(raw, lambda: key_lines(text), source)


_HH_MM = re.compile(r"^(\s*([A-Za-z0-9_.\"' -]+?)\s*=\s*)(\d{1,2}):(\d{2})\s*(?:#.*)?$")


def _time_without_seconds(text: str, line: int) -> tuple[str, int] | None:
    """The message for ``start = 18:30`` (TOML 1.0 times have seconds: a syntax error to tomllib),
    saying exactly what to write instead, and the column of the time; None for any other error."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    match = _HH_MM.match(lines[line - 1])
    if match is None:
        return None
    prefix, key, hours, minutes = match.groups()
    if int(hours) > 23 or int(minutes) > 59:
        return None
    written = f"{key} = {hours}:{minutes}"
    return f"{written}: a TOML time needs seconds: write {key} = {int(hours):02d}:{minutes}:00", len(
        prefix
    ) + 1


_PARTS: dict[str, type] = {"event": Event, "timers": Timers, "stage": StageSettings}
_LISTS: dict[str, type] = {"people": Person, "stages": Stage, "segments": Segment, "tasks": Task}
_NOUNS = {"people": "person", "stages": "stage", "segments": "segment", "tasks": "task"}
_TOP_KEYS = [*_PARTS, *_LISTS]


def validate(
    raw: dict[str, Any], lines: Mapping[tuple, int] | Callable[[], Mapping[tuple, int]], source: str
) -> Plan:
    """Validate each part on its own so that every problem in the file is reported.

    ``lines`` maps key paths to line numbers (see plan.locate), or is a function returning that
    map, called at most once and only when there is a problem to locate.
    """
    problems = _Problems(raw, lines)
    for key in raw:
        if key not in _TOP_KEYS:
            problems.unknown_key((key,), _TOP_KEYS)
    parts: dict[str, Any] = {}
    for key, model in _PARTS.items():
        if key not in raw:
            if key == "event":
                problems.add((), "missing [event] table (title, date and start are required)", context="plan")
            continue
        if not isinstance(raw[key], dict):
            problems.add((key,), f"[{key}] must be a table", context="plan")
            continue
        parts[key] = problems.model(model, raw[key], (key,))
    for key, model in _LISTS.items():
        entries = raw.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.add((key,), f"write each entry as a [[{key}]] table", context="plan")
            continue
        parts[key] = [problems.model(model, entry, (key, i)) for i, entry in enumerate(entries)]
    if "segments" in parts and not raw.get("segments"):
        problems.add((), "the plan has no [[segments]]", context="plan")

    _check_references(problems, parts.get("timers") or Timers())
    if problems.found:
        raise PlanError(source, problems.found)
    plan = Plan(
        event=parts["event"],
        timers=parts.get("timers") or Timers(),
        people=tuple(parts.get("people", [])),
        segments=tuple(parts["segments"]),
        stages=tuple(parts.get("stages", [])),
        tasks=tuple(parts.get("tasks", [])),
        stage=parts.get("stage") or StageSettings(),
    )
    _check_schedule(problems, plan)
    if not problems.found and len(plan.stages) > 1:
        _check_people_on_two_stages(problems, plan)
    if problems.found:
        raise PlanError(source, problems.found)
    return plan


def _check_references(problems: _Problems, timers: Timers) -> None:
    """Checks across entries, done on the raw data so that they run even where an entry is invalid."""
    person_ids = {p["id"] for _, p in problems.entries("people") if isinstance(p.get("id"), str)}
    _check_unique(problems, "people", "person")
    _check_unique(problems, "segments", "segment")
    _check_unique(problems, "tasks", "task")
    _check_stages(problems)
    if timers.wrap > timers.warn:
        at = "warn" if "warn" in problems.raw.get("timers", {}) else "wrap"
        problems.add(
            ("timers", at),
            f"wrap ({format_duration(timers.wrap)}) must not exceed warn ({format_duration(timers.warn)})",
        )
    for index, segment in problems.entries("segments"):
        path = ("segments", index)

        def known(person: object, *where: str | int, path: tuple = path) -> None:
            if isinstance(person, str) and person not in person_ids:
                close = difflib.get_close_matches(person, person_ids, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else " (add it under [[people]])"
                problems.add((*path, *where), f'unknown person "{person}"{hint}')

        speakers = _as_list(segment.get("speakers"))
        for i, speaker in enumerate(speakers):
            known(speaker, "speakers", i)
            if isinstance(speaker, str) and speaker in speakers[:i]:
                problems.add((*path, "speakers", i), f'"{speaker}" is listed twice')
        known(segment.get("owner"), "owner")
        if isinstance(segment.get("handoff"), dict):
            known(segment["handoff"].get("by"), "handoff", "by")
        for i, item in enumerate(_as_list(segment.get("checklist"))):
            if isinstance(item, dict):
                known(item.get("by"), "checklist", i, "by")
        warn, wrap = _seconds(segment.get("warn"), timers.warn), _seconds(segment.get("wrap"), timers.wrap)
        own = "wrap" if "wrap" in segment else "warn" if "warn" in segment else None
        if own and warn is not None and wrap is not None and wrap > warn:
            problems.add(
                (*path, own), f"wrap ({format_duration(wrap)}) must not exceed warn ({format_duration(warn)})"
            )
        qa, duration = _seconds(segment.get("qa"), 0), _seconds(segment.get("duration"), None)
        if qa and duration and qa >= duration:
            problems.add(
                (*path, "qa"),
                f"qa ({format_duration(qa)}) must be shorter than duration ({format_duration(duration)})",
            )

    _check_tasks(problems, person_ids)


_ANCHORS = ("at", "before", "after")


def _check_tasks(problems: _Problems, person_ids: set[str]) -> None:
    """A task has exactly one anchor; the segment and the owner it names exist; an offset goes
    with ``before`` or ``after`` only (an ``at`` task says its time itself)."""
    segment_ids = {s["id"] for _, s in problems.entries("segments") if isinstance(s.get("id"), str)}
    for index, task in problems.entries("tasks"):
        path = ("tasks", index)
        anchors = [key for key in _ANCHORS if key in task]
        if not anchors:
            problems.add(
                path,
                "needs one of at (a time of day), before or after (a segment id)",
                line=problems.line(path),
            )
        elif len(anchors) > 1:
            problems.add(
                (*path, anchors[1]),
                f"give only one of at, before and after (this task has {' and '.join(anchors)})",
            )
        for key in ("before", "after"):
            segment = task.get(key)
            if isinstance(segment, str) and segment not in segment_ids:
                close = difflib.get_close_matches(segment, segment_ids, n=1)
                hint = (
                    f' (did you mean "{close[0]}"?)'
                    if close
                    else " (it must be the id of a [[segments]] entry)"
                )
                problems.add((*path, key), f'unknown segment "{segment}"{hint}')
        owner = task.get("owner")
        if isinstance(owner, str) and owner not in person_ids:
            close = difflib.get_close_matches(owner, person_ids, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else " (add it under [[people]])"
            problems.add((*path, "owner"), f'unknown person "{owner}"{hint}')
        if "offset" in task and anchors == ["at"]:
            problems.add((*path, "offset"), "an offset goes with before or after, not with at")


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def _seconds(value: object, default: int | None) -> int | None:
    """A raw duration in seconds, the default when absent, None when unreadable (reported elsewhere)."""
    if value is None:
        return default
    try:
        seconds = parse_duration(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return seconds if seconds is not None and seconds <= MAX_DURATION else None


def _check_curfew(problems: _Problems, plan: Plan) -> None:
    try:
        curfew = plan.curfew
        if curfew is not None and seconds_between(plan.start, curfew) <= 0:
            problems.add(
                ("event", "curfew"),
                f"curfew {plan.event.curfew} is before the event starts ({plan.event.start})",
            )
    except (OverflowError, ValueError):
        pass  # reported by the schedule check


def _check_unique(problems: _Problems, key: str, noun: str) -> None:
    seen: dict[str, int] = {}
    for index, entry in problems.entries(key):
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.add(
                (key, index, "id"),
                f'duplicate {noun} id "{ident}" (first used at line {problems.line((key, seen[ident], "id"))})',
            )
        else:
            seen[ident] = index


def _check_stages(problems: _Problems) -> None:
    """Duplicate stage ids, and each segment's ``stage``: known, and given when there are several."""
    _check_unique(problems, "stages", "stage")
    stages = [e["id"] for _, e in problems.entries("stages") if isinstance(e.get("id"), str)]
    listed = ", ".join(f"{ident}" for ident in dict.fromkeys(stages))
    for index, segment in problems.entries("segments"):
        stage = segment.get("stage")
        if stage is None:
            if len(stages) > 1:
                problems.add(
                    ("segments", index),
                    f"stage: required when the plan has two or more stages (one of: {listed})",
                )
        elif isinstance(stage, str) and stage not in stages:
            if not stages:
                problems.add(
                    ("segments", index, "stage"), f'unknown stage "{stage}" (add it under [[stages]])'
                )
                continue
            close = difflib.get_close_matches(stage, stages, n=1)
            hint = f'did you mean "{close[0]}"?' if close else f"one of: {listed}"
            problems.add(("segments", index, "stage"), f'unknown stage "{stage}" ({hint})')
    segment_stage = {
        segment["id"]: segment.get("stage")
        for _, segment in problems.entries("segments")
        if isinstance(segment.get("id"), str)
    }
    for index, task in problems.entries("tasks"):
        stage = task.get("stage")
        if not isinstance(stage, str):
            continue
        if stage not in stages:
            close = difflib.get_close_matches(stage, stages, n=1)
            hint = (
                f'did you mean "{close[0]}"?'
                if close
                else f"one of: {listed}"
                if stages
                else "add it under [[stages]]"
            )
            problems.add(("tasks", index, "stage"), f'unknown stage "{stage}" ({hint})')
            continue
        anchor = task.get("before") or task.get("after")
        other = segment_stage.get(anchor) if isinstance(anchor, str) else None
        if other is not None and other != stage:
            problems.add(
                ("tasks", index, "stage"),
                f'"{stage}", but its segment "{anchor}" is on stage "{other}" (leave stage out: it follows the segment)',
            )
    if len(stages) > 1:
        used = {segment.get("stage") for _, segment in problems.entries("segments")}
        for index, entry in problems.entries("stages"):
            if isinstance(entry.get("id"), str) and entry["id"] not in used:
                problems.add(("stages", index, "id"), "has no segments (give some segments this stage)")


def _check_schedule(problems: _Problems, plan: Plan) -> None:
    _check_curfew(problems, plan)
    previous: dict[str | None, Segment] = {}
    try:
        for index, (segment, start, _gap, overlap) in enumerate(chain(plan)):
            key = plan.stage_of(segment) if len(plan.stages) > 1 else None
            if isinstance(segment.start, dt.datetime) and segment.start.date() == plan.event.date:
                problems.add(
                    ("segments", index, "start"),
                    f"got a date and time ({segment.start.isoformat()}) on the event's own date: write "
                    f"the time only, start = {segment.start:%H:%M:%S} (a date opens a later day)",
                )
                previous[key] = segment
                continue
            if overlap:
                before_segment = previous.get(key)
                stage = plan.stage_by_id.get(key) if key is not None else None
                if before_segment is not None:
                    before = f"segment '{before_segment.id}' is planned to end at {start:%H:%M:%S}"
                elif stage is not None and stage.start is not None:
                    before = f"stage '{stage.id}' starts at {start:%H:%M:%S}"
                else:
                    before = f"the event starts at {start:%H:%M:%S}"
                if isinstance(segment.start, dt.datetime):
                    what = f"dated start {segment.start:%Y-%m-%dT%H:%M:%S} goes back in time by"
                else:
                    what = f"hard start {segment.start} overlaps by"
                problems.add(("segments", index, "start"), f"{what} {format_duration(overlap)}: {before}")
            previous[key] = segment
    except (OverflowError, ValueError):
        problems.add(
            ("event", "date"), "the schedule runs outside the calendar (check the date and durations)"
        )


def _check_people_on_two_stages(problems: _Problems, plan: Plan) -> None:
    """A person (speaker or owner) due on two stages at overlapping planned times, naming both."""
    index_of = {segment.id: i for i, segment in enumerate(plan.segments)}
    due: dict[str, list] = {}
    for slot in plan.schedule:
        for person in dict.fromkeys((*slot.segment.speakers, slot.segment.owner)):
            if person is not None:
                due.setdefault(person, []).append(slot)
    for person, slots in due.items():
        slots.sort(key=lambda slot: index_of[slot.segment.id])
        for j, later in enumerate(slots):
            for earlier in slots[:j]:
                if earlier.segment.stage == later.segment.stage:
                    continue
                if (
                    seconds_between(later.start, earlier.end) > 0
                    and seconds_between(earlier.start, later.end) > 0
                ):
                    name = plan.person_by_id[person].name if person in plan.person_by_id else person
                    first_line = problems.line(("segments", index_of[earlier.segment.id]))
                    problems.add(
                        ("segments", index_of[later.segment.id]),
                        f"{name} ({person}) is due on two stages at once: "
                        f"'{later.segment.id}' on {_stage_name(plan, later.segment)} "
                        f"{later.start:%H:%M}-{later.end:%H:%M} overlaps '{earlier.segment.id}' on "
                        f"{_stage_name(plan, earlier.segment)} {earlier.start:%H:%M}-{earlier.end:%H:%M} "
                        f"(line {first_line})",
                    )


def _stage_name(plan: Plan, segment: Segment) -> str:
    stage = plan.stage_by_id.get(segment.stage or "")
    return stage.name if stage is not None else str(segment.stage)


class _Problems:
    """Collects problems, turning key paths into lines and readable contexts."""

    def __init__(
        self, raw: dict[str, Any], lines: Mapping[tuple, int] | Callable[[], Mapping[tuple, int]]
    ) -> None:
        self.raw = raw
        self._lines = lines
        self.found: list[Problem] = []

    @cached_property
    def lines(self) -> Mapping[tuple, int]:
        """Key lines, scanned only when a problem needs one: a valid plan never pays for it."""
        return self._lines() if callable(self._lines) else self._lines

    def entries(self, key: str) -> list[tuple[int, dict]]:
        value = self.raw.get(key)
        return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)] if isinstance(value, list) else []

    def line(self, path: tuple) -> int:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def context(self, path: tuple) -> tuple[str, tuple]:
        if len(path) >= 2 and path[0] in _LISTS and isinstance(path[1], int):
            entry = self.raw[path[0]][path[1]]
            noun = _NOUNS[path[0]]
            ident = entry.get("id") if isinstance(entry, dict) else None
            label = f"{noun} '{ident}'" if isinstance(ident, str) and ident else f"{noun} #{path[1] + 1}"
            return label, path[2:]
        if path and path[0] in _PARTS:
            return path[0], path[1:]
        return "plan", path

    def add(self, path: tuple, message: str, context: str | None = None, line: int | None = None) -> None:
        label, rest = self.context(path)
        field = _field_name(rest)
        prefix = f"{context or label}: " + (f"{field}: " if field else "")
        self.found.append(Problem(line if line is not None else self.line(path), prefix + message))

    def unknown_key(self, path: tuple, allowed: list[str]) -> None:
        key = str(path[-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (known keys: {', '.join(allowed)})"
        self.add(path, f"unknown key{hint}")

    def model(self, model: type, data: dict, prefix: tuple) -> Any:
        from pydantic import ValidationError

        try:
            return validator(model).validate_python(data)
        except ValidationError as error:
            self._report(model, error, prefix)
            return None

    def _report(self, model: type, error: Any, prefix: tuple) -> None:
        errors = error.errors(include_url=False)
        unknown = {(tuple(e["loc"][:-1]), str(e["loc"][-1])) for e in errors if e["type"] == _UNKNOWN_KEY}
        for err in errors:
            loc = tuple(err["loc"])
            path = (*prefix, *loc)
            if err["type"] == _UNKNOWN_KEY:
                self.unknown_key(path, _fields_at(model, loc[:-1]))
            elif err["type"] == "missing":
                parent, name = loc[:-1], str(loc[-1])
                if any(
                    p == parent and difflib.get_close_matches(k, [name], n=1, cutoff=0.6) for p, k in unknown
                ):
                    continue  # the misspelled key already says it
                self.add(path, "required key is missing", line=self.line((*prefix, *parent)))
            else:
                self.add(path, _message(err))


_UNKNOWN_KEY = "unexpected_keyword_argument"  # pydantic's name for an unknown key of a dataclass


@cache
def validator(model: type) -> Any:
    """A pydantic TypeAdapter validating raw data into one of the plan's dataclasses (built once)."""
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def validate_plan_data(data: dict[str, Any]) -> Plan:
    """A whole plan from Python data in one pass (no line numbers). Raises pydantic's ValidationError."""
    return validator(Plan).validate_python(data)


def _fields_at(model: type, loc: tuple) -> list[str]:
    """The allowed keys of the (sub)model that ``loc`` points into."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = typing.get_type_hints(current).get(part)
        if annotation is None:
            return []
        for candidate in (annotation, *typing.get_args(annotation)):
            for inner in (candidate, *typing.get_args(candidate)):
                if dataclasses.is_dataclass(inner):
                    current = inner
                    break
    return [field.name for field in dataclasses.fields(current)]


def _field_name(path: tuple) -> str:
    name = ""
    for part in path:
        if not isinstance(part, int) and not _BARE_KEY.fullmatch(part):
            part = json.dumps(part, ensure_ascii=False)  # an odd key, quoted as in TOML
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _message(err: dict) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "literal_error":
        return f"{value!r} is not one of: {msg.split('Input should be ', 1)[-1].replace(chr(39), '')}"
    if kind in ("dataclass_type", "dataclass_args_type", "dict_type"):
        return f"expected a table, got {value!r}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list [...], got {value!r}"
    return f"{msg[0].lower()}{msg[1:]}, got {value!r}"
