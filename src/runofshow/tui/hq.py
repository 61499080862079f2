"""``runofshow hq PLAN``: the read-only overview of every stage, following their journals.

The logic (following, folding, rows and alerts) is ``runofshow.hq``; this app only lays it out:
one line per stage, redrawn only when its words changed, and the alerts below.

Like the stage view, hq follows the journals through the OS's file notifications
(``base.watch.Follow``: inotify on Linux, polling every ``poll_interval`` elsewhere): while no
console acts, nothing runs but the clock's redraw once a second (which also looks at every
journal, one stat() each, in case a change went unreported). A record is read as soon as it is
written, from that stage's journal only, and drawn at once; then, for ``MIN_REDRAW`` seconds,
hq does not listen to notifications, and what came meanwhile is read and drawn in one go (12
consoles: one frame, not 12). Each wake-up costs more than its work (a process woken from
sleep runs on cold caches: on the benchmark's machine, 2-3x), so fewer wake-ups is most of
what keeps hq cheap. A frame projects only the stages that changed and repaints only the lines
whose words changed, without a layout pass.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..base.watch import Follow
from ..hq import Alert, Overview, StageRow
from ..plan import PlanError
from ..show import Clock, SystemClock
from .bidi import NAMES, PARTS, configure, visual
from .stage import console_present
from .themes import DEFAULT_THEME, UnknownTheme, check_theme_name, register_themes

MIN_REDRAW = 0.2  # seconds between two frames drawn for new records (12 consoles: one frame, not 12)
POLL_INTERVAL = MIN_REDRAW  # seconds between two looks at the journals where the OS gives no notifications
TICK_INTERVAL = 1.0
COLUMNS = (
    ("name", "Stage"),
    ("day", "Day"),
    ("live", "Live"),
    ("speakers", "Speakers"),
    ("remaining", "Left"),
    ("phase", "Phase"),
    ("schedule", "Schedule"),
    ("next", "Next"),
    ("console", "Console"),
)
# Widths of the columns after the stage name (which is as wide as the longest name); longer
# words are cut with an ellipsis. A new record repaints that stage's line only.
WIDTHS = {
    "day": 10,
    "live": 24,
    "speakers": 16,
    "remaining": 8,
    "phase": 12,
    "schedule": 24,
    "next": 28,
    "console": 9,
}


class Lines(Widget):
    """Lines of plain text, each one row, cut at the widget's width (the Line API).

    ``set_lines`` repaints only the rows whose text or kind changed: no layout pass and no
    other line rendered again (a Static would render its whole text, and lay out the screen).
    A kind ("head", "warning", "error", or "" for plain text) picks the component class that
    colours the line.
    """

    COMPONENT_CLASSES = {"lines--head", "lines--warning", "lines--error"}
    DEFAULT_CSS = """
    Lines { height: auto; }
    Lines > .lines--head { color: $text-muted; text-style: bold; }
    Lines > .lines--warning { color: $warning; }
    Lines > .lines--error { color: $error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[tuple[str, str]] = []
        self._strips: dict[int, Strip] = {}  # rendered lines, at the current width and styles
        self._base: Style | None = None  # the widget's own style (asking for it walks the DOM)

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        """(text, kind) for each line."""
        old, self.lines = self.lines, list(lines)
        if len(old) != len(self.lines) and self.styles.height is not None and self.styles.height.is_auto:
            self._strips.clear()
            self.refresh(layout=True)  # its height follows its number of lines
            return
        width, changed = self.size.width, []
        for y in range(max(len(old), len(self.lines))):
            if y >= len(old) or y >= len(self.lines) or old[y] != self.lines[y]:
                self._strips.pop(y, None)
                changed.append(Region(0, y, width, 1))  # in content coordinates (within the padding)
        if changed:
            self.refresh(*changed)

    def notify_style_update(self) -> None:
        self._strips.clear()
        self._base = None
        super().notify_style_update()

    def on_resize(self) -> None:
        self._strips.clear()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines)

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is None:
            width = self.size.width
            base = self._base
            if base is None:
                base = self._base = self.rich_style
            if y >= len(self.lines):
                strip = Strip.blank(width, base)
            else:
                text, kind = self.lines[y]
                style = self.get_component_rich_style(f"lines--{kind}") if kind else base
                strip = Strip([Segment(text, style)]).crop_extend(0, width, base)
            self._strips[y] = strip
        return strip


