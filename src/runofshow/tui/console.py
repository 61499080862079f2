"""The organizer console: ``runofshow run PLAN``.

``ConsoleApp(show, clock, ...)`` is the one factory used by the CLI and the tests. It holds no
business logic: every key builds an Action and hands it to ``show.do`` (journal first, then
apply); a refusal becomes a warning toast. Then every view re-renders from ``show.state()``.
A timer at 2 Hz only asks for that redraw; each widget compares what it would show with what
it shows and touches the screen only when the text changed.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..base.instants import seconds_between
from ..journal import JournalError
from ..live import Amendment, LiveShow, Refused, archive_name, left_behind, start_over
from ..plan import format_duration
from ..show import (
    Action,
    AddTime,
    Amend,
    Blackout,
    CheckIn,
    CheckItem,
    ClearMessage,
    Clock,
    EditSegment,
    EndShow,
    Go,
    HandoffDone,
    HeadCount,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    ShowState,
    Skip,
    StageSound,
    TaskDone,
    Undo,
    Unskip,
)
from ..show.reduce import undo_targets
from .themes import DEFAULT_THEME, load_themes, register_themes
from .widgets.cards import AlertLine, Feed, HandoffCard, ShowHeader, restyle_now
from .widgets.checklist import Checklist
from .widgets.common import FeedWords, hm
from .widgets.keybar import KeyBar
from .widgets.live import LivePanel
from .widgets.runsheet import RunSheet

if TYPE_CHECKING:
    from ..control.controller import Controller
    from ..control.server import ControlServer
    from ..control.setup import ControlOptions
    from .desk import DeskScreen

GO_AGAIN_WITHIN = 5.0  # seconds: a second GO within this goes despite blocking items
REHEARSAL_AWAY = 12 * 3600  # seconds from the plan's start beyond which a rehearsal is offered
STALE_JOURNAL = 12 * 3600  # seconds since the last action after which a resumed show is worth a word
PHASE_DEFAULTS = {  # used by a theme without phase colours (Textual's own themes)
    "phase-pending": "#8B949E",
    "phase-on-time": "#3FB950",
    "phase-warning": "#E3B341",
    "phase-wrap": "#FF8C42",
    "phase-qa": "#4EA8DE",
    "phase-overtime": "#F85149",
}

# (key, action, footer label, palette title, palette help), in the footer's order: at 100 columns
# the footer shows the first ten or so
KEYS: Sequence[tuple[str, str, str, str, str]] = (
    ("space", "go", "GO", "GO", "Start the show, or end the live segment and start the next"),
    ("question_mark", "help", "Help", "Help", "List the keys"),
    ("p", "pause", "Pause", "Pause / resume", "Pause or resume the live timer"),
    ("plus", "add_minute", "+1m", "Add one minute", "Give the live segment one more minute"),
    ("minus", "remove_minute", "-1m", "Remove one minute", "Take one minute from the live segment"),
    ("u", "undo", "Undo", "Undo", "Undo the last thing done (again: the one before)"),
    ("h", "handoff", "Handoff", "Handoff done", "Mark the next handoff done"),
    ("m", "message", "Msg", "Stage message…", "Write a message for the stage view"),
    ("f", "flash", "Flash", "Flash the message", "Make the stage message flash (toggle)"),
    ("b", "blackout", "Blackout", "Blackout", "Blackout the stage view (toggle)"),
    ("c", "clear_message", "Clear", "Clear the message", "Remove the stage message"),
    ("x", "toggle_item", "Check", "Check / uncheck item", "Toggle the highlighted checklist item"),
    ("n", "note", "Note", "Note…", "Write a note into the journal"),
    ("s", "skip", "Skip", "Skip next segment", "Skip the next segment"),
    (
        "i",
        "insert",
        "Insert",
        "Insert segment…",
        "Insert a segment after the highlighted one (else the live one)",
    ),
    (
        "e",
        "edit",
        "Edit",
        "Edit segment…",
        "Edit the highlighted pending segment's title, duration or speakers",
    ),
    (
        "shift+up",
        "move_up",
        "Earlier",
        "Move segment earlier",
        "Move the highlighted pending segment earlier",
    ),
    ("shift+down", "move_down", "Later", "Move segment later", "Move the highlighted pending segment later"),
    ("number_sign", "head_count", "Count", "Head count…", "Journal how many people are in the room"),
    ("q", "quit_console", "Quit", "Quit", "Quit the console (the journal keeps everything)"),
    ("d", "toggle_desk", "Desk", "Desk screen", "Tasks and people: switch to the desk screen (d: back)"),
    ("w", "swap_next", "Swap", "Swap next two…", "Swap the next segment with the one after it (asks first)"),
)
KEY_DISPLAY = {
    "plus": "+",
    "minus": "-",
    "question_mark": "?",
    "space": "space",
    "number_sign": "#",
    "shift+up": "shift+↑",
    "shift+down": "shift+↓",
}
# x: enter does the same, and the footer is short at 100 columns; d and w (issue 13), the row keys
# and # (issue 20) are in the help and the command palette
NOT_IN_FOOTER = {"x", "d", "w", "number_sign", "e", "shift+up", "shift+down"}


class ConsoleScreen(Screen):
    """The one screen of the console. Its bindings (the contract of issue 4) call the app."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    AUTO_FOCUS = "#checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key, f"app.{action}", label, key_display=KEY_DISPLAY.get(key), show=key not in NOT_IN_FOOTER
            )
            for key, action, label, _, _ in KEYS
        ),
        Binding("enter", "app.toggle_item", "Check", show=False),
    ]

    def __init__(self, show: LiveShow) -> None:
        super().__init__(id="console")
        self.show = show
        self._views: tuple[ShowHeader, RunSheet, LivePanel, Checklist, HandoffCard] | None = None

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    def compose(self) -> ComposeResult:
        # The breakpoint class of the terminal's width now, not at the first Resize (which comes
        # after the first frame): the first frame is laid out once, in the right arrangement.
        self.update_classes(
            {name: False for _, name in self.HORIZONTAL_BREAKPOINTS}
            | dict.fromkeys(
                self._get_breakpoint_classes(self.app.size.width, self.HORIZONTAL_BREAKPOINTS), True
            ),
            update=False,
        )  # styled when it is first shown (on_screen_resume)
        plan = self.show.folded.plan  # the journal's plan, amended mid-show if it was
        yield ShowHeader(plan, id="header")
        yield Static("", id="journal-banner", markup=False)  # shown while the journal is in trouble
        yield AlertLine(id="alert")
        with Container(id="body"):
            yield RunSheet(id="runsheet")
            with Container(id="panels"):
                yield LivePanel(id="live")
                yield Checklist(plan, id="checklist")
                yield HandoffCard(plan, id="handoff")
                yield Feed(id="feed")
        yield KeyBar(
            [
                (key, KEY_DISPLAY.get(key, key), label)
                for key, _, label, _, _ in KEYS
                if key not in NOT_IN_FOOTER
            ],
            right=(self.app.COMMAND_PALETTE_BINDING, "^p", "palette"),
            id="keys",
        )

    def on_mount(self) -> None:
        self._set_titles()
        self.console.console_ready()

    def _set_titles(self) -> None:
        self.query_one("#runsheet").border_title = "Run of show"
        self.query_one("#live").border_title = "On stage"
        self.query_one("#handoff").border_title = "Next handoff"
        self.query_one("#feed").border_title = "Stage message · recent"

    def use_plan(self, plan) -> None:
        """The plan the widgets read names, handoffs and checklists from (after an amendment)."""
        for widget in (self.query_one(ShowHeader), self.query_one(Checklist), self.query_one(HandoffCard)):
            widget.plan = plan

    async def restart(self, show: LiveShow) -> None:
        """The same screen for another show (a fresh start): its widgets are built again."""
        self.show = show
        self._views = None
        await self.recompose()
        self._set_titles()

    def show_state(self, state: ShowState) -> None:
        views = self._views
        if views is None:  # first call: look the views up once
            try:
                views = self._views = (
                    self.query_one(ShowHeader),
                    self.query_one(RunSheet),
                    self.query_one(LivePanel),
                    self.query_one(Checklist),
                    self.query_one(HandoffCard),
                )
                self._feed = self.query_one(Feed)
                self._alert_line = self.query_one(AlertLine)
            except NoMatches:  # shutting down: the widgets are gone
                return
        if not self.is_attached:
            return
        try:
            app = self.console
            self._alert_line.show_alert(app.alert)
            for view in views:
                view.show_state(state)
            self._feed.show_state(state, self.show.actions, app.alert_log, app.remote_log)
        except NoMatches:  # a tick while the app shuts down and removes its widgets
            return

    def on_option_list_option_selected(self, event: Checklist.OptionSelected) -> None:
        event.stop()
        self.console.action_toggle_item()


