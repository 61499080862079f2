"""The stage's big letters: a 5x7 bitmap font, drawn with half blocks. Pure: no Textual.

One pixel is one column wide and half a row high, so pixels are about square. Scaled by whole
numbers for the timer and short messages; ``fit_big`` picks the biggest scale that fits.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

_FONT_SOURCE = {
    "0": ".###. #...# #...# #...# #...# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": ".###. #...# ....# ..##. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    ":": ".. ## ## .. ## ## ..",
    "+": "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
    "-": "..... ..... ..... ##### ..... ..... .....",
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "####. #...# #...# #...# #...# #...# ####.",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": "### .#. .#. .#. .#. .#. ###",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# #...# ##..# #.#.# #..## #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
    " ": "... ... ... ... ... ... ...",
    ".": ".. .. .. .. .. ## ##",
    ",": ".. .. .. .. ## .# #.",
    ";": ".. ## ## .. ## .# #.",
    "!": "## ## ## ## ## .. ##",
    "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
    "'": "# # . . . . .",
    '"': "#.# #.# ... ... ... ... ...",
    "/": "....# ....# ...#. ..#.. .#... #.... #....",
    "&": ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
    "(": "..# .#. #.. #.. #.. .#. ..#",
    ")": "#.. .#. ..# ..# ..# .#. #..",
    "#": ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
    "%": "##..# ##..# ...#. ..#.. .#... #..## #..##",
    "=": "..... ..... ##### ..... ##### ..... .....",
    "_": "..... ..... ..... ..... ..... ..... #####",
    "*": "..... #.#.# .###. ##### .###. #.#.# .....",
    "·": ".. .. .. ## ## .. ..",
}
FONT: dict[str, tuple[str, ...]] = {char: tuple(rows.split()) for char, rows in _FONT_SOURCE.items()}
FONT_HEIGHT = 7
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    """Whether the bitmap font has every character of ``text`` (lower case is drawn upper case)."""
    return bool(text) and all(char in FONT for char in text.upper())


def big_width(text: str, scale: int) -> int:
    """Columns that ``text`` takes in the bitmap font at ``scale`` (one pixel gap between glyphs)."""
    glyphs = [FONT[char] for char in text.upper()]
    return scale * (sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1))


def big_rows(scale: int) -> int:
    return math.ceil(FONT_HEIGHT * scale / 2)


@lru_cache(maxsize=1024)
def _glyph(char: str, scale: int) -> tuple[str, ...]:
    """One glyph at ``scale`` with the one-pixel gap after it, as half-block rows."""
    rows = FONT[char]
    pixel_rows = []
    for row in rows:
        pixels = [cell == "#" for cell in row + "." for _ in range(scale)]
        pixel_rows.extend([pixels] * scale)
    if len(pixel_rows) % 2:
        pixel_rows.append([False] * len(pixel_rows[0]))
    return tuple(
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=False))
        for upper, lower in zip(pixel_rows[0::2], pixel_rows[1::2], strict=False)
    )


@lru_cache(maxsize=256)
def _big_lines(text: str, scale: int) -> tuple[str, ...]:
    glyphs = [_glyph(char, scale) for char in text.upper()]
    return tuple("".join(glyph[y] for glyph in glyphs)[:-scale] for y in range(big_rows(scale)))


def big_lines(text: str, scale: int) -> list[str]:
    """``text`` drawn in the bitmap font at ``scale``: ``big_rows(scale)`` strings of equal width."""
    return list(_big_lines(text, scale))


def wrap_words(text: str, scale: int, width: int) -> list[str] | None:
    """Greedy word wrap of ``text`` for the bitmap font at ``scale``; None if a word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if big_width(word, scale) > width:
            return None
        if lines and big_width(f"{lines[-1]} {word}", scale) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit_big(
    text: str, width: int, height: int, max_scale: int = 12, reorder: Callable[[str], str] | None = None
) -> list[str] | None:
    """The biggest drawing of ``text`` (wrapped on words) in ``width`` x ``height`` cells, or None.

    ``reorder``: applied to each wrapped line before it is drawn (right-to-left text is wrapped in
    logical order, then each line put in visual order: tui/bidi.py)."""
    if not can_draw(text) or width <= 0 or height <= 0:
        return None
    for scale in range(max_scale, 0, -1):
        lines = wrap_words(text, scale, width)
        if not lines:
            continue
        needed = len(lines) * big_rows(scale) + (len(lines) - 1)
        if needed > height:
            continue
        out: list[str] = []
        for index, line in enumerate(lines):
            if index:
                out.append("")
            drawn = reorder(line) if reorder is not None else line
            out.extend(big_lines(drawn if can_draw(drawn) else line, scale))
        return out
    return None
