"""The run of show: every segment, planned vs projected, with its status.

A DataTable keyed by segment id. Each refresh computes the cells of every row as plain tuples,
compares them with what the table already shows, and calls ``update_cell`` only for the cells
that changed. A change of running order (insert, move) removes and re-adds the rows from the
first one that moved; a resize that changes the column widths rebuilds the columns.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import DataTable

from ...plan import format_clock
from ...show import PHASES, SegmentRow, ShowState
from .common import hm, phase_class, rtl, short_duration, signed

COLUMNS = (
    ("plan", "Plan"),
    ("proj", "Proj"),
    ("dur", "Dur"),
    ("title", "Title"),
    ("speakers", "Speakers"),
    ("status", "Status"),
)
FIXED = {"plan": 5, "proj": 5, "dur": 6, "status": 16}
MORE_ROWS = 250  # rows added per frame after that
LATE = 60  # a projected start this many seconds after the planned one stands out

Cell = tuple[str, str]  # (text, style key); the style key is looked up in the theme's colours


def late_words(seconds: int) -> str:
    """``+4m late``: whole minutes, so that a late row changes once a minute, not every second."""
    return f"+{seconds // 60}m late"


class CellText(Text):
    """A one-line cell: measured by its length (Text measures every word; with 1,000 rows x 6 cells
    that is most of the table's start-up time)."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.cell_len
        return Measurement(width, width)


class RunSheet(DataTable):
    """Segments in running order. The live row is kept in view; focused (tab), ↑ ↓ highlight a
    row for the console's row keys (shift+↑ ↓ move it, i inserts after it, e edits it)."""

    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(
            cursor_type="row",
            zebra_stripes=False,
            show_cursor=True,
            cursor_foreground_priority="renderable",
            **kwargs,
        )
        self._shown: dict[str, tuple[Cell, ...]] = {}
        self._order: list[str] = []
        self._widths: tuple[int, int] | None = None
        self._colours: dict[str, str] = {}
        self._state: ShowState | None = None
        self._cursor_on: str | None = None
        self._inputs: dict[str, tuple] = {}  # what each row's cells were computed from
        self._style_map = self._styles()

    # -- columns ---------------------------------------------------------------------------
    def _outer_width(self) -> int:
        """The table's outer width; before its first layout, the width its style will give it in
        the screen (a percentage of it, or all of it), so that the first frame already has rows.
        Should the layout disagree, on_resize rebuilds the columns."""
        if self.outer_size.width:
            return self.outer_size.width
        screen = self.app.size
        width = self.styles.width
        if width is not None and not width.is_auto and not width.is_fraction:  # cells, %, vw
            try:
                return int(width.resolve(screen, screen))
            except Exception:
                return screen.width
        return screen.width

    def _title_widths(self) -> tuple[int, int]:
        # The outer width does not change when the scrollbar comes and goes (that would rebuild the
        # table once more): less the border (2) and a scrollbar (1).
        available = max(40, self._outer_width() - 3)
        rest = available - sum(FIXED.values()) - 2 * self.cell_padding * len(COLUMNS)
        title = max(12, round(rest * 0.65))
        return title, max(8, rest - title)

    def _build_columns(self) -> None:
        self.clear(columns=True)
        self._shown.clear()
        self._inputs.clear()
        self._order = []
        title, speakers = self._widths = self._title_widths()
        widths = {**FIXED, "title": title, "speakers": speakers}
        for key, label in COLUMNS:
            self.add_column(label, key=key, width=widths[key])

    def on_resize(self) -> None:
        if self._title_widths() != self._widths:
            self._build_columns()
            if self._state is not None:
                self.show_state(self._state)

    def set_colours(self, colours: dict[str, str]) -> None:
        """The theme's colours by style key; a new theme redraws every cell."""
        if colours != self._colours:
            self._colours = colours
            self._style_map = self._styles()
            self._shown = dict.fromkeys(self._shown, ())
            self._inputs.clear()
            if self._state is not None:
                self.show_state(self._state)

    # -- rows ------------------------------------------------------------------------------
    def show_state(self, state: ShowState) -> None:
        self._state = state
        if self._widths is None:
            if not self.is_mounted:
                return  # no styles yet: on_resize fills the table once its width is known
            self._build_columns()
        order = [row.id for row in state.rows]
        held = None
        if order != self._order:
            held = self.highlighted_id()  # a moved row keeps the highlight
            self._reorder(order)
        live = state.live
        live_key = (live.phase, live.paused, live.warn) if live is not None else None
        focus = state.live_index if state.live_index is not None else state.next_index
        # A long plan is added in batches: first the rows up to the one in view and a screenful
        # more (the first frame), the rest over the next frames.
        budget = (focus or 0) + self.app.size.height if not self._shown else MORE_ROWS
        for index, row in enumerate(state.rows):
            if row.id not in self._shown:
                if budget <= 0:
                    self.set_timer(0.05, self._fill_more)  # after this frame is on screen
                    break
                budget -= 1
            inputs = (row, index == state.next_index, live_key if row.status == "live" else None)
            if self._inputs.get(row.id) == inputs:
                continue
            self._inputs[row.id] = inputs
            cells = self.row_cells(row, index, state)
            old = self._shown.get(row.id)
            if old == cells:
                continue
            if old is None:
                self.add_row(*(self._cell_text(cell) for cell in cells), key=row.id)
            else:
                for (key, _), new, previous in zip(
                    COLUMNS, cells, old or ((None, None),) * len(COLUMNS), strict=False
                ):
                    if new != previous:
                        self.update_cell(row.id, key, self._cell_text(new))
            self._shown[row.id] = cells
        target = state.rows[focus].id if focus is not None else None
        if held is not None and held in order:
            target = held
        if target is not None and target != self._cursor_on:
            self._cursor_on = target
            self.call_after_refresh(self._keep_in_view, order.index(target))

    def highlighted_id(self) -> str | None:
        """The segment of the highlighted row, while the run of show has the focus; else None."""
        if not self.has_focus or not self._order or not 0 <= self.cursor_row < len(self._order):
            return None
        return self._order[self.cursor_row]

    def _fill_more(self) -> None:
        if self._state is not None and len(self._shown) < len(self._state.rows):
            self.show_state(self._state)

    def _keep_in_view(self, index: int) -> None:
        self.move_cursor(row=index, scroll=False)
        # Keep two rows of context above the live one.
        self.scroll_to(y=max(0, index - 2), animate=False, immediate=True)

    def _reorder(self, order: list[str]) -> None:
        first = next(
            (i for i, (a, b) in enumerate(zip(self._order, order, strict=False)) if a != b),
            min(len(self._order), len(order)),
        )
        for key in self._order[first:]:
            if key in self._shown:
                self.remove_row(key)
            self._shown.pop(key, None)
            self._inputs.pop(key, None)
        self._order = order
        self._cursor_on = None

    def _styles(self) -> dict[str, str]:
        colour = self._colours.get
        styles = {
            "late": f"bold {colour('phase-overtime', 'red')}",
            "live": f"bold {colour('phase-on-time', 'green')}",
            "next": f"bold {colour('accent', 'yellow')}",
            "over": colour("phase-warning", "yellow"),
            "under": colour("phase-on-time", "green"),
            "dim": colour("phase-pending", "grey50"),
            "skipped": f"strike {colour('phase-pending', 'grey50')}",
            "bold": "bold",
        }
        for name in map(phase_class, PHASES):
            styles[name] = f"bold {colour(name, '')}".strip()
        return styles

    def _cell_text(self, cell: Cell) -> Text:
        text, style = cell
        return CellText(text, style=self._style_map.get(style, ""), no_wrap=True, overflow="ellipsis", end="")

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
        title = (("+ " if row.inserted else "") + rtl(row.title), "bold" if row.status == "live" else base)
        speakers = (
            rtl(row.who, names=True) or ("break" if row.kind == "break" else "—"),
            base if row.speakers or row.host else "dim",
        )
        if done:
            delta = row.actual_duration - row.duration
            status: Cell = (
                f"✓ {format_clock(row.actual_duration)}" + (f" {signed(delta)}" if delta else ""),
                "over" if delta >= 60 else "under" if delta <= -60 else "dim",
            )
        elif row.status == "live":
            live = state.live
            words = "PAUSED" if live and live.paused else (live.phase_words if live else "")
            status = (f"▶ LIVE {words}".strip(), f"phase-{live.phase.replace('_', '-')}" if live else "live")
        elif skipped:
            status = ("skipped", "dim")
        elif index == state.next_index:
            status = (f"NEXT {late_words(row.late_by)}" if late else "NEXT", "late" if late else "next")
        elif late:
            status = (late_words(row.late_by), "late")
        else:
            status = ("", "")
        return plan, proj, dur, title, speakers, status
