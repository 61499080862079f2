"""``runofshow import SOURCE -o PLAN.toml``: turn a pretalx, frab, Sessionize or CSV schedule into a plan.

Only argparse is imported at registration; the importers load when the command runs.
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("pretalx", "frab-xml", "sessionize", "csv")

EPILOG = """\
formats (detected from the content when --from is not given):
  pretalx     schedule.json, the frab-compatible JSON that pretalx (and frab) export;
              also the newer c3voc schedule-v2 JSON of the CCC hub
  frab-xml    schedule.xml from frab or pretalx (FOSDEM's, old and new layouts)
  sessionize  Sessionize's JSON API, the "All" view
  csv         a spreadsheet saved as CSV with a header row: title, start, and duration
              or end; optional speakers, kind, notes, bio, date, room

Every room and every day go into one plan: each room is a stage ([[stages]], an id slugged
from its name, every segment's stage), each stage its own running order, and a stage's first
talk of a later day opens that day with a dated start (start = 2026-12-04T09:00:00). --room
and --day narrow it: one room is a plan without [[stages]], as for a one-room source.
The source's talks become segments, its speakers people, its breaks break segments; a gap
between talks becomes a hard start. Talks the plan cannot hold (overlapping in their room, or
also scheduled in a room left out) are reported on stderr, never silently dropped; so is a
broken talk in a room or day left out with --room/--day (a warning, not a failure). A person
the source has in two rooms at once stays on the talk that starts first and is named in the
other's notes (a warning with its line in the plan), so that the plan passes `check`.
Warnings of one kind are summarised after 10.

exit status:
  0  the plan was written (warnings, if any, on stderr)
  1  the source is bad: not the format, broken JSON/XML/CSV, missing fields, impossible times
     (in a room and day of the plan), a start the plan cannot hold
  2  the command must change: SOURCE missing or unreadable, PLAN exists (use --force),
     PLAN not writable, an unknown room, day or timezone
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="make a plan from a pretalx, frab, Sessionize or CSV schedule",
        description="Make a plan from a schedule exported by pretalx, frab, Sessionize or a spreadsheet.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="SOURCE", help="the schedule file")
    parser.add_argument(
        "-o", "--output", metavar="PLAN.toml", required=True, help="the plan to write (- for stdout)"
    )
    parser.add_argument(
        "--from", dest="format", choices=FORMATS, help="the source's format (default: detected)"
    )
    parser.add_argument(
        "--room",
        metavar="NAME",
        help="only this room (a plan without [[stages]]); part of its name is enough",
    )
    parser.add_argument("--day", metavar="DATE", help="only this day: 2026-05-14, or 1 for the first day")
    parser.add_argument(
        "--title", help="the event's title (default: the source's; CSV and Sessionize have none)"
    )
    parser.add_argument(
        "--timezone", metavar="ZONE", help="IANA timezone, e.g. Europe/Berlin, where the source names none"
    )
    parser.add_argument("--force", action="store_true", help="overwrite PLAN.toml if it exists")
    parser.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from .run import run_import

    return run_import(args, sys.stdout, sys.stderr)
