"""hq repaints only the lines whose words changed (no layout pass); what it paints that way is
what a full paint of the screen shows, as the alerts appear and go and the stages change."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from runofshow.live import open_show
from runofshow.show import AddTime, FakeClock, Go, Undo
from runofshow.tui.hq import HqApp
from runofshow.tui.stage import screen_text

FESTIVAL = Path(__file__).resolve().parent.parent / "sample_events" / "festival.toml"
T0 = dt.datetime(2026, 12, 10, 8, 20, tzinfo=dt.UTC)
TIMEOUT = 10.0


async def test_partial_repaints_show_what_a_full_paint_shows(tmp_path: Path) -> None:
    plan = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, plan)
    clock = FakeClock(T0)
    shows = {stage: open_show(plan, clock, stage=stage).show for stage in ("main", "lab", "garden")}
    app = HqApp(plan, clock=clock, tick_interval=3600)
    try:
        async with app.run_test(size=(170, 16)) as pilot:

            async def after(action_stage: str, action) -> str:
                count = app.records_seen + 1
                shows[action_stage].do(action)
                waited = 0.0
                while app.records_seen < count:
                    await pilot.pause(0.02)
                    waited += 0.02
                    assert waited < TIMEOUT, "hq never read the record"
                app.redraw()
                await pilot.pause()
                painted = screen_text(app)
                app.screen.refresh()  # everything painted again from scratch
                await pilot.pause()
                assert screen_text(app) == painted
                return painted

            await pilot.pause()
            clock.advance(600)
            text = await after("main", Go(at=clock.now()))
            assert "No alerts." in text and "Welcome to Harbour Ligh…" in text
            text = await after("main", AddTime(at=clock.now(), seconds=180))
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            assert lines[-2:] == ["Alerts", "! Dana Levi: Main hall ends ~11:48, Workshop room starts 11:55"]
            text = await after("main", Undo(at=clock.now()))
            assert "Dana Levi" not in text and "No alerts." in text
            assert app.frames >= 4
    finally:
        for show in shows.values():
            show.close()
