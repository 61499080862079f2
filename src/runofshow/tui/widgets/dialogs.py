"""Modal dialogs of the console: a line of text, an inserted segment, a yes/no question, help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...plan.durations import SPOKEN_HINT, parse_spoken_duration


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a stage message, a note). Enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", hint: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.placeholder, self.value, self.hint = title, placeholder, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label(self.hint or "enter: OK · escape: cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.accept(event.value)

    def accept(self, value: str) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


DEFAULT_PRESETS = (
    "Five minutes left",
    "Two minutes left",
    "Please wrap up",
    "Time is up",
    "Repeat the question for the stream",
    "Closer to the microphone, please",
)


class MessageDialog(ModalScreen[str | None]):
    """The stage message: the ready-made ones numbered (a digit as the first key sends that one at
    once), or a new one typed into the field (one that starts with a digit: a space first; the
    message is sent stripped)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, presets: tuple[str, ...], current: str = "") -> None:
        super().__init__(classes="dialog")
        self.presets, self.current = presets, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("Stage message", classes="dialog-title")
            yield Static(
                Content("\n").join(
                    Content.from_markup("[b $accent]$n[/] $text", n=str(n), text=text)
                    for n, text in enumerate(self.presets, 1)
                ),
                id="presets",
            )
            yield Input(
                placeholder=f"now: {self.current}" if self.current else "or type a new one",
                id="prompt-input",
            )
            yield Label(
                "1-9: send that one · or type a new one and press enter (a space first if it starts "
                "with a digit) · escape: cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._first_key = True
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        # the first key a digit: send that preset (a new message starting with a digit: a space first)
        if not event.value:
            return
        first, self._first_key = self._first_key, False
        if first and event.value.isdigit() and 1 <= int(event.value) <= len(self.presets):
            self.dismiss(self.presets[int(event.value) - 1])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def read_duration(text: str, signed: bool = False) -> tuple[int | None, str]:
    """(seconds, "") for what a person typed in a live dialog, or (None, why not)."""
    cleaned = text.strip()
    sign = 1
    if signed and cleaned[:1] in "+-" and cleaned:
        sign, cleaned = (-1 if cleaned[0] == "-" else 1), cleaned[1:]
    seconds = parse_spoken_duration(cleaned)
    if seconds is None:
        return None, f'cannot read "{text.strip()}" ({SPOKEN_HINT}).'
    if seconds <= 0:
        return None, "The duration must be above zero."
    return sign * seconds, ""


class DurationPrompt(TextPrompt):
    """Ask for a duration as a person types it (5, 5m, 5 min, 1:30, 90s; -2m takes time away)."""

    def accept(self, value: str) -> None:
        seconds, problem = read_duration(value, signed=True)
        if seconds is None:
            self.query_one(".dialog-hint", Label).update(problem)
            return
        self.dismiss(seconds)  # type: ignore[arg-type]  # an int: the seconds


class InsertDialog(ModalScreen[tuple[str, int, str] | None]):
    """Title, duration ("5m", "5 min", "1:30") and, optionally, who: a segment to insert after
    the live one, or (``heading`` and values given) a pending segment to edit."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, after: str, heading: str = "", title: str = "", duration: str = "", speakers: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.after = after
        self.heading = heading or f"Insert a segment after: {after}"
        self.values = (title, duration, speakers)

    def compose(self) -> ComposeResult:
        title, duration, speakers = self.values
        with Vertical(classes="dialog-box"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(value=title, placeholder="title, e.g. Surprise lightning talk", id="insert-title")
            yield Input(
                value=duration, placeholder="duration, e.g. 5, 5 min, 1:30, 90s", id="insert-duration"
            )
            yield Input(value=speakers, placeholder="speaker (optional)", id="insert-speakers")
            yield Label(
                "enter: insert · tab: next field · escape: cancel", id="insert-error", classes="dialog-hint"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["insert-title", "insert-duration", "insert-speakers"]
        if event.input.id != order[-1] and not self._complete():
            self.focus_next()
            return
        self._submit()

    def _complete(self) -> bool:
        return all(
            self.query_one(f"#{name}", Input).value.strip() for name in ("insert-title", "insert-duration")
        )

    def _submit(self) -> None:
        title = self.query_one("#insert-title", Input).value.strip()
        duration_text = self.query_one("#insert-duration", Input).value.strip()
        speakers = self.query_one("#insert-speakers", Input).value.strip()
        error = self.query_one("#insert-error", Label)
        if not title:
            error.update("A title, please.")
            self.query_one("#insert-title", Input).focus()
            return
        seconds, problem = read_duration(duration_text)
        if seconds is None:
            error.update(problem)
            self.query_one("#insert-duration", Input).focus()
            return
        self.dismiss((title, seconds, speakers))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question. ``y`` or enter on the first button: yes; ``n`` or escape: no."""

    BINDINGS = [Binding("y", "answer(True)", "Yes", show=False), Binding("n,escape", "answer(False)", "No")]
    DEFAULT = "yes"  # the button that has the focus, which enter presses

    def __init__(
        self,
        question: str,
        yes: str = "Yes",
        no: str = "No",
        detail: str = "",
        yes_key: str | None = None,
        no_key: str | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.question, self.yes, self.no, self.detail = question, yes, no, detail
        self._keys = {key: answer for key, answer in ((yes_key, True), (no_key, False)) if key}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one(f"#{self.DEFAULT}", Button).focus()

    def on_key(self, event) -> None:
        if event.key in self._keys:
            event.stop()
            self.dismiss(self._keys[event.key])

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class RehearseDialog(ConfirmDialog):
    """Offered when the console opens more than 12 hours from the plan's start, before the show started.
    Enter keeps the plan's times (the real show): a stray key never starts a rehearsal."""

    DEFAULT = "no"

    def __init__(self, plan_day: str, today: str, now: str) -> None:
        super().__init__(
            "This plan is for another day. Rehearse now?",
            yes="Rehearse now (r)",
            no="Keep plan times (k)",
            yes_key="r",
            no_key="k",
            detail=(
                f"The plan is for {plan_day}; today is {today}. Rehearsing shifts the whole plan to start at "
                f"{now}, so that AHEAD / BEHIND mean something. The shift is written to the journal "
                "(u undoes it). Enter keeps the plan's times: the real show."
            ),
        )


class LeftBehindDialog(ConfirmDialog):
    """Asked when the journal beside the plan is last week's rehearsal or a show that ended on
    another day: Enter (the default) starts tonight's show fresh, any other key reopens it."""

    AUTO_FOCUS = None

    def __init__(self, what: str, noun: str, archive: str) -> None:
        super().__init__(
            f"This journal is {what}. Start tonight's show fresh?",
            yes="Start fresh (enter)",
            no="Reopen it (any other key)",
            detail=f"(the {noun} is kept as {archive})",
        )
        self._answered = False

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # every key is this dialog's: enter yes, anything else no

    def on_key(self, event) -> None:
        event.stop()
        event.prevent_default()
        if not self._answered:
            self._answered = True
            self.dismiss(event.key == "enter")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self._answered:
            self._answered = True
            self.dismiss(event.button.id == "yes")


HELP = [
    (
        "space",
        "GO: start the show, or end the live segment and start the next. If the next segment has blocking "
        "checklist items not done, the first press names them; press again within 5 s to go anyway.",
    ),
    ("p", "pause / resume the live timer"),
    ("+  -", "add / remove one minute on the live segment"),
    (
        "u",
        "undo the last thing done: GO, time, skip, insert, move, tick, handoff, message… (again: the one before)",
    ),
    ("m", "write a message for the stage view"),
    ("f", "flash the stage message (toggle)"),
    ("b", "blackout the stage view (toggle)"),
    ("c", "clear the stage message"),
    ("x  enter", "check / uncheck the highlighted checklist item (↑ ↓ to move)"),
    ("h", "mark the next handoff done"),
    ("n", "write a note into the journal"),
    ("s", "skip the next (or highlighted) segment, asks first; on a skipped row: bring it back"),
    ("i", "insert a segment after the highlighted one (else after the live one)"),
    ("tab  ↑ ↓", "highlight a row of the run of show"),
    ("shift+↑ ↓", "move the highlighted pending segment earlier / later"),
    ("e", "edit the highlighted (else the next) pending segment: title, duration, speakers"),
    ("#", "head count: journal how many people are in the room (the last and the highest are kept)"),
    (
        "d",
        "desk screen: tasks and people (t or enter: task done, a: check in / out, /: filter); d again: back",
    ),
    ("w", "swap the next segment with the one after it (asks first): a late speaker goes later"),
    ("?", "this help"),
    ("ctrl+p", "command palette: every action, themes, and more"),
    ("q", "quit (asks first while the show is live; the journal keeps everything: run again to resume)"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, journal: str, api: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.journal = journal
        self.api = api  # issue 15: the control API's address and token, OSC's address

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box help-box"):
            if self.api:  # first: the token is what a Companion button set-up comes here for
                yield Label("Control from outside", classes="dialog-title")
                yield Static(Content(self.api + "\n"), id="help-api")
            yield Label("Keys", classes="dialog-title")
            for keys, what in HELP:
                with Horizontal(classes="help-line"):
                    yield Static(Content.from_markup("[b $accent]$keys[/]", keys=keys), classes="help-key")
                    yield Static(what, classes="help-what")
            yield Static(
                Content.from_markup(
                    "\n[dim]Every action is written to $journal before the screen shows "
                    "it. escape closes this help.[/dim]",
                    journal=self.journal,
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
