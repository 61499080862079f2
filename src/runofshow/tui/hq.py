"""``runofshow hq PLAN``: the read-only overview of every stage, following their journals.

The logic (following, folding, rows and alerts) is ``runofshow.hq``; this app only lays it out:
one table row per stage, updated cell by cell where the words changed, and the alerts below.
Like the stage view, a look at the journals that finds nothing new costs one stat() per stage
(a plain event-loop callback, no Textual timer), and the clock redraws at most once a second.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..hq import Alert, Overview, StageRow
from ..plan import PlanError
from ..show import Clock, SystemClock
from .bidi import NAMES, PARTS, configure, visual
from .stage import console_present
from .themes import DEFAULT_THEME, UnknownTheme, check_theme_name, register_themes

POLL_INTERVAL = 0.05
TICK_INTERVAL = 1.0
MIN_REDRAW = 0.1  # seconds between two frames drawn for new records (12 consoles: one frame, not 12)
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
# words are cut with an ellipsis. One Static per stage: a new record redraws that line only.
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


class HqApp(App):
    CSS = """
    Screen { layout: vertical; }
    #title { height: 1; padding: 0 1; color: $text-muted; }
    #stages { height: auto; max-height: 70%; }
    #stages Static { height: 1; padding: 0 1; text-wrap: nowrap; }
    #stages .-head { color: $text-muted; text-style: bold; }
    #stages .-offline { color: $warning; }
    #alerts { height: 1fr; padding: 1 1; }
    #alerts.-alert { color: $error; }
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
        self.alerts: list[Alert] = []
        self.records_seen = 0
        self.min_redraw = MIN_REDRAW
        self._dirty = False
        self._drawn_at = 0.0
        self._handles: list[asyncio.TimerHandle] = []
        self.title = f"runofshow hq · {self.overview.plan.event.title}"

    def compose(self) -> ComposeResult:
        yield Static(visual(self.title, PARTS), id="title", markup=False)
        with VerticalScroll(id="stages"):
            yield Static(self._line(None), classes="-head", markup=False)
            for index, _feed in enumerate(self.overview.feeds):
                yield Static("", id=f"stage-{index}", markup=False)
        yield Static("", id="alerts", markup=False)

    def on_mount(self) -> None:
        self.overview.poll()
        self.records_seen = self.overview.records
        self.redraw()
        loop = asyncio.get_running_loop()
        self._handles = [
            loop.call_later(self.poll_interval, self._poll_tick),
            loop.call_later(self.tick_interval, self._tick),
        ]

    def on_unmount(self) -> None:
        for handle in self._handles:
            handle.cancel()
        self._handles = []

    def _stopping(self) -> bool:
        return self._exit or self._closing or self._closed or not self.is_running

    def _poll_tick(self) -> None:
        if self._stopping():
            return
        if self.overview.poll():
            self.records_seen = self.overview.records
            self._dirty = True
        now = time.monotonic()
        if self._dirty and now - self._drawn_at >= self.min_redraw:  # a burst of records: one frame
            self.redraw(changed_only=True)
        self._handles.append(asyncio.get_running_loop().call_later(self.poll_interval, self._poll_tick))
        del self._handles[:-2]

    def _tick(self) -> None:
        if self._stopping():
            return
        self.redraw()
        self._handles.append(asyncio.get_running_loop().call_later(self.tick_interval, self._tick))
        del self._handles[:-2]

    def redraw(self, changed_only: bool = False) -> None:
        """Project every stage at the clock's now (``changed_only``: the stages whose journal
        changed; the clock's tick projects them all); update only the cells whose words changed."""
        self._dirty, self._drawn_at = False, time.monotonic()
        now = self.clock.now()
        rows, alerts = self.overview.view(now, changed_only=changed_only)
        for index, row in enumerate(rows):
            if index < len(self.rows) and row == self.rows[index]:
                continue
            line = self.query_one(f"#stage-{index}", Static)
            line.update(self._line(row))
            line.set_class(row.console == "offline" and row.show == "live", "-offline")
        self.rows = rows
        if alerts != self.alerts or not self.alerts:
            self.alerts = alerts
            box = self.query_one("#alerts", Static)
            box.update(
                "Alerts\n" + "\n".join(f"! {visual(alert.text)}" for alert in alerts)
                if alerts
                else "No alerts."
            )
            box.set_class(bool(alerts), "-alert")

    def _line(self, row: StageRow | None) -> str:
        """One stage's line (None: the column heads), the columns padded to their widths."""
        name_width = max(len("Stage"), *(len(feed.name) for feed in self.overview.feeds))
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
        return "\n".join(lines + [alert.text for alert in self.alerts])


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
