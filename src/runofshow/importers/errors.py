"""Import errors and the problem collector: how an import stops, and with which exit code.

``SourceError`` (exit 1) says the source is bad; ``UsageError`` (exit 2) says the command line
must change. ``Problems`` gathers every problem of a source so that one run reports them all.
"""

from __future__ import annotations

EXIT_OK, EXIT_BAD_SOURCE, EXIT_USAGE = 0, 1, 2
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


class Problems:
    """Collects every problem in a source, so that one run reports them all."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[str] = []
        self.notes: list[str] = []  # not problems: what the importer assumed or left out, said on stderr

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}" if where else message)

    def raise_if_any(self) -> None:
        if self.found:
            raise SourceError(self.source, self.found)
