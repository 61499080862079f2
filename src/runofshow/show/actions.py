"""Actions: one thing the organizer did, with its wall-clock instant. One home per action type.

Each action type is ONE frozen dataclass below, and everything about it lives in that class:

- ``type``: its name in the journal; its dataclass fields are its fields, and the JSON form of
  its journal record is ``{"type": ..., "v": RECORD_VERSION, "at": ..., <its fields>}`` (instants
  as ISO 8601 with offset; ``to_record`` / ``from_record``; ``record_fields`` for a field kept
  out of the record, ``V1_DEFAULTS`` for what an absent field meant in records without ``v``);
- ``allowed``: the show phases (before, live, ended) in which it may be done;
- ``refuse(folded)``: why it is refused in a given state beyond that (None: allowed);
- ``undoable``: whether an Undo cancels it (``undoable_before_20``: also an Undo record without
  ``any_kind``, journaled before issue 20 made u undo anything); ``undo_words(words)``: what the
  toast and the feed call it once undone ("skip 'Lightning talks'");
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
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol

from ..base.slugs import ID_RULE, is_id
from ..plan.models import KINDS
from .amend import amended_plan, apply_amendment
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

    def undid(self, undo: Action) -> Action | None:
        """The action ``undo`` (one of the actions the medium shows) took back, None when none."""
        ...

    def need(self, segment: str, index: int) -> bool:
        """Whether item ``index`` of ``segment``'s checklist is a speaker's need (its ``by`` is
        the speaker it is for, not who does it)."""
        ...


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Action:
    """What every action has: the instant it happened (aware) and its journal type."""

    at: dt.datetime
    # -- source (issue 15): who sent it: "key" (the console's keys, the default), "api" (HTTP) or
    # "osc". Keyword-only, so no positional call changes; not one of ``record_fields``: the record
    # carries ``source`` only when it is not "key", so a key's record is as before and a record
    # without it (any journal written before) reads as a key's.
    source: str = field(default="key", kw_only=True)
    type: ClassVar[str] = ""
    allowed: ClassVar[frozenset[ShowPhase]] = ANY
    undoable: ClassVar[bool] = False
    undoable_before_20: ClassVar[bool] = False
    V1_DEFAULTS: ClassVar[dict[str, object]] = {}

    # __eq__, __hash__ and __repr__ as dataclass would write them, written once for every action:
    # dataclass makes each one by exec'ing its source, and 3 x 25 of those were ~6 ms of the
    # console's start-up (an action's equality is for tests and replays, not a hot path).
    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _field_names(self.__class__))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # the same class

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        names = _field_names(self.__class__)
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

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

    def undo_words(self, w: Words) -> str:
        """What an undo took back, as the organizer would say it: "skip 'Lightning talks'"."""
        return self.type.replace("_", " ")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """An action class's fields, in dataclass order (the base's first)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _stop_live(f: Folded, at: dt.datetime) -> None:
    assert f.live is not None  # called with a live segment only
    run = f.runs[f.live]
    run.stop_pause(at)
    run.ended = at


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Go(Action):
    """Start the show, or end the live segment and start the next (on the last one: end the show)."""

    type: ClassVar[str] = "go"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True
    undoable_before_20: ClassVar[bool] = True

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

    def undo_words(self, w: Words) -> str:
        return "GO"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class AddTime(Action):
    """Give the live segment more time (or less, with negative seconds)."""

    seconds: int = 60  # negative removes time
    type: ClassVar[str] = "add_time"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE
    undoable: ClassVar[bool] = True
    undoable_before_20: ClassVar[bool] = True

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
            f.runs[f.live].added += self.seconds

    def feed(self, w: Words) -> str:
        return f"{'added' if self.seconds > 0 else 'removed'} {w.duration(abs(self.seconds))}"

    def report(self, w: Words) -> str:
        return f"time {'added' if self.seconds > 0 else 'removed'}: {w.signed(self.seconds)}"

    def undo_words(self, w: Words) -> str:
        return f"{'+' if self.seconds > 0 else '-'}{w.duration(abs(self.seconds))}"


def _not_pending(f: Folded, segment: str) -> str | None:
    return None if f.is_pending(segment) else f"'{segment}' is not a pending segment"


