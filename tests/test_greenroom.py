"""The green-room view (issue 13): `runofshow stage PLAN --role green-room`, read only, names only.

The meetup sample (Asia/Jerusalem, 16:00 UTC is 18:00 there). The console plays a show through
a LiveShow; the green room follows its journal as another process would.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.live import open_show
from runofshow.plan import load_plan
from runofshow.show import CheckIn, FakeClock, Go, Note, TaskDone
from runofshow.tui import greenroom, stage_cmd
from runofshow.tui.greenroom import GreenRoomApp, green_room_view
from runofshow.tui.stage import screen_text

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
SIZES = {"80x24": (80, 24), "200x60": (200, 60)}


def at(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


def play(tmp_path: Path):
    """Doors 18:00, welcome 18:30, Dana's talk from 18:36 (a minute late); now 18:50. Tamar, Avi
    and Dana checked in; Yossi (expected 19:00) and Noa (18:00) not."""
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    clock = FakeClock(at(-30))
    show = open_show(plan, clock).show
    for action in (
        CheckIn(at=at(-30), person="tamar"),
        CheckIn(at=at(-25), person="avi"),
        Go(at=at(0)),
        CheckIn(at=at(10), person="dana"),
        TaskDone(at=at(15), task="pizza", by="tamar"),
        Go(at=at(30)),
        Go(at=at(36)),
        Note(at=at(40), text="Dana's mic crackles"),
    ):
        clock.set(action.at)
        show.do(action)
    clock.set(at(50))
    return plan, clock, show


def test_the_view_in_words(tmp_path):
    plan_path, clock, show = play(tmp_path)
    try:
        view = green_room_view(show.plan, show.state(clock.now()), clock.now())
    finally:
        show.close()
    assert view.top == "Frontend Night #42 · GREEN ROOM · 18:50:00"
    assert view.live == "ON STAGE: Design tokens at scale · Dana Levi"
    assert view.remaining == "16:00 left"
    assert view.upcoming == (
        "19:15  Break",
        "19:30  Bundlers are compilers now · Yossi Ben-David (NOT HERE) · cue: Tamar Stern",
        "19:55  Lightning talks (3 x 5 minutes) · Noa Katz (NOT HERE) · cue: Tamar Stern",
        "20:15  Closing, next meetup, sponsors · cue: Noa Katz",
    )
    assert view.missing == "Not checked in yet: Yossi Ben-David, Noa Katz"


def test_projected_starts_follow_a_late_show(tmp_path):
    plan_path, clock, show = play(tmp_path)
    try:
        clock.set(at(80))  # Dana's talk (to 19:06) runs 14 minutes over: the break starts late
        view = green_room_view(show.plan, show.state(clock.now()), clock.now())
    finally:
        show.close()
    assert view.remaining == "OVER +14:00"
    assert view.upcoming[0] == "19:20  Break"
    assert view.upcoming[1].startswith("19:35  Bundlers are compilers now")


def test_before_and_after(tmp_path):
    plan = load_plan(MEETUP).plan
    from runofshow.show import fold, project

    state = project(fold(plan, []), at(-10))
    view = green_room_view(plan, state, at(-10))
    assert view.live == "BEFORE THE SHOW · first segment at 18:00"
    assert view.remaining == "starts in 10:00"
    assert len(view.upcoming) == 4 and view.upcoming[0] == "18:00  Doors, pizza and networking"


PRIVATE = [
    "+972",
    "@example.org",
    "Order #4471",
    "Moshe",
    "Handheld mic",  # a segment's organizer notes
    "Dana's mic crackles",  # a live note
    "Meet the pizza courier",  # tasks are the organizer's
    "USB-C",  # needs
]


@pytest.mark.parametrize("size", list(SIZES))
async def test_privacy_names_only(tmp_path, size):
    plan_path, clock, show = play(tmp_path)
    try:
        app = GreenRoomApp(plan_path, clock=clock, poll_interval=0.05, tick_interval=3600)
        async with app.run_test(size=SIZES[size]) as pilot:
            await pilot.pause(0.2)
            text = screen_text(app)
    finally:
        show.close()
    assert "ON STAGE: Design tokens at scale" in text and "Yossi Ben-David (NOT HERE)" in text
    for secret in PRIVATE:
        assert secret not in text, secret


async def test_follows_the_journal(tmp_path):
    plan_path, clock, show = play(tmp_path)
    try:
        app = GreenRoomApp(plan_path, clock=clock, poll_interval=0.05, tick_interval=3600)
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await pilot.pause(0.2)
            assert "Yossi Ben-David (NOT HERE)" in screen_text(app)
            show.do(CheckIn(at=clock.now(), person="yossi"))
            await pilot.pause(0.3)
            assert "Yossi Ben-David (NOT HERE)" not in screen_text(app)
            assert "Not checked in yet: Noa Katz" in screen_text(app)
    finally:
        show.close()


def test_cli_role_green_room(tmp_path, monkeypatch):
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    started = []
    monkeypatch.setattr(stage_cmd, "terminal_problem", lambda: None)  # pytest's stdin is no terminal
    monkeypatch.setattr(greenroom.GreenRoomApp, "run", lambda self: started.append(self.journal_path))
    assert main(["stage", str(plan), "--role", "green-room"]) == 0
    assert started == [tmp_path / "meetup.journal.jsonl"]
    assert main(["stage", str(tmp_path / "missing.toml"), "--role", "green-room"]) == 2


@pytest.mark.parametrize("size", list(SIZES))
def test_green_room_snapshot(snap_compare, tmp_path, size):
    plan_path, clock, show = play(tmp_path)
    try:
        app = GreenRoomApp(plan_path, clock=clock, poll_interval=0.05, tick_interval=3600)
        assert snap_compare(app, terminal_size=SIZES[size])
    finally:
        show.close()
