"""Snapshots of the organizer console (pytest-textual-snapshot): before the show, mid-talk in the warning
phase, in Q&A and in overtime, at 100x30 and 160x45.

Deterministic: the fake clock stands still, the redraw timer is off, animations are off, no input has a
cursor on screen, and the state is built through the engine before the app starts (no toasts).
Update with ``pytest tests/test_console_snapshots.py --snapshot-update`` after checking the SVGs.
"""

from __future__ import annotations

import datetime as dt

import pytest

from runofshow.show import CheckItem, Go, HandoffDone, Message
from runofshow.tui.console import ConsoleApp
from test_console_support import BEFORE, START, make_show

SCENES = {
    "before": None,
    "warning": 22 * 60,  # 8:00 left of 30: the 5-minute warning before the 5 minutes of Q&A
    "qa": 27 * 60,  # 3:00 left: Q&A
    "overtime": 31 * 60 + 23,  # +1:23
}
SIZES = {"100x30": (100, 30), "160x45": (160, 45)}


def build(tmp_path, scene: str) -> ConsoleApp:
    into_dana = SCENES[scene]
    tmp_path.mkdir(exist_ok=True)
    if into_dana is None:
        opened, clock = make_show(tmp_path, at=BEFORE)
    else:
        opened, clock = make_show(tmp_path, at=START)
        show = opened.show
        at = lambda minutes, seconds=0: START + dt.timedelta(minutes=minutes, seconds=seconds)  # noqa: E731
        show.do(Go(at=at(0)))
        show.do(CheckItem(at=at(12), segment="doors", index=1, item="Pizza delivered"))
        show.do(Go(at=at(30, 40)))  # the doors ran 40 s over
        show.do(CheckItem(at=at(32), segment="dana-talk", index=1, item="Recording started", by="avi"))
        show.do(HandoffDone(at=at(33), segment="dana-talk", by="tamar"))
        show.do(Go(at=at(36, 30)))  # the welcome ran 50 s over: Dana starts 1:30 late
        clock.set(at(36, 30))
        clock.advance(into_dana)
        if scene == "overtime":
            show.do(Message(at=clock.now(), text="Please wrap up", flash=True))
    app = ConsoleApp(opened.show, clock, tick=0, offer_rehearsal=False)
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", SCENES)
def test_console_snapshot(snap_compare, tmp_path, scene, size):
    app = build(tmp_path, scene)
    try:
        assert snap_compare(app, terminal_size=SIZES[size])
    finally:
        app.show.close()


def test_scenes_are_what_their_names_say(tmp_path):
    phases = {}
    for scene in SCENES:
        app = build(tmp_path / scene, scene)
        state = app.show.state()
        phases[scene] = (
            state.show,
            state.live.phase if state.live else None,
            state.live_row.id if state.live_row else None,
        )
        app.show.close()
    assert phases == {
        "before": ("before", None, None),
        "warning": ("live", "warning", "dana-talk"),
        "qa": ("live", "qa", "dana-talk"),
        "overtime": ("live", "overtime", "dana-talk"),
    }
