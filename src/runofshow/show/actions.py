"""Actions: one thing the organizer did, with its wall-clock instant.

Each action is a small frozen dataclass. ``to_record`` / ``from_record`` turn them into the
JSON objects of the journal and back; the ``type`` field names the class.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Action:
    """What every action has: the instant it happened (aware) and its journal type."""

    at: dt.datetime
    type: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class Go(Action):
    """Start the show, or end the live segment and start the next (on the last one: end the show)."""

    type: ClassVar[str] = "go"


@dataclass(frozen=True, slots=True)
class Pause(Action):
    """Pause the live segment's timer."""

    type: ClassVar[str] = "pause"


@dataclass(frozen=True, slots=True)
class Resume(Action):
    """Resume the live segment's paused timer."""

    type: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True)
class AddTime(Action):
    """Give the live segment more time (or less, with negative seconds)."""

    seconds: int = 60  # negative removes time
    type: ClassVar[str] = "add_time"


@dataclass(frozen=True, slots=True)
class Skip(Action):
    """Skip a segment that has not started."""

    segment: str = ""
    type: ClassVar[str] = "skip"


@dataclass(frozen=True, slots=True)
class Move(Action):
    """Put a pending segment right after ``after`` (None: first of the pending ones)."""

    segment: str = ""
    after: str | None = None
    type: ClassVar[str] = "move"


@dataclass(frozen=True, slots=True)
class Insert(Action):
    """An ad-hoc segment (a surprise lightning talk), placed right after ``after`` (None: next up)."""

    segment: str = ""
    title: str = ""
    duration: int = 300
    kind: str = "other"
    speakers: str = ""  # free text: an ad-hoc speaker has no entry in the plan
    after: str | None = None
    type: ClassVar[str] = "insert"


@dataclass(frozen=True, slots=True)
class CheckItem(Action):
    """Tick (or untick) one checklist item of a segment."""

    segment: str = ""
    index: int = 0
    item: str = ""  # the item's text, for a journal a person can read
    by: str | None = None
    done: bool = True  # False unchecks
    type: ClassVar[str] = "check_item"


@dataclass(frozen=True, slots=True)
class HandoffDone(Action):
    """The handoff into a segment has been done."""

    segment: str = ""
    by: str | None = None
    type: ClassVar[str] = "handoff_done"


@dataclass(frozen=True, slots=True)
class Message(Action):
    """Put a message on the stage view (replacing any), optionally flashing, optionally blacking it out."""

    text: str = ""
    flash: bool = False
    blackout: bool = False
    type: ClassVar[str] = "message"


@dataclass(frozen=True, slots=True)
class ClearMessage(Action):
    """Remove the stage message (and the blackout)."""

    type: ClassVar[str] = "clear_message"


@dataclass(frozen=True, slots=True)
class Note(Action):
    """A note for the journal and the report; never shown on stage."""

    text: str = ""
    type: ClassVar[str] = "note"


@dataclass(frozen=True, slots=True)
class EndShow(Action):
    """End the show (undoable)."""

    type: ClassVar[str] = "end_show"


@dataclass(frozen=True, slots=True)
class Undo(Action):
    """Undo the most recent undoable action (``UNDOABLE``) not already undone; pressed again, the
    one before it, and so on. The journal keeps both: the replay leaves the pair out.

    ``any_kind``: what the console writes since issue 20. A record without it (journaled before)
    keeps the meaning it had then: the last GO, time change or show end (``UNDOABLE_BEFORE``), so
    an old journal replays to the same show."""

    any_kind: bool = False
    type: ClassVar[str] = "undo"


@dataclass(frozen=True, slots=True)
class Rehearse(Action):
    """Shift the whole plan so that it starts at ``start`` (a rehearsal on another day)."""

    start: dt.datetime | None = None
    type: ClassVar[str] = "rehearse"


@dataclass(frozen=True, slots=True)
class HeadCount(Action):
    """How many people are in the room. Counted several times a night: the last and the highest
    are kept (the report's headline shows both)."""

    count: int = 0
    type: ClassVar[str] = "head_count"


@dataclass(frozen=True, slots=True)
class EditSegment(Action):
    """Change a pending segment live: its title, its duration, or its speakers' display text
    (None: unchanged). The plan is not touched; the run of show, the stage and the reports follow."""

    segment: str = ""
    title: str | None = None
    duration: int | None = None
    speakers: str | None = None  # free text, as an inserted segment's; "" clears them
    type: ClassVar[str] = "edit_segment"


@dataclass(frozen=True, slots=True)
class Unskip(Action):
    """Bring a skipped segment back, before its slot has passed (no segment after it has started)."""

    segment: str = ""
    type: ClassVar[str] = "unskip"