def _not_a_place(f: Folded, after: str | None) -> str | None:
    if after is not None and not (after == f.live or f.is_pending(after)):
        return f"'{after}' is neither live nor pending"
    return None


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Skip(Action):
    """Skip a segment that has not started."""

    segment: str = ""
    type: ClassVar[str] = "skip"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        return _not_pending(f, self.segment)

    def apply(self, f: Folded) -> None:
        if f.is_pending(self.segment):
            f.skipped.add(self.segment)

    def feed(self, w: Words) -> str:
        return f"skipped {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        return f"skipped: {w.title(self.segment)}"

    def undo_words(self, w: Words) -> str:
        return f"skip '{w.title(self.segment)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Move(Action):
    """Put a pending segment right after ``after`` (None: first of the pending ones)."""

    segment: str = ""
    after: str | None = None
    type: ClassVar[str] = "move"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True

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

    def undo_words(self, w: Words) -> str:
        return f"move '{w.title(self.segment)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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
    undoable: ClassVar[bool] = True

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

    def undo_words(self, w: Words) -> str:
        return f"insert '{w.text(self.title)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class CheckItem(Action):
    """Tick (or untick) one checklist item of a segment."""

    segment: str = ""
    index: int = 0
    item: str = ""  # the item's text, for a journal a person can read
    by: str | None = None
    done: bool = True  # False unchecks
    type: ClassVar[str] = "check_item"
    undoable: ClassVar[bool] = True

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
        word = "for" if w.need(self.segment, self.index) else "by"  # a speaker's need: for them
        by = f" {word} {w.person(self.by)}" if self.by else ""
        verb = "checked" if self.done else "unchecked"
        return f"{verb}: {w.text(self.item)} ({w.title(self.segment)}){by}"

    def undo_words(self, w: Words) -> str:
        return f"{'check' if self.done else 'uncheck'} '{w.text(self.item)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class HandoffDone(Action):
    """The handoff into a segment has been done."""

    segment: str = ""
    by: str | None = None
    type: ClassVar[str] = "handoff_done"
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        return None if self.segment in f.defs else f"no segment '{self.segment}'"

    def apply(self, f: Folded) -> None:
        f.handoffs[self.segment] = (self.at.astimezone(f.tz), self.by)

    def feed(self, w: Words) -> str:
        return f"handoff done: {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        by = f" by {w.person(self.by)}" if self.by else ""
        return f"handoff done: {w.title(self.segment)}{by}"

    def undo_words(self, w: Words) -> str:
        return f"handoff '{w.title(self.segment)}'"


def _blank(text: object) -> bool:
    return not isinstance(text, str) or not text.strip()