class HqApp(App):
    CSS = """
    Screen { layout: vertical; }
    #title { height: 1; padding: 0 1; color: $text-muted; }
    #stages { height: auto; max-height: 70%; }
    #stage-lines { padding: 0 1; }
    #alerts { height: auto; padding: 1 1; }
    """
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(
        self,
        plan_path: str | Path,
        clock: Clock | None = None,
        theme: str | None = None,
        poll_interval: float = POLL_INTERVAL,
        tick_interval: float = TICK_INTERVAL,
        bidi: str = "auto",
    ) -> None:
        super().__init__()
        self.bidi = configure(bidi)  # --bidi: right-to-left names and titles in visual order
        self.overview = Overview(plan_path, present=console_present)
        self.clock: Clock = clock or SystemClock()
        self.poll_interval = poll_interval
        self.tick_interval = tick_interval
        register_themes(self, theme or DEFAULT_THEME)
        self.rows: list[StageRow] = []
        self.alerts: list[Alert] | None = None
        self.records_seen = 0
        self.frames = 0  # frames drawn (tests and the benchmark look at it)
        self._tick_handle: asyncio.TimerHandle | None = None
        self._follow: Follow | None = None
        self._name_width = max(len("Stage"), *(len(feed.name) for feed in self.overview.feeds))
        self.title = f"runofshow hq · {self.overview.plan.event.title}"

    def compose(self) -> ComposeResult:
        yield Static(visual(self.title, PARTS), id="title", markup=False)
        with VerticalScroll(id="stages"):
            yield Lines(id="stage-lines")
        yield Lines(id="alerts")

    def on_mount(self) -> None:
        self.overview.poll()
        self.records_seen = self.overview.records
        self.redraw()
        if self._follow is not None:
            self._follow.hold()  # the next frame for new records comes MIN_REDRAW after this one
        # The clock's tick looks at every journal too: with notifications, no other poll is needed.
        self._follow = Follow(
            [feed.journal for feed in self.overview.feeds],
            self._look,
            self.poll_interval,
            safety_interval=None,
            min_interval=MIN_REDRAW,
        )
        self._follow.start()
        self._tick_handle = asyncio.get_running_loop().call_later(self.tick_interval, self._tick)

    def on_unmount(self) -> None:
        if self._follow is not None:
            self._follow.stop()
            self._follow = None
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None

    def _stopping(self) -> bool:
        return self._exit or self._closing or self._closed or not self.is_running

    def _look(self, journals: set[Path] | None) -> None:
        """Read what the journals named (None: all of them) gained, and draw what changed
        (``Follow`` calls this at most every ``MIN_REDRAW`` seconds)."""
        if self._stopping():
            return
        if self.overview.poll(journals):
            self.records_seen = self.overview.records
            self.redraw(changed_only=True)

    def _tick(self) -> None:
        self._tick_handle = None
        if self._stopping():
            return
        self._tick_handle = asyncio.get_running_loop().call_later(self.tick_interval, self._tick)
        self.overview.poll()
        self.records_seen = self.overview.records
        self.redraw()
        if self._follow is not None:
            self._follow.hold()  # the next frame for new records comes MIN_REDRAW after this one

    def redraw(self, changed_only: bool = False) -> None:
        """Project every stage at the clock's now (``changed_only``: the stages whose journal
        changed; the clock's tick projects them all); repaint only the lines whose words changed
        (no layout: every line is one row high; only a change in the number of alerts lays out)."""
        self.frames += 1
        now = self.clock.now()
        rows, alerts = self.overview.view(now, changed_only=changed_only, alerts=not changed_only)
        if rows != self.rows:
            table = self.query_one("#stage-lines", Lines)
            lines = [(self._line(None), "head")] + [
                table.lines[index + 1]
                if index < len(self.rows) and row == self.rows[index]
                else (self._line(row), "warning" if row.console == "offline" and row.show == "live" else "")
                for index, row in enumerate(rows)
            ]
            self.rows = rows
            table.set_lines(lines)
        if alerts != self.alerts:
            self.alerts = alerts
            self.query_one("#alerts", Lines).set_lines(
                [("Alerts", "error")] + [(f"! {visual(alert.text)}", "error") for alert in alerts]
                if alerts
                else [("No alerts.", "")]
            )

    def _line(self, row: StageRow | None) -> str:
        """One stage's line (None: the column heads), the columns padded to their widths."""
        name_width = self._name_width
        cells = []
        for column, label in COLUMNS:
            text = label if row is None else _cell(row, column)
            width = name_width if column == "name" else WIDTHS[column]
            cut = text if len(text) <= width else text[: width - 1] + "…"
            cells.append(visual(cut, NAMES).ljust(width))  # cut in logical order, then drawn
        return "  ".join(cells).rstrip()

    def screen_text(self) -> str:
        """What the screen says, as plain text (tests read it)."""
        lines = [" | ".join(_cell(row, column) for column, _ in COLUMNS) for row in self.rows]
        return "\n".join(lines + [alert.text for alert in self.alerts or []])


def _cell(row: StageRow, column: str) -> str:
    if column == "live":
        return row.live or ("(no console yet)" if row.show == "waiting" else "—")
    if column == "console" and row.problem:
        return f"{row.console} · {row.problem}"
    return str(getattr(row, column))


def cmd_hq(args: argparse.Namespace) -> int:
    try:
        theme = check_theme_name(args.theme or DEFAULT_THEME)
    except UnknownTheme as error:
        print(f"runofshow hq: {error}", file=sys.stderr)
        return 2
    try:
        app = HqApp(args.plan, theme=theme, bidi=getattr(args, "bidi", "auto"))
    except PlanError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    from .orphan import exit_with_the_server

    exit_with_the_server()  # served (serve --hq): the process ends with its server
    app.run()
    return app.return_code or 0
