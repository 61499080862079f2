"""The desk screen of the organizer console (issue 13): the day around the show.

``d`` switches between the show screen and this one. Two lists, both from show.logistics at the
clock's now: tasks in due order (due time, title, owner, status) and people (name, role,
expected arrival, here or not, next appearance, phone, e-mail, needs: the organizer's console
is private). ``t`` or enter toggles the highlighted task, ``a`` checks the highlighted person in
or out, ``/`` filters both lists by text. The screen holds no business logic: the app builds
the actions (``ConsoleApp.toggle_task`` / ``toggle_person``) and the statuses come computed.

The lists are only computed while this screen is shown, so a plan with no tasks and no people,
or an organizer who never opens the desk, pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ..show import ShowState
from ..show.logistics import PersonState, TaskState, person_states, task_states
from .widgets.cards import AlertLine, ShowHeader
from .widgets.common import hm
from .widgets.keybar import KeyBar

if TYPE_CHECKING:
    from .console import ConsoleApp

DESK_KEYS = (
    ("d", "d", "Show"),
    ("t", "t", "Done"),
    ("a", "a", "Here"),
    ("slash", "/", "Filter"),
    ("question_mark", "?", "Help"),
    ("q", "q", "Quit"),
)
TASK_COLUMNS = (("due", "Due"), ("title", "Task"), ("owner", "Owner"), ("status", "Status"))
PEOPLE_COLUMNS = (
    ("name", "Name"),
    ("role", "Role"),
    ("expected", "Expected"),
    ("status", "Status"),
    ("next", "Next"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("needs", "Needs"),
)
STYLES = {  # status -> Rich style; the words say it too (DUE, LATE 6m), for colour-blind eyes
    "due": "bold #E3B341",
    "late": "bold reverse #F85149",
    "done": "#3FB950",
    "not_needed": "dim",
    "upcoming": "",
    "here": "#3FB950",
    "left": "dim",
    "not_here": "",
}

Cells = tuple[str, ...]


def task_cells(task: TaskState, state: ShowState) -> Cells:
    return (hm(task.due, state.tz), task.title, task.owner_name or "", task.words(state.tz))


def person_cells(person: PersonState, state: ShowState) -> Cells:
    tz = state.tz
    nxt = f"{hm(person.next_at, tz)} {person.next_segment}" if person.next_at else ""
    return (
        person.name,
        person.role or "",
        hm(person.expected, tz) if person.expected else "",
        person.words(tz),
        nxt,
        person.phone or "",
        person.email or "",
        ", ".join(person.needs),
    )


class DeskTable(DataTable):
    """A keyed table that updates only the cells that changed (a new order or filter: rebuilt)."""

    def __init__(self, columns: tuple[tuple[str, str], ...], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._columns = columns
        self._shown: dict[str, tuple[Cells, str]] = {}
        self._order: list[str] = []

    def on_mount(self) -> None:
        for key, label in self._columns:
            self.add_column(label, key=key)

    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # no row under the cursor
            return None

    def show_rows(self, rows: Sequence[tuple[str, Cells, str]]) -> None:
        """``rows``: (key, cells, status) in order; the status column is styled by ``status``."""
        order = [key for key, _, _ in rows]
        if order != self._order:
            current = self.highlighted_key()
            self.clear()
            self._shown.clear()
            for key, cells, status in rows:
                self.add_row(*self._cells(cells, status), key=key)
                self._shown[key] = (cells, status)
            self._order = order
            if current in order:
                self.move_cursor(row=order.index(current), animate=False)
            return
        for key, cells, status in rows:
            old = self._shown.get(key)
            if old == (cells, status):
                continue
            rendered = self._cells(cells, status)
            for index, (column, _) in enumerate(self._columns):
                if old is None or old[0][index] != cells[index] or old[1] != status:
                    self.update_cell(key, column, rendered[index], update_width=True)
            self._shown[key] = (cells, status)

    def _cells(self, cells: Cells, status: str) -> list[Text | str]:
        out: list[Text | str] = list(cells)
        where = [key for key, _ in self._columns].index("status")
        out[where] = Text(cells[where], style=STYLES.get(status, ""))
        return out


class DeskScreen(Screen):
    """Tasks and people of the show, for the organizer's desk. Keys call the app."""

    @property
    def console(self) -> ConsoleApp:
        return cast("ConsoleApp", self.app)

    BINDINGS = [
        Binding("d", "app.toggle_desk", "Show"),
        Binding("t", "app.toggle_task", "Done"),
        Binding("a", "app.toggle_person", "Here"),
        Binding("slash", "filter", "Filter"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit_console", "Quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]
    AUTO_FOCUS = "#desk-tasks"
    DEFAULT_CSS = """
    #desk { layout: vertical; }
    #desk-filter { display: none; height: 1; border: none; padding: 0 1; background: $panel; }
    #desk-filter.-shown { display: block; }
    #desk-filter:focus { border: none; }
    #desk-tasks, #desk-people {
        height: 1fr;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        border-title-style: bold;
        background: $background;
        scrollbar-size-vertical: 1;
    }
    #desk-tasks:focus, #desk-people:focus { border: round $accent; }
    #desk-people { height: 1.2fr; }
    #desk-empty { height: auto; padding: 1 2; color: $text-muted; }
    """

    def __init__(self, show) -> None:
        super().__init__(id="desk")
        self.show = show
        self.filter_text = ""
        self._state: ShowState | None = None

    def compose(self) -> ComposeResult:
        yield ShowHeader(self.show.plan, id="header")
        yield AlertLine(id="alert")
        yield Input(placeholder="filter tasks and people (escape clears)", id="desk-filter")
        yield DeskTable(TASK_COLUMNS, id="desk-tasks")
        yield DeskTable(PEOPLE_COLUMNS, id="desk-people")
        plan = self.show.plan
        if not plan.tasks and not plan.people:
            yield Static(
                "This plan has no [[tasks]] and no [[people]]: add them to the plan to use the desk.",
                id="desk-empty",
                markup=False,
            )
        yield KeyBar(
            [(key, shown, label) for key, shown, label in DESK_KEYS],
            right=(self.app.COMMAND_PALETTE_BINDING, "^p", "palette"),
            id="desk-keys",
        )

    def on_mount(self) -> None:
        self.query_one("#desk-tasks").border_title = "Tasks"
        self.query_one("#desk-people").border_title = "People"

    # -- drawing ---------------------------------------------------------------------------
    def show_state(self, state: ShowState) -> None:
        self._state = state
        if not self.is_attached:
            return
        plan = self.show.plan
        self.query_one(ShowHeader).show_state(state)
        self.query_one(AlertLine).show_alert(self.console.alert)
        rows = {row.id: row for row in state.rows}
        needle = self.filter_text.casefold()
        tasks = []
        for task in task_states(plan, state, rows):
            cells = task_cells(task, state)
            if not needle or needle in " ".join(cells).casefold():
                tasks.append((task.id, cells, task.status))
        people = []
        for person in person_states(plan, state, rows):
            cells = person_cells(person, state)
            if not needle or needle in " ".join(cells).casefold():
                people.append((person.id, cells, person.status))
        self.query_one("#desk-tasks", DeskTable).show_rows(tasks)
        self.query_one("#desk-people", DeskTable).show_rows(people)
        shown = f" · filter “{self.filter_text}”" if self.filter_text else ""
        self.query_one("#desk-tasks").border_title = f"Tasks ({len(tasks)}){shown}"
        self.query_one("#desk-people").border_title = f"People ({len(people)}){shown}"

    def highlighted_task(self) -> str | None:
        return self.query_one("#desk-tasks", DeskTable).highlighted_key()

    def highlighted_person(self) -> str | None:
        return self.query_one("#desk-people", DeskTable).highlighted_key()

    # -- filter ------------------------------------------------------------------------------
    def action_filter(self) -> None:
        field = self.query_one("#desk-filter", Input)
        field.add_class("-shown")
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#desk-filter", Input)
        field.value = ""
        field.remove_class("-shown")
        self.query_one("#desk-tasks").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value.strip()
        if self._state is not None:
            self.show_state(self._state)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            event.input.remove_class("-shown")
        self.query_one("#desk-tasks").focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: toggles that task, or checks that person in or out."""
        event.stop()
        if event.data_table.id == "desk-tasks":
            self.console.action_toggle_task()
        else:
            self.console.action_toggle_person()
