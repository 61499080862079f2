"""The allowed-action table: every refused action gives a reason, and LiveShow.do writes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from runofshow.live import Refused, open_show
from runofshow.show import (
    ACTION_TYPES,
    ALLOWED,
    AddTime,
    Amend,
    Blackout,
    CheckIn,
    CheckItem,
    ClearMessage,
    EditSegment,
    EndShow,
    FakeClock,
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
    Skip,
    StageSound,
    TaskDone,
    Undo,
    Unskip,
    fold,
    refusal,
)

BERLIN = ZoneInfo("Europe/Berlin")
T0 = dt.datetime(2026, 12, 3, 18, 0, tzinfo=BERLIN)

PLAN = """
[event]
title = "Night"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[[people]]
id = "dana"
name = "Dana Levi"
needs = ["clicker"]

[[segments]]
id = "a"
title = "Doors"
duration = "10m"
checklist = ["Desk staffed"]

[[segments]]
id = "talk"
title = "The talk"
speakers = ["dana"]
duration = "30m"
qa = "5m"

[[segments]]
id = "c"
title = "Closing"
duration = "20m"

[[tasks]]
id = "chairs"
title = "Chairs back in rows"
after = "c"
"""

LIVE = [Go]  # doors live
TALK_LIVE = [Go, Go]  # doors done, talk live
ENDED = [Go, EndShow]

# (setup, refused action, what the reason says)
REFUSALS = [
    ([], Pause(at=T0), "pause is only possible while the show is live"),
    ([], Resume(at=T0), "resume is only possible while the show is live"),
    ([], AddTime(at=T0, seconds=60), "add time is only possible while the show is live"),
    ([], EndShow(at=T0), "end show is only possible while the show is live"),
    (LIVE, Rehearse(at=T0, start=T0), "rehearse is only possible before the show starts"),
    (ENDED, Go(at=T0), "go is only possible before the show starts or while the show is live"),
    (
        ENDED,
        Skip(at=T0, segment="c"),
        "skip is only possible before the show starts or while the show is live",
    ),
    (ENDED, Move(at=T0, segment="c", after=None), "move is only possible"),
    (ENDED, Insert(at=T0, segment="x", title="X"), "insert is only possible"),
    (ENDED, Pause(at=T0), "pause is only possible while the show is live"),
    ([Skip(at=T0, segment=s) for s in ("a", "talk", "c")], Go(at=T0), "there is no segment left to start"),
    (LIVE + [Pause], Pause(at=T0), "already paused"),
    (LIVE, Resume(at=T0), "not paused"),
    (LIVE, AddTime(at=T0, seconds=0), "no time to add"),
    (LIVE, AddTime(at=T0, seconds=-600), "cannot remove more time than the segment has"),
    (LIVE + [AddTime(at=T0, seconds=-300)], AddTime(at=T0, seconds=-300), "cannot remove more time"),
    (LIVE, AddTime(at=T0, seconds=1.5), "whole number of seconds"),
    (LIVE, Skip(at=T0, segment="a"), "'a' is not a pending segment"),
    (TALK_LIVE, Skip(at=T0, segment="a"), "'a' is not a pending segment"),
    ([], Skip(at=T0, segment="nope"), "'nope' is not a pending segment"),
    ([Skip(at=T0, segment="c")], Skip(at=T0, segment="c"), "'c' is not a pending segment"),
    (TALK_LIVE, Move(at=T0, segment="a", after=None), "'a' is not a pending segment"),
    ([], Move(at=T0, segment="c", after="c"), "cannot be moved after itself"),
    (TALK_LIVE, Move(at=T0, segment="c", after="a"), "'a' is neither live nor pending"),
    ([], Move(at=T0, segment="c", after="nope"), "'nope' is neither live nor pending"),
    ([], Insert(at=T0, segment="talk", title="Again"), "there is already a segment 'talk'"),
    ([Insert(at=T0, segment="x", title="X")], Insert(at=T0, segment="x", title="X"), "already a segment 'x'"),
    ([], Insert(at=T0, segment="Bad Id", title="X"), "is not a valid segment id"),
    ([], Insert(at=T0, segment="", title="X"), "is not a valid segment id"),
    ([], Insert(at=T0, segment="x", title="  "), "needs a title and a duration above zero"),
    ([], Insert(at=T0, segment="x", title="X", duration=0), "needs a title and a duration above zero"),
    ([], Insert(at=T0, segment="x", title="X", kind="karaoke"), "unknown kind 'karaoke'"),
    (TALK_LIVE, Insert(at=T0, segment="x", title="X", after="a"), "'a' is neither live nor pending"),
    ([], CheckItem(at=T0, segment="nope", index=0), "segment 'nope' has no checklist item 0"),
    ([], CheckItem(at=T0, segment="a", index=1), "segment 'a' has no checklist item 1"),
    ([], CheckItem(at=T0, segment="a", index=-1), "segment 'a' has no checklist item -1"),
    ([], CheckItem(at=T0, segment="c", index=0), "segment 'c' has no checklist item 0"),
    ([], HandoffDone(at=T0, segment="nope"), "no segment 'nope'"),
    ([], Message(at=T0, text="  "), "the message is empty"),
    ([], ClearMessage(at=T0), "there is no message to clear"),
    ([Message(at=T0, text="hi"), ClearMessage(at=T0)], ClearMessage(at=T0), "there is no message to clear"),
    ([], Note(at=T0, text=""), "the note is empty"),
    ([], Undo(at=T0), "nothing to undo"),
    (LIVE + [Undo], Undo(at=T0), "nothing to undo"),
    ([], Rehearse(at=T0), "a rehearsal needs a start"),
    (
        [],
        Rehearse(at=T0, start=dt.datetime(2026, 12, 1, 10, 0)),
        "the rehearsal start has no timezone offset",
    ),
    ([], Go(at=dt.datetime(2026, 12, 3, 18, 0)), "the action's instant has no timezone offset"),
    ([], Note(at=dt.datetime(2026, 12, 3, 18, 0), text="x"), "the action's instant has no timezone offset"),
]


def _setup(setup):
    return [step if not isinstance(step, type) else step(at=T0) for step in setup]


@pytest.fixture
def plan_path(tmp_path):
    path = tmp_path / "night.toml"
    path.write_text(PLAN)
    return path


@pytest.mark.parametrize(
    ("setup", "action", "reason"), REFUSALS, ids=[f"{i}-{a.type}" for i, (_, a, _) in enumerate(REFUSALS)]
)
def test_refused_action_gives_a_reason_and_writes_nothing(plan_path, setup, action, reason):
    opened = open_show(plan_path, FakeClock(T0))
    show = opened.show
    try:
        for step in _setup(setup):
            show.do(step)
        assert reason in show.refusal(action)
        size = show.journal_path.stat().st_size
        before = (list(show.actions), show.state(T0))
        with pytest.raises(Refused) as refused:
            show.do(action)
        assert reason in refused.value.reason and reason in str(refused.value)
        assert show.journal_path.stat().st_size == size
        assert (list(show.actions), show.state(T0)) == before
    finally:
        show.close()


def test_the_table_covers_every_action():
    assert set(ALLOWED) == set(ACTION_TYPES)


def _one_of_each() -> list:
    return [
        Go(at=T0),
        Pause(at=T0),
        Resume(at=T0),
        AddTime(at=T0, seconds=60),
        Skip(at=T0, segment="c"),
        Move(at=T0, segment="c", after=None),
        Insert(at=T0, segment="x", title="X"),
        CheckItem(at=T0, segment="a", index=0),
        HandoffDone(at=T0, segment="a"),
        Message(at=T0, text="m"),
        Blackout(at=T0, on=True),
        StageSound(at=T0, on=True),
        ClearMessage(at=T0),
        Note(at=T0, text="n"),
        EndShow(at=T0),
        Undo(at=T0),
        Rehearse(at=T0, start=T0),
        TaskDone(at=T0, task="chairs"),
        CheckIn(at=T0, person="dana"),
        HeadCount(at=T0, count=40),
        EditSegment(at=T0, segment="c", duration=120),
        Unskip(at=T0, segment="c"),
        Amend(
            at=T0,
            plan_text=PLAN.replace('title = "The talk"', 'title = "The talk, amended"'),
            plan_sha256="0" * 64,
        ),
    ]


@pytest.mark.parametrize("phase", ["before", "live", "ended"])
def test_the_table_decides_by_show_phase(phase):
    from runofshow.plan import load_plan_text

    plan = load_plan_text(PLAN, "night.toml")
    setup = {"before": [], "live": [Go(at=T0)], "ended": [Go(at=T0), EndShow(at=T0)]}[phase]
    folded = fold(plan, setup)
    assert folded.show == phase
    for action in _one_of_each():
        reason = refusal(folded, action) or ""
        assert ("is only possible" in reason) == (phase not in ALLOWED[action.type]), (
            phase,
            action.type,
            reason,
        )


def test_every_action_is_allowed_somewhere_with_reasons_in_words():
    from runofshow.plan import load_plan_text

    plan = load_plan_text(PLAN, "night.toml")
    allowed = set()
    for setup in (
        [],
        [Go(at=T0), Message(at=T0, text="m")],
        [Go(at=T0), Pause(at=T0), Message(at=T0, text="m")],
        [Skip(at=T0, segment="c")],
    ):
        folded = fold(plan, setup)
        allowed |= {a.type for a in _one_of_each() if refusal(folded, a) is None}
    assert allowed == set(ACTION_TYPES)
