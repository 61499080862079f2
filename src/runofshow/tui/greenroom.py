"""The green-room view (issue 13): ``runofshow stage PLAN --role green-room``.

For the screen in the speakers' room: the live segment and its remaining time, then the next
four segments with their projected start, speakers and who gives the handoff cue into them,
and who is expected and not checked in yet. Read only: it follows the journal like the stage
view (another process; nothing but the journal connects them), through the OS's file
notifications where there are some (``base.watch.Follow``), else every ``poll_interval``.

Private data never appears here: names only, never a phone, an e-mail, a task or a note.
``green_room_lines`` is a pure function of the plan and a ShowState (tests check it without an
app); the app only puts its lines on screen when they changed.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from ..base.watch import Follow
from ..journal import JournalError, JournalFollower, Replay
from ..plan import Plan, PlanError, format_clock
from ..show import Clock, Folded, ShowState, SystemClock, fold, fold_more, project
from ..show.logistics import person_states
from .bidi import configure, visual
from .themes import DEFAULT_THEME, register_themes

NEXT_COUNT = 4
NOT_HERE = "(NOT HERE)"
# What separates the parts of a line, each reordered apart when it is right-to-left (tui/bidi.py):
# "18:30  title · Dana (NOT HERE), Omer · cue: Tamar"
GREEN_PARTS = r"\s+·\s+|\s{2,}|, | \(NOT HERE\)|: "
POLL = (
    0.25  # seconds between two looks at the journal without file notifications (a stat when nothing changed)
)
TICK = 1.0  # seconds between two redraws: the remaining time counts in seconds


@dataclass(frozen=True)
class GreenRoomView:
    """What the green room shows, as plain lines (names only, by construction)."""

    top: str
    live: str
    remaining: str
    upcoming: tuple[str, ...]
    missing: str


def _hm(moment: dt.datetime, tz: dt.tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def _left(seconds: float) -> str:
    if seconds > 0:
        return f"{format_clock(math.ceil(seconds))} left"
    return f"OVER +{format_clock(math.floor(-seconds))}"


def green_room_view(plan: Plan, state: ShowState | None, now: dt.datetime) -> GreenRoomView:
    """The view at ``now`` (``state``: None until the console has written its journal's header)."""
    tz = plan.tz
    top = f"{plan.event.title} · GREEN ROOM · {now.astimezone(tz):%H:%M:%S}"
    if state is None:
        return GreenRoomView(top, "Waiting for the show to open…", "", (), "")
    not_here = {}
    for person in person_states(plan, state):
        on_later = person.next_at is not None or not plan.appearances.get(person.id)
        if person.status in ("late", "not_here") and person.expected is not None and on_later:
            not_here[person.id] = person.name
    marked = lambda pid: plan.person_by_id[pid].name + (f" {NOT_HERE}" if pid in not_here else "")  # noqa: E731
    if state.show == "ended":
        live, remaining = "The show has ended. Thank you!", ""
    elif state.live is not None and state.live_row is not None:
        row = state.live_row
        segment = plan.segment_by_id.get(row.id) if not row.inserted else None
        who = (
            ", ".join(plan.person_by_id[s].name for s in segment.speakers if s in plan.person_by_id)
            if segment
            else ", ".join(row.speakers)
        )
        live = f"ON STAGE: {row.title}" + (f" · {who}" if who else "")
        remaining = (
            "PAUSED · " + _left(state.live.remaining) if state.live.paused else _left(state.live.remaining)
        )
    else:
        until = (state.planned_start - state.now).total_seconds()
        first = state.rows[state.next_index].start if state.next_index is not None else None
        live = "BEFORE THE SHOW" + (f" · first segment at {_hm(first, tz)}" if first else "")
        remaining = f"starts in {format_clock(math.ceil(until))}" if until > 0 else "starting soon"
    upcoming = []
    if state.show != "ended" and state.next_index is not None:
        for row in state.rows[state.next_index :]:
            if row.status != "pending":
                continue
            segment = plan.segment_by_id.get(row.id) if not row.inserted else None
            if segment is not None:
                speakers = ", ".join(marked(s) for s in segment.speakers if s in plan.person_by_id)
                handoff = segment.handoff.by if segment.handoff and segment.handoff.by else None
                cue = f" · cue: {plan.person_by_id[handoff].name}" if handoff in plan.person_by_id else ""
            else:
                speakers, cue = ", ".join(row.speakers), ""
            upcoming.append(
                f"{_hm(row.start, tz)}  {row.title}" + (f" · {speakers}" if speakers else "") + cue
            )
            if len(upcoming) == NEXT_COUNT:
                break
    missing = (
        ("Not checked in yet: " + ", ".join(not_here.values())) if not_here else "Everyone expected is here."
    )
    if not plan.people:
        missing = ""
    return GreenRoomView(top, live, remaining, tuple(upcoming), missing)


class GreenRoomApp(App):
    """``GreenRoomApp(source, clock, poll_interval, tick_interval, theme)``: read only, follows a journal."""

    TITLE = "runofshow green room"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit", show=False)]
    CSS = """
    Screen { background: $background; }
    #gr { padding: 1 2; }
    #gr-top { color: $text-muted; height: 1; }
    #gr-live { text-style: bold; margin-top: 1; height: auto; }
    #gr-remaining { text-style: bold; color: $accent; height: auto; }
    #gr-next-label { margin-top: 1; color: $text-muted; text-style: bold; height: 1; }
    #gr-next { height: auto; }
    #gr-missing { margin-top: 1; color: $warning; text-style: bold; height: auto; }
    """

    def __init__(
        self,
        source: str | os.PathLike,
        clock: Clock | None = None,
        poll_interval: float = POLL,
        tick_interval: float = TICK,
        theme: str | None = None,
        stage: str | None = None,
        bidi: str = "auto",
    ) -> None:
        super().__init__()
        from .stage import resolve_source

        self.bidi = configure(
            bidi
        )  # --bidi: right-to-left titles and names in visual order  # a plan's journal (its stage's, with several stages)

        self.journal_path, self._file_plan = resolve_source(source, stage)
        self.clock: Clock = clock or SystemClock()
        self.poll_interval, self.tick_interval = poll_interval, tick_interval
        register_themes(self, theme or DEFAULT_THEME)
        self._follower = JournalFollower(self.journal_path)
        self._replay: Replay | None = None
        self._plan: Plan | None = self._file_plan
        self._folded: Folded | None = None
        self._shown: dict[str, str] = {}
        self.view: GreenRoomView | None = None
        self._follow: Follow | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="gr"):
            yield Static("", id="gr-top", markup=False)
            yield Static("", id="gr-live", markup=False)
            yield Static("", id="gr-remaining", markup=False)
            yield Static("NEXT", id="gr-next-label", markup=False)
            yield Static("", id="gr-next", markup=False)
            yield Static("", id="gr-missing", markup=False)

    def on_mount(self) -> None:
        self._poll()
        self.redraw()
        self._follow = Follow([self.journal_path], self._look, self.poll_interval)
        self._follow.start()
        self.set_interval(self.tick_interval, self.redraw)

    def on_unmount(self) -> None:
        if self._follow is not None:
            self._follow.stop()
            self._follow = None

    def _look(self, _changed: set[Path] | None) -> None:
        """Follow's callback (a plain event-loop callback, not a Textual message)."""
        if self._exit or self._closing or self._closed or not self.is_running:
            return
        try:
            self._poll()
        except Exception as error:  # a bug: let Textual report it and exit, as for a handler
            self._handle_exception(error)

    def _poll(self) -> None:
        try:
            new = self._follower.poll()
        except (JournalError, PlanError):
            return
        replay = self._follower.replay
        if replay is not self._replay:
            self._replay = replay
            self._plan = replay.plan if replay is not None else self._file_plan
            self._folded = fold(replay.plan, list(replay.actions)) if replay is not None else None
        elif new and self._folded is not None and replay is not None and self._plan is not None:
            self._folded = fold_more(self._plan, self._folded, new, replay.actions)
        else:
            return
        self.redraw()

    def redraw(self) -> None:
        if self._plan is None:
            return
        now = self.clock.now()
        state = project(self._folded, now) if self._folded is not None else None
        if state is None and self._file_plan is not None:
            state = project(fold(self._plan, []), now)  # the plan, before the console opened it
        view = self.view = green_room_view(self._plan, state, now)
        for key, text in (
            ("gr-top", view.top),
            ("gr-live", view.live),
            ("gr-remaining", view.remaining),
            ("gr-next", "\n".join(view.upcoming) or "Nothing after this."),
            ("gr-missing", view.missing),
        ):
            if self._shown.get(key) != text:
                self._shown[key] = text
                shown = Text(visual(text, GREEN_PARTS))
                shown.highlight_words([NOT_HERE], style="bold reverse")  # words and colour both say it
                self.query_one(f"#{key}", Static).update(shown)
