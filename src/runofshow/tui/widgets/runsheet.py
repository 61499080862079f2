"""The run of show: every segment, planned vs projected, with its status.

A DataTable keyed by segment id. Each refresh computes the cells of every row as plain tuples,
compares them with what the table already shows, and calls ``update_cell`` only for the cells
that changed. A change of running order (insert, move) removes and re-adds the rows from the
first one that moved; a resize that changes the column widths rebuilds the columns.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...show import SegmentRow, ShowState
from ...plan import format_clock
from .common import hm, short_duration, signed

COLUMNS = (("plan", "Plan"), ("proj", "Proj"), ("dur", "Dur"), ("title", "Title"), ("speakers", "Speakers"),
           ("status", "Status"))
FIXED = {"plan": 5, "proj": 5, "dur": 6, "status": 16}
LATE = 60  # a projected start this many seconds after the planned one stands out

Cell = tuple[str, str]  # (text, style key); the style key is looked up in the theme's colours


class RunSheet(DataTable):
    """Segments in running order. Not focusable: the live row is kept in view by the console."""

    can_focus = False

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_cursor=True,
                         cursor_foreground_priority="renderable", **kwargs)
        self._shown: dict[str, tuple[Cell, ...]] = {}
        self._order: list[str] = []
        self._widths: tuple[int, int] | None = None
        self._colours: dict[str, str] = {}
        self._state: ShowState | None = None
        self._cursor_on: str | None = None

    # -- columns ---------------------------------------------------------------------------
    def _title_widths(self) -> tuple[int, int]:
        available = max(40, self.size.width or self.app.size.width) - 2  # vertical scrollbar
        rest = available - sum(FIXED.values()) - 2 * self.cell_padding * len(COLUMNS)
        title = max(12, round(rest * 0.65))
        return title, max(8, rest - title)

    def _build_columns(self) -> None:
        self.clear(columns=True)
        self._shown.clear()
        self._order = []
        title, speakers = self._widths = self._title_widths()
        widths = {**FIXED, "title": title, "speakers": speakers}
        for key, label in COLUMNS:
            self.add_column(label, key=key, width=widths[key])

    def on_resize(self) -> None:
        if self._widths is not None and self._title_widths() != self._widths:
            self._build_columns()
            if self._state is not None:
                self.show_state(self._state)

    def set_colours(self, colours: dict[str, str]) -> None:
        """The theme's colours by style key; a new theme redraws every cell."""
        if colours != self._colours:
            self._colours = colours
            self._shown = {key: () for key in self._shown}
            if self._state is not None:
                self.show_state(self._state)

    # -- rows ------------------------------------------------------------------------------
    def show_state(self, state: ShowState) -> None:
        self._state = state
        if self._widths is None:
            self._build_columns()
        order = [row.id for row in state.rows]
        if order != self._order:
            self._reorder(order)
        for index, row in enumerate(state.rows):
            cells = self.row_cells(row, index, state)
            old = self._shown.get(row.id)
            if old == cells:
                continue
            if old is None:
                self.add_row(*(self._render(cell) for cell in cells), key=row.id)
            else:
                for (key, _), new, previous in zip(COLUMNS, cells, old or ((None, None),) * len(COLUMNS)):
                    if new != previous:
                        self.update_cell(row.id, key, self._render(new))
            self._shown[row.id] = cells
        focus = state.live_index if state.live_index is not None else state.next_index
        target = state.rows[focus].id if focus is not None else None
        if target is not None and target != self._cursor_on:
            self._cursor_on = target
            self.call_after_refresh(self._keep_in_view, order.index(target))

    def _keep_in_view(self, index: int) -> None:
        self.move_cursor(row=index, scroll=False)
        # Keep two rows of context above the live one.
        self.scroll_to(y=max(0, index - 2), animate=False, immediate=True)

    def _reorder(self, order: list[str]) -> None:
        first = next((i for i, (a, b) in enumerate(zip(self._order, order)) if a != b),
                     min(len(self._order), len(order)))
        for key in self._order[first:]:
            self.remove_row(key)
            self._shown.pop(key, None)
        self._order = order
        self._cursor_on = None

    def _render(self, cell: Cell) -> Text:
        text, style = cell
        colour = {
            "late": f"bold {self._colours.get('phase-overtime', 'red')}",
            "early": self._colours.get("phase-on-time", "green"),
            "live": f"bold {self._colours.get('phase-on-time', 'green')}",
            "next": f"bold {self._colours.get('accent', 'yellow')}",
            "over": self._colours.get("phase-warning", "yellow"),
            "under": self._colours.get("phase-on-time", "green"),
            "dim": self._colours.get("phase-pending", "grey50"),
            "skipped": f"strike {self._colours.get('phase-pending', 'grey50')}",
            "bold": "bold",
        }.get(style, "")
        if style.startswith("phase-"):
            colour = f"bold {self._colours.get(style, '')}".strip()
        return Text(text, style=colour, no_wrap=True, overflow="ellipsis", end="")

    @staticmethod
    def row_cells(row: SegmentRow, index: int, state: ShowState) -> tuple[Cell, ...]:
        """What a row shows, as (text, style key) pairs: the unit of change detection."""
        tz = state.tz
        done, skipped = row.status == "done", row.status == "skipped"
        base = "skipped" if skipped else ("dim" if done else "")
        plan = (hm(row.planned_start, tz) if row.planned_start else "new", "dim")
        late = row.status in ("pending", "live") and row.late_by >= LATE
        if skipped:
            proj: Cell = ("", "")
        else:
            proj = (hm(row.start, tz), "late" if late else base)
        duration = short_duration(row.duration)
        if row.added:
            duration += f"{row.added // 60:+d}" if row.added % 60 == 0 else signed(row.added)
        dur = (duration, base)
        title = (("+ " if row.inserted else "") + row.title, "bold" if row.status == "live" else base)
        speakers = (", ".join(row.speakers) or ("break" if row.kind == "break" else "—"),
                    base if row.speakers else "dim")
        if done:
            delta = row.actual_duration - row.duration
            status: Cell = (f"✓ {format_clock(row.actual_duration)}" + (f" {signed(delta)}" if delta else ""),
                            "over" if delta >= 60 else "under" if delta <= -60 else "dim")
        elif row.status == "live":
            live = state.live
            words = "PAUSED" if live and live.paused else (live.phase_words if live else "")
            status = (f"▶ LIVE {words}".strip(), f"phase-{live.phase.replace('_', '-')}" if live else "live")
        elif skipped:
            status = ("skipped", "dim")
        elif index == state.next_index:
            status = (f"NEXT {signed(row.late_by)} late" if late else "NEXT", "late" if late else "next")
        elif late:
            status = (f"{signed(row.late_by)} late", "late")
        else:
            status = ("", "")
        return plan, proj, dur, title, speakers, status
