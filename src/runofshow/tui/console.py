"""The organizer console: ``runofshow run PLAN``.

``ConsoleApp(show, clock, ...)`` is the one factory used by the CLI and the tests. It holds no
business logic: every key builds an Action and hands it to ``show.do`` (journal first, then
apply); a refusal becomes a warning toast. Then every view re-renders from ``show.state()``.
A timer at 2 Hz only asks for that redraw; each widget compares what it would show with what
it shows and touches the screen only when the text changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import Screen

from ..journal import JournalError
from ..live import Amendment, LiveShow, Refused, archive_name, left_behind, start_over
from ..plan import format_duration
from ..show import (
    Action,
    AddTime,
    Amend,
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
    Undo,
    Unskip,
)
from ..show.reduce import undo_targets
from .themes import DEFAULT_THEME, load_themes, register_themes
from .widgets.cards import Feed, HandoffCard, ShowHeader
from .widgets.checklist import Checklist
from .widgets.common import hm, undo_words
from .widgets.dialogs import (
    ConfirmDialog,
    DurationPrompt,
    HelpScreen,
    InsertDialog,
    LeftBehindDialog,
    RehearseDialog,
    TextPrompt,
)
from .widgets.keybar import KeyBar
from .widgets.live import LivePanel
from .widgets.runsheet import RunSheet

GO_AGAIN_WITHIN = 5.0  # seconds: a second GO within this goes despite blocking items
STALE_JOURNAL = 12 * 3600  # seconds since the last action after which a resumed show is worth a word
BLACKOUT_TEXT = "(blackout)"  # the text of a blackout with no message of its own
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
# x: enter does the same; the footer is short at 100 columns (the others are in ? and ^p)
NOT_IN_FOOTER = {"x", "number_sign", "e", "shift+up", "shift+down"}


class ConsoleScreen(Screen):
    """The one screen of the console. Its bindings (the contract of issue 4) call the app."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]
    AUTO_FOCUS = "#checklist"
    BINDINGS = [
        Binding(key, f"app.{action}", label, key_display=KEY_DISPLAY.get(key), show=key not in NOT_IN_FOOTER)
        for key, action, label, _, _ in KEYS
    ] + [Binding("enter", "app.toggle_item", "Check", show=False)]

    def __init__(self, show: LiveShow) -> None:
        super().__init__(id="console")
        self.show = show

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
        self.app.console_ready()

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
        if hasattr(self, "_views"):
            del self._views
        await self.recompose()
        self._set_titles()

    def show_state(self, state: ShowState) -> None:
        try:
            views = self._views
        except AttributeError:  # first call: look the views up once
            try:
                views = self._views = (
                    self.query_one(ShowHeader),
                    self.query_one(RunSheet),
                    self.query_one(LivePanel),
                    self.query_one(Checklist),
                    self.query_one(HandoffCard),
                )
                self._feed = self.query_one(Feed)
            except NoMatches:  # shutting down: the widgets are gone
                return
        if not self.is_attached:
            return
        try:
            for view in views:
                view.show_state(state)
            self._feed.show_state(state, self.show.actions)
        except NoMatches:  # a tick while the app shuts down and removes its widgets
            return

    def on_option_list_option_selected(self, event: Checklist.OptionSelected) -> None:
        event.stop()
        self.app.action_toggle_item()


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
        self._theme_name = theme
        self._after_first_frame = after_first_frame
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
            and (self.now() - actions[-1].at).total_seconds() > STALE_JOURNAL
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
        self.state = self.show.state(self.clock.now())
        self.screen_console.show_state(self.state)

    def do(self, action: Action) -> bool:
        """Journal ``action`` through the show; a refusal is shown, not raised."""
        try:
            self.show.do(action)
        except Refused as refused:
            self.notify(refused.reason, severity="warning", markup=False)
            return False
        except OSError as error:
            self.notify(f"could not write the journal: {error}", severity="error", markup=False, timeout=30)
            return False
        self.refresh_views()
        return True

    def now(self) -> dt.datetime:
        return self.clock.now()

    # -- keys ------------------------------------------------------------------------------
    def action_go(self) -> None:
        now = self.now()
        state = self.show.state(now)
        nxt = state.next_row
        if state.show != "ended" and nxt is not None:
            blockers = state.blockers(nxt.id)
            armed = self._go_armed
            again = (
                armed is not None
                and armed[0] == nxt.id
                and (now - armed[1]).total_seconds() <= GO_AGAIN_WITHIN
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
        def done(seconds: int | None) -> None:
            if seconds:
                self.do(AddTime(at=self.now(), seconds=seconds))

        self.push_screen(
            DurationPrompt(
                "Add time to the live segment",
                placeholder="e.g. 5, 5 min, 1:30, 90s (-2m takes time away)",
                hint="enter: add it · escape: cancel",
            ),
            done,
        )

    def action_undo(self) -> None:
        if self.do(Undo(at=self.now(), any_kind=True)):
            actions = self.show.actions
            target = undo_targets(actions).get(len(actions) - 1)
            if target is not None:
                self.notify(f"undid: {undo_words(actions[target], self.state)}", markup=False)

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
        current = self.state.message
        text = "" if current is None or current.text == BLACKOUT_TEXT else current.text

        def done(text: str | None) -> None:
            if text is not None:
                blackout = current is not None and current.blackout
                self.do(Message(at=self.now(), text=text.strip(), flash=False, blackout=blackout))

        self.push_screen(
            TextPrompt(
                "Stage message",
                placeholder="e.g. 5 minutes left · please wrap up",
                value=text,
                hint="enter: show it on stage · escape: cancel",
            ),
            done,
        )

    def action_flash(self) -> None:
        current = self.show.state(self.now()).message
        if current is None or current.text == BLACKOUT_TEXT:
            self.notify("No stage message to flash: press m to write one.", severity="warning")
            return
        self.do(Message(at=self.now(), text=current.text, flash=not current.flash, blackout=current.blackout))

    def action_blackout(self) -> None:
        current = self.show.state(self.now()).message
        now = self.now()
        if current is None:
            self.do(Message(at=now, text=BLACKOUT_TEXT, blackout=True))
        elif current.blackout and current.text == BLACKOUT_TEXT:
            self.do(ClearMessage(at=now))
        else:
            self.do(Message(at=now, text=current.text, flash=current.flash, blackout=not current.blackout))

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

    def action_help(self) -> None:
        self.push_screen(HelpScreen(str(self.show.journal_path)))

    def action_quit_console(self) -> None:
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
        await self.screen_console.restart(show)
        self._on_theme_changed(None)
        self.refresh_views()
        self.notify(f"Started fresh; the old journal is kept as {archived}.", markup=False, timeout=15)
        self._maybe_offer_rehearsal()

    # -- rehearsal -------------------------------------------------------------------------
    def _maybe_offer_rehearsal(self) -> None:
        state = self.state
        if not self.offer_rehearsal or state.show != "before":
            return
        today = state.now.astimezone(state.tz).date()
        plan_day = state.planned_start.astimezone(state.tz).date()
        if today == plan_day:
            return

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

    # -- command palette -------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, action, _, title, help_text in KEYS:
            shown = KEY_DISPLAY.get(key, key)
            yield SystemCommand(f"{title}  ({shown})", help_text, getattr(self, f"action_{action}"))
        yield SystemCommand(
            "End the show", "End the live segment and the show now (asks first)", self.action_end_show
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
            "Export report", "Write the show report (md and csv) beside the journal", self.action_export
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
