"""The stage view: a read-only Textual app that follows a show's journal from another process.

It shows the speaker and the stage manager how much time is left, the phase (in colour and in
words), the organizer's message, and what comes next. It never writes anything: the only key
it knows is quit.

Data flow: ``JournalFollower.poll()`` as soon as the OS reports that the journal changed
(``base.watch.Follow``: inotify on Linux; then also once a second, one ``stat``), or every
``poll_interval`` where there are no file notifications -> new actions are folded into a
``Folded`` (an undo, or a journal replaced by a ``--fresh`` run, folds again from the start)
-> ``project(folded, now)`` at once after new
records, and else when the view next changes by the passing of time (the timer's next whole
second, the clock's next minute, a blink's next half second; at least every ``tick_interval``)
-> ``stage_view(state, ...)``, a plain ``StageView`` holding every text the screen shows ->
only the widgets whose text or class changed are updated, and a timer repaints only the
digits that changed. A running timer costs one redraw a second.

What the view may show is decided in ``stage_view`` alone, from public fields: segment
titles, speakers' display names, times, phases, the organizer's stage message and the
event's title. Never phones, e-mails, organizer notes, checklists or hand-off cues.

Modules: this one is the app (following, the console-offline probe, drawing); the view model
(``StageView``, ``stage_view``: the privacy boundary, no Textual) is in ``stage_view.py``, the
bitmap font in ``bigfont.py``, the big-text widget in ``widgets/bigtext.py``. Their public names
are importable from here too.

Console offline: the organizer's console holds an exclusive ``flock`` on ``<journal>.lock``
while it has the journal open, and the kernel drops it when that process dies. Every
``LOCK_PROBE_EVERY`` seconds (only once a journal exists) the stage view asks whether anyone
holds that lock; when nobody does and no record came in the last ``OFFLINE_AFTER`` seconds
either, it shows a discreet "console offline" mark while it keeps counting from the last known
state. Any new record, or the lock held again, clears the mark. After the end of the show the
mark is not shown (closing the console then is normal). On Linux the question is answered by
/proc/locks, which takes no lock. Elsewhere the stage opens the lock file read only and tries
``flock(LOCK_SH | LOCK_NB)``: getting it means nobody writes. That probe holds the shared lock
for a few microseconds, and a console started in exactly that instant is told the journal is
busy (starting it again works).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import io
import os
import select
import sys
import time
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ..base.instants import seconds_between as _seconds
from ..base.watch import Follow
from ..journal import (
    JournalError,
    JournalFollower,
    Replay,
    default_journal_path,
    lock_path,
    read_journal_header,
)
from ..live import choose_stage
from ..plan import Plan, PlanError, load_plan
from ..plan.models import OVERTIMES, Overtime
from ..show import Clock, Folded, ShowState, SystemClock, fold, fold_more, project
from ..show.days import stage_and_day
from .bidi import NAMES, PARTS, configure, visual
from .bigfont import big_lines, big_rows, big_width, can_draw, fit_big, wrap_words
from .stage_view import StageView, countdown_text, seconds_to_next_change, stage_view, timer_text
from .themes import DEFAULT_THEME, register_themes
from .widgets.bigtext import BigText

Role = Literal["speaker", "manager"]
ROLES: tuple[str, ...] = ("speaker", "manager")

TICK_INTERVAL = 1.0  # at most this many seconds between two redraws (else: when the view next changes)
POLL_INTERVAL = 0.05  # seconds between two looks at the journal where the OS gives no file notifications
LOCK_PROBE_EVERY = 2.0  # seconds between two checks of the console's lock
OFFLINE_AFTER = 2.0  # seconds without a record before a free lock means "console offline"
PHASE_FLASH = 3.0  # seconds the phase banner and the timer flash after the phase changed
RING_AT = {"warning": "warning", "wrap": "wrap", "overtime": "zero"}  # phase entered -> why it rings


def resolve_source(source: str | os.PathLike, stage: str | None = None) -> tuple[Path, Plan | None]:
    """The journal to follow and, given a plan, the plan (for the countdown before a journal exists).

    ``stage``: the stage of a plan with several (its own journal, its one-stage plan); a stage's
    journal names its stage itself.
    Raises PlanError for a bad plan, JournalError for a journal that cannot be used and
    live.StageChoice for a missing or unknown stage.
    """
    path = Path(source)
    if path.is_dir():
        raise JournalError(f"{path}: is a directory; give a plan (.toml) or a journal (.journal.jsonl)")
    if path.suffix == ".toml":
        plan = load_plan(path).plan
        chosen = choose_stage(plan, stage, str(path))
        return default_journal_path(path, chosen), plan.for_stage(chosen) if chosen else plan
    if path.exists():
        read_journal_header(path)  # fail now on a file that is no journal (the follower reads it once)
    return path, None


PROC_LOCKS = Path("/proc/locks")


def console_present(journal: Path) -> bool:
    """Whether some process holds the journal's writer lock (an organizer console has it open).

    On Linux, read from /proc/locks, which takes no lock at all; elsewhere, try a shared lock
    without waiting (held for microseconds; see the module's docstring).
    """
    try:
        status = os.stat(lock_path(journal))
    except OSError:
        return False
    held = _held_per_proc_locks(status)
    return _held_per_flock(journal) if held is None else held


def _held_per_proc_locks(status: os.stat_result) -> bool | None:
    """From /proc/locks ("1: FLOCK  ADVISORY  WRITE 4242 fe:00:2155372 0 EOF"); None if unreadable."""
    try:
        table = PROC_LOCKS.read_text()
    except OSError:
        return None
    key = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    return any("FLOCK" in line and key in line.split() for line in table.splitlines())


def _held_per_flock(journal: Path) -> bool:
    try:
        fd = os.open(lock_path(journal), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class StageApp(App):
    """The stage view. ``StageApp(source_path, clock, role, poll_interval, theme)``; read only."""

    CSS_PATH = "stage.tcss"
    TITLE = "runofshow stage"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit", show=False)]

    def __init__(
        self,
        source_path: str | os.PathLike,
        clock: Clock | None = None,
        role: Role = "manager",
        poll_interval: float = POLL_INTERVAL,
        theme: str | None = None,
        tick_interval: float = TICK_INTERVAL,
        stage: str | None = None,
        overtime: Overtime | None = None,
        sound: bool = False,
        bidi: str = "auto",
    ) -> None:
        super().__init__()
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: speaker or manager")
        if overtime is not None and overtime not in OVERTIMES:
            raise ValueError(f"unknown overtime {overtime!r}: count or hold")
        self.bidi = configure(bidi)  # --bidi: right-to-left text put in visual order when drawn
        self.overtime = overtime  # --overtime: overrides the plan's [timers] overtime
        # --sound: the terminal bell at the moments in RING_AT, and for a flash; the journal's choice
        # (the console's Stage sound on / off, ``ShowState.stage_sound``) wins over it once made
        self.sound = sound
        self.rings: list[str] = []  # why it rang, in order ("warning", "wrap", "zero", "flash")
        self._heard: tuple[tuple | None, tuple | None] | None = None  # (live segment+phase, flash) seen
        self.journal_path, self._file_plan = resolve_source(source_path, stage)
        self.clock: Clock = clock or SystemClock()
        self.role = role
        self.poll_interval = poll_interval
        self.tick_interval = tick_interval
        register_themes(self, theme or DEFAULT_THEME)  # before the stylesheet needs $phase-*
        self._follower = JournalFollower(self.journal_path)
        self._replay: Replay | None = None
        self._plan: Plan | None = self._file_plan
        self._folded: Folded | None = fold(self._file_plan, []) if self._file_plan else None
        self.lock_probe_every = LOCK_PROBE_EVERY
        self.offline_after = OFFLINE_AFTER
        self._problem = ""
        self._last_record = time.monotonic()
        self._next_probe = 0.0
        self._offline = False
        self._shown: dict[str, object] = {}
        self._phase_key: tuple | None = None
        self._phase_changed_at: dt.datetime | None = None
        self.view: StageView | None = None
        self._served_hangup = (
            _hangup_check() if "web_driver" in os.environ.get("TEXTUAL_DRIVER", "") else None
        )
        self._follow: Follow | None = None
        self._tick_handle: asyncio.TimerHandle | None = None
        self.records_seen = 0  # actions applied so far (tests and the benchmark wait on it)
        self.frames = 0  # view updates that changed something

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="stage"):
            with Horizontal(id="top"):
                yield Static("", id="event", markup=False)
                yield Static("", id="status", markup=False)
                yield Static("", id="clock", markup=False)
            yield BigText("", id="heading", max_scale=1, min_scale=1, auto_fraction=0.1)
            yield Static("", id="speakers", markup=False)
            yield BigText("", id="timer")
            yield BigText("", id="phase", max_scale=2, min_scale=1, auto_fraction=0.12)
            yield BigText(
                "",
                id="message",
                max_scale=4,
                min_scale=1,
                auto_fraction=0.4 if self.role == "speaker" else 0.3,
            )
            with Horizontal(id="next"):
                yield Static("NEXT", id="next-label", markup=False)
                yield Static("", id="next-up", markup=False)
                yield Static("", id="schedule", markup=False)
        yield Static("", id="blackout-clock", markup=False)

    def on_mount(self) -> None:
        self.screen.add_class(f"-{self.role}")
        self._poll()
        self._update_view()
        self._follow = Follow([self.journal_path], self._look, self.poll_interval)
        self._follow.start()

    def on_unmount(self) -> None:
        if self._follow is not None:
            self._follow.stop()
            self._follow = None
        if self._tick_handle is not None:
            self._tick_handle.cancel()
        self._tick_handle = None

    # Both loops are plain event-loop callbacks, not Textual timers: a look at the journal that
    # finds nothing new costs one stat() and no message through the app's queues.

    def _stopping(self) -> bool:
        # is_running turns False first when Textual shuts down: the screens are pruned after it,
        # before _closing is set, and a redraw then would find no widgets
        return self._exit or self._closing or self._closed or not self.is_running

    def _look(self, _changed: set[Path] | None = None) -> None:
        if self._stopping():
            return
        if self._served_hangup is not None and self._served_hangup():
            self.exit()  # served, and the server is gone: nobody can see this screen any more
            return
        try:
            self._poll()
        except Exception as error:  # a bug: let Textual report it and exit, as for a handler
            self._handle_exception(error)

    def _tick(self) -> None:
        self._tick_handle = None
        if self._stopping():
            return
        try:
            self._update_view()
        except Exception as error:
            self._handle_exception(error)

    # -- following the journal ----------------------------------------------------------------

    def _poll(self) -> None:
        try:
            new = self._follower.poll()
        except (JournalError, PlanError) as error:
            self._problem = _one_line(str(error))
            return
        replay = self._follower.replay
        changed = False
        if replay is not self._replay:  # the header came in, or the journal was replaced (--fresh)
            self._replay = replay
            self._plan = replay.plan if replay is not None else self._file_plan
            actions = list(replay.actions) if replay is not None else []
            self._folded = fold(self._plan, actions) if self._plan is not None else None
            self.records_seen = len(actions)
            changed = True
        elif new and self._folded is not None and self._plan is not None and replay is not None:
            self._folded = fold_more(self._plan, self._folded, new, replay.actions)
            self.records_seen += len(new)
            changed = True
        now = time.monotonic()
        if changed:
            self._problem = ""
            self._last_record = now
            self._offline = False
            self._update_view()
        if replay is not None and now >= self._next_probe:
            self._next_probe = now + self.lock_probe_every
            offline = now - self._last_record >= self.offline_after and not console_present(self.journal_path)
            if offline != self._offline:
                self._offline = offline
                self._update_view()

    # -- drawing ------------------------------------------------------------------------------

    @property
    def holds_overtime(self) -> bool:
        """Whether this view shows 0:00 and TIME UP past zero: the speaker's, when overtime is held
        (``--overtime``, else the plan's ``[timers] overtime``). The manager's always counts."""
        if self.role != "speaker":
            return False
        chosen = self.overtime or (self._plan.timers.overtime if self._plan is not None else "count")
        return chosen == "hold"

    def _state_and_view(self, now: dt.datetime) -> tuple[ShowState | None, StageView]:
        state = project(self._folded, now) if self._folded is not None else None
        plan = self._plan
        return state, stage_view(
            state,
            now,
            event=" · ".join(filter(None, (plan.event.title, stage_and_day(plan, state)))) if plan else "",
            tz=plan.tz if plan else None,
            waiting=self._replay is None,
            offline=self._offline,
            problem=self._problem,
            hold=self.holds_overtime,
        )

    def current_view(self) -> StageView:
        return self._state_and_view(self.clock.now())[1]

    def redraw(self) -> None:
        """Project the state at the clock's now and update what changed (the tick calls it)."""
        self._update_view()

    def _update_view(self) -> None:
        now = self.clock.now()
        state, view = self._state_and_view(now)
        if self._phase_key is not None and view.phase_key != self._phase_key:
            self._phase_changed_at = now
        self._phase_key = view.phase_key
        since_change = _seconds(self._phase_changed_at, now) if self._phase_changed_at else None
        half_second = int(now.timestamp() * 2) % 2 == 0  # on for half of every second
        flashing = since_change is not None and 0 <= since_change < PHASE_FLASH
        self.view = view
        self._listen(state, view)
        self._apply(
            view, changed_flash=flashing and half_second, message_flash=view.message_flash and half_second
        )
        self._schedule_tick(
            seconds_to_next_change(
                state, now, blinking=flashing or view.message_flash, hold=self.holds_overtime
            )
        )

    def _listen(self, state: ShowState | None, view: StageView) -> None:
        """Ring (with --sound) when the live segment enters a phase of ``RING_AT``, and when a
        flashed message arrives. What was on screen when the view opened never rings: a browser
        reconnecting mid-talk stays silent."""
        live = state.live if state is not None else None
        phase = (live.segment, live.phase) if live is not None else None
        message = state.message if state is not None else None
        flash = (message.text, message.at) if message is not None and message.flash and view.message else None
        heard, self._heard = self._heard, (phase, flash)
        if heard is None or not self.sound_on:
            return
        before, flashed = heard
        same_talk = phase is not None and before is not None and before[0] == phase[0]
        if same_talk and phase != before and phase is not None and phase[1] in RING_AT:
            self.ring(RING_AT[phase[1]])
        if flash is not None and flash != flashed:
            self.ring("flash")

    @property
    def sound_on(self) -> bool:
        """Whether this view rings: the journal's latest Stage sound on / off once the console chose
        (``Folded.stage_sound``), else ``--sound``."""
        chosen = self._folded.stage_sound if self._folded is not None else None
        return self.sound if chosen is None else chosen

    def ring(self, reason: str) -> None:
        """The terminal bell; the browser view turns it into a chime (tui/serve.py)."""
        if self.sound_on:
            self.rings.append(reason)
            self.bell()

    def _schedule_tick(self, delay: float) -> None:
        """Redraw when the view next changes (a second of the timer, a minute of the clock), at the
        latest after ``tick_interval``; a bit after the instant, so that it has come."""
        if self._tick_handle is not None:
            self._tick_handle.cancel()
        if self._stopping():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._tick_handle = loop.call_later(min(self.tick_interval, delay + 0.002), self._tick)

    def _apply(self, view: StageView, *, changed_flash: bool, message_flash: bool) -> None:
        # Right-to-left text in visual order (tui/bidi.py; BigText reorders each line it wraps)
        self._set_text("#event", visual(view.event, PARTS))
        status, status_problem = view.status, view.status_problem
        if self.role == "manager" and view.curfew and not status:  # the speaker is not told
            status, status_problem = view.curfew, True
        self._set_text("#status", visual(status))
        self._set_text("#clock", view.clock)
        self._set_text("#heading", view.heading)
        self._set_text("#speakers", visual(view.speakers, NAMES))
        self._set_text("#timer", view.big)
        self._set_text("#phase", view.phase_words)
        self._set_text("#message", view.message)
        self._set_text("#next-up", visual(view.next_up, PARTS))
        self._set_text("#schedule", view.schedule)
        self._set_text("#blackout-clock", view.clock)
        self._set_classes(
            "#timer",
            f"phase-{view.phase} mode-{view.mode}"
            + (" -paused" if view.paused else "")
            + (" -changed" if changed_flash else ""),
        )
        self._set_classes("#phase", f"phase-{view.phase}" + (" -changed" if changed_flash else ""))
        self._set_classes(
            "#message", ("-shown" if view.message else "") + (" -flash" if message_flash else "")
        )
        self._set_classes("#schedule", view.schedule_class)
        self._set_classes("#next", "-shown" if view.next_up else "")
        self._set_classes("#status", "-problem" if status_problem else "")
        self._set_classes(
            "Screen", f"-{self.role} mode-{view.mode}" + (" -blackout" if view.blackout else "")
        )

    def _set_text(self, selector: str, text: str) -> None:
        key = f"text{selector}"
        if self._shown.get(key) == text:
            return
        self._shown[key] = text
        widget: Any = self.query_one(selector)  # a Static or a BigText: both have update(text)
        widget.update(text)
        self.frames += 1

    def _set_classes(self, selector: str, classes: str) -> None:
        key = f"class{selector}"
        if self._shown.get(key) == classes:
            return
        old = self._shown.get(key, "")
        self._shown[key] = classes
        widget = self.screen if selector == "Screen" else self.query_one(selector)
        widget.remove_class(*str(old).split())
        widget.add_class(*classes.split())
        self.frames += 1


def _hangup_check():
    """For a stage served by textual-serve: a check that its server went away (its stdin hung up).

    textual-serve talks to the app through its stdin and stdout. If the server dies without
    closing the session (killed), the app would otherwise run on, writing into a broken pipe.
    """
    try:
        poller = select.poll()
        poller.register(sys.stdin.fileno(), select.POLLHUP)
    except (AttributeError, OSError, ValueError):
        return None

    def hung_up() -> bool:
        try:
            return any(
                events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in poller.poll(0)
            )
        except OSError:
            return True

    return hung_up


def _one_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def screen_text(app: App) -> str:
    """The plain text of what ``app`` shows now (tests, the benchmark, the privacy check)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


__all__ = [
    "BigText",
    "PHASE_FLASH",
    "ROLES",
    "Role",
    "StageApp",
    "StageView",
    "big_lines",
    "big_rows",
    "big_width",
    "can_draw",
    "console_present",
    "countdown_text",
    "fit_big",
    "resolve_source",
    "screen_text",
    "seconds_to_next_change",
    "stage_view",
    "timer_text",
    "wrap_words",
]
