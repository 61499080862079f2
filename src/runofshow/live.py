"""A live show: the plan, its journal writer, a clock and the folded state, kept in step.

``LiveShow.do(action)`` checks the action against the state, writes it to the journal (fsync)
and only then applies it: whatever a view shows is already on disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .journal import JournalWriter, default_journal_path, read_journal, start_fresh
from .plan import LoadedPlan, Plan, PlanError, load_plan, read_plan_text, sha256_text
from .show import Action, Amend, Clock, Folded, ShowState, fold, fold_more, project, refusal
from .show.reduce import amendment_changes


@dataclass
class Opened:
    """What opening a show found, for the console to tell the user."""

    show: LiveShow
    resumed: int | None = None  # number of actions replayed, None for a new journal
    notices: list[str] = field(default_factory=list)
    amendment: Amendment | None = None  # the plan file changed: what applying it would change


@dataclass(frozen=True)
class Amendment:
    """The plan file's new text and, one line each, what it changes in the segments not started."""

    text: str
    sha256: str
    changes: list[str]


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


def open_show(
    plan_path: str | Path, clock: Clock, journal: str | Path | None = None, fresh: bool = False
) -> Opened:
    """Open the journal of a plan (creating it, resuming it, or archiving it with ``fresh``).

    Resuming keeps the journal's own copy of the plan; a notice says so when the plan file has
    changed (or cannot be loaded) since. ``fresh`` loads the plan first, then takes the journal's
    lock and only then moves the old journal aside (never deleting it), so a bad plan or a
    journal held by another process leaves everything where it was.

    Raises PlanError for a bad plan and JournalError (JournalLocked) for a journal that cannot be used.
    """
    journal_path = Path(journal) if journal else default_journal_path(plan_path)
    notices: list[str] = []
    if fresh:
        loaded = load_plan(plan_path)
        writer, archived = start_fresh(journal_path, loaded, clock.now())
        if archived is not None:
            notices.append(f"previous journal kept as {archived}")
        return Opened(LiveShow(loaded.plan, writer, clock), notices=notices)
    if journal_path.exists():
        writer, replay = JournalWriter.open(journal_path)
        notices.extend(replay.problems)
        notice = _plan_file_notice(Path(plan_path), replay.header.plan_sha256)
        try:
            show = LiveShow(replay.plan, writer, clock, replay.actions)
        except BaseException:
            writer.close()
            raise
        amendment = _amendment(show, Path(plan_path)) if notice and "changed" in notice else None
        if notice and amendment is None:
            applied = _applied(show, Path(plan_path))
            notices.append(
                f"{plan_path} changed since this journal began; its changes were applied mid-show"
                if applied
                else notice
            )
        return Opened(show, resumed=len(replay.actions), notices=notices, amendment=amendment)
    loaded = load_plan(plan_path)
    writer = JournalWriter.create(journal_path, loaded, clock.now())
    return Opened(LiveShow(loaded.plan, writer, clock), notices=notices)


def left_behind(show: LiveShow, now: dt.datetime) -> str | None:
    """What the journal holds when it is not tonight's show: "a rehearsal from Thu 26 Nov" (a
    rehearsal last touched on another day) or "a show that ended on Thu 26 Nov"; None otherwise.

    The console asks before reopening such a journal (issue 20): on the event day, last week's
    finished rehearsal is not the show to resume.
    """
    if not show.actions:
        return None
    state = show.state(now)
    tz = state.tz
    today = now.astimezone(tz).date()
    last_day = show.actions[-1].at.astimezone(tz).date()
    if state.rehearsal_offset and last_day != today:
        began = state.started_at or state.planned_start
        return f"a rehearsal from {began.astimezone(tz):%a %d %b}"
    if state.ended_at is not None and state.ended_at.astimezone(tz).date() != today:
        return f"a show that ended on {state.ended_at.astimezone(tz):%a %d %b}"
    return None


def archive_name(journal_path: Path, now: dt.datetime) -> str:
    """The name ``journal.archive_journal`` gives the journal archived at ``now`` (when free)."""
    return f"{journal_path.name.removesuffix('.jsonl')}.{now:%Y%m%dT%H%M%S}.jsonl"


def start_over(
    show: LiveShow, plan_path: str | Path | None, now: dt.datetime
) -> tuple[LiveShow, Path | None]:
    """Archive ``show``'s journal (never deleting it) and start a fresh one on the plan file (the
    journal's own copy of the plan when the file is gone or no longer loads).

    ``show`` is closed first: its writer holds the lock that the fresh start takes. Raises
    JournalError when the journal cannot be archived or created (``show`` stays closed).
    """
    path = show.journal_path
    loaded: LoadedPlan | None = None
    if plan_path is not None:
        try:
            loaded = load_plan(plan_path)
        except PlanError:
            loaded = None
    show.close()
    if loaded is None:
        header = read_journal(path).header
        loaded = LoadedPlan(show.plan, header.plan_text, header.plan_sha256, header.plan_source)
    writer, archived = start_fresh(path, loaded, now)
    return LiveShow(loaded.plan, writer, show.clock), archived


def _applied(show: LiveShow, plan_path: Path) -> bool:
    """The plan file's text is the one an amendment in the journal carries."""
    try:
        sha = sha256_text(read_plan_text(plan_path))
    except PlanError:
        return False
    return any(isinstance(a, Amend) and a.plan_sha256 == sha for a in show.actions)


def _amendment(show: LiveShow, plan_path: Path) -> Amendment | None:
    """The plan file's changes that would apply to the show (none once it ended, none already
    journaled), or None."""
    if show.folded.ended_at is not None:
        return None
    try:
        loaded = load_plan(plan_path)
    except PlanError:
        return None
    if any(isinstance(a, Amend) and a.plan_sha256 == loaded.sha256 for a in show.actions):
        return None
    changes = amendment_changes(show.folded, loaded.plan)
    return Amendment(loaded.text, loaded.sha256, changes) if changes else None


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
