"""Actions: one thing the organizer did, with its wall-clock instant. One home per action type.

Each action type is ONE frozen dataclass below, and everything about it lives in that class:

- ``type``: its name in the journal; its dataclass fields are its fields, and the JSON form of
  its journal record is ``{"type": ..., "v": RECORD_VERSION, "at": ..., <its fields>}`` (instants
  as ISO 8601 with offset; ``to_record`` / ``from_record``; ``record_fields`` for a field kept
  out of the record, ``V1_DEFAULTS`` for what an absent field meant in records without ``v``);
- ``allowed``: the show phases (before, live, ended) in which it may be done;
- ``refuse(folded)``: why it is refused in a given state beyond that (None: allowed);
- ``undoable``: whether an Undo cancels it;
- ``apply(folded)``: what it does to the folded show (``reduce.fold``);
- ``feed(words)`` / ``report(words)``: its line in the console's feed and in the report's
  timeline (``Words`` gives the titles, names and formats each of those uses).

A new action type is one new class here, with all of these, added to ``ACTION_CLASSES``; nothing
else in ``show`` changes (``reduce`` and the journal only go through these attributes), and a
record of a type this runofshow does not know is reported as unreadable, never guessed at. What
it folds into is a field of ``Folded`` (show/folded.py), projected into ``ShowState``
(show/state.py, ``reduce.project``); a field type not yet in ``_CHECKS`` gets a line there. Its
fixture journal goes to tests/fixtures/journals (its show in ``generate_v2.py``, run once).

Moving in an action written the earlier way (a branch begun before this layout): its function
in ``reduce._APPLY`` becomes ``apply``, its ``ALLOWED`` entry ``allowed``, its cases of the
``match`` in ``reduce.refusal`` become ``refuse`` (same order), its place in ``UNDOABLE``
``undoable = True``, its case of ``tui.widgets.common.describe_action`` ``feed`` and its branch of
``export.md._Report.words`` ``report`` (free text through ``w.text``, titles ``w.title``, people
``w.person``); the json export's fields come from ``record_fields`` by themselves.

Journal record versions: records written before versions existed have no ``v`` and are format
1; records carry ``"v": RECORD_VERSION`` since. A record newer than this code is refused with a
message (like any unreadable record: reported and skipped); an older one is read by the rules of
its own version. Nothing already journaled is rewritten: a format change adds a version here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol

from ..base.slugs import ID_RULE, is_id
from ..plan.models import KINDS
from .folded import Folded, Run, SegmentDef, utc
from .state import ShowPhase, StageMessage

if TYPE_CHECKING:
    from collections.abc import Callable

RECORD_VERSION = 2
"""The format of the records this code writes. 1: no ``v`` key (before record versions), the
blackout a flag of the message (``Message``); 2: ``v``, the blackout its own record (``Blackout``)."""

BEFORE: Final = "before"
LIVE: Final = "live"
ENDED: Final = "ended"
ANY: frozenset[ShowPhase] = frozenset({BEFORE, LIVE, ENDED})
NOT_ENDED: frozenset[ShowPhase] = frozenset({BEFORE, LIVE})
ONLY_LIVE: frozenset[ShowPhase] = frozenset({LIVE})
ONLY_BEFORE: frozenset[ShowPhase] = frozenset({BEFORE})


class Words(Protocol):
    """What the feed and the report know that an action does not: titles, names and formats.

    The console's feed (tui/widgets/common.py) and the report's timeline (export/md.py) each
    give one; an action's ``feed`` and ``report`` build their line from it.
    """

    private: bool  # the report may show private things (notes)

    def text(self, text: str) -> str:
        """Free text as the medium shows it (the report escapes Markdown)."""
        ...

    def title(self, segment: str | None) -> str:
        """A segment's title (its id when there is no such segment)."""
        ...

    def person(self, person: str | None) -> str:
        """Who did it, as the medium names people."""
        ...

    def duration(self, seconds: int) -> str: ...

    def signed(self, seconds: int) -> str: ...

    def time(self, moment: dt.datetime | None) -> str: ...

    def started(self, at: dt.datetime) -> str | None:
        """The title (as ``title`` gives it) of the segment a GO at ``at`` started, None when it
        started none."""
        ...

    def ended(self, at: dt.datetime) -> bool:
        """Whether the show ended at ``at``."""
        ...


