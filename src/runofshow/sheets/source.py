"""A plan or a journal, read for the sheets.

``PLAN.toml`` is read as a plan (planned times). Anything else is read as a journal: its own
copy of the plan, folded and projected at the instant of its last action, so a sheet printed
mid-show has the times the show is now heading for. A journal without actions is its plan.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..journal import JournalError, read_journal
from ..plan import PlanError, load_plan
from ..show import fold, project
from .model import SheetError, Source


def load_source(path: str | os.PathLike) -> Source:
    """Raises PlanError for a bad plan, SheetError for a journal that cannot be used."""
    path = Path(path)
    if path.suffix == ".toml":
        return Source(path=path, plan=load_plan(path).plan)
    if not path.exists():
        raise SheetError(f"{path}: no such plan or journal", 2)
    if path.is_dir():
        raise SheetError(f"{path}: is a directory; give a plan (.toml) or a journal (.journal.jsonl)", 2)
    try:
        replay = read_journal(path)
    except JournalError as error:
        raise SheetError(str(error), 1) from None
    except UnicodeDecodeError:
        raise SheetError(f"{path}: not a runofshow journal (not UTF-8 text)", 1) from None
    if not replay.actions:
        return Source(path=path, plan=replay.plan)
    as_of = max(action.at for action in replay.actions)
    return Source(path=path, plan=replay.plan, state=project(fold(replay.plan, replay.actions), as_of))


__all__ = ["PlanError", "load_source"]
