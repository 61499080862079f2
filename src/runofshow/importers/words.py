"""Words: a plan kind from what a source calls a session, ids from free text, text as a plan holds it."""

from __future__ import annotations

import html
import re

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


# A service session (Sessionize's isServiceSession) is one the organizers run: a break only when its
# title says so. Sessionize does not name the event's language, so the words of the languages its
# events are most often held in are all tried: English, German, French, Spanish, Italian, Dutch,
# Portuguese, Polish, Japanese, Chinese, Korean. Anything else (a keynote, an after-party, a
# hands-on block) is "other": a plan's break means the stage is idle, and a wrong one hides a cue.
_SERVICE_BREAK_WORDS = (
    # English
    "break",
    "pause",
    "lunch",
    "coffee",
    "dinner",
    "breakfast",
    "brunch",
    "snack",
    "refreshment",
    "intermission",
    "recess",
    "doors",
    "registration",
    # German
    "kaffee",
    "kaffeepause",
    "mittag",
    "mittagspause",
    "mittagessen",
    "frühstück",
    "abendessen",
    # French
    "déjeuner",
    "dejeuner",
    "café",
    "dîner",
    "goûter",
    # Spanish, Italian, Portuguese
    "descanso",
    "almuerzo",
    "comida",
    "receso",
    "pausa",
    "pranzo",
    "intervalo",
    "almoço",
    "lanche",
    # Dutch, Polish
    "pauze",
    "koffie",
    "przerwa",
    "obiad",
    # Japanese, Chinese, Korean
    "休憩",
    "昼食",
    "昼休み",
    "ランチ",
    "コーヒー",
    "休息",
    "午餐",
    "茶歇",
    "휴식",
    "점심",
)


# Whole words (a plural allowed): "Breakout room" and "Teardown" are not breaks.
_SERVICE_BREAK = re.compile(
    r"(?<![a-zà-ÿ])(?:" + "|".join(map(re.escape, _SERVICE_BREAK_WORDS)) + r")(?:s|es)?(?![a-zà-ÿ])"
)


def service_kind(title: str) -> str:
    """The kind of a session the organizers run (Sessionize's ``isServiceSession``): break only when
    its title says break, lunch, coffee or the like (see ``_SERVICE_BREAK_WORDS``), host when it
    says welcome or opening, else other."""
    lowered = title.lower()
    if _SERVICE_BREAK.search(lowered):
        return "break"
    if _has_word(lowered, _HOST_WORDS):
        return "host"
    return "other"


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(word)}", text) for word in words)


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


_HTML_TAGS = (
    "a|abbr|b|big|blockquote|br|center|cite|code|del|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre"
    "|q|s|small|span|strike|strong|sub|sup|table|tbody|td|th|thead|tr|tt|u|ul"
)
_TAG = re.compile(rf"<\s*/?\s*(?:{_HTML_TAGS})(?:\s[^<>]*)?/?\s*>", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_PLACEHOLDERS = {"todo", "tbd", "tba", "n/a", "na", "none", "null", "nil", "bio", "coming soon", "xxx"}


def plain_text(value: object) -> str | None:
    """Text as a plan holds it, from what schedules write: HTML tags dropped and entities decoded,
    Markdown links as their text, emphasis and code marks dropped, whitespace runs made single
    spaces; empty as None. Only real HTML tag names count as tags ("Vec<T>" stays)."""
    if not isinstance(value, str):
        return None
    if "<" in value or "&" in value:
        value = html.unescape(_TAG.sub(" ", value))
    if "[" in value or "<" in value:
        value = _MD_AUTOLINK.sub(r"\1", _MD_LINK.sub(r"\1", value))
    if "*" in value or "_" in value or "`" in value or "#" in value:
        value = _MD_HEADING.sub("", value)
        value = _MD_CODE.sub(r"\1", _MD_EMPHASIS.sub(r"\1", _MD_STRONG.sub(r"\2", value)))
    return clean_text(value)


def clean_bio(value: object) -> str | None:
    """A speaker's introduction, or None for a placeholder ("." "-" "TODO" "tbd", under 3 characters):
    a host must not read "TODO" on stage."""
    text = plain_text(value)
    if text is None or len(text) < 3 or not any(c.isalnum() for c in text):
        return None
    if text.lower().strip(" .-_!?:") in _PLACEHOLDERS:
        return None
    return text


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'
