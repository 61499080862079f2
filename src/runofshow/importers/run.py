"""Read a source, pick its rooms and days, build the plan, check it, write it."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path
from types import ModuleType
from typing import TextIO

from pydantic import ValidationError

from ..base.exits import EXIT_OK, EXIT_USAGE
from ..base.files import write_atomic
from ..plan.load import PlanError, load_plan_text
from ..plan.locate import key_lines
from ..plan.models import Plan
from ..plan.write import dumps_plan
from . import frab_xml, pretalx, sessionize, spreadsheet
from .build import OTHER_ROOMS, TWO_STAGES, Built, build_plan, span_of
from .errors import EXIT_BAD_SOURCE, ImportProblem, SourceError, UsageError, summarise
from .parsing import Options, decode, elapsed, format_offset, hhmm, load_json, zone
from .schedule import Schedule
from .selection import Choice, select
from .words import quoted

ELSEWHERE = "problems outside the chosen room and day"
_HTML = re.compile(rb"(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
EXPORTS = (
    "use the schedule export instead: pretalx https://EVENT/schedule/export/schedule.json (or schedule.xml),"
    " frab https://EVENT/schedule.xml, Sessionize https://sessionize.com/api/v2/ID/view/All"
)
MODULES: dict[str, ModuleType] = {m.NAME: m for m in (pretalx, frab_xml, sessionize, spreadsheet)}


def detect(raw: bytes, source: str) -> ModuleType:
    """The format of ``raw``, from its content (and, for a CSV, its name as a last resort)."""
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise SourceError(
            source, "is empty" + (" (only blank space)" if raw else " (0 bytes)") + ": nothing to import"
        )
    head = stripped[:1]
    if head == b"<" and _HTML.match(stripped[:2000]):
        raise SourceError(
            source,
            "is an HTML page (probably a web page saved from the browser), not a schedule export",
            hint=EXPORTS,
        )
    if head in (b"{", b"["):
        data = load_json(
            decode(raw, source, "a JSON schedule"), source, "a pretalx or Sessionize JSON schedule"
        )
        for module in (pretalx, sessionize):
            if module.looks_like(data):
                return module
        hint = sessionize.other_view(data)
        raise SourceError(
            source,
            "JSON, but neither a pretalx schedule.json (schedule.conference) nor a Sessionize"
            ' "All" export (sessions, speakers, rooms)' + (f": it looks like {hint}" if hint else ""),
        )
    if head == b"<":
        root = frab_xml.read_xml(raw, source)
        if frab_xml.looks_like(root):
            return frab_xml
        raise SourceError(
            source,
            f"XML, but not a frab schedule.xml: the root element is <{root.tag}>,"
            " expected <schedule> with <day> elements"
            + (
                " (an HTML page, probably saved from the browser)"
                if root.tag.lower().endswith("html")
                else ""
            ),
            hint=EXPORTS if root.tag.lower().endswith("html") else None,
        )
    text = decode(raw, source, "a schedule")
    if spreadsheet.looks_like(text) or Path(source).suffix.lower() in (".csv", ".tsv"):
        return spreadsheet
    raise SourceError(
        source,
        "cannot tell the format: not JSON, not XML, and no CSV header row with title and start",
        hint="pass --from pretalx|frab-xml|sessionize|csv",
    )


def read_schedule(raw: bytes, source: str, format: str | None, options: Options) -> Schedule:
    module = MODULES[format] if format else detect(raw, source)
    try:
        return module.parse(raw, source, options)
    except RecursionError:
        raise SourceError(source, f"nested too deeply to be {module.WHAT}") from None
    except (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError) as error:
        # A shape no check foresaw: still a message, not a traceback (and worth a bug report).
        raise SourceError(
            source,
            f"cannot read it as {module.WHAT}: {type(error).__name__}: {error}",
            hint="if the file is valid, this is a bug in runofshow import: please report it",
        ) from None


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    source, output = args.source, args.output
    try:
        if args.timezone:
            try:
                zone(args.timezone)
            except ValueError as error:
                raise UsageError("--timezone", str(error)) from None
        raw = _read_source(source)
        target = None if output == "-" else Path(output)
        if target is not None:
            _check_target(target, args.force)
            if target.exists() and target.resolve() == Path(source).resolve():
                raise UsageError(output, "is the source itself; write the plan to another file")
        options = Options(timezone=args.timezone, day=args.day)
        schedule = read_schedule(raw, source, args.format, options)
        choice, elsewhere = _select(schedule, args)
        notes = list(schedule.notes)
        title = args.title or schedule.title
        if not title:
            title = _default_title(source)
            notes.append(
                f"{schedule.format} gives no event title: the plan is titled {quoted(title)}; pass --title"
            )
        if not schedule.timezone:
            notes.append(
                "the source names no timezone: the plan has none, so its times are read in the laptop's"
                " timezone; pass --timezone ZONE (e.g. Europe/Berlin) to fix it"
            )
        built = _build(schedule, choice, title)
        text = _header(schedule, choice, built) + dumps_plan(built.plan)
        plan = _verify(text, built, output, source)
        clash_notes, clash_warnings = _clashes(built, text, output)
        notes += clash_notes
    except ImportProblem as problem:
        print(problem.render(), file=err)
        return problem.exit_code
    for note in notes:
        print(f"note: {note}", file=err)
    for warning in summarise(built.warnings + clash_warnings + elsewhere):
        print(f"warning: {warning}", file=err)
    if target is None:
        out.write(text)
        return EXIT_OK
    try:
        _write(target, text, args.force)
    except FileExistsError:
        print(f"{output}: already exists; not overwriting it (pass --force to replace it)", file=err)
        return EXIT_USAGE
    except OSError as error:
        print(f"{output}: cannot write: {error.strerror or error}", file=err)
        return EXIT_USAGE
    print(_summary(output, schedule, choice, plan), file=out)
    return EXIT_OK


def _select(schedule: Schedule, args: argparse.Namespace) -> tuple[Choice, list[tuple[str, str]]]:
    """The rooms and days to import, and the problems elsewhere as warnings.

    A problem stops the import when it concerns a room and day of the plan, or a room or day the
    importer left out by itself (one without sessions): the user never said that room or day was
    not wanted. A problem in a room or day the user left out with --room or --day is a warning.
    Until the rooms and days are known, every problem stops it.
    """
    try:
        choice = select(schedule, args.room, args.day, _command(args))
    except ImportProblem:
        if schedule.problems:
            raise SourceError(schedule.source, [f.text for f in schedule.problems]) from None
        raise
    fatal, elsewhere = [], []
    for found in schedule.problems:
        other_room = found.room is not None and found.room not in choice.rooms
        other_day = found.day is not None and found.day not in choice.days
        if (other_room and args.room is not None) or (other_day and args.day is not None):
            elsewhere.append((ELSEWHERE, f"not imported, {found.text}"))
        else:
            fatal.append(found.text)
    if fatal:
        raise SourceError(schedule.source, fatal)
    return choice, elsewhere


def _read_source(source: str) -> bytes:
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(source, "no such file") from None
    except IsADirectoryError:
        raise UsageError(source, "is a directory, not a schedule file") from None
    except OSError as error:
        raise UsageError(source, f"cannot read: {error.strerror or error}") from None


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise UsageError(str(target), "is a directory; name the plan file to write, e.g. -o plan.toml")
    if target.exists() and not force:
        raise UsageError(str(target), "already exists; not overwriting it (pass --force to replace it)")
    if not target.parent.exists():
        raise UsageError(str(target), f"cannot write: no directory {target.parent}")


def _command(args: argparse.Namespace) -> str:
    parts = ["runofshow", "import", args.source, "-o", args.output]
    if args.format:
        parts += ["--from", args.format]
    return " ".join(shlex.quote(p) for p in parts)


def _default_title(source: str) -> str:
    stem = Path(source).stem.replace("_", " ").replace("-", " ").strip()
    title = " ".join(stem.split())
    return title[:1].upper() + title[1:] if title else "Imported event"


def _build(schedule: Schedule, choice, title: str) -> Built:
    try:
        return build_plan(schedule, choice, title)
    except ValidationError as error:
        lines = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors(include_url=False)]
        raise SourceError(schedule.source, ["the imported plan is not valid:", *lines]) from None


def _header(schedule: Schedule, choice: Choice, built: Built) -> str:
    first, last = built.plan.start, built.plan.end
    dates = f"{first:%Y-%m-%d}" if len(choice.days) == 1 else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    if choice.staged:
        where = f"{len(choice.rooms)} rooms as [[stages]], {dates}"
    elif schedule.has_rooms:
        where = (
            f"{quoted(choice.rooms[0])} on {dates}"
            if len(choice.days) == 1
            else f"{quoted(choice.rooms[0])}, {dates}"
        )
    else:
        where = dates
    name = Path(schedule.source).name
    header = (
        f"# Imported by `runofshow import` from {name} ({schedule.format}): {where}.\n"
        "# Add what the source does not know (owners, checklists, handoffs, needs, qa), then `runofshow check`.\n"
    )
    if choice.staged:
        header += "# One console per stage: `runofshow run PLAN --stage ID`; every stage at once: `runofshow hq PLAN`.\n"
    return header + "\n"


def _clashes(built: Built, text: str, output: str) -> tuple[list[str], list[tuple[str, str]]]:
    """People the source has in two rooms at once, as notes and warnings on stderr.

    The plan keeps each person on the segment that starts first and names them in the other
    segment's notes (see ``build.Clash``), so that it passes ``check``. A plenum session's speakers
    and one talk in two rooms are what the source means: a note, a warning. A double booking is
    the source's mistake: a warning at the segment's line in the written plan.
    """
    if not built.clashes:
        return [], []
    lines = key_lines(text)
    index_of = {segment.id: i for i, segment in enumerate(built.plan.segments)}
    plan_name = output if output != "-" else "<stdout>"
    notes: list[str] = []
    warnings: list[tuple[str, str]] = []
    plenum = [c for c in built.clashes if c.why == "plenum"]
    if plenum:
        notes.append(
            f"{len(plenum)} copies of sessions in every room (plenum) are on several stages at once: their"
            " speakers are listed on the first stage only, the other copies name them in their notes"
            f" (e.g. '{plenum[0].segment}')"
        )
    for clash in built.clashes:
        talk, other = clash.talk, clash.other
        at = f"{plan_name}:{lines.get(('segments', index_of[clash.segment]), 1)}"
        stage = built.stage_ids[talk.room]
        if clash.why == "same":
            warnings.append(
                (
                    OTHER_ROOMS,
                    f"{at}: {quoted(talk.title)} is one talk in the source in two rooms at once,"
                    f" {quoted(other.room)} and {quoted(talk.room)} ({span_of(talk)}): its speakers are on"
                    f" '{clash.kept}' (stage {built.stage_ids[other.room]}); '{clash.segment}' on stage {stage}"
                    " lists nobody (a stream or an overflow room?)",
                )
            )
        elif clash.why == "clash":
            who = ", ".join(clash.names)
            warnings.append(
                (
                    TWO_STAGES,
                    f"{at}: {who} is due on two stages at once in the source: {talk.where or quoted(talk.title)}"
                    f" ({quoted(talk.room)} {span_of(talk)}) overlaps {quoted(other.title)} ({quoted(other.room)}"
                    f" {span_of(other)}); the plan keeps {who} on '{clash.kept}' only and names them in the"
                    f" notes of '{clash.segment}': fix the speakers there, or the times",
                )
            )
    return notes, warnings


def _verify(text: str, built: Built, output: str, source: str) -> Plan:
    """The written text must load, pass check, and give every talk the source's start."""
    try:
        plan = load_plan_text(text, output)
    except PlanError as error:
        raise SourceError(
            output,
            [
                "the imported plan does not pass check (a bug in runofshow import, please report it):",
                *error.render().splitlines(),
            ],
        ) from None
    for slot, talk in zip(plan.schedule, built.talks, strict=False):
        planned = slot.start if talk.start.tzinfo else slot.start.replace(tzinfo=None)
        if elapsed(planned, talk.start) != 0:  # real time: 02:30 twice on the night the clocks go back
            same_wall = planned.replace(tzinfo=None, fold=0) == talk.start.replace(tzinfo=None, fold=0)
            why = (
                "the clocks go back that night, and a plan's time of day means the first of the two"
                if same_wall
                else "a plan cannot hold a gap of 12 hours or more across midnight"
            )
            raise SourceError(
                source,
                [
                    f"{quoted(talk.title)} starts at {_moment(talk.start)} in the source, but the plan would"
                    f" place it at {_moment(planned)}: {why}",
                ],
            )
    return plan


