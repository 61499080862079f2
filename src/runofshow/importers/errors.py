"""Import errors and the problem collector: how an import stops, and with which exit code.

``SourceError`` (exit 1) says the source is bad; ``UsageError`` (exit 2) says the command line
must change. ``Problems`` gathers every problem of a source so that one run reports them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..base.exits import EXIT_INVALID as EXIT_BAD_SOURCE
from ..base.exits import EXIT_USAGE

MAX_WARNINGS = 10  # warnings of one kind shown before "... and N more <kind>"
MAX_LINES = 12  # problems shown before "... and N more": a message fits on one screen


class ImportProblem(Exception):
    """Import stops here. ``exit_code`` 1: the source is bad; 2: the command line needs changing."""

    def __init__(
        self, source: str, lines: list[str], exit_code: int = EXIT_BAD_SOURCE, hint: str | None = None
    ) -> None:
        self.source = source
        self.lines = lines
        self.exit_code = exit_code
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        shown = [f"{self.source}: {line}" for line in self.lines[:MAX_LINES]]
        if len(self.lines) > MAX_LINES:
            shown.append(f"{self.source}: ... and {len(self.lines) - MAX_LINES} more problems")
        if self.hint:
            shown.append(self.hint)
        return "\n".join(shown)


class SourceError(ImportProblem):
    """The source cannot be read as the format: broken syntax, missing fields, impossible times."""

    def __init__(self, source: str, lines: list[str] | str, hint: str | None = None) -> None:
        super().__init__(source, [lines] if isinstance(lines, str) else lines, EXIT_BAD_SOURCE, hint)


class UsageError(ImportProblem):
    """The source is fine but the command line must say more (which room, which day) or differ."""

    def __init__(self, source: str, lines: list[str] | str, hint: str | None = None) -> None:
        super().__init__(source, [lines] if isinstance(lines, str) else lines, EXIT_USAGE, hint)


@dataclass(frozen=True)
class Found:
    """One problem, with the room and day it belongs to when the source says (None: unknown or all)."""

    text: str
    room: str | None = None
    day: dt.date | None = None


class Problems:
    """Collects every problem in a source, so that one run reports them all.

    A parser says where it is reading with ``place(room, day)``; a problem found there belongs to
    that room and day. One bad talk must not sink the import of another room or day: only the
    problems of the chosen room and day (or of no room or day in particular) stop it, the others
    become warnings (``run`` decides, once the choice is known).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Found] = []
        self.notes: list[str] = []  # not problems: what the importer assumed or left out, said on stderr
        self.room: str | None = None
        self.day: dt.date | None = None
        self.named_zone: str | None = None  # the timezone the source names, when it is the one used
        self.past_midnight: list[str] = []  # talks read as after midnight of their (frab) day

    def place(self, room: str | None = None, day: dt.date | None = None) -> None:
        self.room, self.day = room, day

    def add(self, where: str, message: str) -> None:
        self.found.append(Found(f"{where}: {message}" if where else message, self.room, self.day))

    def note_once(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def finish_notes(self) -> list[str]:
        """The notes, with one for the talks placed after midnight (if any)."""
        if self.past_midnight:
            count = len(self.past_midnight)
            self.notes.append(
                f"{count} talk(s) start earlier than the talk before them in their room and day, and"
                " have no date of their own: read as after midnight, on the next calendar day"
                f" (e.g. {self.past_midnight[0]})"
            )
            self.past_midnight = []
        return self.notes

    def raise_if_any(self) -> None:
        """Stop on any problem at all (a whole-source check: the choice of room and day cannot help)."""
        if self.found:
            raise SourceError(self.source, [f.text for f in self.found])

    def raise_if_unplaced(self) -> list[Found]:
        """Stop when a problem belongs to no room (the timezone, the list of rooms...), else return
        them all for ``run`` to sort by the choice of room and day."""
        if any(f.room is None and f.day is None for f in self.found):
            self.raise_if_any()
        return list(self.found)


def summarise(warnings: list[tuple[str, str]]) -> list[str]:
    """Warnings as printed: the first ``MAX_WARNINGS`` of each kind, then one line for the rest of
    that kind ("... and 1,989 more overlaps"), so that a big source's warnings stay readable."""
    by_kind: dict[str, list[str]] = {}
    for kind, text in warnings:
        by_kind.setdefault(kind, []).append(text)
    shown: list[str] = []
    for kind, texts in by_kind.items():
        shown += texts[:MAX_WARNINGS]
        if len(texts) > MAX_WARNINGS:
            shown.append(f"... and {len(texts) - MAX_WARNINGS:,} more {kind}")
    return shown
