"""Exports of a show's journal: csv, json, md (report), ics (planned schedule), toml (next plan),
html (the report with its planned-vs-actual timeline), svg (that timeline alone).

Each format is one module with a ``render(facts, private=False) -> str`` function working from
the facts computed once in ``facts.py``; ``ics`` also offers ``plan_to_ics(plan)``. Nothing in
this package imports Textual.
"""

from __future__ import annotations

from .facts import ExportError, ShowFacts, compute_facts, load_facts

FORMATS = ("csv", "json", "md", "ics", "toml", "html", "svg")

__all__ = ["FORMATS", "ExportError", "ShowFacts", "compute_facts", "export_text", "load_facts"]


def export_text(facts: ShowFacts, fmt: str, private: bool = False) -> str:
    """The export of ``facts`` in format ``fmt`` (one of FORMATS)."""
    from importlib import import_module

    module = {
        "csv": "csv_",
        "json": "json_",
        "md": "md",
        "ics": "ics",
        "toml": "toml_",
        "html": "html",
        "svg": "timeline",
    }[fmt]
    return import_module(f"{__name__}.{module}").render(facts, private=private)
