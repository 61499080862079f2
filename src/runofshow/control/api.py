"""The control API without its transport: which commands exist, what their bodies must hold, the
action each one becomes in the show as it is now, and the show's state as JSON.

Pure: no I/O, no clock read, no Textual, no aiohttp. The HTTP server and the OSC listener both go
through here, so a field means the same thing whichever way it came in.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..plan import Plan
from ..show import (
    Action,
    AddTime,
    Blackout,
    CheckIn,
    CheckItem,
    ClearMessage,
    Go,
    HandoffDone,
    ItemState,
    Message,
    Note,
    Pause,
    Resume,
    SegmentRow,
    ShowState,
    TaskDone,
    Undo,
    phase_words,
)
from ..show.logistics import person_states, task_states

API_VERSION = 1
MAX_BODY = 16 * 1024  # bytes: a larger body is answered 413
MAX_TEXT = 1000  # characters of a message or a note
MAX_ID = 100  # characters of a segment, task or person id
ID_FIELDS = ("segment", "task", "person")
MAX_SECONDS = 24 * 3600  # the most time one /time may add or remove
SOURCES = ("key", "api", "osc")

_REQUIRED = object()


@dataclass(frozen=True)
class Spec:
    """One field of a command's body: its JSON type and its default (``_REQUIRED`` when none)."""

    kind: type
    default: object = _REQUIRED


# The commands (POST /api/v1/<name>) and the fields of their JSON bodies.
COMMANDS: Mapping[str, Mapping[str, Spec]] = {
    "go": {},
    "pause": {},
    "resume": {},
    "undo": {},
    "clear": {},
    "blackout": {"on": Spec(bool)},
    "time": {"seconds": Spec(int)},
    "message": {"text": Spec(str), "flash": Spec(bool, False)},
    "check": {"segment": Spec(str), "item": Spec(int), "done": Spec(bool, True)},
    "handoff": {"segment": Spec(str)},
    "note": {"text": Spec(str)},
    # the desk's t and a (issue 13): a task done (false: not done again), a person checked in
    # (false: checked out)
    "task": {"task": Spec(str), "done": Spec(bool, True)},
    "arrive": {"person": Spec(str), "here": Spec(bool, True)},
}
_TYPE_WORDS = {bool: "true or false", int: "a whole number", str: "text"}


class BadRequest(ValueError):
    """A body that is not what the command takes; ``field`` names the culprit (None: the body)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_json(self) -> dict:
        return {"error": self.message} | ({"field": self.field} if self.field else {})


class NotNow(Exception):
    """The show refuses the command as it is now (answered 409; nothing is journaled)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Command:
    """A validated command: its name and its fields (defaults filled in)."""

    name: str
    fields: Mapping[str, object] = field(default_factory=dict)


def parse_body(name: str, body: bytes) -> Command:
    """The command ``name`` with the JSON object ``body`` (empty: no fields); BadRequest otherwise."""
    if name not in COMMANDS:
        raise BadRequest(f"unknown command {name!r}")
    if len(body) > MAX_BODY:
        raise BadRequest(f"the body is over {MAX_BODY} bytes")
    if not body.strip():
        data: object = {}
    else:
        try:
            data = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise BadRequest("the body is not UTF-8") from None
        except (ValueError, RecursionError) as error:
            raise BadRequest(f"the body is not JSON ({_short(error)})") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    return command(name, data)


def command(name: str, data: Mapping[str, object]) -> Command:
    """Check the fields of ``name``'s body; BadRequest names the first wrong one."""
    specs = COMMANDS.get(name)
    if specs is None:
        raise BadRequest(f"unknown command {name!r}")
    for key in data:
        if key not in specs:
            known = ", ".join(specs) or "none"
            raise BadRequest(f"unknown field {key!r} (fields of {name}: {known})", field=str(key))
    values: dict[str, object] = {}
    for key, spec in specs.items():
        if key not in data:
            if spec.default is _REQUIRED:
                raise BadRequest(f"{key} is required ({_TYPE_WORDS[spec.kind]})", field=key)
            values[key] = spec.default
            continue
        value = data[key]
        if type(value) is not spec.kind:  # bool is not an int here, nor 1.0
            raise BadRequest(f"{key} must be {_TYPE_WORDS[spec.kind]}", field=key)
        values[key] = _checked(key, value)
    return Command(name, values)


