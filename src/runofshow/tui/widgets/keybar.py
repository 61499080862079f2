"""The console's footer: its keys on one line, drawn by one widget."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widget import Widget

PALETTE_BORDER = "▏"


class KeyBar(Widget):
    """Key hints as Textual's compact Footer draws them (``space GO ? Help …  ▏^p palette``).

    Textual's Footer is one widget per key, each composed, styled, laid out and rendered: with
    the console's 16 keys that was ~20 ms of a big plan's first frame. The console's keys never
    change, so one line of text does the same. Keys that do not fit are left out whole, and a
    click on a key presses it, as on Textual's Footer.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--border"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self, keys: Sequence[tuple[str, str, str]], right: tuple[str, str, str] | None = None, **kwargs
    ) -> None:
        """``keys``: (key, as shown, description), left to right; ``right``: one more, at the right edge."""
        super().__init__(**kwargs)
        self.keys = tuple(keys)
        self.right = right
        self._spans: list[tuple[int, int, str]] = []  # (first column, end column, key) as last drawn

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        width = self.size.width
        right = Text()
        if self.right:
            _, shown, description = self.right
            right.append(PALETTE_BORDER, self.get_component_rich_style("keybar--border"))
            right.append(shown, key_style).append(f" {description}", description_style)
        room = width - right.cell_len - 1
        line, spans = Text(), []
        for key, shown, description in self.keys:
            start = line.cell_len
            end = start + len(shown) + 1 + len(description)
            if end > room:
                break
            line.append(shown, key_style).append(f" {description}", description_style).append(" ")
            spans.append((start, end, key))
        line.append(" " * max(0, width - line.cell_len - right.cell_len))
        if self.right and width - right.cell_len >= 0:
            spans.append((width - right.cell_len, width, self.right[0]))
        self._spans = spans
        return line + right

    def key_at(self, x: int) -> str | None:
        """The key drawn at column ``x``, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is not None:
            self.app.simulate_key(key)
