"""The stage's big letters: a 5x7 bitmap font (and Unifont for every other script), drawn with half
blocks. Pure: no Textual.

One pixel is one column wide and half a row high, so pixels are about square. Scaled by whole
numbers for the timer and short messages; ``fit_big`` picks the biggest scale that fits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

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

# Every other script: Unifont's 8x16 glyphs (Latin with its accents, Greek, Cyrillic, Hebrew,
# Arabic and its shaped forms), reduced by tools/make_bigfont.py, licence in fonts/LICENSE. A text
# that the 5x7 font cannot draw is drawn in it as a whole (one height, one style), upper case like
# the 5x7 font, without combining marks (niqqud, harakat: a cell font cannot place them).
UNIFONT_PATH = Path(__file__).with_name("fonts") / "bigletters.hex"
UNIFONT_HEIGHT = 16

Face = Literal["5x7", "unifont"]
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


@cache
def _unifont_hex() -> dict[str, str]:
    """Each character's glyph as written in the .hex file, read on first use (a few ms)."""
    text = UNIFONT_PATH.read_text(encoding="ascii")
    return {chr(int(line[:4], 16)): line[5:] for line in text.splitlines() if line}


@lru_cache(maxsize=4096)
def _unifont_glyph(char: str) -> tuple[str, ...]:
    bits = _unifont_hex()[char]
    step = len(bits) // UNIFONT_HEIGHT  # hex digits a row: 2 (8 pixels) or 4 (16)
    return tuple(
        f"{int(bits[i : i + step], 16):0{step * 4}b}".replace("0", ".").replace("1", "#")
        for i in range(0, len(bits), step)
    )


class _Unifont(Mapping[str, tuple[str, ...]]):
    """The big letters for every script as a mapping: glyphs decoded when first drawn."""

    def __getitem__(self, char: str) -> tuple[str, ...]:
        return _unifont_glyph(char)

    def __contains__(self, char: object) -> bool:
        return char in _unifont_hex()

    def __iter__(self) -> Iterator[str]:
        return iter(_unifont_hex())

    def __len__(self) -> int:
        return len(_unifont_hex())


_UNIFONT = _Unifont()


def unifont() -> Mapping[str, tuple[str, ...]]:
    """The big letters for every script: character -> pixel rows ('#' on), 16 rows of 8 or 16."""
    return _UNIFONT


def _prepared(text: str, face: Face) -> str:
    """The characters drawn for ``text``: upper case; for Unifont composed, without combining marks."""
    if face == "5x7":
        return text.upper()
    upper = unicodedata.normalize("NFC", text).upper()
    # Greek capitals are written without accents (and so take no more height than other capitals)
    upper = "".join(
        unicodedata.normalize("NFD", char)[0] if _GREEK.match(char) else char
        for char in unicodedata.normalize("NFC", upper)
    )
    return "".join(char for char in upper if not unicodedata.combining(char))


@lru_cache(maxsize=512)
def face_of(text: str) -> Face | None:
    """The font that draws all of ``text``: the 5x7 one when it can, else Unifont; None for neither."""
    if not text:
        return None
    if all(char in FONT for char in text.upper()):
        return "5x7"
    drawn = _prepared(text, "unifont")
    glyphs = unifont()
    return "unifont" if drawn and all(char in glyphs for char in drawn) else None


def can_draw(text: str) -> bool:
    """Whether a bitmap font has every character of ``text`` (lower case is drawn upper case)."""
    return face_of(text) is not None


def _pixels(char: str, face: Face) -> tuple[str, ...]:
    """A glyph's pixel rows, the space after it included (5x7: one column added)."""
    if face == "5x7":
        return tuple(row + "." for row in FONT[char])
    return unifont()[char]


def _rows_used(text: str, face: Face) -> tuple[int, int]:
    """The rows of the font that ``text`` (already prepared) draws in: Unifont's 16 are cropped to
    what its glyphs use, so that its letters are as big as the 5x7 ones in the same space."""
    if face == "5x7":
        return 0, FONT_HEIGHT
    used = [y for char in set(text) for y, row in enumerate(_pixels(char, face)) if "#" in row]
    return (min(used), max(used) + 1) if used else (0, UNIFONT_HEIGHT)


