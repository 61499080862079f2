"""A live show: the plan, its journal writer, a clock and the folded state, kept in step.

``LiveShow.do(action)`` checks the action against the state, writes it to the journal (fsync)
and only then applies it: whatever a view shows is already on disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .journal import JournalWriter, archive_journal, default_journal_path
from .plan import LoadedPlan, Plan, load_plan
from .show import Action, Clock, Folded, ShowState, Undo, fold, project, refusal


@dataclass
class Opened:
    """What opening a show found, for the console to tell the user."""

    show: LiveShow
    resumed: int | None = None  # number of actions replayed, None for a new journal
    notices: list[str] = field(default_factory=list)


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LiveShow:
    def __init__(self, plan: Plan, writer: JournalWriter, clock: Clock, actions: list[Action] | None = None) -> None:
        self.plan = plan
        self.writer = writer
        self.clock = clock
        self.actions: list[Action] = list(actions or [])
        self.folded: Folded = fold(plan, self.actions)

    @property
    def journal_path(self) -> Path:
        return self.writer.path

    def state(self, now: dt.datetime | None = None) -> ShowState:
        return project(self.folded, now or self.clock.now())

    def refusal(self, action: Action) -> str | None:
        return refusal(self.folded, action)

    def do(self, action: Action) -> None:
        """Journal then apply ``action``; raises Refused (writing nothing) when it is not allowed now."""
        reason = refusal(self.folded, action)
        if reason is not None:
            raise Refused(reason)
        self.writer.append(action)
        self.actions.append(action)
        if isinstance(action, Undo):
            self.folded = fold(self.plan, self.actions)
        else:
            fold(self.plan, [action], self.folded)

    def close(self) -> None:
        self.writer.close()


def open_show(plan_path: str | Path, clock: Clock, journal: str | Path | None = None, fresh: bool = False) -> Opened:
    """Open the journal of a plan (creating it, resuming it, or archiving it with ``fresh``).

    Raises PlanError for a bad plan and JournalError for a journal that cannot be used.
    """
    journal_path = Path(journal) if journal else default_journal_path(plan_path)
    notices: list[str] = []
    if fresh and journal_path.exists():
        archived = archive_journal(journal_path, clock.now())
        notices.append(f"previous journal kept as {archived}")
    if journal_path.exists():
        writer, replay = JournalWriter.open(journal_path)
        notices.extend(replay.problems)
        loaded = _try_load(plan_path)
        if loaded is not None and loaded.sha256 != replay.header.plan_sha256:
            notices.append(f"{plan_path} changed since this journal began: using the journal's copy of the plan "
                           "(start with --fresh to use the new plan)")
        show = LiveShow(replay.plan, writer, clock, replay.actions)
        return Opened(show, resumed=len(replay.actions), notices=notices)
    loaded = load_plan(plan_path)
    writer = JournalWriter.create(journal_path, loaded, clock.now())
    return Opened(LiveShow(loaded.plan, writer, clock), notices=notices)


def _try_load(plan_path: str | Path) -> LoadedPlan | None:
    from .plan import PlanError

    try:
        return load_plan(plan_path)
    except PlanError:
        return None
