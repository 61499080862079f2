"""Words: a plan kind from what a source calls a session, ids from free text, text as a plan holds it."""

from __future__ import annotations

import re
import unicodedata

# --- words ------------------------------------------------------------------------------------

_BREAK_WORDS = (
    "break",
    "pause",
    "lunch",
    "coffee",
    "dinner",
    "breakfast",
    "snack",
    "pizza",
    "doors",
    "registration",
    "networking",
    "drinks",
    "social",
    "intermission",
)
_HOST_WORDS = (
    "welcome",
    "opening",
    "closing",
    "close",
    "intro",
    "introduction",
    "announcements",
    "host",
    "moderation",
    "wrap-up",
    "wrap up",
    "farewell",
)
_KIND_WORDS = {
    "talk": "talk",
    "panel": "panel",
    "break": "break",
    "host": "host",
    "sponsor": "sponsor",
    "other": "other",
}


def kind_from_words(kind: str | None, title: str, has_speakers: bool) -> str:
    """A plan kind from what the source calls the session: its type, else its title.

    The type decides when it names one: "Break", "Coffee break" -> break, "Panel discussion" -> panel,
    "Sponsor talk" -> sponsor, any other type ("Talk", "Workshop", "Keynote") -> talk. With no
    type, a session without speakers is read from its title (break, host or other).
    """
    if kind and kind.strip():
        word = kind.strip().lower()
        if word in _KIND_WORDS:
            return _KIND_WORDS[word]
        if _has_word(word, _BREAK_WORDS):
            return "break"
        if "panel" in word:
            return "panel"
        if "sponsor" in word:
            return "sponsor"
        if _has_word(word, ("host", "moderation", "welcome", "opening", "closing")):
            return "host"
        return "talk"
    if has_speakers:
        return "talk"
    lowered = title.lower()
    if _has_word(lowered, _BREAK_WORDS):
        return "break"
    if _has_word(lowered, _HOST_WORDS):
        return "host"
    return "other"


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(word)}", text) for word in words)


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


def slugify(text: str, fallback: str, max_length: int = 40) -> str:
    """An id from free text: ``"Zoë Ångström"`` -> ``zoe-angstrom``; ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
        slug = slug.strip("-")
    if not slug:
        return fallback
    if not slug[0].isalpha():
        slug = f"{fallback}-{slug}"
    return slug


class UniqueIds:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, base: str) -> str:
        ident, number = base, 2
        while ident in self.taken:
            ident, number = f"{base}-{number}", number + 1
        self.taken.add(ident)
        return ident


def clean_text(value: object) -> str | None:
    """Text as a plan holds it: whitespace runs made single spaces, empty as None."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'