@dataclass(frozen=True, slots=True)
class Action:
    """What every action has: the instant it happened (aware) and its journal type."""

    at: dt.datetime
    type: ClassVar[str] = ""
    allowed: ClassVar[frozenset[ShowPhase]] = ANY
    undoable: ClassVar[bool] = False
    V1_DEFAULTS: ClassVar[dict[str, object]] = {}

    def record_fields(self) -> tuple[str, ...]:
        """The fields its journal record holds after ``type``, ``v`` and ``at``."""
        return _FIELD_ORDER[self.type]

    def refuse(self, f: Folded) -> str | None:
        """Why it is refused in ``f`` beyond its phases (``allowed``), or None."""
        return None

    def apply(self, f: Folded) -> None:
        """What it does to the show (in a replay, a refused action does nothing harmful)."""

    def feed(self, w: Words) -> str:
        return self.type.replace("_", " ")

    def report(self, w: Words) -> str | None:
        """Its line in the report's timeline; None to leave it out."""
        return self.type.replace("_", " ")


def _stop_live(f: Folded, at: dt.datetime) -> None:
    assert f.live is not None  # called with a live segment only
    run = f.runs[f.live]
    run.stop_pause(at)
    run.ended = at


@dataclass(frozen=True, slots=True)
class Go(Action):
    """Start the show, or end the live segment and start the next (on the last one: end the show)."""

    type: ClassVar[str] = "go"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        if f.live is None and f.next_pending() is None:
            return "there is no segment left to start"
        return None

    def apply(self, f: Folded) -> None:
        if f.ended_at is not None:
            return
        at = utc(self.at)
        nxt = f.next_pending()
        if f.live is None and nxt is None:  # nothing to start (refused live; ignored in a replay)
            return
        f.undoable += 1
        if f.live is not None:
            _stop_live(f, at)
        if nxt is None:
            f.live, f.ended_at = None, at
            return
        f.runs[nxt] = Run(started=at)
        f.live = nxt
        if f.started_at is None:
            f.started_at = at

    def feed(self, w: Words) -> str:
        started = w.started(self.at)
        if started is not None:
            return f"GO: {started}"
        return "GO: show ended" if w.ended(self.at) else "GO"

    def report(self, w: Words) -> str:
        started = w.started(self.at)
        if started is not None:
            return f"GO: {started}"
        return "GO: end of the show" if w.ended(self.at) else "GO"


@dataclass(frozen=True, slots=True)
class Pause(Action):
    """Pause the live segment's timer."""

    type: ClassVar[str] = "pause"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE

    def refuse(self, f: Folded) -> str | None:
        run = f.runs.get(f.live) if f.live else None
        return "already paused" if run and run.paused_at is not None else None

    def apply(self, f: Folded) -> None:
        if f.live and f.runs[f.live].paused_at is None:
            f.runs[f.live].paused_at = utc(self.at)

    def feed(self, w: Words) -> str:
        return "paused"

    report = feed


@dataclass(frozen=True, slots=True)
class Resume(Action):
    """Resume the live segment's paused timer."""

    type: ClassVar[str] = "resume"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE

    def refuse(self, f: Folded) -> str | None:
        run = f.runs.get(f.live) if f.live else None
        return "not paused" if run and run.paused_at is None else None

    def apply(self, f: Folded) -> None:
        if f.live:
            f.runs[f.live].stop_pause(utc(self.at))

    def feed(self, w: Words) -> str:
        return "resumed"

    report = feed


