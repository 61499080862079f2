"""BigText: a widget that shows text in the biggest size that fits (the stage's timer and messages)."""

from __future__ import annotations

import math
import textwrap

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widgets import Digits

from ..bidi import has_rtl, reordering, visual
from ..bigfont import big_rows, fit_big


class BigText(Digits):
    """Text in the biggest size that fits its region.

    The bitmap font scaled by a whole number when there is room for it at ``min_scale`` or
    more; else Textual's own 3-row ``Digits`` (for a time); else plain bold text, wrapped.
    With ``auto_fraction`` set, its height is auto: at most that fraction of the screen.

    The bitmap drawing is served line by line from a cache (Textual's line API), and a new
    value that keeps the drawing's size repaints only the columns that changed: from 12:35 to
    12:34, one digit. That is most of what a running timer costs.
    """

    DEFAULT_CSS = """
    BigText { width: 1fr; height: 1fr; content-align: center middle; text-align: center; }
    """

    def __init__(
        self,
        value: str = "",
        *,
        max_scale: int = 12,
        min_scale: int = 2,
        auto_fraction: float | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self.max_scale = max_scale
        self.min_scale = min_scale
        self.auto_fraction = auto_fraction
        self._strips: dict[int, Strip] = {}
        self._strips_key: tuple | None = None

    def update(self, value: str) -> None:
        if value == self.value:
            return
        width, height = self.content_size
        old = self._placed(self.value, width, height)
        new = self._placed(value, width, height)
        self._value = value
        if old is None or new is None or old[:3] != new[:3] or self.auto_fraction is not None:
            self.refresh(layout=self.auto_fraction is not None)
            return
        x, y, lines = new[0], new[1], new[3]
        changed = [
            column
            for column in range(len(lines[0]))
            if any(old_line[column] != line[column] for old_line, line in zip(old[3], lines, strict=False))
        ]
        if changed:
            self.refresh(Region(x + changed[0], y, changed[-1] - changed[0] + 1, len(lines)), repaint=True)

    def _lines(self, width: int, height: int, value: str | None = None) -> tuple[str, list[str]]:
        """("big" | "digits" | "plain", lines) for a region of ``width`` x ``height``."""
        value = self.value if value is None else value
        if not value:
            return "plain", []
        lines = fit_big(value, width, height, self.max_scale, reorder=visual)
        if lines is not None and len(lines) >= big_rows(self.min_scale):
            return "big", lines
        if (
            height >= 3
            and all(char in "0123456789+-:" for char in value)
            and DigitsRenderable.get_width(value) <= width
        ):
            return "digits", []
        if has_rtl(value) and reordering():  # wrapped here, so that each line is reordered apart
            return "plain", [visual(line) for line in textwrap.wrap(value, max(1, width)) or [value]]
        return "plain", [value]

    def _placed(self, value: str, width: int, height: int) -> tuple[int, int, int, list[str]] | None:
        """(x, y, width, lines) of the bitmap drawing of ``value``, centred; None if not drawn big."""
        kind, lines = self._lines(width, height, value)
        if kind != "big" or not lines:
            return None
        line_width = max(len(line) for line in lines)
        lines = [line.center(line_width) for line in lines]
        return max(0, (width - line_width) // 2), max(0, (height - len(lines)) // 2), line_width, lines

    def render(self):
        width, height = self.content_size
        kind, lines = self._lines(width, height)
        if kind == "digits":
            return super().render()
        return Text("\n".join(lines), style="bold", justify="center")

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        placed = self._placed(self.value, width, height)
        if placed is None:
            return super().render_line(y)
        style = self.rich_style
        key = (self.value, width, height, style)
        if key != self._strips_key:
            self._strips_key, self._strips = key, {}
        strip = self._strips.get(y)
        if strip is None:
            x, top, _, lines = placed
            text = lines[y - top] if 0 <= y - top < len(lines) else ""
            strip = Strip([Segment(" " * x + text + " " * max(0, width - x - len(text)), style)], width)
            self._strips[y] = strip
        return strip

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.value:
            return 0
        budget = max(1, int(viewport.height * (self.auto_fraction or 1.0)))
        kind, lines = self._lines(width, budget)
        if kind == "digits":
            return 3
        if kind == "plain":
            return min(budget, max(len(lines), math.ceil(len(self.value) / max(1, width))))
        return len(lines)
