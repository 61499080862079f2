"""Where the time comes from. Everything takes a Clock; tests use FakeClock and advance it by hand."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol

# The clock that keeps counting while the laptop sleeps (Linux); elsewhere the monotonic clock.
_STEADY = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)


def _steady() -> float:
    return time.clock_gettime(_STEADY)


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware."""


class SystemClock:
    """The wall clock read once, when the process starts, plus the steady clock since.

    An NTP correction or a hand-set clock mid-show steps the wall clock; a timer computed from
    it would jump (a 5-minute slot showing "1:04:53 left"). This clock does not step; it only
    says, through ``wall_step``, how far the wall clock has moved away from it.
    """

    def __init__(self) -> None:
        self._wall = dt.datetime.now(dt.UTC)
        self._steady = _steady()

    def now(self) -> dt.datetime:
        return self._wall + dt.timedelta(seconds=_steady() - self._steady)

    def wall_step(self) -> float:
        """Seconds the wall clock is ahead of this clock (negative: it was set back) since the start."""
        steady = _steady()
        wall = dt.datetime.now(dt.UTC)
        return (wall - self._wall).total_seconds() - (steady - self._steady)


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float = 0, **delta: float) -> dt.datetime:
        self._now += dt.timedelta(seconds=seconds, **delta)
        return self._now

    def set(self, instant: dt.datetime) -> None:
        self._now = instant
