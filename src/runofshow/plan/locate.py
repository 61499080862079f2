"""Find the line of every key in a TOML text, so validation errors can name it.

tomllib gives values without positions. This scanner walks the text once, tracking
table headers, array-of-tables counters, strings, comments and nesting, and records
the line where each key path (``("segments", 1, "duration")``) or array element
(``("segments", 1, "checklist", 0)``) begins. It assumes the text already parsed.
"""

from __future__ import annotations

import contextlib
import re
import tomllib

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
    elif char in ('"', "'"):
        scanner.read_string()
    else:
        scanner.skip_bare_value()


_SPACE = re.compile(r"[ \t\r]*")
_SPACE_NL = re.compile(r"[ \t\r\n]*")
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")


def _match_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where a run of ``pattern`` starting at ``pos`` ends (these patterns also match nothing)."""
    found = pattern.match(text, pos)
    return pos if found is None else found.end()


# Strings as they can be once the text has parsed; the single-line ones tolerate a missing
# closing quote (the scanner must not fail on broken text). A multi-line string may end in up
# to two extra quotes, which belong to its value: """"a"""" is '"a"'.
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""(?:"{1,2}(?!"))?', re.S),
    "'''": re.compile(r"'''(?:[^']|'(?!''))*'''(?:'{1,2}(?!'))?", re.S),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"?'),
    "'": re.compile(r"'[^'\n]*'?"),
}


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
        while True:
            if newlines:
                self._advance_to(_match_end(_SPACE_NL, self.text, self.pos))
            else:
                self.pos = _match_end(_SPACE, self.text, self.pos)
            if not (comments and self.text.startswith("#", self.pos)):
                return
            self.skip_comment()

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def skip_to_eol(self) -> None:
        self.skip_comment()

    def skip_bare_value(self) -> None:
        """A number, boolean, date or time: up to the next separator."""
        self.pos = _match_end(_BARE_VALUE, self.text, self.pos)

    def read_key(self) -> list[str]:
        parts: list[str] = []
        while not self.done():
            self.skip_space()
            char = self.peek()
            if char in ('"', "'"):
                start = self.pos
                value = self.read_string()
                if char == '"' and "\\" in value:  # an escaped quoted key: let tomllib decode it
                    with contextlib.suppress(tomllib.TOMLDecodeError):
                        value = tomllib.loads("k = " + self.text[start : self.pos])["k"]
                parts.append(value)
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
        """Read the string at ``pos``; return its content as written (escapes not decoded)."""
        delim = self.peek(3) if self.peek(3) in ('"""', "'''") else self.peek()
        match = _STRINGS[delim].match(self.text, self.pos)
        start = self.pos + len(delim)
        end = match.end() if match else len(self.text)
        closed = end - len(delim) >= start and self.text.startswith(delim, end - len(delim))
        value = self.text[start : end - len(delim) if closed else end]
        self._advance_to(end)
        return value
