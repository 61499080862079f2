"""Durations as written in a plan: ``h``, ``m``, ``s`` parts in that order, any subset."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
HINT = "use 90s, 25m, 1h or 1h30m"


def parse_duration(text: str) -> int:
    """Return the number of seconds ``text`` stands for; ValueError if it is not a duration.

    Only the plan's canonical spellings; for what a person would say ("25 min", "1:30") the
    error says exactly what to write instead."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        spoken = parse_spoken_duration(text) if isinstance(text, str) else None
        if spoken:
            raise ValueError(f'cannot read {_quote(text)}: write "{format_duration(spoken)}"')
        raise ValueError(f"cannot read {_quote(text)} ({HINT})")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


_UNITS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}
_SPOKEN_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
SPOKEN_HINT = "e.g. 5, 5m, 5 min, 1:30, 90s"


def parse_spoken_duration(text: str) -> int | None:
    """Seconds for a duration as a person types it in a live dialog, None when it is not one.

    ``5`` (minutes), ``5m``, ``5 min``, ``5 minutes``, ``1h 30m``, ``1.5h``, ``90s``, and a
    clock ``1:30`` (minutes:seconds) or ``1:02:30`` (hours:minutes:seconds). The plan file
    itself takes only the canonical spellings (``parse_duration``).
    """
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    clock = _CLOCK.match(cleaned)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return None if seconds >= 60 or (hours and minutes >= 60) else hours * 3600 + minutes * 60 + seconds
    if cleaned.replace(".", "", 1).replace(",", "", 1).isdigit():
        return round(float(cleaned.replace(",", ".")) * 60)  # a bare number: minutes
    total, position = 0.0, 0
    compact = cleaned.replace(" and ", " ")
    for match in _SPOKEN_PART.finditer(compact):
        if compact[position : match.start()].strip(" ,"):
            return None
        unit = _UNITS.get(match.group(2))
        if unit is None:
            return None
        total += float(match.group(1).replace(",", ".")) * unit
        position = match.end()
    if position == 0 or compact[position:].strip():
        return None
    return round(total)


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
