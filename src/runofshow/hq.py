"""HQ: every stage of a plan at once, read from their journals. Pure of Textual (tui/hq.py draws it).

``Overview(plan_path)`` follows one journal per stage (``<plan stem>.<stage id>.journal.jsonl``,
or the plain journal of a one-stage plan), including journals that appear after it started
(a follower waits quietly for a missing file), and folds each as the stage view does. At an
instant, ``rows(now)`` gives one ``StageRow`` per stage and ``alerts(now)`` what needs HQ's
attention across stages: a person due on two stages whose projected times overlap or are less
than ``CLOSE`` apart, and a stage whose show is live while its console is offline.

Console online/offline is decided as the stage view decides it: a record seen within
``OFFLINE_AFTER`` seconds, or the console's writer lock held (``present``, injected: the
tui passes the stage view's ``console_present``). As in the stage view, the lock is asked about
at most every ``PROBE_EVERY`` seconds per stage (on Linux each question reads /proc/locks).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from .journal import JournalError, JournalFollower, Replay, default_journal_path
from .plan import Plan, PlanError, format_clock, load_plan
from .show import Folded, ShowState, fold, fold_more, project
from .show.days import current_day, day_behind
from .show.state import schedule_words

CLOSE = 600  # seconds: a person due on two stages closer than this (or overlapping) is an alert
OFFLINE_AFTER = 2.0
PROBE_EVERY = 2.0  # seconds between two questions about a stage's writer lock


@dataclass(frozen=True)
class StageRow:
    """One stage as HQ shows it: words only (the widget adds nothing but layout and colour)."""

    stage: str  # id
    name: str
    show: str  # waiting (no journal yet), before, live, ended
    day: str  # "Day 2 of 2", "" for a one-day stage
    live: str  # the live segment's title, "" when none
    speakers: str
    remaining: str  # "04:12", "-01:05" in overtime, "" when nothing is live
    phase: str  # ON TIME, 5 MIN, WRAP UP, OVER +01:23 ... ("" when nothing is live)
    schedule: str  # AHEAD 3:00 / ON SCHEDULE / BEHIND 4:30 (current day), NOT STARTED, ENDED
    next: str  # "~11:55 Title" (the projected start first: a long title is cut, not the time)
    console: str  # online / offline
    problem: str = ""


@dataclass(frozen=True)
class Alert:
    kind: str  # "person" or "offline"
    text: str


class StageFeed:
    """One stage's journal, followed and folded (as the stage view does)."""

    def __init__(self, journal: Path, plan: Plan, stage_id: str | None, name: str) -> None:
        self.journal = journal
        self.file_plan = plan
        self.plan = plan
        self.stage_id = stage_id
        self.name = name
        self.follower = JournalFollower(journal)
        self.replay: Replay | None = None
        self.folded: Folded = fold(plan, [])
        self.problem = ""
        self.last_record = -1e9
        self.version = 0  # goes up with every change read from the journal
        self._projected: tuple[int, ShowState] | None = None
        # What a frame made of the last state projected, kept while that state is the same object:
        # a frame drawn for another stage's record costs this one nothing.
        self._row: tuple[ShowState, str, bool, StageRow] | None = None
        self._slots: tuple[ShowState, dict[str, list[Slot]]] | None = None
        self._probed: tuple[float, bool] | None = None  # when the writer lock was asked about, and the answer

    def poll(self) -> bool:
        """Read what the journal gained; True when something changed."""
        try:
            new = self.follower.poll()
        except (JournalError, PlanError) as error:
            self.problem = str(error).splitlines()[0]
            self.version += 1
            return True
        replay = self.follower.replay
        if replay is not self.replay:
            self.replay = replay
            self.plan = replay.plan if replay is not None else self.file_plan
            self.folded = fold(self.plan, list(replay.actions) if replay is not None else [])
        elif new and replay is not None:
            self.folded = fold_more(self.plan, self.folded, new, replay.actions)
        else:
            return False
        self.problem = ""
        self.last_record = time.monotonic()
        self.version += 1
        return True

    def state(self, now: dt.datetime, fresh: bool = True) -> ShowState:
        """The state at ``now``; with ``fresh=False``, the last one projected unless the journal
        changed since (a frame drawn for one stage's new record projects that stage only)."""
        if not fresh and self._projected is not None and self._projected[0] == self.version:
            return self._projected[1]
        state = project(self.folded, now)
        self._projected = (self.version, state)
        return state

    def online(self, present: Callable[[Path], bool], offline_after: float = OFFLINE_AFTER) -> bool:
        now = time.monotonic()
        if now - self.last_record < offline_after:
            return True
        if self._probed is None or now >= self._probed[0] + PROBE_EVERY:
            self._probed = (now, present(self.journal))
        return self._probed[1]


