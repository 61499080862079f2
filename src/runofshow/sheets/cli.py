"""``runofshow sheet PLAN_OR_JOURNAL [--person ID ...] [--all-people] [--format html|md|pdf]
[-o FILE|DIR] [--private]``.

- No ``--person``: the run sheet. ``--person ID`` (repeatable): those call sheets, in one
  document (each on its own pages). ``--all-people``: one file per person, ``<person id>.html``
  (``.md``, ``.pdf``), into ``-o DIR`` (made if missing; the current directory without ``-o``).
- ``-o`` an existing directory (or a path ending in ``/``, made if missing): the run sheet goes
  to ``run-sheet.<ext>`` in it, call sheets to ``<person id>.<ext>``. Without ``-o``: html and md
  go to stdout; a PDF needs ``-o``.
- A journal instead of a plan: the times as of its last action (see ``source``).

Exit codes: 0 done; 1 an invalid plan or an unusable journal (or Chromium failed); 2 no such
file, an unknown person, a file that cannot be written, or a PDF asked for without Chromium
(the message says to print the HTML from any browser).

``write_beside_journal`` is the console's "Print run sheet" / "Print call sheets".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..plan import PlanError
from . import call_sheet, call_sheets, load_source, render, run_sheet
from .model import CallSheet, RunSheet, SheetError, Source

SUFFIX = ".journal.jsonl"


def cmd_sheet(args: argparse.Namespace) -> int:
    try:
        return _sheet(args)
    except PlanError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    except SheetError as error:
        print(f"runofshow sheet: {error.message}", file=sys.stderr)
        return error.exit_code


def _sheet(args: argparse.Namespace) -> int:
    fmt, private = args.format, bool(args.private)
    if fmt == "pdf":
        from .pdf import NO_BROWSER, find_chromium

        if find_chromium() is None:
            raise SheetError(NO_BROWSER, 2)
    source = load_source(args.source)
    out = Path(args.output) if args.output else None
    if out is not None and args.output.endswith(("/", os.sep)):  # "-o sheets/": a directory, made if missing
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SheetError(f"cannot make the directory {out}: {error.strerror or error}", 2) from None
    if args.all_people:
        folder = out or Path(".")
        if folder.exists() and not folder.is_dir():
            raise SheetError(f"{folder}: not a directory (--all-people writes one file per person)", 2)
        for sheet in call_sheets(source, private):
            _write(folder / f"{sheet.person.id}.{fmt}", [sheet], fmt)
            print(folder / f"{sheet.person.id}.{fmt}")
        return 0
    people = [call_sheet(source, pid, private) for pid in args.person]
    if out is not None and out.is_dir():
        if not people:
            _write(out / f"run-sheet.{fmt}", [run_sheet(source, private)], fmt)
            print(out / f"run-sheet.{fmt}")
        for person in people:
            _write(out / f"{person.person.id}.{fmt}", [person], fmt)
            print(out / f"{person.person.id}.{fmt}")
        return 0
    document: list[RunSheet | CallSheet] = [*people] if people else [run_sheet(source, private)]
    if out is not None:
        _write(out, document, fmt)
        return 0
    if fmt == "pdf":
        raise SheetError("a PDF goes to a file: give -o FILE.pdf", 2)
    try:
        sys.stdout.write(render(document, fmt))
        sys.stdout.flush()
    except BrokenPipeError:  # `runofshow sheet ... | head`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def document_bytes(sheets: Sequence[RunSheet | CallSheet], fmt: str) -> bytes:
    if fmt == "pdf":
        from .pdf import html_to_pdf

        return html_to_pdf(render(sheets, "html"))
    return render(sheets, fmt).encode("utf-8")


def _write(path: Path, sheets: Sequence[RunSheet | CallSheet], fmt: str) -> None:
    from ..base.files import write_atomic

    data = document_bytes(sheets, fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, private=any(sheet.private for sheet in sheets))
    except OSError as error:
        raise SheetError(f"cannot write {path}: {error.strerror or error}", 2) from None


def sheet_paths(journal_path: str | os.PathLike) -> tuple[Path, Path]:
    """``<name>.run-sheet.html`` and the folder ``<name>.call-sheets/`` beside ``<name>.journal.jsonl``."""
    path = Path(journal_path)
    stem = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem
    return path.with_name(f"{stem}.run-sheet.html"), path.with_name(f"{stem}.call-sheets")


def write_beside_journal(
    journal_path: str | os.PathLike, which: str, source: Source | None = None
) -> list[Path]:
    """Write the run sheet (``which="run"``) or every call sheet (``"call"``) as html beside the
    journal, replacing earlier ones; return the paths written. Crew copies: no phones, no notes.
    Raises SheetError (``.message`` fit to show)."""
    source = source or load_source(journal_path)
    run_path, folder = sheet_paths(journal_path)
    if which == "run":
        _write(run_path, [run_sheet(source)], "html")
        return [run_path]
    written = []
    for sheet in call_sheets(source):
        path = folder / f"{sheet.person.id}.html"
        _write(path, [sheet], "html")
        written.append(path)
    return written
