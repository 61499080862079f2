"""Real time between instants: UTC arithmetic.

Python subtracts (and adds to) two datetimes that share a ``ZoneInfo`` on the wall clock,
ignoring ``fold``: an hour off on the night the clocks go back. Going through UTC is right
whatever the zones of the two instants.
"""

from __future__ import annotations

import datetime as dt

_UTC = dt.UTC


def seconds_between(earlier: dt.datetime, later: dt.datetime) -> float:
    """Real seconds from ``earlier`` to ``later`` (negative when ``later`` is earlier)."""
    return (later.astimezone(_UTC) - earlier.astimezone(_UTC)).total_seconds()


def add_seconds(moment: dt.datetime, seconds: float) -> dt.datetime:
    """The instant ``seconds`` real seconds after ``moment``, in ``moment``'s timezone."""
    return (moment.astimezone(_UTC) + dt.timedelta(seconds=seconds)).astimezone(moment.tzinfo)