# A segment a person is due on: start and end as POSIX seconds (compared), as instants (shown), the stage.
Slot = tuple[float, float, dt.datetime, dt.datetime, StageFeed]


def _never(_: Path) -> bool:
    return False


class Overview:
    def __init__(self, plan_path: str | Path, present: Callable[[Path], bool] = _never) -> None:
        """Raises PlanError for a plan that cannot be loaded."""
        self.plan_path = Path(plan_path)
        self.plan = load_plan(plan_path).plan
        self._present = present
        self.offline_after = OFFLINE_AFTER
        self._last_alerts: list[Alert] | None = None
        # Each stage's slots (the same objects: kept alive here) and the people alerts made of them.
        self._people_of: tuple[tuple[dict[str, list[Slot]], ...], list[Alert]] | None = None
        if len(self.plan.stages) > 1:
            self.feeds = [
                StageFeed(
                    default_journal_path(plan_path, stage.id),
                    self.plan.for_stage(stage.id),
                    stage.id,
                    stage.name,
                )
                for stage in self.plan.stages
            ]
        else:
            stage = self.plan.one_stage
            self.feeds = [
                StageFeed(
                    default_journal_path(plan_path),
                    self.plan,
                    stage.id if stage else None,
                    stage.name if stage else self.plan.event.title,
                )
            ]

    @property
    def present(self) -> Callable[[Path], bool]:
        return self._present

    @present.setter
    def present(self, present: Callable[[Path], bool]) -> None:
        """Another way to ask about the consoles' locks: the answers kept so far are forgotten."""
        self._present = present
        for feed in self.feeds:
            feed._probed = None

    def poll(self, journals: Collection[Path] | None = None) -> bool:
        """Look at the journals (one stat each when nothing changed; ``journals``: only those,
        as file notifications named them); True when any changed."""
        changed = False
        for feed in self.feeds:
            if journals is None or feed.journal in journals:
                changed = feed.poll() or changed
        return changed

    @property
    def records(self) -> int:
        return sum(len(feed.replay.actions) for feed in self.feeds if feed.replay is not None)

    def rows(self, now: dt.datetime) -> list[StageRow]:
        return self.view(now)[0]

    def view(
        self, now: dt.datetime, changed_only: bool = False, alerts: bool = True
    ) -> tuple[list[StageRow], list[Alert]]:
        """Rows and alerts at ``now``, each stage projected once (``changed_only``: only the stages
        whose journal changed since the last view; the others as they were then). ``alerts=False``:
        the alerts of the last view that worked them out (a frame drawn for new records leaves
        the sweep across stages to the clock's next second)."""
        states = [(feed, feed.state(now, fresh=not changed_only)) for feed in self.feeds]
        online = [feed.online(self.present, self.offline_after) for feed in self.feeds]
        rows = [self._row(feed, state, up) for (feed, state), up in zip(states, online, strict=True)]
        if alerts or self._last_alerts is None:
            self._last_alerts = self._alerts(states, online)
        return rows, self._last_alerts

    def _row(self, feed: StageFeed, state: ShowState, online: bool) -> StageRow:
        cached = feed._row
        if cached is not None and cached[0] is state and cached[1] == feed.problem and cached[2] == online:
            return cached[3]
        row = self._new_row(feed, state, online)
        feed._row = (state, feed.problem, online, row)
        return row

    def _new_row(self, feed: StageFeed, state: ShowState, online: bool) -> StageRow:
        plan, tz = feed.plan, state.tz
        live = state.live_row
        timer = state.live
        if timer is not None:
            remaining = ("-" if timer.remaining < 0 else "") + format_clock(abs(timer.remaining))
            phase = timer.phase_words
        else:
            remaining = phase = ""
        if state.show == "live":
            schedule = schedule_words(day_behind(plan, state))
        elif state.show == "ended":
            schedule = f"ENDED {_hm(state.ended_at, tz)}"
        else:
            schedule = f"NOT STARTED · plan {_hm(state.planned_start, tz)}"
        nxt = state.next_row
        return StageRow(
            stage=feed.stage_id or "",
            name=feed.name,
            show="waiting" if feed.replay is None and state.show == "before" else state.show,
            day=f"Day {current_day(plan, state)} of {plan.days}" if plan.days > 1 else "",
            live=live.title if live is not None else "",
            speakers=", ".join(live.speakers) if live is not None else "",
            remaining=remaining,
            phase=phase,
            schedule=schedule,
            next=f"~{_hm(nxt.start, tz)} {nxt.title}" if nxt is not None else "",
            console="online" if online else "offline",
            problem=feed.problem,
        )

    def alerts(self, now: dt.datetime) -> list[Alert]:
        return self.view(now)[1]

    def _alerts(self, states: list[tuple[StageFeed, ShowState]], online: list[bool]) -> list[Alert]:
        found = [
            Alert("offline", f"{feed.name}: console offline while the show is live")
            for (feed, state), up in zip(states, online, strict=True)
            if state.show == "live" and not up
        ]
        return found + self._people(states)

    def _people(self, states: list[tuple[StageFeed, ShowState]]) -> list[Alert]:
        """A person due on two stages whose projected times overlap or are less than CLOSE apart.

        Each person's slots are sorted by start (as POSIX seconds, computed once); from each slot
        only the following ones that start before its end plus CLOSE are looked at (a sweep,
        not every pair). Each stage's slots are kept while its state is the same object, so a
        frame for one stage's record gathers that stage's slots only, and when no stage's slots
        changed (the clock's tick while every segment runs within its time), the alerts are
        the last ones."""
        every = tuple(_slots(feed, state) for feed, state in states)
        known = self._people_of
        if known is not None and all(a is b for a, b in zip(known[0], every, strict=True)):
            return known[1]
        due: dict[str, list[Slot]] = {}
        for found in every:
            for person, slots in found.items():
                due.setdefault(person, []).extend(slots)
        alerts = []
        tz = self.plan.tz
        for person, slots in due.items():
            if len({id(slot[4]) for slot in slots}) < 2:
                continue  # on one stage only
            slots.sort(key=lambda slot: slot[0])
            name = self.plan.person_by_id[person].name if person in self.plan.person_by_id else person
            for i, (_start_a, end_a, _, end_at, feed_a) in enumerate(slots):
                for start_b, _end_b, start_at, _, feed_b in slots[i + 1 :]:
                    if start_b - end_a >= CLOSE:
                        break
                    if feed_b is not feed_a:
                        alerts.append(
                            Alert(
                                "person",
                                f"{name}: {feed_a.name} ends ~{_hm(end_at, tz)}, "
                                f"{feed_b.name} starts {_hm(start_at, tz)}",
                            )
                        )
        self._people_of = (every, alerts)
        return alerts


def _slots(feed: StageFeed, state: ShowState) -> dict[str, list[Slot]]:
    """Each person's segments on this stage that are not done or skipped, from its state."""
    if feed._slots is not None and (feed._slots[0] is state or feed._slots[0].rows == state.rows):
        return feed._slots[1]  # the same rows (the clock's tick, a live segment within its time)
    found: dict[str, list[Slot]] = {}
    segments = feed.plan.segment_by_id
    for row in state.rows:
        if row.status in ("done", "skipped"):
            continue
        segment = segments.get(row.id)
        if segment is None:
            continue
        slot = (row.start.timestamp(), row.end.timestamp(), row.start, row.end, feed)
        for person in dict.fromkeys((*segment.speakers, segment.owner)):
            if person:
                found.setdefault(person, []).append(slot)
    feed._slots = (state, found)
    return found


def _hm(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M") if moment is not None else "--:--"
