"""Find the line of every key in a TOML text, so validation errors can name it.

tomllib gives values without positions. This scanner walks the text once, tracking
table headers, array-of-tables counters, strings, comments and nesting, and records
the line where each key path (``("segments", 1, "duration")``) or array element
(``("segments", 1, "checklist", 0)``) begins. It assumes the text already parsed.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]
_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")


def key_lines(text: str) -> dict[Path, int]:
    lines: dict[Path, int] = {}
    array_counts: dict[Path, int] = {}
    scanner = _Scanner(text)
    table: Path = ()
    while not scanner.done():
        scanner.skip_space(newlines=True)
        if scanner.done():
            break
        char = scanner.peek()
        if char == "#":
            scanner.skip_comment()
        elif char == "[":
            line = scanner.line
            is_array = scanner.peek(2) == "[["
            scanner.pos += 2 if is_array else 1
            dotted = scanner.read_key()
            scanner.skip_to_eol()
            table = _resolve(dotted, array_counts)
            if is_array:
                lines.setdefault(table, line)
                array_counts[table] = array_counts.get(table, -1) + 1
                table = (*table, array_counts[table])
            lines.setdefault(table, line)
        else:
            before = scanner.pos
            _read_pair(scanner, table, lines)
            if scanner.pos == before:  # not TOML after all: never loop, just move on
                scanner.pos += 1
    return lines


def _resolve(dotted: list[str], array_counts: dict[Path, int]) -> Path:
    """Turn a header's dotted key into a path, entering the latest element of arrays of tables."""
    path: Path = ()
    for part in dotted:
        path = (*path, part)
        if path in array_counts and part is not dotted[-1]:
            path = (*path, array_counts[path])
    return path


def _read_pair(scanner: _Scanner, table: Path, lines: dict[Path, int]) -> None:
    line = scanner.line
    dotted = scanner.read_key()
    path = (*table, *dotted)
    lines.setdefault(path, line)
    scanner.skip_space()
    if scanner.peek() == "=":
        scanner.pos += 1
    scanner.skip_space()
    _read_value(scanner, path, lines)


def _read_value(scanner: _Scanner, path: Path, lines: dict[Path, int]) -> None:
    char = scanner.peek()
    if char == "[":
        scanner.pos += 1
        index = 0
        while not scanner.done():
            scanner.skip_space(newlines=True, comments=True)
            if scanner.peek() == "]":
                scanner.pos += 1
                return
            if scanner.peek() == ",":
                scanner.pos += 1
                continue
            lines.setdefault((*path, index), scanner.line)
            before = scanner.pos
            _read_value(scanner, (*path, index), lines)
            if scanner.pos == before:
                scanner.pos += 1
            index += 1
    elif char == "{":
        scanner.pos += 1
        while not scanner.done():
            scanner.skip_space(newlines=True)
            if scanner.peek() == "}":
                scanner.pos += 1
                return
            if scanner.peek() == ",":
                scanner.pos += 1
                continue
            before = scanner.pos
            _read_pair(scanner, path, lines)
            if scanner.pos == before:
                scanner.pos += 1
    elif char in "\"'":
        scanner.read_string()
    else:
        while not scanner.done() and scanner.peek() not in ",]}\n#":
            scanner.pos += 1


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1

    def done(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def _advance_to(self, end: int) -> None:
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def skip_space(self, newlines: bool = False, comments: bool = False) -> None:
        while not self.done():
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                if char == "\n":
                    self.line += 1
                self.pos += 1
            elif comments and char == "#":
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def skip_to_eol(self) -> None:
        self.skip_comment()

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while not self.done():
            self.skip_space()
            char = self.peek()
            if char in "\"'":
                parts.append(self.read_string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if not match:
                    break
                parts.append(match.group())
                self.pos = match.end()
            self.skip_space()
            if self.peek() != ".":
                break
            self.pos += 1
        return parts

    def read_string(self) -> str:
        quote = self.peek()
        triple = self.peek(3) == quote * 3
        delim = quote * 3 if triple else quote
        start = self.pos + len(delim)
        index = start
        while index < len(self.text):
            if quote == '"' and self.text[index] == "\\":
                index += 2
                continue
            if self.text.startswith(delim, index):
                break
            index += 1
        if triple:  # a closing run of up to five quotes: the extra ones belong to the string
            while self.text.startswith(quote, index + 3):
                index += 1
        value = self.text[start:index]
        self._advance_to(min(index + len(delim), len(self.text)))
        return value
