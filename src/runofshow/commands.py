"""Sub-commands beyond the plan's own (check, new, schema).

The parsers live here, so that `runofshow --help` lists everything; each handler is imported
only when its command runs (so `check` never imports Textual). A handler takes the parsed
arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
from importlib import import_module


def _lazy(target: str):
    module, _, name = target.partition(":")

    def handler(args: argparse.Namespace) -> int:
        return getattr(import_module(module), name)(args)

    return handler


def _bidi_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bidi",
        choices=["auto", "on", "off"],
        default="auto",
        help="put right-to-left text (Hebrew, Arabic) in visual order when drawn: auto (default: on in "
        "a browser, and in a terminal unless it does it itself, e.g. VTE-based, Konsole, mlterm), on, off",
    )


def _stage_options(parser: argparse.ArgumentParser) -> None:
    """What ``stage`` and ``serve`` both take for the stage view they show."""
    _bidi_option(parser)
    parser.add_argument(
        "--overtime",
        choices=["count", "hold"],
        default=None,
        help="past zero, the speaker's view counts up (+01:23) or holds at 0:00, TIME UP "
        "(default: the plan's [timers] overtime)",
    )
    parser.add_argument(
        "--sound",
        action="store_true",
        help="a short sound at the warning, at wrap, at zero and when a flashed message arrives "
        "(the terminal bell; a chime in the browser)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="open the organizer console on a plan")
    run.add_argument("plan", metavar="PLAN")
    run.add_argument(
        "--journal", metavar="PATH", help="journal file (default: <plan stem>.journal.jsonl beside it)"
    )
    run.add_argument("--fresh", action="store_true", help="archive the existing journal and start over")
    run.add_argument("--stage", metavar="ID", help="the stage to run (required when the plan has several)")
    run.add_argument("--theme", metavar="NAME", default=None, help="dark (default), light or high-contrast")
    run.add_argument(
        "--control",
        metavar="[HOST:]PORT",
        help="serve the HTTP/WebSocket control API (docs/control.md); host 127.0.0.1 unless given",
    )
    run.add_argument(
        "--control-token-file",
        metavar="PATH",
        help="the API token's file (default: <journal>.token, mode 0600)",
    )
    run.add_argument(
        "--osc", metavar="[HOST:]PORT", help="listen for OSC commands over UDP; host 127.0.0.1 unless given"
    )
    _bidi_option(run)
    run.set_defaults(handler=_lazy("runofshow.tui.run_cmd:cmd_run"))

    stage = sub.add_parser("stage", help="the read-only stage view, following a show's journal")
    stage.add_argument("source", metavar="PLAN_OR_JOURNAL")
    stage.add_argument("--role", choices=["speaker", "manager", "green-room"], default="manager")
    stage.add_argument("--stage", metavar="ID", dest="stage_id", help="the stage (when the plan has several)")
    stage.add_argument("--theme", metavar="NAME", default=None)
    _stage_options(stage)
    stage.set_defaults(handler=_lazy("runofshow.tui.stage_cmd:cmd_stage"))

    serve = sub.add_parser("serve", help="serve the stage view to a browser (textual-serve)")
    serve.add_argument("source", metavar="PLAN_OR_JOURNAL")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--role", choices=["speaker", "manager"], default="manager")
    serve.add_argument(
        "--stage", metavar="ID", dest="stage_id", help="serve this stage only (default: every stage)"
    )
    serve.add_argument("--hq", action="store_true", help="serve the hq overview of every stage instead")
    serve.add_argument("--theme", metavar="NAME", default=None)
    _stage_options(serve)
    serve.add_argument(
        "--max-clients", type=int, default=8, metavar="N", help="most browser sessions at once (default 8)"
    )
    serve.add_argument(
        "--token-file",
        metavar="PATH",
        help="keep the access token in this file (mode 0600) to reuse it across restarts",
    )
    serve.set_defaults(handler=_lazy("runofshow.tui.stage_cmd:cmd_serve"))

    hq = sub.add_parser(
        "hq", help="the read-only overview of every stage of a plan, following their journals"
    )
    hq.add_argument("plan", metavar="PLAN")
    hq.add_argument("--theme", metavar="NAME", default=None)
    _bidi_option(hq)
    hq.set_defaults(handler=_lazy("runofshow.tui.hq:cmd_hq"))

    export = sub.add_parser("export", help="export a show's journal: csv, json, md, ics, toml, html or svg")
    export.add_argument("journal", metavar="JOURNAL")
    export.add_argument(
        "--format", required=True, choices=["csv", "json", "md", "ics", "toml", "html", "svg"]
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.add_argument(
        "--private", action="store_true", help="md, html: include phones, e-mails and organizer notes"
    )
    export.set_defaults(handler=_lazy("runofshow.export.cli:cmd_export"))

    sheet = sub.add_parser("sheet", help="print the run sheet, or call sheets per person: html, md or pdf")
    sheet.add_argument("source", metavar="PLAN", help="a plan, or a journal (times as of its last action)")
    who = sheet.add_mutually_exclusive_group()
    who.add_argument(
        "--person",
        metavar="ID",
        nargs="+",
        action="extend",
        default=[],
        help="that person's call sheet (several: --person a b, or --person a --person b)",
    )
    who.add_argument(
        "--all-people", action="store_true", help="one call sheet per person, <id>.html, into DIR"
    )
    sheet.add_argument("--format", choices=["html", "md", "pdf"], default="html")
    sheet.add_argument("-o", "--output", metavar="FILE|DIR", help="write here instead of stdout")
    sheet.add_argument("--private", action="store_true", help="include phones and organizer notes")
    sheet.set_defaults(handler=_lazy("runofshow.sheets.cli:cmd_sheet"))
    import_module("runofshow.importers.cli").register(sub)  # import: its parser; importers load on run
