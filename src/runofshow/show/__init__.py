"""The live show, pure: actions, reduce, state and clock. No I/O, no Textual."""

from .actions import (
    ACTION_TYPES, Action, AddTime, CheckItem, ClearMessage, EndShow, Go, HandoffDone, Insert, Message, Move, Note,
    Pause, Rehearse, Resume, Skip, Undo, from_record, to_record,
)
from .clock import Clock, FakeClock, SystemClock
from .reduce import ALLOWED, Folded, fold, fold_more, phase_at, project, reduce, refusal
from .state import ItemState, LiveTimer, SegmentRow, ShowState, StageMessage, phase_words

__all__ = [
    "ACTION_TYPES", "ALLOWED", "Action", "AddTime", "CheckItem", "ClearMessage", "Clock", "EndShow", "FakeClock",
    "Folded", "fold_more", "Go", "HandoffDone", "Insert", "ItemState", "LiveTimer", "Message", "Move", "Note", "Pause",
    "Rehearse", "Resume", "SegmentRow", "ShowState", "Skip", "StageMessage", "SystemClock", "Undo", "fold",
    "from_record", "phase_at", "phase_words", "project", "reduce", "refusal", "to_record",
]