BLACKOUT_TEXT = "(blackout)"
"""Format 1 had no blackout record: a blackout without a message was this message, blacked out."""


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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
    undoable: ClassVar[bool] = True  # the replay then shows the message before it
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

    def undo_words(self, w: Words) -> str:
        return "blackout" if self.is_bare_blackout else f"message '{w.text(self.text)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class StageSound(Action):
    """Turn the stage view's sound on or off (issue 17, item 3): the chime at the warning, at
    wrap, at zero and for a flashed message. The journal's latest choice wins over the stage's
    ``--sound`` flag once made; before any, the flag alone decides (``Folded.stage_sound`` None).
    Not undoable, as the blackout: the other choice is the way back."""

    on: bool = True
    type: ClassVar[str] = "stage_sound"

    def refuse(self, f: Folded) -> str | None:
        if not isinstance(self.on, bool):
            return "the stage sound is on or off"
        if self.on == f.stage_sound:
            return f"the stage sound is already {'on' if self.on else 'off'}"
        return None

    def apply(self, f: Folded) -> None:
        f.stage_sound = self.on

    def feed(self, w: Words) -> str:
        return "stage sound on" if self.on else "stage sound off"

    report = feed


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class ClearMessage(Action):
    """Remove the stage message and end the blackout: the stage shows the timer again."""

    type: ClassVar[str] = "clear_message"
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        return "there is no message to clear" if f.message is None and not f.blackout else None

    def apply(self, f: Folded) -> None:
        f.message = None
        f.blackout = False

    def feed(self, w: Words) -> str:
        return "message cleared"

    def report(self, w: Words) -> str:
        return "stage message cleared"

    def undo_words(self, w: Words) -> str:
        return "clear message"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class EndShow(Action):
    """End the show (undoable)."""

    type: ClassVar[str] = "end_show"
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_LIVE
    undoable: ClassVar[bool] = True
    undoable_before_20: ClassVar[bool] = True

    def apply(self, f: Folded) -> None:
        if f.live is None:  # nothing runs (refused live; ignored in a replay)
            return
        at = utc(self.at)
        _stop_live(f, at)
        f.live = None
        f.ended_at = at

    def feed(self, w: Words) -> str:
        return "show ended"

    report = feed

    def undo_words(self, w: Words) -> str:
        return "end show"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Undo(Action):
    """Undo the most recent undoable action (``undoable``) not already undone; pressed again, the
    one before it, and so on (an undone end show reopens the show). The journal keeps both: the
    replay leaves the pair out.

    ``any_kind``: what the console writes since issue 20. A record without it (journaled before)
    keeps the meaning it had then: the last GO, time change, show end or rehearsal shift
    (``undoable_before_20``, ``UNDOABLE_BEFORE``), so an old journal replays to the same show.

    Its effect is in ``reduce.undo_targets`` (an undo reaches back over other actions): ``apply``
    does nothing.
    """

    any_kind: bool = False
    type: ClassVar[str] = "undo"

    def refuse(self, f: Folded) -> str | None:
        left = f.undoable if self.any_kind else f.undoable_before_20
        return "nothing to undo" if left <= 0 else None

    def feed(self, w: Words) -> str:
        undone = w.undid(self)
        return f"undid: {undone.undo_words(w)}" if undone is not None else "undo"

    def report(self, w: Words) -> str:
        undone = w.undid(self)
        text = undone.report(w) if undone is not None else None
        return f"undid: {text}" if text else "undo"


def _aware(moment: object) -> bool:
    return isinstance(moment, dt.datetime) and moment.tzinfo is not None and moment.utcoffset() is not None


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Rehearse(Action):
    """Shift the whole plan so that it starts at ``start`` (a rehearsal on another day)."""

    start: dt.datetime | None = None
    type: ClassVar[str] = "rehearse"
    undoable: ClassVar[bool] = True  # a rehearsal started by mistake is taken back with u
    undoable_before_20: ClassVar[bool] = True
    allowed: ClassVar[frozenset[ShowPhase]] = ONLY_BEFORE

    def refuse(self, f: Folded) -> str | None:
        if self.start is None:
            return "a rehearsal needs a start"
        if not _aware(self.start):
            return "the rehearsal start has no timezone offset"
        return None

    def apply(self, f: Folded) -> None:
        if f.show == BEFORE and self.start is not None:
            f.offset = utc(self.start) - utc(f.plan.start)

    def feed(self, w: Words) -> str:
        return f"rehearsal: plan shifted to start {w.time(self.start)}"

    def report(self, w: Words) -> str:
        return f"rehearsal: plan shifted to start at {w.time(self.start)}" if self.start else "rehearsal"

    def undo_words(self, w: Words) -> str:
        return "rehearsal"


