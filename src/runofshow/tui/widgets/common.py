"""Display helpers shared by the Textual views: time formats, phase names, action descriptions.

Pure functions of the ShowState and the plan (no Textual import here), so that the stage view can
reuse them and tests can check them without an app.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from ...plan import format_clock
from ...show import PHASES, Action, ShowState
from ...show.reduce import undo_targets
from ..bidi import NAMES, visual

FEED_PARTS = r': |"|“|”|\s+·\s+|, | → '  # what separates the titles and names of a feed line


def rtl(text: str, names: bool = False, parts: bool = False) -> str:
    """A title, a name or a message as it is drawn: right-to-left text in visual order when the
    app turned that on (``--bidi``, tui/bidi.py); ``names``: a list "A, B", each name apart;
    ``parts``: a line of the feed (``GO: title``, ``message "text"``), each title or text apart.
    Display only: what is journaled and exported keeps logical order."""
    return visual(text, FEED_PARTS if parts else NAMES if names else None)


def phase_class(phase: str) -> str:
    """The CSS class of a phase (``on_time`` -> ``phase-on-time``); matches the theme variables."""
    return "phase-" + phase.replace("_", "-")


# the timer's phases, then the states of the show that colour a view the same way
PHASE_CLASSES = tuple(phase_class(phase) for phase in (*PHASES, "paused", "before", "ended"))


_HM: dict[tuple[int, dt.tzinfo], str] = {}


def hm(instant: dt.datetime | None, tz: dt.tzinfo) -> str:
    """``18:05`` in the event's timezone ("--:--" for none). Cached by minute: a run of show
    formats a thousand of these on every redraw."""
    if instant is None:
        return "--:--"
    key = (int(instant.timestamp()) // 60, tz)
    text = _HM.get(key)
    if text is None:
        if len(_HM) > 50_000:
            _HM.clear()
        text = _HM[key] = instant.astimezone(tz).strftime("%H:%M")
    return text


def hms(instant: dt.datetime, tz: dt.tzinfo) -> str:
    return instant.astimezone(tz).strftime("%H:%M:%S")


def countdown(remaining: float) -> str:
    """A timer as people read it: ``29:59`` counting down (rounded up), ``+01:23`` in overtime."""
    if remaining > 0:
        return format_clock(math.ceil(remaining))
    return "+" + format_clock(math.floor(-remaining))


def signed(seconds: float) -> str:
    """``+2:10`` / ``-0:45`` / ``±0:00``: over or under a plan, to the second."""
    seconds = round(seconds)
    if seconds == 0:
        return "±0:00"
    sign = "+" if seconds > 0 else "-"
    minutes, secs = divmod(abs(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def short_duration(seconds: int) -> str:
    """``25m`` / ``1h30`` / ``90s``: compact, for a table column."""
    seconds = int(seconds)
    if seconds < 60 or seconds % 60:
        return format_clock(seconds)
    hours, minutes = divmod(seconds // 60, 60)
    if hours:
        return f"{hours}h{minutes:02d}" if minutes else f"{hours}h"
    return f"{minutes}m"


def in_words(seconds: float) -> str:
    """``in 2:03:00`` / ``in 4:10`` for a countdown to the show."""
    return "in " + format_clock(max(0, math.ceil(seconds)))


def segment_title(state: ShowState, segment: str) -> str:
    row = state.row(segment)
    return row.title if row is not None else segment


class FeedWords:
    """The feed's ``Words`` (show/actions.py): titles from the state, people by id, short formats."""

    private = True  # the console is the organizer's own screen

    def __init__(self, state: ShowState, actions: Sequence[Action] = ()) -> None:
        self.state = state
        self.actions = actions  # the journal's, for what an undo took back
        self._undid: dict[int, int | None] | None = None  # id(undo) -> index of what it took back

    def text(self, text: str) -> str:
        return text

    def title(self, segment: str | None) -> str:
        return segment_title(self.state, segment) if segment is not None else ""

    def person(self, person: str | None) -> str:
        return person or ""

    def duration(self, seconds: int) -> str:
        return short_duration(seconds)

    def signed(self, seconds: int) -> str:
        return signed(seconds)

    def time(self, moment: dt.datetime | None) -> str:
        return hm(moment, self.state.tz)

    def started(self, at: dt.datetime) -> str | None:
        row = next(
            (row for row in self.state.rows if row.status in ("live", "done") and row.start == at), None
        )
        return None if row is None else row.title

    def ended(self, at: dt.datetime) -> bool:
        return self.state.ended_at == at

    def undid(self, undo: Action) -> Action | None:
        if self._undid is None:
            actions = list(self.actions)
            self._undid = {id(actions[u]): t for u, t in undo_targets(actions).items()}
        target = self._undid.get(id(undo))
        return self.actions[target] if target is not None else None

    def need(self, segment: str, index: int) -> bool:
        try:
            items = self.state.checklists[segment]
        except KeyError:  # an inserted segment: no checklist
            return False
        return 0 <= index < len(items) and items[index].need


def describe_action(action: Action, state: ShowState, actions: Sequence[Action] = ()) -> str:
    """One line for the feed of recent actions: what was done, in words (``Action.feed``);
    ``actions``: the journal's, for an undo to say what it took back."""
    return action.feed(FeedWords(state, actions))
