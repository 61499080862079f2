"""The export of a plan of several stages: every stage's journal merged into one document.

``export PLAN`` (a plan with two or more [[stages]]) reads ``<plan stem>.<stage id>.journal.jsonl``
for each stage; a stage whose journal does not exist yet is exported as planned (nothing
happened there). csv keeps the contract's columns and appends a last column ``stage`` (a
one-stage export never has it); json holds ``{"stages": [{"stage", "name", ...that stage's
json}]}``; md is each stage's report under its name; ics is the whole plan's schedule with
LOCATION set to each segment's stage name. Other formats are made per stage (from its journal).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..journal import Header, Replay, default_journal_path
from ..plan import LoadedPlan
from . import export_text
from .facts import ExportError, ShowFacts, compute_facts, load_facts

MERGED_FORMATS = ("csv", "json", "md", "ics")


def stage_facts(plan_path: Path, loaded: LoadedPlan) -> list[tuple[str, str, ShowFacts]]:
    """(stage id, stage name, facts) of every stage, in the plan's order of [[stages]]."""
    found = []
    for stage in loaded.plan.stages:
        journal = default_journal_path(plan_path, stage.id)
        if journal.exists():
            facts = load_facts(journal)
        else:
            header = Header(loaded.text, loaded.sha256, str(plan_path), "", stage=stage.id)
            replay = Replay(journal, header, loaded.plan.for_stage(stage.id), [], 0)
            facts = compute_facts(replay)
        found.append((stage.id, stage.name, facts))
    return found


def merged_text(plan_path: Path, loaded: LoadedPlan, fmt: str, private: bool = False) -> str:
    if fmt not in MERGED_FORMATS:
        ids = ", ".join(stage.id for stage in loaded.plan.stages)
        raise ExportError(
            f"{plan_path}: {fmt} is made per stage: export a stage's journal "
            f"({default_journal_path(plan_path, '<stage>').name}, stage one of: {ids})",
            2,
        )
    if fmt == "ics":
        from .ics import plan_to_ics

        return plan_to_ics(loaded.plan)
    stages = stage_facts(plan_path, loaded)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for index, (stage_id, _name, facts) in enumerate(stages):
            rows = list(csv.reader(io.StringIO(export_text(facts, "csv", private=private), newline="")))
            if index == 0:
                writer.writerow([*rows[0], "stage"])
            writer.writerows([*row, stage_id] for row in rows[1:])
        return out.getvalue()
    if fmt == "json":
        merged = [
            {"stage": stage_id, "name": name, **json.loads(export_text(facts, "json", private=private))}
            for stage_id, name, facts in stages
        ]
        return json.dumps({"stages": merged}, ensure_ascii=False, indent=2) + "\n"
    parts = [f"# {loaded.plan.event.title}: every stage\n"]
    for _stage_id, name, facts in stages:
        parts.append(f"\n---\n\n# Stage: {name}\n\n" + export_text(facts, "md", private=private))
    return "".join(parts)
