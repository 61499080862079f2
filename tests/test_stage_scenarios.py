"""Stage view, driven by Pilot: what it shows in each state of a show, for both roles and sizes.

The scenarios are built through the engine (LiveShow on a copy of the meetup plan, FakeClock)
and are shared with the snapshot, privacy and two-process tests. The console stays open while
the stage view runs (it holds the journal's lock), unless a test closes it on purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from runofshow.live import open_show
from runofshow.show import EndShow, FakeClock, Go, Message, Pause
from runofshow.tui.stage import StageApp, screen_text

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
# 17:50 in Tel Aviv, ten minutes before the doors open.
T0 = dt.datetime(2026, 12, 3, 15, 50, tzinfo=dt.UTC)
SIZES = {"80x24": (80, 24), "200x60": (200, 60)}

# Up to Dana's talk (30m, Q&A 5m, warn 5m, wrap 1m): doors for 20 minutes, welcome for 1.
TO_DANA = [600, "go", 1200, "go", 60, "go"]
# Each scenario: what the console does, in order (numbers advance the clock by that many seconds).
SCENARIOS: dict[str, list] = {
    "waiting": [300],  # no journal yet: the plan's countdown, waiting for the show to start
    "before": ["open", 300],
    "on_time": TO_DANA + [600],
    "warning": TO_DANA + [22 * 60],
    "qa": TO_DANA + [27 * 60],
    "wrap": TO_DANA + [29 * 60 + 30],
    "overtime": TO_DANA + [31 * 60 + 23],
    "paused": TO_DANA + [600, Pause, 90],
    "message": TO_DANA + [600, Message(at=T0, text="Please repeat the question for the stream")],
    "flash": TO_DANA + [600, Message(at=T0, text="Wrap up now", flash=True)],
    "blackout": TO_DANA + [600, Message(at=T0, text="Technical break", blackout=True)],
    "ended": TO_DANA + [600, EndShow, 120],
}
# What the screen must say in each scenario (both roles), and what only the manager sees.
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "waiting": (["STARTS AT 18:00", "waiting for the show to start"], ["starts in", "NEXT", "Doors, pizza"]),
    "before": (
        ["STARTS AT 18:00"],
        ["Frontend Night #42 starts in", "Doors, pizza and networking  ·  18:00"],
    ),
    "on_time": (["ON TIME"], ["Design tokens at scale", "Dana Levi", "NEXT", "Break", "19:15", "18:31"]),
    "warning": (["5 MIN"], ["Design tokens at scale"]),
    "qa": (["Q&A"], ["Design tokens at scale"]),
    "wrap": (["WRAP UP"], ["Design tokens at scale"]),
    "overtime": (["OVER TIME"], ["Design tokens at scale", "ON SCHEDULE"]),
    "paused": (["ON TIME", "PAUSED"], ["Design tokens at scale"]),
    "message": (["ON TIME"], ["Design tokens at scale"]),
    "flash": (["ON TIME"], ["Design tokens at scale"]),
    "blackout": ([], []),
    "ended": (["ENDED AT 18:31"], ["Thank you", "18:33"]),
}


@contextmanager
def console(tmp_path: Path, steps: list, plan: Path = MEETUP):
    """Play ``steps`` through a LiveShow; yields (plan path, clock, show or None), show still open."""
    target = tmp_path / plan.name
    shutil.copy(plan, target)
    clock = FakeClock(T0)
    show = None
    try:
        for step in steps:
            if isinstance(step, (int, float)):
                clock.advance(step)
                continue
            if show is None:
                show = open_show(target, clock).show
            if step == "open":
                continue
            if step == "go":
                show.do(Go(at=clock.now()))
            elif isinstance(step, type):
                show.do(step(at=clock.now()))
            else:  # an action given with a placeholder instant: it happens now
                show.do(dataclasses.replace(step, at=clock.now()))
        yield target, clock, show
    finally:
        if show is not None:
            show.close()


def stage_app(plan: Path, clock: FakeClock, role: str = "manager", theme: str | None = None) -> StageApp:
    # A long tick keeps a Pilot test from redrawing on its own: the test drives the clock.
    return StageApp(plan, clock=clock, role=role, poll_interval=0.05, theme=theme, tick_interval=3600)


async def shown(app: StageApp, pilot) -> str:
    await pilot.pause()
    return screen_text(app)


@pytest.mark.parametrize("role", ["manager", "speaker"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_stage_shows_each_state(tmp_path, scenario, role):
    both, manager_only = EXPECTED[scenario]
    with console(tmp_path, SCENARIOS[scenario]) as (plan, clock, _show):
        app = stage_app(plan, clock, role)
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            text = await shown(app, pilot)
    for words in both:
        assert words in text, f"{scenario}/{role}: {words!r} missing from\n{text}"
    for words in manager_only:
        assert (words in text) == (role == "manager"), f"{scenario}/{role}: {words!r}\n{text}"


async def test_timer_text_in_each_phase(tmp_path):
    expected = {
        "on_time": "20:00",
        "warning": "08:00",
        "qa": "03:00",
        "wrap": "00:30",
        "overtime": "+01:23",
        "paused": "20:00",
        "before": "05:00",
        "waiting": "05:00",
    }
    for scenario, big in expected.items():
        (tmp_path / scenario).mkdir()
        with console(tmp_path / scenario, SCENARIOS[scenario]) as (plan, clock, _show):
            app = stage_app(plan, clock)
            async with app.run_test(size=SIZES["80x24"]) as pilot:
                await pilot.pause()
                assert app.view.big == big, scenario
