"""Display helpers shared by the Textual views: time formats, phase names, action descriptions.

Pure functions of the ShowState and the plan (no Textual import here), so that the stage view can
reuse them and tests can check them without an app.
"""

from __future__ import annotations

import datetime as dt
import math

from ...plan import format_clock
from ...show import (
    Action,
    AddTime,
    CheckItem,
    ClearMessage,
    EditSegment,
    EndShow,
    Go,
    HandoffDone,
    HeadCount,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    ShowState,
    Skip,
    Undo,
    Unskip,
)

PHASE_CLASSES = (
    "phase-pending",
    "phase-on-time",
    "phase-warning",
    "phase-wrap",
    "phase-qa",
    "phase-overtime",
    "phase-paused",
    "phase-before",
    "phase-ended",
)


def phase_class(phase: str) -> str:
    """The CSS class of a phase (``on_time`` -> ``phase-on-time``); matches the theme variables."""
    return "phase-" + phase.replace("_", "-")


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


def undo_words(action: Action, state: ShowState) -> str:
    """What an undo took back, as the organizer would say it: "skip 'Lightning talks'"."""
    title = lambda seg: segment_title(state, seg)  # noqa: E731
    match action:
        case Go():
            return "GO"
        case AddTime(seconds=seconds):
            return f"{'+' if seconds > 0 else '-'}{short_duration(abs(seconds))}"
        case Skip(segment=segment):
            return f"skip '{title(segment)}'"
        case Unskip(segment=segment):
            return f"un-skip '{title(segment)}'"
        case Insert(title=new_title):
            return f"insert '{new_title}'"
        case Move(segment=segment):
            return f"move '{title(segment)}'"
        case CheckItem(item=item, done=done):
            return f"{'check' if done else 'uncheck'} '{item}'"
        case HandoffDone(segment=segment):
            return f"handoff '{title(segment)}'"
        case Message(text=text):
            return f"message '{text}'"
        case ClearMessage():
            return "clear message"
        case EndShow():
            return "end show"
        case EditSegment(segment=segment):
            return f"edit '{title(segment)}'"
        case HeadCount(count=count):
            return f"head count {count}"
    return action.type.replace("_", " ")


def describe_action(action: Action, state: ShowState) -> str:
    """One line for the feed of recent actions: what was done, in words."""
    title = lambda seg: segment_title(state, seg)  # noqa: E731
    match action:
        case Go(at=at):
            started = next(
                (row for row in state.rows if row.status in ("live", "done") and row.start == at), None
            )
            if started is not None:
                return f"GO: {started.title}"
            return "GO: show ended" if state.ended_at == at else "GO"
        case Pause():
            return "paused"
        case Resume():
            return "resumed"
        case AddTime(seconds=seconds):
            return f"{'added' if seconds > 0 else 'removed'} {short_duration(abs(seconds))}"
        case Skip(segment=segment):
            return f"skipped {title(segment)}"
        case Unskip(segment=segment):
            return f"un-skipped {title(segment)}"
        case Move(segment=segment):
            return f"moved {title(segment)}"
        case Insert(title=new_title, duration=duration):
            return f"inserted {new_title} ({short_duration(duration)})"
        case CheckItem(item=item, done=done, by=by):
            return f"{'checked' if done else 'unchecked'} {item}" + (f" ({by})" if by else "")
        case HandoffDone(segment=segment):
            return f"handoff done: {title(segment)}"
        case Message(text=text, flash=flash, blackout=blackout):
            flags = ", ".join(word for word, on in (("flash", flash), ("blackout", blackout)) if on)
            return f'message "{text}"' + (f" ({flags})" if flags else "")
        case ClearMessage():
            return "message cleared"
        case Note(text=text):
            return f"note: {text}"
        case EndShow():
            return "show ended"
        case Undo():
            return "undo"
        case EditSegment(segment=segment):
            return f"edited {title(segment)}"
        case HeadCount(count=count):
            return f"head count: {count}"
        case Rehearse(start=start):
            return f"rehearsal: plan shifted to start {hm(start, state.tz)}"
    return action.type.replace("_", " ")
