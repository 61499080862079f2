"""The runofshow command line. Heavy imports (Textual) happen only in the commands that need them."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .base.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from .base.instants import seconds_between
from .plan import PlanError, format_duration, load_plan
from .plan.load import plan_warnings
from .plan.models import repeated_hour


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code = args.handler(args)
        sys.stdout.flush()  # here, not at exit: a failed write is one line, not a traceback
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `runofshow check PLAN | head -1`: the reader has gone, that is fine
        _quiet_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports a command killed by it
    except OSError as error:  # stdout on a full device, or an I/O error no command expected
        _quiet_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        print(f"runofshow {args.command}: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's flush at exit has nothing left to fail on."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="runofshow", description="Run the day of a live event from a terminal."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate plan files and summarise them")
    check.add_argument("plans", nargs="+", metavar="PLAN")
    check.set_defaults(handler=cmd_check)

    new = sub.add_parser("new", help="write a starter plan")
    new.add_argument("path", metavar="PATH")
    new.set_defaults(handler=cmd_new)

    schema = sub.add_parser("schema", help="print the plan's JSON Schema")
    schema.set_defaults(handler=cmd_schema)

    _add_command_modules(sub)
    return parser


def _add_command_modules(sub: argparse._SubParsersAction) -> None:
    """Commands defined next to the parts they drive (engine, views, export, import)."""
    from . import commands

    commands.register(sub)


def cmd_check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.plans:
        try:
            loaded = load_plan(path)
        except PlanError as error:
            print(error.render(), file=sys.stderr)
            worst = max(worst, error.exit_code)
            continue
        print(summary(path, loaded.plan))
        for warning in plan_warnings(loaded):
            print(warning.render(str(path)), file=sys.stderr)
        if not loaded.plan.event.timezone:  # a warning, not an error: the plan is valid
            from .plan.zone import machine_zone_name

            zone = machine_zone_name()
            print(
                f"{path}: warning: [event] has no timezone: a journal started here would use this "
                f'machine\'s, {zone} (add timezone = "{zone}" to say so)',
                file=sys.stderr,
            )
    return worst


def summary(path: str, plan) -> str:
    if plan.stages or plan.days > 1:
        return _summary_by_stage_and_day(path, plan)
    schedule = plan.schedule
    start, end = plan.start, plan.end
    total = int(seconds_between(start, end))  # real time, even the night the clocks change
    gaps = [slot for slot in schedule if slot.gap_before]
    days = (end.date() - start.date()).days
    zone_change = start.tzname() != end.tzname()  # the night the clocks change: name both
    lines = [
        f"{path}: OK: {plan.event.title}, {len(schedule)} segments, {_tasks(plan)}"
        + f"{start:%a %Y-%m-%d %H:%M}"
        + (f" {start.tzname()}" if zone_change else "")
        + f" - {end:%H:%M}"
        + (f" (+{days}d)" if days else "")
        + f" {end.tzname()}, {format_duration(total)} in all"
    ]
    for slot in schedule:  # the night the clocks go back: which of the two hard starts was taken
        if slot.segment.start is not None and repeated_hour(slot.start):
            which = "second" if slot.start.fold else "first"
            lines.append(
                f"  hard start {slot.start:%H:%M} of '{slot.segment.id}' is the {which} {slot.start:%H:%M} "
                f"({slot.start.tzname()}) of the night the clocks go back"
            )
    for slot in gaps:
        lines.append(
            f"  gap of {format_duration(slot.gap_before)} before '{slot.segment.id}' (hard start {slot.start:%H:%M})"
        )
    return "\n".join(lines)


def _tasks(plan) -> str:
    """ "3 tasks, " (nothing without tasks)."""
    return f"{len(plan.tasks)} task{'s' if len(plan.tasks) != 1 else ''}, " if plan.tasks else ""


def _summary_by_stage_and_day(path: str, plan) -> str:
    """``check`` on a plan of several stages or days: one line per stage and day, then its gaps."""
    start, end = plan.start, plan.end
    stages = plan.stages or (None,)
    lines = [
        f"{path}: OK: {plan.event.title}, {len(plan.segments)} segments, {_tasks(plan)}"
        f"{len(stages)} stage{'s' if len(stages) != 1 else ''}, {plan.days} day{'s' if plan.days != 1 else ''}, "
        f"{start:%a %Y-%m-%d %H:%M} - {end:%a %Y-%m-%d %H:%M} {end.tzname()}"
    ]
    for stage in stages:
        one = plan.for_stage(stage.id) if stage is not None else plan
        label = f"{stage.name} ({stage.id})" if stage is not None else "the plan"
        by_day: dict[int, list] = {}
        for slot in one.schedule:
            by_day.setdefault(one.day_of[slot.segment.id], []).append(slot)
        for day, slots in by_day.items():
            count = len(slots)
            # a task on the day of its segment; an ``at`` task on the first day
            n = sum(one.day_of.get(task.before or task.after or "", 1) == day for task in one.tasks)
            tasks = f", {n} task{'s' if n != 1 else ''}" if n else ""
            lines.append(
                f"  {label}, day {day} {slots[0].start:%a %Y-%m-%d}: {count} segment{'s' if count != 1 else ''}, "
                f"{slots[0].start:%H:%M} - {slots[-1].end:%H:%M}{tasks}"
            )
            for slot in slots[1:]:
                if slot.gap_before:
                    lines.append(
                        f"    gap of {format_duration(slot.gap_before)} before '{slot.segment.id}' "
                        f"(hard start {slot.start:%H:%M})"
                    )
    return "\n".join(lines)


def cmd_new(args: argparse.Namespace) -> int:
    from .plan.starter import starter_plan
    from .plan.write import dumps_plan
    from .plan.zone import machine_zone_name

    path = Path(args.path)
    if path.exists():
        print(f"{path}: already exists; not overwriting it (choose another name)", file=sys.stderr)
        return EXIT_USAGE
    try:
        plan = starter_plan(dt.date.today(), timezone=machine_zone_name())
        path.write_text(dumps_plan(plan), encoding="utf-8")
    except OSError as error:
        print(f"{path}: cannot write: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}: edit it, then `runofshow check {path}`")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .plan.schema import plan_json_schema

    print(json.dumps(plan_json_schema(), indent=2))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