@dataclass(frozen=True, slots=True)
class AddTime(Action):
    """Give the live segment more time (or less, with negative seconds)."""

    seconds: int = 60  # negative removes time
    type: ClassVar[str] = "add_time"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        seconds = self.seconds
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            return "the time to add must be a whole number of seconds"
        if seconds == 0:
            return "no time to add"
        live = f.live
        run = f.runs.get(live) if live else None
        if live and run and f.defs[live].duration + run.added + seconds <= 0:
            return "cannot remove more time than the segment has"
        return None

    def apply(self, f: Folded) -> None:
        # Taking more time than the live segment has is refused live; a replay ignores it (a hand edit).
        if f.live and f.defs[f.live].duration + f.runs[f.live].added + self.seconds > 0:
            f.undoable += 1
            f.runs[f.live].added += self.seconds

    def feed(self, w: Words) -> str:
        return f"{'added' if self.seconds > 0 else 'removed'} {w.duration(abs(self.seconds))}"

    def report(self, w: Words) -> str:
        return f"time {'added' if self.seconds > 0 else 'removed'}: {w.signed(self.seconds)}"


def _not_pending(f: Folded, segment: str) -> str | None:
    return None if f.is_pending(segment) else f"'{segment}' is not a pending segment"


def _not_a_place(f: Folded, after: str | None) -> str | None:
    if after is not None and not (after == f.live or f.is_pending(after)):
        return f"'{after}' is neither live nor pending"
    return None


@dataclass(frozen=True, slots=True)
class Skip(Action):
    """Skip a segment that has not started."""

    segment: str = ""
    type: ClassVar[str] = "skip"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED

    def refuse(self, f: Folded) -> str | None:
        return _not_pending(f, self.segment)

    def apply(self, f: Folded) -> None:
        if f.is_pending(self.segment):
            f.skipped.add(self.segment)

    def feed(self, w: Words) -> str:
        return f"skipped {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        return f"skipped: {w.title(self.segment)}"


@dataclass(frozen=True, slots=True)
class Move(Action):
    """Put a pending segment right after ``after`` (None: first of the pending ones)."""

    segment: str = ""
    after: str | None = None
    type: ClassVar[str] = "move"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED

    def refuse(self, f: Folded) -> str | None:
        if (reason := _not_pending(f, self.segment)) is not None:
            return reason
        if self.after == self.segment:
            return "a segment cannot be moved after itself"
        return _not_a_place(f, self.after)

    def apply(self, f: Folded) -> None:
        if f.is_pending(self.segment) and self.after != self.segment:
            f.order.remove(self.segment)
            f.place(self.segment, self.after)

    def feed(self, w: Words) -> str:
        return f"moved {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        where = f"after {w.title(self.after)}" if self.after else "to next"
        return f"moved: {w.title(self.segment)} {where}"


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
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED

    def refuse(self, f: Folded) -> str | None:
        segment, duration, title = self.segment, self.duration, self.title
        if not is_id(segment):
            return f"'{segment}' is not a valid segment id ({ID_RULE})"
        if segment in f.defs:
            return f"there is already a segment '{segment}'"
        if (
            isinstance(duration, bool)
            or not isinstance(duration, int)
            or duration <= 0
            or not isinstance(title, str)
            or not title.strip()
        ):
            return "an inserted segment needs a title and a duration above zero"
        if self.kind not in KINDS:
            return f"unknown kind '{self.kind}' (one of {', '.join(KINDS)})"
        return _not_a_place(f, self.after)

    def apply(self, f: Folded) -> None:
        if self.segment in f.defs:
            return
        timers = f.plan.timers
        f.defs[self.segment] = SegmentDef(
            id=self.segment,
            title=self.title,
            kind=self.kind,
            speakers=(self.speakers,) if self.speakers else (),
            duration=self.duration,
            planned_start=None,
            hard_start=None,
            qa=0,
            warn=min(timers.warn, self.duration),
            wrap=min(timers.wrap, timers.warn, self.duration),
            inserted=True,
        )
        f.place(self.segment, self.after)

    def feed(self, w: Words) -> str:
        return f"inserted {self.title} ({w.duration(self.duration)})"

    def report(self, w: Words) -> str:
        who = f", {w.text(self.speakers)}" if self.speakers else ""
        return f"inserted: {w.text(self.title)} ({w.duration(self.duration)}{who})"