class ConsoleApp(App):
    """The organizer console for one LiveShow. ``clock`` is injected (tests pass a FakeClock)."""

    CSS_PATH = ["global.tcss", "console.tcss"]
    TITLE = "runofshow"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        show: LiveShow,
        clock: Clock,
        theme: str = DEFAULT_THEME,
        notices: Iterable[str] = (),
        resumed: int | None = None,
        tick: float = 0.5,
        offer_rehearsal: bool = True,
        after_first_frame: Callable[[], object] | None = None,
        control: ControlOptions | None = None,
        plan_path: str | Path | None = None,
        amendment: Amendment | None = None,
    ) -> None:
        super().__init__()
        self.show = show
        self.clock = clock
        self.start_notices = list(notices)
        self.resumed = resumed
        self.tick = tick
        self.offer_rehearsal = offer_rehearsal
        self.state: ShowState  # projected by refresh_views, first when the console screen is mounted
        self.shown_notices: list[tuple[str, str]] = []  # (severity, text): what the user was told
        self._go_armed: tuple[str, dt.datetime] | None = None
        self._last_go_press: dt.datetime | None = None  # for [timers] go_guard (a double tap)
        self._banner: str | None = None  # the journal banner's text now
        self.alert: str | None = None  # the most urgent logistics alert now (show.logistics.alerts)
        self.alert_log: list[tuple[dt.datetime, str]] = []  # each alert once, for the feed
        self._alerted: set[tuple] = set()
        self._logistics = bool(show.plan.people or show.plan.tasks)
        self._desk: DeskScreen | None = None  # the desk screen, made the first time d is pressed
        self._theme_name = theme
        self._after_first_frame = after_first_frame
        self.control = control
        self.control_server: ControlServer | None = None
        self._controller: Controller | None = None  # the API's and OSC's way to the show
        self.remote_log: deque[tuple[dt.datetime, str]] = deque(maxlen=20)  # refused API/OSC commands
        self._redraw_pending = False
        self.plan_path = plan_path  # the plan file: a fresh start after a rehearsal reads it again
        self.amendment = amendment  # the plan file changed mid-show: offered once the console is up
        self.title = show.plan.event.title
        register_themes(self, theme)

    # -- setup -----------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        return ConsoleScreen(self.show)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(PHASE_DEFAULTS)

    def console_ready(self) -> None:
        """Called once the console screen is mounted: first frame, notices, timer, rehearsal offer."""

        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self._on_theme_changed(None)
        self.refresh_views()
        if self._after_first_frame:
            self.call_after_refresh(self._after_first_frame)
        if self.resumed is not None:
            self.notify(
                f"resumed from {self.show.journal_path}, {self.resumed} actions", timeout=10, markup=False
            )
        for notice in self.start_notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        actions = self.show.actions
        if (
            self.resumed
            and actions
            and self.state.show != "ended"
            and seconds_between(actions[-1].at, self.now()) > STALE_JOURNAL
            and left_behind(self.show, self.now()) is None  # else the console asks (issue 20)
        ):
            last = actions[-1].at.astimezone(self.state.tz)
            self.notify(
                f"This journal's last action was on {last:%a %d %b at %H:%M}. To start this show over, "
                "quit and run again with --fresh (the old journal is kept).",
                severity="warning",
                timeout=20,
                markup=False,
            )
        if self.tick:
            self.set_interval(self.tick, self.refresh_views)
        self._start_control()
        if not self._maybe_offer_fresh_start() and not self._maybe_offer_amendment():
            self._maybe_offer_rehearsal()

    def _on_theme_changed(self, _theme) -> None:
        variables = self.get_css_variables()
        self.screen_console.query_one(RunSheet).set_colours(
            {key: variables.get(key, "") for key in (*PHASE_DEFAULTS, "accent", "warning", "error")}
        )

    @property
    def screen_console(self) -> ConsoleScreen:
        return next(s for s in self.screen_stack if isinstance(s, ConsoleScreen))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.shown_notices.append((severity, message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- the loop: state -> views --------------------------------------------------------
    def refresh_views(self) -> None:
        """Project the show at the clock's now and let every view update what changed."""
        self.state = self.show.state(self.now())
        self._update_alerts(self.state)
        if self._desk is not None and self.screen is self._desk:
            self._desk.show_state(self.state)
        else:
            self.screen_console.show_state(self.state)
        self.show_journal_trouble()

    def show_journal_trouble(self) -> None:
        """The banner says what the show says is wrong with its journal, and goes once it is fine."""
        trouble = self.show.journal_trouble()
        if trouble == self._banner:
            return
        self._banner = trouble
        try:
            banner = self.screen_console.query_one("#journal-banner", Static)
        except NoMatches:
            return
        banner.update(trouble or "")
        banner.set_class(trouble is not None, "-shown", update=restyle_now(banner))

    def _update_alerts(self, state: ShowState) -> None:
        """The most urgent alert for the header; each new one goes to the feed once."""
        if not self._logistics and state.next_row is None:
            return
        from ..show.logistics import alerts  # on use: a plan with no logistics never loads it

        found = alerts(self.show.folded.plan, state)  # amended mid-show, if it was
        self.alert = found[0].text if found else None
        for alert in found:
            if alert.key not in self._alerted:
                self._alerted.add(alert.key)
                self.alert_log.append((state.now, alert.text))

    def do(self, action: Action) -> bool:
        """Journal ``action`` through the show; a refusal is shown, not raised. A journal that
        cannot be written refuses the action too: the console stays up, the banner says why,
        and the next action tries again."""
        try:
            self.show.do(action)
        except Refused as refused:
            self.notify(refused.reason, severity="warning", markup=False)
            return False
        except (JournalError, OSError) as error:
            self.notify(f"not done, the journal cannot be written: {error}", severity="error", markup=False)
            self.show_journal_trouble()
            return False
        self._remote_done()
        return True

    def now(self) -> dt.datetime:
        """The show's now: the clock, never earlier than the journal's last record."""
        return self.show.now()

    # -- keys ------------------------------------------------------------------------------
    def action_go(self) -> None:
        now = self.now()
        # the guard on the clock itself (steady within a process): the show's now stands still at
        # the journal's last record while the laptop's clock is behind it
        pressed, guard = self.clock.now(), self.show.plan.timers.go_guard
        last, self._last_go_press = self._last_go_press, pressed
        if last is not None and 0 <= seconds_between(last, pressed) < guard:
            self._last_go_press = last  # the guard runs from the press that counted
            self.notify(
                f"GO ignored: pressed again within {guard} s of the last press ([timers] go_guard).",
                severity="warning",
                timeout=3,
            )
            return
        state = self.show.state(now)
        nxt = state.next_row
        if state.show != "ended" and nxt is not None:
            blockers = state.blockers(nxt.id)
            armed = self._go_armed
            again = (
                armed is not None and armed[0] == nxt.id and seconds_between(armed[1], now) <= GO_AGAIN_WITHIN
            )
            if blockers and not again:
                self._go_armed = (nxt.id, now)
                names = "; ".join(i.item + (f" ({self._who(i.by)})" if i.by else "") for i in blockers)
                self.notify(
                    f"Not ready for {nxt.title}: {names}. Press space again within "
                    f"{GO_AGAIN_WITHIN:.0f} s to go anyway.",
                    title="Blocking items not done",
                    severity="error",
                    markup=False,
                    timeout=GO_AGAIN_WITHIN,
                )
                return
        self._go_armed = None
        self.do(Go(at=now))

    def action_pause(self) -> None:
        live = self.show.state(self.now()).live
        self.do((Resume if live is not None and live.paused else Pause)(at=self.now()))

    def action_add_minute(self) -> None:
        self.do(AddTime(at=self.now(), seconds=60))

    def action_remove_minute(self) -> None:
        self.do(AddTime(at=self.now(), seconds=-60))

    def action_add_time(self) -> None:
        from .widgets.dialogs import DurationPrompt  # imported on use: the console starts without the dialogs

        def done(seconds: int | None) -> None:
            if seconds:
                self.do(AddTime(at=self.now(), seconds=seconds))

        prompt = DurationPrompt(
            "Add time to the live segment",
            placeholder="e.g. 5, 5 min, 1:30, 90s (-2m takes time away)",
            hint="enter: add it · escape: cancel",
        )
        self.push_screen(cast("ModalScreen[int | None]", prompt), done)  # it dismisses with seconds

    def action_undo(self) -> None:
        if self.do(Undo(at=self.now(), any_kind=True)):
            actions = self.show.actions
            target = undo_targets(actions).get(len(actions) - 1)
            if target is not None:
                self.notify(f"undid: {actions[target].undo_words(FeedWords(self.state))}", markup=False)

    def action_unskip(self) -> None:
        """Bring back the highlighted skipped segment, else the latest skip that can come back."""
        state = self.show.state(self.now())
        row = self.highlighted_row()
        if row is None or row.status != "skipped":
            skipped = {r.id: r for r in state.rows if r.status == "skipped"}
            latest = [
                a.segment for a in reversed(self.show.actions) if isinstance(a, Skip) and a.segment in skipped
            ]
            row = skipped[latest[0]] if latest else None
        if row is None:
            self.notify("No skipped segment to bring back.", severity="warning")
            return
        if self.do(Unskip(at=self.now(), segment=row.id)):
            self.notify(f"“{row.title}” is back in the running order.", markup=False)

    def action_message(self) -> None:
        from .widgets.dialogs import DEFAULT_PRESETS, MessageDialog  # imported on use (start-up)

        current = self.state.message

        def done(text: str | None) -> None:
            if text is not None:
                self.do(Message(at=self.now(), text=text.strip(), flash=False))

        presets = self.show.plan.stage.messages or DEFAULT_PRESETS
        self.push_screen(MessageDialog(presets, "" if current is None else current.text), done)

    def action_flash(self) -> None:
        current = self.show.state(self.now()).message
        if current is None:
            self.notify("No stage message to flash: press m to write one.", severity="warning")
            return
        self.do(Message(at=self.now(), text=current.text, flash=not current.flash))

    def action_blackout(self) -> None:
        now = self.now()
        self.do(Blackout(at=now, on=not self.show.state(now).blackout))

    def action_stage_sound(self, on: bool) -> None:
        """Turn the stage view's sound on or off through the journal (the command palette): every
        stage view following this journal rings (or not) from then on, whatever its --sound."""
        if self.do(StageSound(at=self.now(), on=on)):
            self.notify(f"Stage sound {'on' if on else 'off'}.", markup=False)

    def action_clear_message(self) -> None:
        self.do(ClearMessage(at=self.now()))

    def action_toggle_item(self) -> None:
        picked = self.screen_console.query_one(Checklist).highlighted_item()
        if picked is None:
            self.notify("No checklist item highlighted.", severity="warning")
            return
        segment, index = picked
        state = self.show.state(self.now())
        item = next((i for i in state.checklists.get(segment, ()) if i.index == index), None)
        if item is None:
            self.notify("That checklist item is gone.", severity="warning")
            return
        # Checked on behalf of whoever the item is for (the organizer when it names nobody).
        self.do(
            CheckItem(
                at=self.now(), segment=segment, index=index, item=item.item, by=item.by, done=not item.done
            )
        )

    def action_handoff(self) -> None:
        state = self.show.state(self.now())
        target = state.next_row  # the handoff into the next segment only, never one further on
        if target is None:
            self.notify("No next segment: no handoff to mark.", severity="warning")
            return
        segment = self.show.folded.plan.segment_by_id.get(target.id)
        handoff = segment.handoff if segment is not None and not target.inserted else None
        if handoff is None:
            self.notify(f"No handoff planned before {target.title}.", severity="warning", markup=False)
            return
        if target.id in state.handoffs:
            self.notify(
                f"Handoff to {target.title} already done at {hm(state.handoffs[target.id][0], state.tz)}.",
                markup=False,
            )
            return
        self.do(HandoffDone(at=self.now(), segment=target.id, by=handoff.by))

    def action_note(self) -> None:
        from .widgets.dialogs import TextPrompt  # imported on use: the console starts without the dialogs

        def done(text: str | None) -> None:
            if text is not None:
                self.do(Note(at=self.now(), text=text.strip()))

        self.push_screen(
            TextPrompt(
                "Note for the journal",
                placeholder="e.g. mic 2 crackles, swap before the break",
                hint="enter: save the note · escape: cancel",
            ),
            done,
        )

    def action_skip(self) -> None:
        from .widgets.dialogs import ConfirmDialog  # imported on use: the console starts without the dialogs

        state = self.show.state(self.now())
        picked = self.highlighted_row()
        if picked is not None and picked.status == "skipped":
            self.action_unskip()  # s on a skipped row brings it back
            return
        nxt = picked if picked is not None and picked.status == "pending" else state.next_row
        if nxt is None:
            self.notify("No next segment to skip.", severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.do(Skip(at=self.now(), segment=nxt.id))

        self.push_screen(
            ConfirmDialog(
                f"Skip “{nxt.title}”?",
                yes="Skip it (y)",
                no="Keep it (n)",
                detail="u undoes it; s on its row (or the palette's Un-skip) brings it back before its slot passes.",
            ),
            done,
        )

    # -- the highlighted row of the run of show: insert after it, edit it, move it ------------
    def highlighted_row(self):
        """The run of show's highlighted row (the run of show has the focus), else None."""
        picked = self.screen_console.query_one(RunSheet).highlighted_id()
        return self.show.state(self.now()).row(picked) if picked else None

    def action_edit(self) -> None:
        from .widgets.dialogs import InsertDialog  # imported on use: the console starts without the dialogs

        state = self.show.state(self.now())
        row = self.highlighted_row() or state.next_row
        if row is None:
            self.notify("No pending segment to edit.", severity="warning")
            return
        if row.status != "pending":
            self.notify(
                f"“{row.title}” has started: only a pending segment can be edited.", severity="warning"
            )
            return
        speakers = ", ".join(row.speakers)

        def done(answer: tuple[str, int, str] | None) -> None:
            if answer is None:
                return
            title, seconds, who = answer
            change = EditSegment(
                at=self.now(),
                segment=row.id,
                title=title if title != row.title else None,
                duration=seconds if seconds != row.duration else None,
                speakers=who if who != speakers else None,
            )
            if change.title is None and change.duration is None and change.speakers is None:
                self.notify("Nothing changed.")
                return
            self.do(change)

        self.push_screen(
            InsertDialog(
                row.title,
                heading=f"Edit “{row.title}”",
                title=row.title,
                duration=format_duration(row.duration),
                speakers=speakers,
            ),
            done,
        )

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        row = self.highlighted_row()
        if row is None:
            self.notify(
                "Highlight a pending segment in the run of show first (tab to it, then ↑ ↓).",
                severity="warning",
            )
            return
        if row.status != "pending":
            self.notify(f"“{row.title}” has started: only a pending segment can move.", severity="warning")
            return
        rows = self.show.state(self.now()).rows
        here = next(i for i, r in enumerate(rows) if r.id == row.id)
        if step < 0:
            before = [i for i in range(here) if rows[i].status == "pending"]
            if not before:
                self.notify(f"“{row.title}” is already the next segment.", markup=False)
                return
            anchor = [i for i in range(before[-1]) if rows[i].status in ("live", "pending")]
            after = rows[anchor[-1]].id if anchor else None  # None: first of the pending ones
        else:
            later = [i for i in range(here + 1, len(rows)) if rows[i].status == "pending"]
            if not later:
                self.notify(f"“{row.title}” is already the last segment.", markup=False)
                return
            after = rows[later[0]].id
        self.do(Move(at=self.now(), segment=row.id, after=after))

    def action_insert(self) -> None:
        from .widgets.dialogs import InsertDialog  # imported on use: the console starts without the dialogs

        state = self.show.state(self.now())
        if state.show == "ended":
            self.notify("The show has ended: nothing to insert into.", severity="warning")
            return
        live = state.live_row
        picked = self.highlighted_row()
        if picked is not None and picked.status not in ("live", "pending"):
            self.notify(
                f"“{picked.title}” is over: insert after a live or pending segment.", severity="warning"
            )
            return
        anchor = picked or live
        after = anchor.id if anchor is not None else None

        def done(answer: tuple[str, int, str] | None) -> None:
            if answer is None:
                return
            title, seconds, speakers = answer
            taken = {row.id for row in self.show.state(self.now()).rows}
            number = 1
            while f"insert-{number}" in taken:
                number += 1
            self.do(
                Insert(
                    at=self.now(),
                    segment=f"insert-{number}",
                    title=title,
                    duration=seconds,
                    kind="talk" if speakers else "other",
                    speakers=speakers,
                    after=after,
                )
            )

        self.push_screen(
            InsertDialog(anchor.title if anchor is not None else "(before the next segment)"), done
        )

    def action_head_count(self) -> None:
        from .widgets.dialogs import TextPrompt  # imported on use: the console starts without the dialogs

        counted = self.state.head_count

        def done(text: str | None) -> None:
            if text is None:
                return
            cleaned = text.strip().replace(",", "").replace(" ", "")
            if not cleaned.isdigit():
                self.notify(f"A head count is a whole number, not “{text.strip()}”.", severity="warning")
                return
            count = int(cleaned)
            if self.do(HeadCount(at=self.now(), count=count)):
                highest = self.state.head_count_max
                more = f" (highest tonight: {highest})" if highest is not None and highest > count else ""
                self.notify(f"head count: {count}{more}", markup=False)

        self.push_screen(
            TextPrompt(
                "Head count: how many people are in the room?",
                placeholder="e.g. 42",
                hint="enter: journal it · escape: cancel"
                + (f" · last count {counted}" if counted is not None else ""),
            ),
            done,
        )

    # -- the desk screen and logistics (issue 13) --------------------------------------------
    def action_toggle_desk(self) -> None:
        """d: the desk screen (tasks, people) and back to the show screen."""
        if self._desk is not None and self.screen is self._desk:
            self.pop_screen()
            self.call_after_refresh(self.refresh_views)
            return
        if not isinstance(self.screen, ConsoleScreen):
            return  # a dialog is open
        if self._desk is None:
            from .desk import DeskScreen

            self._desk = DeskScreen(self.show)
        self.push_screen(self._desk)
        self.call_after_refresh(self.refresh_views)

    def action_show_screen(self) -> None:
        if self._desk is not None and self.screen is self._desk:
            self.action_toggle_desk()

    def action_desk_screen(self) -> None:
        if self._desk is None or self.screen is not self._desk:
            self.action_toggle_desk()

    def action_toggle_task(self) -> None:
        """t / enter on the desk: the highlighted task done, or not done again (by its owner)."""
        task_id = self._desk.highlighted_task() if self._desk is not None else None
        task = self.show.folded.plan.task_by_id.get(task_id) if task_id else None
        if task is None:
            self.notify("No task highlighted.", severity="warning")
            return
        done = self.show.state(self.now()).task_marks.get(task.id, (False,))[0]
        self.do(TaskDone(at=self.now(), task=task.id, title=task.title, by=task.owner, done=not done))

    def action_toggle_person(self) -> None:
        """a on the desk: the highlighted person checked in, or out."""
        person = self._desk.highlighted_person() if self._desk is not None else None
        if person is None or person not in self.show.folded.plan.person_by_id:
            self.notify("No person highlighted.", severity="warning")
            return
        here = self.show.state(self.now()).presence.get(person, (False,))[0]
        self.do(CheckIn(at=self.now(), person=person, here=not here))

    def action_swap_next(self) -> None:
        """w: the next segment and the one after it change places (a move), after a yes."""
        from ..show.logistics import swap_target
        from .widgets.dialogs import ConfirmDialog  # imported on use: the console starts without the dialogs

        pair = swap_target(self.show.state(self.now()))
        if pair is None:
            self.notify("No two segments left to swap.", severity="warning")
            return
        first, second = pair

        def done(yes: bool | None) -> None:
            if yes:
                self.do(Move(at=self.now(), segment=first.id, after=second.id))

        self.push_screen(
            ConfirmDialog(
                f"Swap “{first.title}” and “{second.title}”?",
                yes="Swap (y)",
                no="Keep the order (n)",
                detail=f"“{second.title}” goes on next; “{first.title}” follows it. Times and tasks follow.",
            ),
            done,
        )

    def action_help(self) -> None:
        from .widgets.dialogs import HelpScreen  # imported on use: the console starts without the dialogs

        self.push_screen(HelpScreen(str(self.show.journal_path), api=self._control_words()))

    def action_quit_console(self) -> None:
        from .widgets.dialogs import ConfirmDialog  # imported on use: the console starts without the dialogs

        if self.show.state(self.now()).show != "live":
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                "The show is live. Quit the console?",
                yes="Quit (y)",
                no="Stay (n)",
                detail=(
                    f"Nothing is lost: every action is in {self.show.journal_path}. The timer keeps running; "
                    "run the same command again to resume where the show is."
                ),
            ),
            done,
        )

    def action_end_show(self) -> None:
        from .widgets.dialogs import ConfirmDialog  # imported on use: the console starts without the dialogs

        def done(yes: bool | None) -> None:
            if yes:
                self.do(EndShow(at=self.now()))

        self.push_screen(
            ConfirmDialog(
                "End the show now?",
                yes="End it (y)",
                no="Not yet (n)",
                detail="The live segment ends now; segments not run stay unrun.",
            ),
            done,
        )

    def action_set_theme(self, name: str) -> None:
        self.theme = name

    def _who(self, person: str | None) -> str:
        found = self.show.folded.plan.person_by_id.get(person) if person else None
        return found.name if found else (person or "organizer")

    # -- plan edits mid-show --------------------------------------------------------------------
    def _maybe_offer_amendment(self) -> bool:
        """List what the changed plan file would change in the segments not started, and ask."""
        amendment = self.amendment
        if amendment is None:
            return False
        from .widgets.dialogs import ConfirmDialog  # imported on use: most starts ask nothing

        self.amendment = None
        shown = amendment.changes[:12]
        more = len(amendment.changes) - len(shown)
        detail = "\n".join(f"• {line}" for line in shown) + (f"\n… and {more} more" if more > 0 else "")

        def done(apply: bool | None) -> None:
            if apply:
                if self.do(Amend(at=self.now(), plan_text=amendment.text, plan_sha256=amendment.sha256)):
                    self.screen_console.use_plan(self.show.folded.plan)
                    self.refresh_views()
                    self.notify(
                        f"Plan changes applied ({len(amendment.changes)}); what already happened stays."
                    )
            else:
                self.notify(
                    "Kept the journal's plan. Start with --fresh to start over on the new plan.", markup=False
                )

        self.push_screen(
            ConfirmDialog(
                "The plan file changed since this show began. Apply its changes to the segments not started yet?",
                yes="Apply them (y)",
                no="Keep the journal's plan (n)",
                detail=detail + "\nWhat already happened stays as it happened.",
            ),
            done,
        )
        return True

    # -- the rehearsal left behind -----------------------------------------------------------
    def _maybe_offer_fresh_start(self) -> bool:
        """Ask first when the journal is last week's rehearsal or a show that ended on another
        day; True when asked. Enter archives it (never deleting it) and starts fresh."""
        now = self.now()
        what = left_behind(self.show, now)
        if what is None:
            return False
        from .widgets.dialogs import LeftBehindDialog  # imported on use: most starts ask nothing

        noun = "rehearsal" if what.startswith("a rehearsal") else "show"
        archive = archive_name(self.show.journal_path, now)

        def done(fresh: bool | None) -> None:
            if fresh:
                self.call_later(self.start_fresh)
            else:
                self.notify(f"Reopened {what}, as it is.", markup=False)

        self.push_screen(LeftBehindDialog(what, noun, archive), done)
        return True

    async def start_fresh(self) -> None:
        """Archive the journal and start tonight's show on a new one, in the same console screen."""
        try:
            show, archived = start_over(self.show, self.plan_path, self.now())
        except (JournalError, OSError) as error:
            self.notify(f"could not start fresh: {error}", severity="error", markup=False, timeout=30)
            self.exit(return_code=2)
            return
        self.show = show
        self.title = show.plan.event.title
        self.resumed = None
        self._logistics = bool(show.plan.people or show.plan.tasks)
        self._desk = None  # made again for the new show when d is pressed
        self.alert, self.alert_log, self._alerted = None, [], set()
        if self._controller is not None:  # the API and OSC go on, on the new show
            self._controller.show = show
        await self.screen_console.restart(show)
        if self.control_server is not None:
            server = self.control_server
            self.screen_console.query_one(ShowHeader).api_clients = lambda: server.clients
        self._on_theme_changed(None)
        self.refresh_views()
        self.notify(f"Started fresh; the old journal is kept as {archived}.", markup=False, timeout=15)
        self._maybe_offer_rehearsal()

    # -- rehearsal -------------------------------------------------------------------------
    def _maybe_offer_rehearsal(self) -> None:
        state = self.state
        if not self.offer_rehearsal or state.show != "before":
            return
        # A plan for 23:50 opened at 00:05 is the real show starting late, not another day.
        if abs((state.now - state.planned_start).total_seconds()) <= REHEARSAL_AWAY:
            return
        from .widgets.dialogs import RehearseDialog  # imported on use: most starts ask nothing

        today = state.now.astimezone(state.tz).date()
        plan_day = state.planned_start.astimezone(state.tz).date()

        def done(yes: bool | None) -> None:
            if yes:
                now = self.now()
                if self.do(Rehearse(at=now, start=now)):
                    self.notify(
                        f"Rehearsal: the plan now starts at {hm(now, state.tz)}. Space (GO) starts it."
                    )

        self.push_screen(
            RehearseDialog(
                plan_day.strftime("%a %d %b %Y"), today.strftime("%a %d %b %Y"), hm(self.now(), state.tz)
            ),
            done,
        )

    # -- control from outside (issue 15): the console only starts and stops it ------------------
    def _start_control(self) -> None:
        """The API and OSC run in this event loop as workers (cancelled when the console quits); each
        command goes through the Controller to ``show.do``, then ``_remote_done`` redraws."""
        if self.control is None:
            return
        from ..control.controller import Controller
        from ..control.osc import serve_osc
        from ..control.server import ControlServer

        # The redraw after a remote command runs right after the answer is sent (journal, answer,
        # screen): the command's client does not wait for the console's frame.
        controller = self._controller = Controller(
            self.show,
            self.clock,
            on_change=self._remote_changed,
            on_log=self._remote_log,
        )
        if self.control.http is not None:
            server = self.control_server = ControlServer(controller, self.control.token, self.control.http)
            self.screen_console.query_one(ShowHeader).api_clients = lambda: server.clients
            self.run_worker(server.serve(), name="control-api", exit_on_error=False)
        if self.control.osc is not None:
            self.run_worker(serve_osc(controller, self.control.osc), name="control-osc", exit_on_error=False)

    def _remote_changed(self) -> None:
        """A command from outside was journaled: one redraw soon, however many came meanwhile."""
        if not self._redraw_pending:
            self._redraw_pending = True
            self.call_later(self._remote_redraw)

    def _remote_redraw(self) -> None:
        self._redraw_pending = False
        self._remote_done()

    def _remote_done(self) -> None:
        """After any action (a key, the API, OSC): the screen, then the events sockets."""
        self.refresh_views()
        if self.control_server is not None:
            self.control_server.changed()

    def _remote_log(self, at: dt.datetime, text: str) -> None:
        self.remote_log.append((at, text))  # the feed shows it at the next tick

    def _control_words(self) -> str | None:
        control = self.control
        if control is None:
            return None
        lines = []
        if control.url:
            lines.append(f"API: {control.url}  token: {control.token}  ({control.token_path})")
        if control.osc_address:
            lines.append(f"OSC: udp {control.osc_address}  /runofshow/go, /pause, /resume, /undo, …")
        return "\n".join(lines)

    # -- command palette -------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, action, _, title, help_text in KEYS:
            shown = KEY_DISPLAY.get(key, key)
            if action == "toggle_desk":
                yield SystemCommand(f"{title}  (d)", help_text, self.action_desk_screen)
                yield SystemCommand("Show screen  (d)", "Back to the show screen", self.action_show_screen)
                continue
            yield SystemCommand(f"{title}  ({shown})", help_text, getattr(self, f"action_{action}"))
        yield SystemCommand(
            "End the show", "End the live segment and the show now (asks first)", self.action_end_show
        )
        yield SystemCommand(
            "Stage sound on",
            "Ring the stage view at the warning, wrap, zero and a flashed message (journaled)",
            partial(self.action_stage_sound, True),
        )
        yield SystemCommand(
            "Stage sound off",
            "Keep the stage view silent, even one started with --sound (journaled)",
            partial(self.action_stage_sound, False),
        )
        yield SystemCommand(
            "Un-skip segment",
            "Bring back the highlighted skipped segment (else the latest skipped one)",
            self.action_unskip,
        )
        yield SystemCommand(
            "Add time…",
            "Give the live segment more time (5, 5 min, 1:30, 90s; -2m: less)",
            self.action_add_time,
        )
        for name in sorted(load_themes()):
            yield SystemCommand(
                f"Theme: {name}", f"Switch to the {name} theme", partial(self.action_set_theme, name)
            )
        yield SystemCommand(
            "Export report", "Write the show report (md, csv and html) beside the journal", self.action_export
        )
        yield SystemCommand(
            "Print run sheet",
            "Write the run sheet (HTML, to print) beside the journal",
            self.action_print_run_sheet,
        )
        yield SystemCommand(
            "Print call sheets",
            "Write one call sheet per person (HTML, to print) beside the journal",
            self.action_print_call_sheets,
        )
        yield SystemCommand("Keys panel", "Show the keys of the focused widget", self.action_show_help_panel)
        yield SystemCommand(
            "Screenshot",
            "Save an SVG screenshot of the console",
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def action_export(self) -> None:
        from ..export.facts import ExportError  # imported on use: the console starts without it
        from ..export.report import write_report

        try:
            paths = write_report(self.show.journal_path)
        except ExportError as error:
            self.notify(f"export failed: {error.message}", severity="error", markup=False)
            return
        self.notify("report written: " + ", ".join(str(p) for p in paths), markup=False, timeout=15)

    def action_print_run_sheet(self) -> None:
        self._print_sheets("run")

    def action_print_call_sheets(self) -> None:
        self._print_sheets("call")

    def _print_sheets(self, which: str) -> None:
        from ..sheets import SheetError  # imported on use: the console starts without it
        from ..sheets.cli import write_beside_journal

        try:
            paths = write_beside_journal(self.show.journal_path, which)
        except SheetError as error:
            self.notify(f"printing failed: {error.message}", severity="error", markup=False)
            return
        if which == "run":
            self.notify(
                f"run sheet written: {paths[0]} (open it in a browser to print)", markup=False, timeout=15
            )
        else:
            where = paths[0].parent if paths else "nowhere (the plan has no people)"
            self.notify(
                f"{len(paths)} call sheets written into {where} (open them in a browser to print)",
                markup=False,
                timeout=15,
            )
