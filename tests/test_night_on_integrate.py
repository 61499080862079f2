"""Issue 20 on the base of issues 11-15: what porting the night onto one home per action type,
logistics, the control API and several stages had to decide.

- u (an undo with ``any_kind``) also takes back the logistics actions (a task done, a check-in),
  which issue 20 item 2 names; an undo record without it keeps its earlier meaning.
- The feed and the report say what an undo took back through each action's own words.
- A plan amendment and a fresh start after a rehearsal keep the stage of a stage's journal.
- Ahead/behind has one spelling, in show.state (show.days has no copy of its own).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from runofshow.export import export_text, load_facts
from runofshow.journal import read_journal
from runofshow.live import open_show, start_over
from runofshow.plan import load_plan_text, sha256_text
from runofshow.show import (
    ACTION_CLASSES,
    Amend,
    CheckIn,
    FakeClock,
    Go,
    HeadCount,
    Rehearse,
    Skip,
    TaskDone,
    Undo,
    days,
    fold,
    project,
    refusal,
    state,
)
from runofshow.show.actions import UNDOABLE, UNDOABLE_BEFORE
from runofshow.show.reduce import undo_targets
from runofshow.tui.widgets.common import FeedWords
from test_logistics_domain import DAY, at

SAMPLES = Path(__file__).resolve().parent.parent / "sample_events"
FESTIVAL = SAMPLES / "festival.toml"
T0 = dt.datetime(2026, 12, 10, 8, 20, tzinfo=dt.UTC)  # 09:20 in Hamburg: before the festival's doors


def test_what_u_can_take_back_is_a_property_of_each_action_class():
    assert {cls.type for cls in UNDOABLE} == {
        "go",
        "add_time",
        "end_show",
        "rehearse",
        "skip",
        "unskip",
        "insert",
        "move",
        "check_item",
        "handoff_done",
        "message",
        "clear_message",
        "edit_segment",
        "head_count",
        "task_done",
        "check_in",
    }
    # an undo journaled before issue 20 reached these only (integrate2: the rehearsal too)
    assert {cls.type for cls in UNDOABLE_BEFORE} == {"go", "add_time", "end_show", "rehearse"}
    assert all(cls.undoable for cls in UNDOABLE_BEFORE) and len(ACTION_CLASSES) == len(
        {cls.type for cls in ACTION_CLASSES}
    )


def test_u_takes_back_a_task_done_and_a_check_in_but_an_old_undo_does_not():
    plan = load_plan_text(DAY)
    actions = [
        Go(at=at(18, 0)),
        TaskDone(at=at(18, 1), task="pizza", title="Pizza", by="host"),
        CheckIn(at=at(18, 2), person="yossi"),
    ]
    undone = [*actions, Undo(at=at(18, 3), any_kind=True)]
    shown = project(fold(plan, undone), at(18, 4))
    assert "yossi" not in shown.presence and shown.task_marks["pizza"][0] is True
    undone.append(Undo(at=at(18, 5), any_kind=True))
    shown = project(fold(plan, undone), at(18, 6))
    assert "pizza" not in shown.task_marks and shown.show == "live"
    # an undo record without any_kind (journaled before issue 20): the last GO, over the logistics
    old = [*actions, Undo(at=at(18, 3))]
    assert undo_targets(old) == {3: 0}
    shown = project(fold(plan, old), at(18, 4))
    assert shown.show == "before" and shown.presence["yossi"][0] and shown.task_marks["pizza"][0]
    assert refusal(fold(plan, old), Undo(at=at(18, 5))) == "nothing to undo"
    assert refusal(fold(plan, old), Undo(at=at(18, 5), any_kind=True)) is None  # the check-in


def test_the_feed_and_the_report_say_what_an_undo_took_back(tmp_path: Path):
    plan = tmp_path / "meetup.toml"
    shutil.copy(SAMPLES / "meetup.toml", plan)
    start = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
    show = open_show(plan, FakeClock(start)).show
    show.do(Go(at=start))
    show.do(Skip(at=start, segment="lightning"))
    show.do(HeadCount(at=start, count=44))
    show.do(Undo(at=start, any_kind=True))
    show.do(Undo(at=start, any_kind=True))
    words = FeedWords(show.state(start), show.actions)
    assert [a.feed(words) for a in show.actions[-2:]] == [
        "undid: head count 44",
        "undid: skip 'Lightning talks (3 x 5 minutes)'",
    ]
    show.close()
    md = export_text(load_facts(show.journal_path), "md")
    assert "undid: head count: 44" in md and "undid: skipped: Lightning talks (3 x 5 minutes)" in md


def test_an_amendment_of_a_stage_journal_applies_to_that_stage_only(tmp_path: Path):
    festival = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, festival)
    clock = FakeClock(T0)
    show = open_show(festival, clock, stage="lab").show
    before = [row.id for row in show.state().rows]
    text = festival.read_text(encoding="utf-8").replace('duration = "45m"', 'duration = "40m"')
    show.do(Amend(at=T0, plan_text=text, plan_sha256=sha256_text(text)))
    after = show.state()
    assert [row.id for row in after.rows] == before  # the lab's segments, not the main hall's
    assert show.folded.plan.one_stage is not None and show.folded.plan.one_stage.id == "lab"
    show.close()
    replay = read_journal(show.journal_path)
    assert [r.id for r in project(fold(replay.plan, replay.actions), T0).rows] == before


def test_a_fresh_start_after_a_stages_rehearsal_keeps_its_stage(tmp_path: Path):
    festival = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, festival)
    week_before = T0 - dt.timedelta(days=7)
    show = open_show(festival, FakeClock(week_before), stage="garden").show
    show.do(Rehearse(at=week_before, start=week_before))
    show.do(Go(at=week_before))
    fresh, archived = start_over(show, festival, T0)
    try:
        assert archived is not None and archived.exists()
        assert fresh.journal_path == festival.with_name("festival.garden.journal.jsonl")
        assert read_journal(fresh.journal_path).header.stage == "garden"
        assert fresh.plan.one_stage is not None and fresh.plan.one_stage.id == "garden" and not fresh.actions
    finally:
        fresh.close()


def test_ahead_and_behind_have_one_spelling():
    assert not hasattr(days, "schedule_words")
    assert state.schedule_words(-(3600 + 38 * 60 + 6)) == "AHEAD 1:38:06"
    assert state.schedule_words(270) == "BEHIND 4:30"
