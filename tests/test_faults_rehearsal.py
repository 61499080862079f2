"""Midnight and the rehearsal offer (issue 12, item 5): a plan for 23:50 opened at 00:05 is the real show
starting late; a rehearsal is offered only more than 12 hours from the plan's start, the dialog's default
is the real show, and a rehearsal is undone with u."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from runofshow.journal import read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock, Rehearse, Undo
from runofshow.tui.console import ConsoleApp
from runofshow.tui.widgets.dialogs import RehearseDialog
from test_console_support import MEETUP, text

SIZE = (120, 40)
# The meetup moved to 23:50 in Jerusalem (UTC+2) on 2026-12-03: 21:50 UTC.
PLAN_START = dt.datetime(2026, 12, 3, 21, 50, tzinfo=dt.UTC)


def late_plan(tmp_path: Path) -> Path:
    text_ = re.sub(r"(?m)^start = 18:00:00$", "start = 23:50:00", MEETUP.read_text(encoding="utf-8"), count=1)
    text_ = text_.replace("start = 19:15:00\n", "")  # the break's hard start: not at 23:50
    plan = tmp_path / "late.toml"
    plan.write_text(text_, encoding="utf-8")
    return plan


def app_at(tmp_path: Path, now: dt.datetime) -> tuple[ConsoleApp, FakeClock]:
    clock = FakeClock(now)
    opened = open_show(late_plan(tmp_path), clock)
    assert opened.show.plan.start.astimezone(dt.UTC) == PLAN_START
    return ConsoleApp(opened.show, clock, tick=0), clock


async def test_a_late_start_just_after_midnight_is_the_real_show(tmp_path):
    app, _ = app_at(tmp_path, PLAN_START + dt.timedelta(minutes=15))  # 00:05 the next day
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RehearseDialog)
        await pilot.press("space")
        await pilot.pause()
        assert [a.type for a in app.show.actions] == ["go"]
    app.show.close()


async def test_the_offer_defaults_to_the_real_show(tmp_path):
    app, _ = app_at(tmp_path, PLAN_START - dt.timedelta(hours=12, minutes=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RehearseDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, RehearseDialog) and app.show.actions == []
    app.show.close()


async def test_a_rehearsal_is_undone_with_u(tmp_path):
    now = PLAN_START + dt.timedelta(days=2)
    app, clock = app_at(tmp_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RehearseDialog)
        await pilot.press("r")
        await pilot.pause()
        assert "REHEARSAL" in text(app, "#header-title")
        await pilot.press("u")
        await pilot.pause()
        assert "REHEARSAL" not in text(app, "#header-title")
        assert "23:50 start" in text(app, "#header-schedule")  # the plan's own times again
    app.show.close()
    assert read_journal(app.show.journal_path).actions == [
        Rehearse(at=now, start=now),
        Undo(at=now, any_kind=True),
    ]
