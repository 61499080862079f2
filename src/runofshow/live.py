"""A live show: the plan, its journal writer, a clock and the folded state, kept in step.

``LiveShow.do(action)`` checks the action against the state, writes it to the journal (fsync)
and only then applies it: whatever a view shows is already on disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .journal import JournalError, JournalWriter, default_journal_path, start_fresh
from .plan import Plan, PlanError, load_plan, read_plan_text, sha256_text
from .show import Action, Clock, Folded, ShowState, fold, fold_more, project, refusal


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
    def __init__(
        self, plan: Plan, writer: JournalWriter, clock: Clock, actions: list[Action] | None = None
    ) -> None:
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

    def do(self, action: Action) -> int:
        """Journal then apply ``action``; raises Refused (writing nothing) when it is not allowed now.

        Returns the action's sequence number in the journal. A failed write raises JournalError
        and applies nothing.
        """
        reason = refusal(self.folded, action)
        if reason is not None:
            raise Refused(reason)
        seq = self.writer.append(action)
        self.actions.append(action)
        self.folded = fold_more(self.plan, self.folded, [action], self.actions)
        return seq

    def close(self) -> None:
        self.writer.close()


class StageChoice(Exception):
    """``--stage`` missing on a plan of several stages, or naming no stage of it (exit 2)."""


def choose_stage(plan: Plan, stage: str | None, source: str) -> str | None:
    """The stage to run: ``stage`` checked against the plan, None for a one-stage plan.

    A plan with one [[stages]] entry is a one-stage plan (its journal keeps the plain name).
    Raises StageChoice listing the stages with their ids when the choice is missing or unknown.
    """
    listing = "".join(f"\n  {s.id:<12} {s.name}" for s in plan.stages)
    if stage is None:
        if len(plan.stages) > 1:
            raise StageChoice(f"{source} has {len(plan.stages)} stages: choose one with --stage ID{listing}")
        return None
    if not plan.stages:
        raise StageChoice(f'{source} has no [[stages]]: run it without --stage (got "{stage}")')
    if stage not in plan.stage_by_id:
        raise StageChoice(f'{source}: unknown stage "{stage}"; the stages are:{listing}')
    return stage if len(plan.stages) > 1 else None


def open_show(
    plan_path: str | Path,
    clock: Clock,
    journal: str | Path | None = None,
    fresh: bool = False,
    stage: str | None = None,
) -> Opened:
    """Open the journal of a plan (creating it, resuming it, or archiving it with ``fresh``).

    Resuming keeps the journal's own copy of the plan; a notice says so when the plan file has
    changed (or cannot be loaded) since. ``fresh`` loads the plan first, then takes the journal's
    lock and only then moves the old journal aside (never deleting it), so a bad plan or a
    journal held by another process leaves everything where it was.

    ``stage`` (see ``choose_stage``) runs one stage of a plan with several: its own journal
    (``<plan stem>.<stage>.journal.jsonl``), whose header names the stage.

    Raises PlanError for a bad plan and JournalError (JournalLocked) for a journal that cannot be used.
    """
    journal_path = Path(journal) if journal else default_journal_path(plan_path, stage)
    notices: list[str] = []
    if fresh:
        loaded = load_plan(plan_path)
        writer, archived = start_fresh(journal_path, loaded, clock.now(), stage)
        if archived is not None:
            notices.append(f"previous journal kept as {archived}")
        return Opened(LiveShow(_staged(loaded.plan, stage), writer, clock), notices=notices)
    if journal_path.exists():
        writer, replay = JournalWriter.open(journal_path)
        if replay.header.stage != stage:
            writer.close()
            raise JournalError(
                f"{journal_path}: this journal is of stage {replay.header.stage or '(none)'}, "
                f"not {stage or '(none)'}"
            )
        notices.extend(replay.problems)
        notice = _plan_file_notice(Path(plan_path), replay.header.plan_sha256)
        if notice:
            notices.append(notice)
        try:
            show = LiveShow(replay.plan, writer, clock, replay.actions)
        except BaseException:
            writer.close()
            raise
        return Opened(show, resumed=len(replay.actions), notices=notices)
    loaded = load_plan(plan_path)
    writer = JournalWriter.create(journal_path, loaded, clock.now(), stage)
    return Opened(LiveShow(_staged(loaded.plan, stage), writer, clock), notices=notices)


def _staged(plan: Plan, stage: str | None) -> Plan:
    return plan.for_stage(stage) if stage is not None else plan


def _plan_file_notice(plan_path: Path, journal_sha256: str) -> str | None:
    """What to tell about the plan file when resuming on the journal's copy of the plan.

    The common case, a restart after a crash, costs one hash: the file still holds the text the
    journal began with, which loaded then. Only a changed file is loaded again, to say how it changed.
    """
    if not plan_path.exists():
        return None
    try:
        if sha256_text(read_plan_text(plan_path)) == journal_sha256:
            return None
        load_plan(plan_path)
    except PlanError:
        return f"{plan_path} cannot be loaded now: using the journal's copy of the plan"
    return (
        f"{plan_path} changed since this journal began: using the journal's copy of the plan "
        "(start with --fresh to use the new plan)"
    )