@dataclass(frozen=True, slots=True)
class CheckItem(Action):
    """Tick (or untick) one checklist item of a segment."""

    segment: str = ""
    index: int = 0
    item: str = ""  # the item's text, for a journal a person can read
    by: str | None = None
    done: bool = True  # False unchecks
    type: ClassVar[str] = "check_item"

    def refuse(self, f: Folded) -> str | None:
        if not f.has_item(self.segment, self.index):
            return f"segment '{self.segment}' has no checklist item {self.index}"
        return None

    def apply(self, f: Folded) -> None:
        f.checks[(self.segment, self.index)] = (self.done, self.by, self.at.astimezone(f.tz))

    def feed(self, w: Words) -> str:
        by = f" ({w.person(self.by)})" if self.by else ""
        return f"{'checked' if self.done else 'unchecked'} {self.item}{by}"

    def report(self, w: Words) -> str:
        by = f" by {w.person(self.by)}" if self.by else ""
        verb = "checked" if self.done else "unchecked"
        return f"{verb}: {w.text(self.item)} ({w.title(self.segment)}){by}"


@dataclass(frozen=True, slots=True)
class HandoffDone(Action):
    """The handoff into a segment has been done."""

    segment: str = ""
    by: str | None = None
    type: ClassVar[str] = "handoff_done"

    def refuse(self, f: Folded) -> str | None:
        return None if self.segment in f.defs else f"no segment '{self.segment}'"

    def apply(self, f: Folded) -> None:
        f.handoffs[self.segment] = (self.at.astimezone(f.tz), self.by)

    def feed(self, w: Words) -> str:
        return f"handoff done: {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        by = f" by {w.person(self.by)}" if self.by else ""
        return f"handoff done: {w.title(self.segment)}{by}"


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


BLACKOUT_TEXT = "(blackout)"
"""Format 1 had no blackout record: a blackout without a message was this message, blacked out."""


@dataclass(frozen=True, slots=True)
class Message(Action):
    """Put a message on the stage view (replacing any), optionally flashing.

    ``blackout`` is None in today's records: a message leaves the blackout as it is (``Blackout``
    turns it on and off). Records of format 1 carried the blackout in the message (absent:
    false): such a record also sets the blackout, and with the text ``BLACKOUT_TEXT`` it is a
    blackout without a message.
    """

    text: str = ""
    flash: bool = False
    blackout: bool | None = None
    type: ClassVar[str] = "message"
    V1_DEFAULTS: ClassVar[dict[str, object]] = {"blackout": False}

    @property
    def is_bare_blackout(self) -> bool:
        """A format 1 blackout without a message of its own."""
        return self.blackout is True and self.text == BLACKOUT_TEXT

    def record_fields(self) -> tuple[str, ...]:
        return ("text", "flash") if self.blackout is None else ("text", "flash", "blackout")

    def refuse(self, f: Folded) -> str | None:
        return "the message is empty" if _blank(self.text) else None

    def apply(self, f: Folded) -> None:
        if self.blackout is not None:
            f.blackout = self.blackout
        if self.is_bare_blackout:
            f.message = None
        else:
            f.message = StageMessage(self.text, self.flash, self.at.astimezone(f.tz))

    def feed(self, w: Words) -> str:
        if self.is_bare_blackout:
            return "blackout on"
        flags = ", ".join(word for word, on in (("flash", self.flash), ("blackout", self.blackout)) if on)
        return f'message "{self.text}"' + (f" ({flags})" if flags else "")

    def report(self, w: Words) -> str:
        if self.is_bare_blackout:
            return "blackout on"
        flags = "".join((" (flashing)" if self.flash else "", " (blackout)" if self.blackout else ""))
        return f"stage message: “{w.text(self.text)}”{flags}"


