"""The console's "export report": the md report, the csv and the html report, beside the journal.

``write_report(journal)`` writes ``<name>.report.md`` and ``<name>.report.html`` (both public:
no phones, e-mails or notes) and ``<name>.report.csv`` next to ``<name>.journal.jsonl``,
replacing earlier ones, and returns their paths (md, csv, html). It raises ``ExportError``
(``.message`` is fit to show) when the journal cannot be read or the files cannot be written.
The console holds the journal's writer lock; reading does not need it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..base.files import write_atomic
from . import export_text
from .facts import ExportError, load_facts

SUFFIX = ".journal.jsonl"


FORMATS = ("md", "csv", "html")


def report_paths(journal_path: str | os.PathLike) -> tuple[Path, ...]:
    path = Path(journal_path)
    name = path.name
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else path.stem
    return tuple(path.with_name(f"{stem}.report.{fmt}") for fmt in FORMATS)


def write_report(journal_path: str | os.PathLike, private: bool = False) -> list[Path]:
    facts = load_facts(journal_path)
    written = []
    for path, fmt in zip(report_paths(journal_path), FORMATS, strict=True):
        try:
            write_atomic(path, export_text(facts, fmt, private=private).encode("utf-8"))
        except OSError as error:
            raise ExportError(f"cannot write {path}: {error.strerror or error}", 2) from None
        written.append(path)
    return written
