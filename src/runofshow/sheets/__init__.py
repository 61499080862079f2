"""Paper: the printed run sheet and a call sheet per person (html, md, pdf).

A renderer in the sense of the design: ``load_source`` reads a plan, or a journal (its plan copy
and the state as of its last action); ``model`` turns that into records holding only what may
be printed; ``html`` and ``md`` render those records; ``pdf`` prints the html with headless
Chromium. Nothing in this package imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import (
    CallSheet,
    RunSheet,
    SheetError,
    Source,
    TaskEntry,
    call_sheet,
    call_sheets,
    run_sheet,
)
from .source import load_source

FORMATS = ("html", "md", "pdf")

__all__ = [
    "FORMATS",
    "CallSheet",
    "RunSheet",
    "SheetError",
    "Source",
    "TaskEntry",
    "call_sheet",
    "call_sheets",
    "load_source",
    "render",
    "run_sheet",
]


def render(sheets: Sequence[RunSheet | CallSheet], fmt: str) -> str:
    """One document holding ``sheets`` (each starts on a new page) as html or md text."""
    if fmt == "md":
        from .md import render_md

        return render_md(sheets)
    from .html import render_html

    return render_html(sheets)