# --- Event-day logistics (issue 13) --------------------------------------------------------------
# A task done or not, a person checked in or out. Toggling back (not done, checked out) is the undo
# of each, journaled like anything else; u takes the last one back too (issue 20).


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class TaskDone(Action):
    """Mark a plan task done (or not done again, with ``done`` false), on behalf of ``by``."""

    task: str = ""
    title: str = ""  # the task's title, for a journal a person can read
    by: str | None = None  # a person id (the console: the task's owner), None for the organizer
    done: bool = True
    type: ClassVar[str] = "task_done"
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        if self.task not in f.plan.task_by_id:
            return f"no task '{self.task}' in the plan"
        if f.task_marks.get(self.task, (False,))[0] == self.done:
            return f"task '{self.task}' is already {'done' if self.done else 'not done'}"
        return None

    def apply(self, f: Folded) -> None:
        f.task_marks[self.task] = (self.done, self.by, self.at.astimezone(f.tz))

    def feed(self, w: Words) -> str:
        by = f" ({w.person(self.by)})" if self.by else ""
        return f"task {'done' if self.done else 'not done'}: {w.text(self.title or self.task)}{by}"

    report = feed

    def undo_words(self, w: Words) -> str:
        return f"task {'done' if self.done else 'not done'} '{w.text(self.title or self.task)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class CheckIn(Action):
    """A person of the plan arrived (``here``) or left (``here`` false)."""

    person: str = ""
    here: bool = True
    type: ClassVar[str] = "check_in"
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        found = f.plan.person_by_id.get(self.person)
        if found is None:
            return f"no person '{self.person}' in the plan"
        if f.presence.get(self.person, (False,))[0] == self.here:
            return f"{found.name} is already {'checked in' if self.here else 'not checked in'}"
        return None

    def apply(self, f: Folded) -> None:
        at = self.at.astimezone(f.tz)
        _here, _since, arrived, left = f.presence.get(self.person, (False, at, None, None))
        if self.here:
            f.presence[self.person] = (True, at, arrived or at, left)
        else:
            f.presence[self.person] = (False, at, arrived, at)

    def feed(self, w: Words) -> str:
        return f"{'checked in' if self.here else 'checked out'}: {w.person(self.person)}"

    report = feed

    def undo_words(self, w: Words) -> str:
        return f"{'check-in' if self.here else 'check-out'} '{w.person(self.person)}'"


# --- The night as it really goes (issue 20) ------------------------------------------------------