def _moment(moment) -> str:
    offset = f" {format_offset(moment.utcoffset())}" if moment.tzinfo is not None else ""
    return f"{moment:%Y-%m-%d %H:%M}{offset}"


def _write(target: Path, text: str, force: bool) -> None:
    if not force:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
        return
    write_atomic(target, text.encode("utf-8"))


def _summary(output: str, schedule: Schedule, choice: Choice, plan: Plan) -> str:
    slots = plan.schedule
    breaks = sum(1 for s in slots if s.segment.kind == "break")
    gaps = sum(1 for s in slots if s.gap_before)
    zone_name = plan.event.timezone or "no timezone"
    counts = f"{len(slots)} segments ({breaks} breaks, {gaps} gaps), {len(plan.people)} people"
    if not choice.staged and len(choice.days) == 1:
        where = f"{quoted(choice.rooms[0])} on " if schedule.has_rooms else ""
        return (
            f"wrote {output}: {plan.event.title}, {where}{plan.start:%a %Y-%m-%d}, {hhmm(plan.start)}-{hhmm(plan.end)}"
            f" ({zone_name}): {counts}\n"
            f"next: add checklists, handoffs and needs, then `runofshow check {output}`"
        )
    days = f"{len(choice.days)} days" if len(choice.days) > 1 else "1 day"
    if choice.staged:
        what = f"{len(plan.stages)} stages over {days}"
    else:
        what = f"{quoted(choice.rooms[0])}, {days}" if schedule.has_rooms else days
    lines = [f"wrote {output}: {plan.event.title}, {what} ({zone_name}): {counts}"]
    stages = [plan.for_stage(stage.id) for stage in plan.stages] if choice.staged else [plan]
    width = max((len(stage.id) for stage in plan.stages), default=0)
    for one in stages:
        per_day: dict[int, list] = {}
        for slot in one.schedule:
            per_day.setdefault(one.day_of[slot.segment.id], []).append(slot)
        spans = ", ".join(
            f"{day[0].start:%a %Y-%m-%d} {hhmm(day[0].start)}-{hhmm(day[-1].end)}" for day in per_day.values()
        )
        label = f"{one.stages[0].id.ljust(width)}  {one.stages[0].name}: " if choice.staged else ""
        lines.append(f"  {label}{spans} ({len(one.segments)} segments)")
    after = f", then `runofshow run {output} --stage ID` on each stage" if choice.staged else ""
    lines.append(f"next: add checklists, handoffs and needs, then `runofshow check {output}`{after}")
    return "\n".join(lines)


__all__ = ["EXIT_BAD_SOURCE", "EXIT_OK", "EXIT_USAGE", "detect", "read_schedule", "run_import"]
