"""Whether a journal record makes sense as an action, before a replay folds it.

A record can parse (the right fields, the right JSON types) and still be nonsense that the
console would never have written: an inserted segment with id "BAD ID", a negative duration or
an unknown kind, an add_time of 10^12 seconds, an instant in year 9999 (which overflows the
moment a timer adds a duration to it). A replay skips such a record with a note, as it skips
unknown types, rather than crash or show a live segment of -5 s.

These are the checks that need no state; the ones that depend on the show (removing more time
than the live segment has) are the fold's, which ignores what the console would have refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..plan.models import KINDS, MAX_DURATION
from .actions import Action, AddTime, CheckItem, Insert, Rehearse

# Instants a show can have: far enough from datetime's limits that adding a day, a week or a
# rehearsal offset never overflows.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)
MAX_ADD = MAX_DURATION  # seconds: more than a day added at once is no correction of a slot
_SLUG = re.compile(r"^[a-z][a-z0-9_-]*\Z")


def record_problem(action: Action) -> str | None:
    """Why ``action`` (as parsed from a journal) cannot be replayed, or None when it can.

    A replay of a million records calls this only for the types in ``CHECKED_TYPES`` and for
    instants outside the years (a year and a type look-up for the others).
    """
    at = action.at
    if not EARLIEST.year <= at.year < LATEST.year:
        return f"its instant {at.isoformat()} is not in the years {EARLIEST.year}-{LATEST.year - 1}"
    check = _CHECKS.get(type(action))
    return None if check is None else check(action)


def _add_time(a: AddTime) -> str | None:
    if a.seconds == 0:
        return "no time to add"
    if abs(a.seconds) > MAX_ADD:
        return f"{a.seconds} seconds is more than a day"
    return None


def _insert(a: Insert) -> str | None:
    if not _SLUG.match(a.segment):
        return f"'{a.segment}' is not a valid segment id"
    if not a.title.strip():
        return "an inserted segment needs a title"
    if not 0 < a.duration <= MAX_DURATION:
        return f"an inserted segment's duration must be above zero and at most a day, not {a.duration} s"
    if a.kind not in KINDS:
        return f"unknown kind '{a.kind}'"
    if a.after is not None and not _SLUG.match(a.after):
        return f"'{a.after}' is not a valid segment id"
    return None


def _check_item(a: CheckItem) -> str | None:
    return f"checklist item {a.index} does not exist" if a.index < 0 else None


def _rehearse(a: Rehearse) -> str | None:
    if a.start is not None and not EARLIEST <= a.start < LATEST:
        return f"its start {a.start.isoformat()} is not in the years {EARLIEST.year}-{LATEST.year - 1}"
    return None


_CHECKS: dict[type[Action], Callable[[Any], str | None]] = {
    AddTime: _add_time,
    Insert: _insert,
    CheckItem: _check_item,
    Rehearse: _rehearse,
}
CHECKED_TYPES = frozenset(_CHECKS)
