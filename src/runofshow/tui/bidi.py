"""Right-to-left text shown right: Hebrew and Arabic put in visual order for display only.

Most terminals (xterm, kitty, alacritty, Windows Terminal, tmux, and xterm.js in the browser
view) draw cells left to right in the order they are written: a Hebrew title written in logical
order comes out backwards there, and Arabic letters unjoined. Here, just before a text is drawn,
it is shaped (Arabic letters joined into their presentation forms, ``arabic-reshaper``) and
reordered with the Unicode Bidirectional Algorithm (``python-bidi``). The plan, the journal and
every export keep logical order: nothing here is ever written anywhere.

``--bidi auto|on|off`` on ``run``, ``stage``, ``serve`` and ``hq``. ``auto`` (the default) is on in
the browser view, and in a terminal on unless the terminal is known to reorder by itself: VTE-based
terminals (GNOME Terminal, Tilix, Terminator, xfce4-terminal; they set ``VTE_VERSION``), Konsole
(``KONSOLE_VERSION``) and mlterm (``MLTERM`` or ``TERM=mlterm*``) reorder and shape themselves, and
reordering twice would turn the text backwards again.

One app runs per process, and it sets the mode once (``configure``) before it draws: the widgets
call ``visual`` on the texts they draw and need no reference to their app. A text without a
right-to-left character comes back as it is, at the cost of one scan.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

Mode = Literal["auto", "on", "off"]
MODES: tuple[str, ...] = Mode.__args__  # type: ignore[attr-defined]

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic ... and their presentation forms, and the
# explicit right-to-left marks and embeddings.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067]|[\U00010800-\U00010fff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

_on = False


def terminal_reorders(environ: Mapping[str, str] = os.environ) -> str | None:
    """The name of the terminal that does bidi itself, from its environment; None if unknown."""
    if environ.get("VTE_VERSION"):
        return "a VTE-based terminal"
    if environ.get("KONSOLE_VERSION"):
        return "Konsole"
    if environ.get("MLTERM") or environ.get("TERM", "").startswith("mlterm"):
        return "mlterm"
    return None


def served(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether this app runs under textual-serve (the browser view: xterm.js does no bidi)."""
    return "web_driver" in environ.get("TEXTUAL_DRIVER", "")


def decide(mode: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to reorder: ``on``, ``off``, or ``auto`` (see the module's docstring)."""
    if mode not in MODES:
        raise ValueError(f"unknown bidi mode {mode!r}: auto, on or off")
    if mode != "auto":
        return mode == "on"
    return served(environ) or terminal_reorders(environ) is None


def configure(mode: str, environ: Mapping[str, str] = os.environ) -> bool:
    """Set this process's mode (an app does it before it draws); returns whether it reorders."""
    global _on
    _on = decide(mode, environ)
    return _on


def reordering() -> bool:
    return _on


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def visual(text: str, sep: str | None = None) -> str:
    """``text`` as it must be written to the terminal: in visual order when reordering is on.

    ``sep``: a regular expression for the separators of a text made of parts (``"Title  ·
    Speaker  ·  19:15"``, a list of names): each part is reordered apart, so that the parts keep
    their left-to-right places in the layout. Each line apart. The direction of a part is that
    of its first letter (a Hebrew title with "Python 3.14" in it reads right to left).
    """
    if not _on or not has_rtl(text):
        return text
    if sep is not None:
        return "".join(
            part if index % 2 else _visual_lines(part)
            for index, part in enumerate(re.split(f"({sep})", text))
        )
    return _visual_lines(text)


PARTS = r"\s+·\s+"  # "Title  ·  Speaker  ·  19:15"
NAMES = r", |\s+·\s+"  # "Dana Levi, Omer Cohen"


def _visual_lines(text: str) -> str:
    return "\n".join(_visual_line(line) for line in text.split("\n"))


@lru_cache(maxsize=1024)
def _visual_line(line: str) -> str:
    if not has_rtl(line):
        return line
    from bidi import get_display

    if _ARABIC.search(line):
        import arabic_reshaper

        line = arabic_reshaper.reshape(line)
    return str(get_display(line))