@dataclass(frozen=True, slots=True)
class Amend(Action):
    """The plan file changed mid-show: its changes to the segments not started yet (durations,
    titles, order, new segments, checklists, people) apply from now on, as one action. The full
    new text is journaled, so the journal alone still replays; what already happened stays."""

    plan_text: str = ""
    plan_sha256: str = ""
    type: ClassVar[str] = "amend"


ACTION_TYPES: dict[str, type[Action]] = {
    cls.type: cls
    for cls in (
        Go,
        Pause,
        Resume,
        AddTime,
        Skip,
        Move,
        Insert,
        CheckItem,
        HandoffDone,
        Message,
        ClearMessage,
        Note,
        EndShow,
        Undo,
        Rehearse,
        HeadCount,
        EditSegment,
        Unskip,
        Amend,
    )
}
# What u undoes, most recent first (issue 20): everything the organizer does to the show, not
# pause/resume (a toggle of their own), notes, rehearsal shifts, nor an undo itself.
UNDOABLE_BEFORE: tuple[type[Action], ...] = (Go, AddTime, EndShow)  # an Undo without any_kind
UNDOABLE: tuple[type[Action], ...] = (
    Go,
    AddTime,
    EndShow,
    Skip,
    Unskip,
    Insert,
    Move,
    CheckItem,
    HandoffDone,
    Message,
    ClearMessage,
    EditSegment,
    HeadCount,
)
_FIELD_NAMES = {name: {f.name for f in fields(cls)} for name, cls in ACTION_TYPES.items()}


class BadRecord(ValueError):
    """A journal record that is not a known action."""


def to_record(action: Action) -> dict:
    record = {"type": action.type}
    for key in _FIELD_ORDER[action.type]:
        value = getattr(action, key)
        record[key] = value.isoformat() if isinstance(value, dt.datetime) else value
    return record


def from_record(record: dict) -> Action:
    """The action a journal record holds; BadRecord when it is not one (unknown type, a missing
    or mistyped field, an instant without offset). Keys that are not fields (``seq``) are ignored."""
    try:
        parse = _PARSERS[record["type"]]
    except KeyError:
        raise BadRecord(f"unknown action type {record.get('type')!r}") from None
    except (TypeError, AttributeError):
        raise BadRecord("not an action: a record is a JSON object with a type") from None
    try:
        return parse(record)
    except BadRecord:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BadRecord(f"not a {record['type']} action: {error!r}") from None


# Replaying a journal parses every record: one small function per action type, generated from
# the dataclass fields, does it in a single pass with type checks (a hand-edited journal must not
# crash the replay later) and without building intermediate dicts.
_FIELD_ORDER = {name: tuple(f.name for f in fields(cls)) for name, cls in ACTION_TYPES.items()}
_CHECKS = {
    "int": ("type({v}) is int", "a whole number"),
    "int | None": ("{v} is None or type({v}) is int", "a whole number or null"),
    "bool": ("type({v}) is bool", "true or false"),
    "str": ("type({v}) is str", "text"),
    "str | None": ("{v} is None or type({v}) is str", "text or null"),
    "dt.datetime | None": ("{v} is None or type({v}) is str", "an ISO 8601 instant or null"),
}


def _instant(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise BadRecord("instant without offset")
    return moment


def _make_parser(cls: type[Action]):
    namespace = {
        "cls": cls,
        "_instant": _instant,
        "_fromiso": dt.datetime.fromisoformat,
        "BadRecord": BadRecord,
    }
    body = [
        "def parse(r):",
        "    at = _fromiso(r['at'])",
        "    if at.tzinfo is None:",
        "        raise BadRecord('instant without offset')",
    ]
    args = ["at"]
    for i, f in enumerate(fields(cls)):
        if f.name == "at":
            continue
        check, expected = _CHECKS[f.type]
        namespace[f"d{i}"] = f.default
        body.append(f"    v{i} = r.get({f.name!r}, d{i})")
        body.append(f"    if not ({check.format(v=f'v{i}')}):")
        body.append(f"        raise BadRecord({f'{f.name} must be {expected}'!r})")
        if f.type.startswith("dt.datetime"):
            body.append(f"    if v{i} is not None: v{i} = _instant(v{i})")
        args.append(f"v{i}")
    body.append(f"    return cls({', '.join(args)})")
    exec("\n".join(body), namespace)
    return namespace["parse"]


_PARSERS = ACTION_PARSERS = {name: _make_parser(cls) for name, cls in ACTION_TYPES.items()}