@dataclass(frozen=True, slots=True)
class Blackout(Action):
    """Black the stage view out (only the clock stays), or bring it back; any message stays."""

    on: bool = True
    type: ClassVar[str] = "blackout"

    def refuse(self, f: Folded) -> str | None:
        if not isinstance(self.on, bool):
            return "a blackout is on or off"
        if self.on == f.blackout:
            return "the stage is already blacked out" if self.on else "the stage is not blacked out"
        return None

    def apply(self, f: Folded) -> None:
        f.blackout = self.on

    def feed(self, w: Words) -> str:
        return "blackout on" if self.on else "blackout off"

    report = feed


@dataclass(frozen=True, slots=True)
class ClearMessage(Action):
    """Remove the stage message and end the blackout: the stage shows the timer again."""

    type: ClassVar[str] = "clear_message"

    def refuse(self, f: Folded) -> str | None:
        return "there is no message to clear" if f.message is None and not f.blackout else None

    def apply(self, f: Folded) -> None:
        f.message = None
        f.blackout = False

    def feed(self, w: Words) -> str:
        return "message cleared"

    def report(self, w: Words) -> str:
        return "stage message cleared"


@dataclass(frozen=True, slots=True)
class Note(Action):
    """A note for the journal and the report; never shown on stage."""

    text: str = ""
    type: ClassVar[str] = "note"

    def refuse(self, f: Folded) -> str | None:
        return "the note is empty" if _blank(self.text) else None

    def apply(self, f: Folded) -> None:
        f.notes.append((self.at.astimezone(f.tz), self.text))

    def feed(self, w: Words) -> str:
        return f"note: {self.text}"

    def report(self, w: Words) -> str | None:
        return f"note: {w.text(self.text)}" if w.private else None


@dataclass(frozen=True, slots=True)
class EndShow(Action):
    """End the show (undoable)."""

    type: ClassVar[str] = "end_show"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE
    undoable: ClassVar[bool] = True

    def apply(self, f: Folded) -> None:
        if f.live is None:  # nothing runs (refused live; ignored in a replay)
            return
        at = utc(self.at)
        f.undoable += 1
        _stop_live(f, at)
        f.live = None
        f.ended_at = at

    def feed(self, w: Words) -> str:
        return "show ended"

    report = feed


@dataclass(frozen=True, slots=True)
class Undo(Action):
    """Undo the last GO, time change or show end not already undone (an undone end show reopens the show).

    Its effect is in ``reduce.cancelled_indexes`` (an undo reaches back over other actions):
    ``apply`` does nothing.
    """

    type: ClassVar[str] = "undo"

    def refuse(self, f: Folded) -> str | None:
        return "nothing to undo" if f.undoable <= 0 else None

    def feed(self, w: Words) -> str:
        return "undo"

    report = feed


def _aware(moment: object) -> bool:
    return isinstance(moment, dt.datetime) and moment.tzinfo is not None and moment.utcoffset() is not None


@dataclass(frozen=True, slots=True)
class Rehearse(Action):
    """Shift the whole plan so that it starts at ``start`` (a rehearsal on another day)."""

    start: dt.datetime | None = None
    type: ClassVar[str] = "rehearse"
    undoable: ClassVar[bool] = True  # a rehearsal started by mistake is taken back with u
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_BEFORE

    def refuse(self, f: Folded) -> str | None:
        if self.start is None:
            return "a rehearsal needs a start"
        if not _aware(self.start):
            return "the rehearsal start has no timezone offset"
        return None

    def apply(self, f: Folded) -> None:
        if f.show == BEFORE and self.start is not None:
            f.undoable += 1
            f.offset = utc(self.start) - utc(f.plan.start)

    def feed(self, w: Words) -> str:
        return f"rehearsal: plan shifted to start {w.time(self.start)}"

    def report(self, w: Words) -> str:
        return f"rehearsal: plan shifted to start at {w.time(self.start)}" if self.start else "rehearsal"


