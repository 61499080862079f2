"""Issue 20 item 4: the plan file changed mid-show. run lists the changes that concern segments not
started yet and, asked, applies them as one journaled amendment; what already happened stays.
Pilot with a fake clock, checking the screen, the journal and a replay from disk."""

from __future__ import annotations

import datetime as dt
import shutil

from runofshow.export import export_text, load_facts
from runofshow.journal import read_journal
from runofshow.live import open_show
from runofshow.show import Amend, FakeClock, Go, fold, project
from runofshow.tui.console import ConsoleApp
from runofshow.tui.widgets.dialogs import ConfirmDialog
from test_console_support import MEETUP, START, notices, row

SIZE = (140, 40)
QUIZ = """
[[segments]]
id = "quiz"
title = "Pub quiz"
duration = "10m"
"""


def edited_mid_show(tmp_path):
    """The meetup with doors and the welcome run; then the organizer edits the plan file."""
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    clock = FakeClock(START)
    show = open_show(plan, clock).show
    show.do(Go(at=START))
    show.do(Go(at=START + dt.timedelta(minutes=31)))  # doors done, welcome live
    show.close()
    text = plan.read_text(encoding="utf-8")
    for old, new in (
        ('title = "Welcome and house rules"', 'title = "Welcome!"'),  # started: not applied
        ('title = "Design tokens at scale"\n', 'title = "Design tokens, at scale"\n'),
        (
            'checklist = ["Refill drinks"]',
            'checklist = ["Refill drinks", "Quiz sheets out"]' + "\n" + QUIZ.strip(),
        ),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace('duration = "25m"', 'duration = "20m"', 1)  # yossi's talk, the first 25m
    plan.write_text(text, encoding="utf-8")
    return plan, START + dt.timedelta(minutes=33)


def console(plan, now):
    clock = FakeClock(now)
    opened = open_show(plan, clock)
    app = ConsoleApp(
        opened.show,
        clock,
        resumed=opened.resumed,
        notices=opened.notices,
        tick=0,
        plan_path=plan,
        amendment=opened.amendment,
    )
    return app, opened


async def test_the_changes_are_listed_then_applied_as_one_amendment(tmp_path):
    plan, now = edited_mid_show(tmp_path)
    app, opened = console(plan, now)
    assert opened.amendment is not None
    assert opened.amendment.changes == [
        "'dana-talk': title “Design tokens at scale” → “Design tokens, at scale”",
        "'break': checklist changed (2 items)",
        "new segment 'quiz': “Pub quiz” (10m)",
        "'yossi-talk': duration 25m → 20m",
        "not applied, already started: 'welcome'",
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        detail = str(app.screen.query_one(".dialog-detail").content)
        assert "• new segment 'quiz': “Pub quiz” (10m)" in detail
        assert "• not applied, already started: 'welcome'" in detail
        assert "What already happened stays as it happened." in detail
        await pilot.press("y")
        await pilot.pause()
        last = read_journal(app.show.journal_path).actions[-1]
        assert isinstance(last, Amend) and last.plan_text == plan.read_text(encoding="utf-8")
        ids = [r.id for r in app.state.rows]
        assert ids.index("quiz") == ids.index("break") + 1
        assert row(app, "quiz")[3] == "Pub quiz"
        assert row(app, "welcome")[3] == "Welcome and house rules"  # it had started: as it was
        assert row(app, "dana-talk")[3] == "Design tokens, at scale"
        assert app.state.row("yossi-talk").duration == 20 * 60
        assert [i.item for i in app.state.checklists["break"]] == ["Refill drinks", "Quiz sheets out"]
        assert app.state.row("doors").status == "done" and app.state.live_row.id == "welcome"
        assert any("Plan changes applied" in n for n in notices(app))
        on_screen = app.state
    replay = read_journal(app.show.journal_path)
    again = project(fold(replay.plan, replay.actions), now)
    assert again.rows == on_screen.rows
    md = export_text(load_facts(app.show.journal_path), "md")
    assert "Pub quiz" in md and "Quiz sheets out" in md


async def test_keeping_the_journals_plan_journals_nothing(tmp_path):
    plan, now = edited_mid_show(tmp_path)
    app, opened = console(plan, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert [a.type for a in read_journal(app.show.journal_path).actions] == ["go", "go"]
        assert "quiz" not in [r.id for r in app.state.rows]
        assert "Kept the journal's plan" in notices(app)[-1]


async def test_an_applied_amendment_is_not_offered_again(tmp_path):
    plan, now = edited_mid_show(tmp_path)
    app, opened = console(plan, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    opened.show.close()
    app.show.close()
    again = open_show(plan, FakeClock(now))
    assert again.amendment is None and again.resumed == 3
    assert any("its changes were applied mid-show" in n for n in again.notices)
    again.show.close()


def test_the_json_export_of_the_nights_actions_is_valid_against_its_schema(tmp_path):
    """Every action issue 20 adds (amend, edit_segment, unskip, head_count, an undo of any kind)
    in the json export, checked against docs/export.schema.json."""
    import json
    from pathlib import Path

    from export_scenarios import validate
    from runofshow.show import EditSegment, HeadCount, Skip, Undo, Unskip

    plan, now = edited_mid_show(tmp_path)
    clock = FakeClock(now)
    opened = open_show(plan, clock)
    show = opened.show
    show.do(Amend(at=now, plan_text=opened.amendment.text, plan_sha256=opened.amendment.sha256))
    show.do(EditSegment(at=now, segment="quiz", title="Pub quiz!", duration=900))
    show.do(Skip(at=now, segment="lightning"))
    show.do(Unskip(at=now, segment="lightning"))
    show.do(HeadCount(at=now, count=61))
    show.do(Undo(at=now, any_kind=True))
    show.close()
    data = json.loads(export_text(load_facts(show.journal_path), "json"))
    schema = json.loads(
        (Path(__file__).parent.parent / "docs" / "export.schema.json").read_text(encoding="utf-8")
    )
    assert validate(data, schema) == []
    assert [a["type"] for a in data["actions"]][-6:] == [
        "amend",
        "edit_segment",
        "skip",
        "unskip",
        "head_count",
        "undo",
    ]
    assert data["actions"][-2]["undone"] is True and data["show"]["head_count"] is None