def _width(text: str, scale: int, face: Face) -> int:
    gap = 1 if face == "5x7" and text else 0  # the 5x7 font: no space after the last glyph
    return scale * (sum(len(_pixels(char, face)[0]) for char in text) - gap)


def big_width(text: str, scale: int) -> int:
    """Columns that ``text`` takes in its bitmap font at ``scale``."""
    face = face_of(text)
    return _width(_prepared(text, face), scale, face) if face else 0


def big_rows(scale: int, pixel_rows: int = FONT_HEIGHT) -> int:
    return math.ceil(pixel_rows * scale / 2)


@lru_cache(maxsize=2048)
def _glyph(char: str, scale: int, face: Face, top: int, bottom: int) -> tuple[str, ...]:
    """One glyph at ``scale``, rows ``top`` to ``bottom``, as half-block rows."""
    pixel_rows = []
    for row in _pixels(char, face)[top:bottom]:
        pixels = [cell == "#" for cell in row for _ in range(scale)]
        pixel_rows.extend([pixels] * scale)
    if len(pixel_rows) % 2:
        pixel_rows.append([False] * len(pixel_rows[0]))
    return tuple(
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=False))
        for upper, lower in zip(pixel_rows[0::2], pixel_rows[1::2], strict=False)
    )


@lru_cache(maxsize=256)
def _big_lines(text: str, scale: int, face: Face, top: int, bottom: int) -> tuple[str, ...]:
    glyphs = [_glyph(char, scale, face, top, bottom) for char in text]
    cut = scale if face == "5x7" else 0  # the 5x7 font: no space after the last glyph
    return tuple(
        "".join(glyph[y] for glyph in glyphs)[: -cut or None] for y in range(big_rows(scale, bottom - top))
    )


def big_lines(text: str, scale: int) -> list[str]:
    """``text`` drawn in its bitmap font at ``scale``: rows of equal width (``big_rows(scale)`` for
    the 5x7 font). Raises KeyError for a text no font draws (``can_draw``)."""
    face = face_of(text)
    if face is None:
        raise KeyError(text)
    drawn = _prepared(text, face)
    return list(_big_lines(drawn, scale, face, *_rows_used(drawn, face)))


def wrap_words(
    text: str, scale: int, width: int, face: Face | None = None, drawn: Callable[[str], str] | None = None
) -> list[str] | None:
    """Greedy word wrap of ``text`` for its bitmap font at ``scale``; None if a word is too wide.

    ``drawn``: what a line becomes when drawn (Arabic shaped, ligatures and all), to measure that."""
    face = face or face_of(text)
    if face is None:
        return None
    shown = drawn or (lambda line: _prepared(line, face))
    lines: list[str] = []
    for word in text.split():
        if _width(shown(word), scale, face) > width:
            return None
        if lines and _width(shown(f"{lines[-1]} {word}"), scale, face) <= width:
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
    face = face_of(text)
    if face is None or width <= 0 or height <= 0:
        return None
    glyphs = FONT if face == "5x7" else unifont()
    top, bottom = _rows_used(_prepared(text, face), face)

    def drawn(line: str) -> str:
        prepared = _prepared(line, face)
        if reorder is None:
            return prepared
        shown = reorder(prepared)
        return shown if all(char in glyphs for char in shown) else prepared

    for scale in range(max_scale, 0, -1):
        lines = wrap_words(text, scale, width, face, drawn)
        if not lines:
            continue
        needed = len(lines) * big_rows(scale, bottom - top) + (len(lines) - 1)
        if needed > height:
            continue
        out: list[str] = []
        for index, line in enumerate(lines):
            if index:
                out.append("")
            out.extend(_big_lines(drawn(line), scale, face, top, bottom))
        return out
    return None