ACTION_CLASSES: tuple[type[Action], ...] = (
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
    Blackout,
    ClearMessage,
    Note,
    EndShow,
    Undo,
    Rehearse,
)
ACTION_TYPES: dict[str, type[Action]] = {cls.type: cls for cls in ACTION_CLASSES}
UNDOABLE: tuple[type[Action], ...] = tuple(cls for cls in ACTION_CLASSES if cls.undoable)
ALLOWED: dict[str, frozenset[ShowPhase]] = {cls.type: cls.allowed for cls in ACTION_CLASSES}


# --- the JSON form ---------------------------------------------------------------------------------


class BadRecord(ValueError):
    """A journal record that is not a known action."""


_FIELD_ORDER = {
    name: tuple(f.name for f in fields(cls) if f.name != "at") for name, cls in ACTION_TYPES.items()
}


def to_record(action: Action) -> dict:
    """The journal record of ``action``: ``type``, ``v``, ``at``, then its fields in order."""
    record = {"type": action.type, "v": RECORD_VERSION, "at": action.at.isoformat()}
    for key in action.record_fields():
        value = getattr(action, key)
        record[key] = value.isoformat() if isinstance(value, dt.datetime) else value
    return record


def from_record(record: dict) -> Action:
    """The action a journal record holds; BadRecord when it is not one (unknown type, a record
    version newer than this code, a missing or mistyped field, an instant without offset). Keys
    that are not fields (``seq``) are ignored."""
    try:
        parse = ACTION_PARSERS[record["type"]]
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


# Replaying a journal parses every record: one small closure per action type, made from its
# dataclass fields (no generated code), checks each field's exact type in one pass (a hand-edited
# journal must not crash the replay later) without building intermediate dicts. Per field type:
# the exact types it accepts, what to say otherwise, whether it is an instant.
_CHECKS: dict[str, tuple[tuple[type, ...], str, bool]] = {
    "int": ((int,), "a whole number", False),
    "bool": ((bool,), "true or false", False),
    "bool | None": ((bool, type(None)), "true, false or null", False),
    "str": ((str,), "text", False),
    "str | None": ((str, type(None)), "text or null", False),
    "dt.datetime | None": ((str, type(None)), "an ISO 8601 instant or null", True),
}


def _instant(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise BadRecord("instant without offset")
    return moment


def _make_parser(cls: type[Action]) -> Callable[[dict], Action]:
    fromiso, current = dt.datetime.fromisoformat, RECORD_VERSION
    own = [f for f in fields(cls) if f.name != "at"]
    checks = {f.name: _CHECKS[str(f.type)] for f in own}  # annotations are strings here
    Spec = tuple[tuple[str, Any, frozenset[type], str], ...]
    spec: Spec = tuple(
        (f.name, f.default, frozenset(checks[f.name][0]), f"{f.name} must be {checks[f.name][1]}")
        for f in own
    )
    v1_spec: Spec = tuple(
        (name, cls.V1_DEFAULTS.get(name, default), accepted, message)
        for name, default, accepted, message in spec
    )
    instants = tuple(i for i, f in enumerate(own) if checks[f.name][2])

    def parse(r: dict) -> Action:
        at = fromiso(r["at"])
        if at.tzinfo is None:
            raise BadRecord("instant without offset")
        version = r.get("v", 1)
        if version == current and type(version) is int:
            fields_ = spec
        elif version == 1 and type(version) is int:
            fields_ = v1_spec
        else:
            raise BadRecord(f"record format {version!r} (this runofshow reads 1 to {current})")
        if not fields_:
            return cls(at)
        get = r.get
        values: list[object] = []
        append = values.append
        for name, default, accepted, message in fields_:
            value = get(name, default)
            if type(value) not in accepted:
                raise BadRecord(message)
            append(value)
        for i in instants:
            if values[i] is not None:
                values[i] = _instant(values[i])  # type: ignore[arg-type]  # a str: checked above
        return cls(at, *values)

    parse.__qualname__ = f"parse_{cls.type}"
    return parse


ACTION_PARSERS: dict[str, Callable[[dict], Action]] = {
    name: _make_parser(cls) for name, cls in ACTION_TYPES.items()
}