MAX_HEAD_COUNT = 1_000_000  # a typo, not a room


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class HeadCount(Action):
    """How many people are in the room. Counted several times a night: the last and the highest
    are kept (the report's headline shows both)."""

    count: int = 0
    type: ClassVar[str] = "head_count"
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        count = self.count
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            return "a head count is a whole number, zero or more"
        if count > MAX_HEAD_COUNT:
            return f"a head count of {count}? (at most {MAX_HEAD_COUNT:,})"
        return None

    def apply(self, f: Folded) -> None:
        f.head_counts.append((self.at.astimezone(f.tz), self.count))

    def feed(self, w: Words) -> str:
        return f"head count: {self.count}"

    report = feed

    def undo_words(self, w: Words) -> str:
        return f"head count {self.count}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class EditSegment(Action):
    """Change a pending segment live: its title, its duration, or its speakers' display text
    (None: unchanged). The plan is not touched; the run of show, the stage and the reports follow."""

    segment: str = ""
    title: str | None = None
    duration: int | None = None
    speakers: str | None = None  # free text, as an inserted segment's; "" clears them
    type: ClassVar[str] = "edit_segment"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        if (reason := _not_pending(f, self.segment)) is not None:
            return reason
        title, duration = self.title, self.duration
        if title is None and duration is None and self.speakers is None:
            return "nothing to change"
        if title is not None and not title.strip():
            return "the title is empty"
        if duration is not None and (isinstance(duration, bool) or duration <= 0):
            return "the duration must be above zero"
        return None

    def apply(self, f: Folded) -> None:
        if not f.is_pending(self.segment):
            return
        d = replace(f.defs[self.segment])  # a new one: a SegmentDef is never changed in place
        if self.title is not None:
            d.title = self.title
        if self.duration is not None:
            d.duration = self.duration
            d.qa = min(d.qa, self.duration - 1) if d.qa else 0  # Q&A stays inside the slot
        if self.speakers is not None:
            d.speakers = (self.speakers,) if self.speakers else ()
            d.host = None if self.speakers else d.host
        f.defs[self.segment] = d

    def feed(self, w: Words) -> str:
        return f"edited {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        changes = [f"title “{w.text(self.title)}”"] if self.title is not None else []
        if self.duration is not None:
            changes.append(f"duration {w.duration(self.duration)}")
        if self.speakers is not None:
            changes.append(f"speakers “{w.text(self.speakers)}”" if self.speakers else "no speakers")
        return f"edited: {w.title(self.segment)} ({', '.join(changes)})"

    def undo_words(self, w: Words) -> str:
        return f"edit '{w.title(self.segment)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Unskip(Action):
    """Bring a skipped segment back, before its slot has passed (no segment after it has started)."""

    segment: str = ""
    type: ClassVar[str] = "unskip"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED
    undoable: ClassVar[bool] = True

    def refuse(self, f: Folded) -> str | None:
        if self.segment not in f.skipped:
            return f"'{self.segment}' is not skipped"
        if f.slot_passed(self.segment):
            return f"'{f.defs[self.segment].title}' cannot come back: its slot has passed"
        return None

    def apply(self, f: Folded) -> None:
        if self.segment in f.skipped and not f.slot_passed(self.segment):
            f.skipped.discard(self.segment)

    def feed(self, w: Words) -> str:
        return f"un-skipped {w.title(self.segment)}"

    def report(self, w: Words) -> str:
        return f"un-skipped: {w.title(self.segment)}"

    def undo_words(self, w: Words) -> str:
        return f"un-skip '{w.title(self.segment)}'"


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # see Action.__eq__
class Amend(Action):
    """The plan file changed mid-show: its changes to the segments not started yet (durations,
    titles, order, new segments, checklists, people) apply from now on, as one action. The full
    new text is journaled, so the journal alone still replays; what already happened stays
    (show/amend.py). Not undoable: the journal's earlier plan is one ``--fresh`` away."""

    plan_text: str = ""
    plan_sha256: str = ""
    type: ClassVar[str] = "amend"
    allowed: ClassVar[frozenset[ShowPhase]] = NOT_ENDED

    def refuse(self, f: Folded) -> str | None:
        new = amended_plan(self.plan_text)
        return f"the amended plan does not load: {new}" if isinstance(new, str) else None

    def apply(self, f: Folded) -> None:
        new = amended_plan(self.plan_text)
        if not isinstance(new, str) and f.ended_at is None:
            apply_amendment(f, new)

    def feed(self, w: Words) -> str:
        return "plan amended"

    def report(self, w: Words) -> str:
        return "plan amended: the changed plan file applies to the segments not started yet"


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
    StageSound,
    ClearMessage,
    Note,
    EndShow,
    Undo,
    Rehearse,
    TaskDone,
    CheckIn,
    HeadCount,
    EditSegment,
    Unskip,
    Amend,
)
ACTION_TYPES: dict[str, type[Action]] = {cls.type: cls for cls in ACTION_CLASSES}
UNDOABLE: tuple[type[Action], ...] = tuple(cls for cls in ACTION_CLASSES if cls.undoable)
UNDOABLE_BEFORE: tuple[type[Action], ...] = tuple(cls for cls in ACTION_CLASSES if cls.undoable_before_20)
ALLOWED: dict[str, frozenset[ShowPhase]] = {cls.type: cls.allowed for cls in ACTION_CLASSES}


# --- the JSON form ---------------------------------------------------------------------------------


class BadRecord(ValueError):
    """A journal record that is not a known action."""


_FIELD_ORDER = {
    name: tuple(f.name for f in fields(cls) if f.name not in ("at", "source"))  # source: issue 15
    for name, cls in ACTION_TYPES.items()
}


def to_record(action: Action) -> dict:
    """The journal record of ``action``: ``type``, ``v``, ``at``, then its fields in order."""
    record = {"type": action.type, "v": RECORD_VERSION, "at": action.at.isoformat()}
    for key in action.record_fields():
        value = getattr(action, key)
        record[key] = value.isoformat() if isinstance(value, dt.datetime) else value
    if action.source != "key":  # source (issue 15): absent means key
        record["source"] = action.source
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
    "int | None": ((int, type(None)), "a whole number or null", False),
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
    own = [f for f in fields(cls) if f.name not in ("at", "source")]  # source: issue 15, below
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
        source = r.get("source", "key")  # issue 15: absent means key
        if type(source) is not str:
            raise BadRecord("source must be text")
        if not fields_:
            return cls(at) if source == "key" else cls(at, source=source)
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
        return cls(at, *values) if source == "key" else cls(at, *values, source=source)

    parse.__qualname__ = f"parse_{cls.type}"
    return parse


ACTION_PARSERS: dict[str, Callable[[dict], Action]] = {
    name: _make_parser(cls) for name, cls in ACTION_TYPES.items()
}
