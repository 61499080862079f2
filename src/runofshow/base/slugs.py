"""Ids made from free text: lowercase ASCII letters, digits and dashes, starting with a letter.

Plan ids (people, segments) are ``[a-z][a-z0-9_-]*`` (``ID_PATTERN``); ``slugify`` makes one
from a title or a name (accents dropped, anything else a dash), ``fallback`` when nothing is
left or it would not start with a letter.
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
ID_RULE = "lowercase letters, digits, - and _, starting with a letter"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# letters that NFKD does not take apart into a base letter and an accent
_TRANSLIT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def is_id(text: object) -> bool:
    """Whether ``text`` is a valid plan id."""
    return isinstance(text, str) and ID_PATTERN.match(text) is not None


def slugify(text: str, fallback: str, max_length: int | None = 40) -> str:
    """``"Ünïcode & Friends!"`` -> ``"unicode-friends"``: an id for ``text``.

    A slug longer than ``max_length`` (None: no limit) is cut, at a dash in its second half when
    there is one.
    Without letters to start with, ``fallback`` is put in front (or is the whole slug).
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if max_length is not None and len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    if not slug:
        return fallback
    if not slug[0].isalpha():
        slug = f"{fallback}-{slug}"
    return slug
