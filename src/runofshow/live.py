"""A live show: the plan, its journal writer, a clock and the folded state, kept in step.

``LiveShow.do(action)`` checks the action against the state, writes it to the journal (fsync)
and only then applies it: whatever a view shows is already on disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from .journal import JournalError, JournalWriter, default_journal_path, read_journal, start_fresh
from .plan import LoadedPlan, Plan, PlanError, load_plan, read_plan_text, sha256_text
from .plan.zone import with_zone, zone_name
from .show import Action, Amend, Clock, Folded, Note, ShowState, fold, fold_more, project, refusal
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


STEP_WORTH_A_NOTE = 2.0  # seconds: a clock step smaller than this is not worth a journal note


class LiveShow:
    """The plan, its journal writer and the folded state, kept in step; time from ``clock``.

    Time never goes back in a journal: ``now()`` is the clock, but never earlier than the last
    record (a clock set back since, or a journal written on a laptop whose clock was ahead).
    When the clock is found behind, time goes on from the last record (an offset, so timers keep
    running), and the next action is preceded by a note saying by how much the clock stepped.
    """

    def __init__(
        self, plan: Plan, writer: JournalWriter, clock: Clock, actions: list[Action] | None = None
    ) -> None:
        self.plan = plan
        self.writer = writer
        self.clock = clock
        self.actions: list[Action] = list(actions or [])
        self.folded: Folded = fold(plan, self.actions)
        self._offset = dt.timedelta(0)  # added to the clock: how far behind the journal it was found
        self._first_now = True
        self._unnoted = 0.0  # seconds of clock step not yet in the journal
        self._wall_noted = 0.0  # the wall clock's step (SystemClock.wall_step) last journaled

    @property
    def journal_path(self) -> Path:
        return self.writer.path

    def now(self) -> dt.datetime:
        """The clock's instant, never earlier than the journal's last record.

        The first time, a clock found behind the journal's last record (set back while no console
        ran) becomes an offset, so that timers go on from that record; afterwards an instant
        earlier than the last record is that record's instant (a steady SystemClock never steps
        within a process; ``wall_step`` tells when the laptop's clock did).
        """
        now = self.clock.now() + self._offset
        if self.actions and now < self.actions[-1].at:
            if self._first_now:
                step = self.actions[-1].at - now
                self._offset = step
                self._unnoted = -step.total_seconds()
            now = self.actions[-1].at
        self._first_now = False
        return now

    def state(self, now: dt.datetime | None = None) -> ShowState:
        return project(self.folded, now or self.now())

    def refusal(self, action: Action) -> str | None:
        return refusal(self.folded, action)

    def journal_trouble(self) -> str | None:
        """What the console's banner says about the journal, None when all is well."""
        trouble = self.writer.trouble
        if trouble is not None:
            return f"JOURNAL CANNOT BE WRITTEN: {trouble}; actions are not being saved"
        return self.writer.place_problem()

    def do(self, action: Action) -> int:
        """Journal then apply ``action``; raises Refused (writing nothing) when it is not allowed now.

        Returns the action's sequence number in the journal. A failed write raises JournalError
        and applies nothing. An action earlier than the last record is journaled at the last
        record's instant, after a note that the clock stepped.
        """
        reason = refusal(self.folded, action)
        if reason is not None:
            raise Refused(reason)
        self.now()  # finds a clock behind the journal, the first time
        if self.actions and action.at < self.actions[-1].at:
            action = replace(action, at=self.actions[-1].at)
        note = self._clock_note(action.at)
        if note is not None:
            self._append(note)
            self._unnoted = 0.0
        return self._append(action)

    def _clock_note(self, at: dt.datetime) -> Note | None:
        """A note for the journal when the clock stepped (back, found by ``now``; or the wall
        clock behind a steady SystemClock) by more than a moment since the last note."""
        wall_step = getattr(self.clock, "wall_step", None)
        wall = wall_step() if wall_step is not None else 0.0
        if abs(self._unnoted) >= STEP_WORTH_A_NOTE:
            text = (
                f"the clock stepped back: it was {_span(-self._unnoted)} behind the journal's last "
                "record when this console started (a clock change or an NTP correction); times go on "
                "from that record"
            )
        elif abs(wall - self._wall_noted) >= STEP_WORTH_A_NOTE:
            change = wall - self._wall_noted
            text = (
                f"the laptop's clock stepped {'forward' if change > 0 else 'back'} by {_span(abs(change))} "
                "(a clock change or an NTP correction): timers go on unchanged"
            )
        else:
            return None
        self._wall_noted = wall
        return Note(at=at, text=text)

    def _append(self, action: Action) -> int:
        seq = self.writer.append(action)
        self.actions.append(action)
        self.folded = fold_more(self.plan, self.folded, [action], self.actions)
        return seq

    def close(self) -> None:
        self.writer.close()


def _span(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


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
    loaded: LoadedPlan | None = None,
) -> Opened:
    """Open the journal of a plan (creating it, resuming it, or archiving it with ``fresh``).

    Resuming keeps the journal's own copy of the plan; a notice says so when the plan file has
    changed (or cannot be loaded) since. ``fresh`` loads the plan first, then takes the journal's
    lock and only then moves the old journal aside (never deleting it), so a bad plan or a
    journal held by another process leaves everything where it was.

    ``stage`` (see ``choose_stage``) runs one stage of a plan with several: its own journal
    (``<plan stem>.<stage>.journal.jsonl``), whose header names the stage.

    ``loaded``: the plan file as the caller has just loaded it (``run`` does, to choose the stage),
    so that it is not read and unpickled a second time (~5 ms for 1,000 segments).

    Raises PlanError for a bad plan and JournalError (JournalLocked) for a journal that cannot be used.
    """
    journal_path = Path(journal) if journal else default_journal_path(plan_path, stage)
    notices: list[str] = []
    if fresh:
        loaded = loaded or load_plan(plan_path)
        writer, archived = start_fresh(journal_path, loaded, clock.now(), stage)
        if archived is not None:
            notices.append(f"previous journal kept as {archived}")
        return Opened(LiveShow(_staged(_zoned(loaded.plan), stage), writer, clock), notices=notices)
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
    loaded = loaded or load_plan(plan_path)
    writer = JournalWriter.create(journal_path, loaded, clock.now(), stage)
    return Opened(LiveShow(_staged(_zoned(loaded.plan), stage), writer, clock), notices=notices)


def _zoned(plan: Plan) -> Plan:
    """The plan in the zone its new journal's header fixes (the plan's own, else the machine's)."""
    return with_zone(plan, zone_name(plan))


def _staged(plan: Plan, stage: str | None) -> Plan:
    return plan.for_stage(stage) if stage is not None else plan


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
    header = read_journal(path).header
    stage = header.stage  # a stage's journal (run --stage) starts again on that stage
    loaded: LoadedPlan | None = None
    if plan_path is not None:
        try:
            loaded = load_plan(plan_path)
        except PlanError:
            loaded = None
    if loaded is not None and stage is not None and stage not in loaded.plan.stage_by_id:
        loaded = None  # the file no longer has this stage
    show.close()
    if loaded is None:
        loaded = LoadedPlan(show.plan, header.plan_text, header.plan_sha256, header.plan_source)
        plan = show.plan  # already in the journal's zone, cut to its stage
    else:
        plan = _staged(_zoned(loaded.plan), stage)
    writer, archived = start_fresh(path, loaded, now, stage)
    return LiveShow(plan, writer, show.clock), archived


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
