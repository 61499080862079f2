"""Issue 20 item 5: [event] curfew. Once the projected end passes it, the console header says so in
every frame and the stage manager role shows it too (the speaker role does not)."""

from __future__ import annotations

import datetime as dt

import pytest

from runofshow.cli import main
from runofshow.live import open_show
from runofshow.plan import PlanError, load_plan, load_plan_text
from runofshow.show import AddTime, FakeClock, reduce
from runofshow.tui.stage import StageApp, stage_view
from test_console_support import MEETUP, START, text

SIZE = (140, 34)


def curfew_plan(tmp_path, curfew: str = "21:00:00"):
    source = MEETUP.read_text(encoding="utf-8")
    assert 'timezone = "Asia/Jerusalem"' in source
    path = tmp_path / "meetup.toml"
    path.write_text(
        source.replace('timezone = "Asia/Jerusalem"', f'timezone = "Asia/Jerusalem"\ncurfew = {curfew}', 1),
        encoding="utf-8",
    )
    return path


def test_the_curfew_instant_and_its_words(tmp_path):
    plan = load_plan(curfew_plan(tmp_path)).plan
    assert plan.curfew.strftime("%Y-%m-%d %H:%M") == "2026-12-03 21:00"
    late = load_plan_text(curfew_plan(tmp_path, "01:00:00").read_text()).curfew
    assert late.strftime("%Y-%m-%d %H:%M") == "2026-12-04 01:00"  # past midnight: the next day
    roomy = load_plan_text(curfew_plan(tmp_path, "22:00:00").read_text())
    assert reduce(roomy, [], START).curfew_words() == ""  # the plan ends at 21:05, well before
    # The plan ends at 21:05, 5 minutes past a 21:00 curfew: said before the show too.
    assert reduce(plan, [], START - dt.timedelta(minutes=10)).curfew_words() == (
        "CURFEW 21:00: projected end 21:05, +5m"
    )


def test_check_warns_about_a_plan_past_its_curfew_and_refuses_one_before_the_start(tmp_path, capsys):
    assert main(["check", str(curfew_plan(tmp_path))]) == 0
    err = capsys.readouterr().err
    assert "warning: event: the plan ends at 21:05:00, 5m past the curfew (21:00:00)" in err
    path = curfew_plan(tmp_path, "17:00:00")
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert "event: curfew: curfew 17:00:00 is before the event starts (18:00:00)" in raised.value.render()


async def test_the_header_and_the_stage_manager_say_it(tmp_path):
    from runofshow.tui.console import ConsoleApp

    plan_path = curfew_plan(tmp_path, "22:00:00")
    clock = FakeClock(START)
    opened = open_show(plan_path, clock)
    app = ConsoleApp(opened.show, clock, tick=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert not app.screen_console.query_one("#header-curfew").display
        # Doors gets 1:19 more (10 minutes of it are absorbed by the gap before the break): the show is projected to end at 22:14, 14 minutes past the curfew.
        app.show.do(AddTime(at=clock.now(), seconds=79 * 60))
        clock.advance(minutes=1)
        app.refresh_views()
        await pilot.pause()
        header = app.screen_console.query_one("#header-curfew")
        assert (
            header.display
            and text(app, "#header-curfew").strip() == "CURFEW 22:00: projected end 22:14, +14m"
        )
        assert "-passed" in header.classes
        clock.advance(seconds=30)
        app.refresh_views()
        await pilot.pause()
        assert text(app, "#header-curfew").strip() == "CURFEW 22:00: projected end 22:14, +14m"  # every frame
        assert stage_view(app.state, clock.now()).curfew == "CURFEW 22:00: projected end 22:14, +14m"
        app.show.do(AddTime(at=clock.now(), seconds=-79 * 60))
        app.refresh_views()
        await pilot.pause()
        assert not app.screen_console.query_one("#header-curfew").display
        app.show.do(AddTime(at=clock.now(), seconds=79 * 60))
    opened.show.close()

    for role, shown in (("manager", True), ("speaker", False)):
        stage = StageApp(opened.show.journal_path, clock, role=role, poll_interval=60)
        async with stage.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            status = stage.query_one("#status").render()
            words = str(getattr(status, "plain", status))
            assert ("CURFEW 22:00: projected end 22:14, +14m" in words) == shown, (role, words)
