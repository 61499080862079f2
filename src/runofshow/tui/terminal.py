"""Whether a full-screen view can run here: the console and the stage view need a terminal to read.

Without one (standard input closed with ``0<&-``, or a pipe or a file) Textual's input thread spins a
core at 100% and, for ``run``, the headless console holds the journal's lock: refuse with one line.
A process started with a driver of its own (textual-serve sets ``TEXTUAL_DRIVER`` to its web driver
for the browser view) reads no terminal and is let through.
"""

from __future__ import annotations

import os


def terminal_problem() -> str | None:
    """Why this process cannot run a full-screen view, or None when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    try:
        if os.isatty(0):
            return None
    except OSError:
        pass
    try:
        os.fstat(0)
    except OSError:
        return "standard input is closed: a full-screen view needs a terminal to read keys from"
    return "standard input is not a terminal: a full-screen view needs one to read keys from"