def _checked(key: str, value: object) -> object:
    if isinstance(value, str):
        limit = MAX_ID if key in ID_FIELDS else MAX_TEXT
        if len(value) > limit:
            raise BadRequest(f"{key} is over {limit} characters", field=key)
        if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
            raise BadRequest(f"{key} holds a control character", field=key)
    if key == "seconds" and not -MAX_SECONDS <= value <= MAX_SECONDS:  # type: ignore[operator]
        raise BadRequest(f"seconds must be between -{MAX_SECONDS} and {MAX_SECONDS}", field=key)
    return value


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _short(error: Exception) -> str:
    return str(error).split(":")[0][:80] if str(error) else type(error).__name__


def to_action(command: Command, state: ShowState, plan: Plan, now: dt.datetime, source: str) -> Action:
    """The action ``command`` asks for in ``state``; NotNow when it makes no sense now.

    The show's own refusal rules (LiveShow.do) still apply afterwards; this only decides what the
    command means where the console's keys decide it from the screen (which message, which
    blackout, which checklist item).
    """
    f = command.fields
    match command.name:
        case "go":
            return Go(at=now, source=source)
        case "pause":
            return Pause(at=now, source=source)
        case "resume":
            return Resume(at=now, source=source)
        case "undo":
            return Undo(at=now, source=source)
        case "clear":
            return ClearMessage(at=now, source=source)
        case "time":
            return AddTime(at=now, seconds=f["seconds"], source=source)  # type: ignore[arg-type]
        case "note":
            return Note(at=now, text=str(f["text"]).strip(), source=source)
        case "message":  # a blackout stays as it is (Blackout turns it on and off)
            return Message(at=now, text=str(f["text"]).strip(), flash=bool(f["flash"]), source=source)
        case "flash":  # OSC only: toggle the flash of the message on stage, like the f key
            current = state.message
            if current is None:
                raise NotNow("no stage message to flash")
            return Message(at=now, text=current.text, flash=not current.flash, source=source)
        case "blackout":  # the show refuses "already blacked out" / "not blacked out"
            return Blackout(at=now, on=bool(f["on"]), source=source)
        case "check":
            return _check(f, state, now, source)
        case "handoff":
            return _handoff(str(f["segment"]), state, plan, now, source)
        case "task":  # as the desk's t: on behalf of the task's owner, who the task names
            task = plan.task_by_id.get(str(f["task"]))
            return TaskDone(
                at=now,
                task=str(f["task"]),
                title=task.title if task else "",
                by=task.owner if task else None,
                done=bool(f["done"]),
                source=source,
            )  # an unknown task, or one already so: the show refuses it in its own words
        case "arrive":  # as the desk's a
            return CheckIn(at=now, person=str(f["person"]), here=bool(f["here"]), source=source)
    raise NotNow(f"unknown command {command.name!r}")


def _check(f: Mapping[str, object], state: ShowState, now: dt.datetime, source: str) -> Action:
    segment, index, done = str(f["segment"]), f["item"], bool(f["done"])
    item = next((i for i in state.checklists.get(segment, ()) if i.index == index), None)
    if item is None:
        if state.row(segment) is None:
            raise NotNow(f"no segment '{segment}'")
        raise NotNow(f"segment '{segment}' has no checklist item {index}")
    if item.done == done:
        raise NotNow(f"'{item.item}' is already {'checked' if done else 'unchecked'}")
    return CheckItem(
        at=now, segment=segment, index=item.index, item=item.item, by=item.by, done=done, source=source
    )


