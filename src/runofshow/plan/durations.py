"""Durations as written in a plan: ``h``, ``m``, ``s`` parts in that order, any subset."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
HINT = "use 90s, 25m, 1h or 1h30m"


def parse_duration(text: str) -> int:
    """Return the number of seconds ``text`` stands for; ValueError if it is not a duration."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"cannot read {_quote(text)} ({HINT})")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def format_duration(seconds: int) -> str:
    """The shortest plan spelling of ``seconds`` (``0m`` for zero): the inverse of parse_duration."""
    if seconds == 0:
        return "0m"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{value}{unit}" for value, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if value)


def format_clock(seconds: float) -> str:
    """``MM:SS`` (or ``H:MM:SS`` past an hour) for a non-negative number of seconds."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _quote(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