def _handoff(segment: str, state: ShowState, plan: Plan, now: dt.datetime, source: str) -> Action:
    row = state.row(segment)
    planned = plan.segment_by_id.get(segment)
    if row is None:
        raise NotNow(f"no segment '{segment}'")
    handoff = planned.handoff if planned is not None and not row.inserted else None
    if handoff is None:
        raise NotNow(f"no handoff planned before {row.title}")
    if segment in state.handoffs:
        raise NotNow(f"the handoff to {row.title} is already done")
    return HandoffDone(at=now, segment=segment, by=handoff.by, source=source)


# -- the state as JSON ---------------------------------------------------------------------
def state_json(state: ShowState, plan: Plan) -> dict:
    """The show now, for GET /api/v1/state and the events WebSocket. Nothing private (phones,
    e-mails, notes): a stage manager's phone may show it."""
    live_row, next_row = state.live_row, state.next_row
    live = None
    if live_row is not None and state.live is not None:
        timer = state.live
        live = _row(live_row, state) | {
            "remaining": math.ceil(timer.remaining),
            "elapsed": math.floor(timer.elapsed),
            "allotted": timer.allotted,
            "phase": timer.phase,
            "phase_words": "PAUSED" if timer.paused else phase_words(timer.phase, timer.warn),
            "paused": timer.paused,
            "started": _iso(timer.started, state.tz),
        }
    message = state.message
    return {
        "version": API_VERSION,
        "now": _iso(state.now, state.tz),
        "event": plan.event.title,
        "show": state.show,
        "live": live,
        "next": None if next_row is None else _row(next_row, state),
        "behind": state.behind if state.show == "live" else 0,
        "schedule": state.schedule_words() if state.show == "live" else state.show.upper(),
        "planned_start": _iso(state.planned_start, state.tz),
        "planned_end": _iso(state.planned_end, state.tz),
        "projected_end": _iso(state.projected_end, state.tz),
        "message": None if message is None else {"text": message.text, "flash": message.flash},
        "blackout": state.blackout,
        "checklists": {
            "live": _items(state, live_row, plan),
            "next": _items(state, next_row, plan),
        },
        "actions": state.action_count,
        "tasks_due": _tasks_due(state, plan),
        "people_missing": _people_missing(state, plan),
    }


def _tasks_due(state: ShowState, plan: Plan) -> list[dict]:
    """The tasks due now (in the 5 minutes before their projected time) or overdue, not done, in
    due order: the desk's ``DUE`` and ``LATE`` rows, as show.logistics decides them. No notes
    (private)."""
    return [
        {
            "id": task.id,
            "title": task.title,
            "owner": task.owner,
            "owner_name": task.owner_name,
            "due": _iso(task.due, state.tz),
            "status": task.status,
            "late_s": math.floor(task.late_by),
        }
        for task in task_states(plan, state)
        if task.status in ("due", "late")
    ]


def _people_missing(state: ShowState, plan: Plan) -> list[dict]:
    """The people expected by now and not checked in (the desk's ``LATE``), in plan order, with
    their next appearance. Names only: no phone, e-mail or needs."""
    return [
        {
            "id": person.id,
            "name": person.name,
            "expected": _iso(person.expected, state.tz),
            "late_s": math.floor(person.late_by),
            "next_start": _iso(person.next_at, state.tz),
            "next_title": person.next_segment,
        }
        for person in person_states(plan, state)
        if person.status == "late"
    ]


def _row(row: SegmentRow, state: ShowState) -> dict:
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "speakers": list(row.speakers),
        "start": _iso(row.start, state.tz),
        "end": _iso(row.end, state.tz),
        "planned_start": _iso(row.planned_start, state.tz),
        "duration": row.duration + row.added,
    }


def _items(state: ShowState, row: SegmentRow | None, plan: Plan) -> list[dict]:
    if row is None:
        return []
    return [_item(row.id, item, plan) for item in state.checklists.get(row.id, ())]


def _item(segment: str, item: ItemState, plan: Plan) -> dict:
    person = plan.person_by_id.get(item.by) if item.by else None
    return {
        "segment": segment,
        "item": item.index,
        "text": item.item,
        "by": person.name if person else item.by,
        "blocking": item.blocking,
        "done": item.done,
    }


def _iso(instant: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    return None if instant is None else instant.astimezone(tz).isoformat(timespec="seconds")
