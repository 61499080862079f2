"""Sound (issue 17, item 3): ``stage --sound`` and ``serve --sound`` ring the terminal bell at the
warning, at wrap, at zero and when a flashed message arrives; never without ``--sound``.

The Pilot tests count calls of ``App.bell`` (a headless app's bell writes nothing). The browser
test serves the stage with ``--sound`` to headless Chromium and reads how many chimes the page's
script played (``window.runofshowChimes``): xterm.js alone plays nothing for a BEL.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from runofshow.live import open_show
from runofshow.show import AddTime, Go, Message, StageSound, SystemClock
from runofshow.tui.serve import CHIME_SCRIPT
from runofshow.tui.stage_cmd import stage_command, view_options
from test_stage_browser import CHROMIUM, TIMEOUT, chromium_page, evaluate, free_port, stop
from test_stage_scenarios import SIZES, T0, TO_DANA, console, shown, stage_app

# Dana's talk: 30m, Q&A 5m, warn 5m, wrap 1m. 10 minutes in: ON TIME.
DANA_AT_10 = TO_DANA + [600]


async def wait_for_records(app, pilot, count: int) -> None:
    deadline = time.monotonic() + 10
    while app.records_seen < count and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert app.records_seen >= count


async def play_a_talk(tmp_path: Path, sound: bool) -> tuple[list[str], list[str], list[str]]:
    """Through Dana's talk: (why it rang, phase words seen at each step, bell calls)."""
    bells: list[str] = []
    words: list[str] = []
    with console(tmp_path, DANA_AT_10) as (plan, clock, show):
        app = stage_app(plan, clock, "speaker")
        app.sound = sound
        app.bell = lambda: bells.append("bell")  # type: ignore[method-assign]
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await shown(app, pilot)
            # to the warning (20:00 in), Q&A (25:00), wrap up (29:00), zero (30:00), 40 s over
            for seconds in (10 * 60 + 1, 5 * 60, 4 * 60, 60, 40):
                clock.advance(seconds)
                app.redraw()
                await pilot.pause()
                words.append(app.view.phase_words)
            seen = app.records_seen
            show.do(Message(at=clock.now(), text="Mic check", flash=False))  # not flashed: silent
            await wait_for_records(app, pilot, seen + 1)
            show.do(Message(at=clock.now(), text="Wrap up now", flash=True))
            await wait_for_records(app, pilot, seen + 2)
            await pilot.pause()
            clock.advance(1)
            app.redraw()  # the same flash, redrawn: no second ring
            await pilot.pause()
    return app.rings, words, bells


async def test_sound_rings_at_warning_wrap_zero_and_flash(tmp_path):
    rings, words, bells = await play_a_talk(tmp_path, sound=True)
    assert words == ["5 MIN", "Q&A", "WRAP UP", "OVER TIME", "OVER TIME"]
    assert rings == ["warning", "wrap", "zero", "flash"]
    assert len(bells) == 4


async def test_without_sound_it_never_rings(tmp_path):
    rings, words, bells = await play_a_talk(tmp_path, sound=False)
    assert words == ["5 MIN", "Q&A", "WRAP UP", "OVER TIME", "OVER TIME"]
    assert rings == [] and bells == []


async def test_what_was_on_screen_at_start_does_not_ring(tmp_path):
    """A screen opened (or a browser reconnecting) mid-warning, with a flash up, stays silent."""
    steps = TO_DANA + [21 * 60, Message(at=T0, text="Wrap up now", flash=True)]
    bells: list[str] = []
    with console(tmp_path, steps) as (plan, clock, _show):
        app = stage_app(plan, clock, "manager")
        app.sound = True
        app.bell = lambda: bells.append("bell")  # type: ignore[method-assign]
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await shown(app, pilot)
            clock.advance(1)
            app.redraw()
            await pilot.pause()
            assert app.view.phase_words == "5 MIN" and app.view.message == "Wrap up now"
    assert bells == [] and app.rings == []


async def test_a_new_segment_does_not_ring_and_added_time_rings_again(tmp_path):
    """GO into the next segment is no phase change of a talk; time added past zero, then run out
    again, reaches zero a second time."""
    with console(tmp_path, TO_DANA + [30 * 60 + 5]) as (plan, clock, show):
        app = stage_app(plan, clock, "manager")
        app.sound = True
        app.bell = lambda: None  # type: ignore[method-assign]
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await shown(app, pilot)
            seen = app.records_seen
            show.do(AddTime(at=clock.now(), seconds=60))  # back to WRAP UP (55 s left)
            await wait_for_records(app, pilot, seen + 1)
            clock.advance(56)
            app.redraw()
            await pilot.pause()
            show.do(Go(at=clock.now()))  # the break begins
            await wait_for_records(app, pilot, seen + 2)
            await pilot.pause()
    assert app.rings == ["wrap", "zero"]


def test_serve_passes_sound_to_the_stage_and_the_page():
    args = type("Args", (), {"overtime": None, "sound": True})()
    assert view_options(args) == ["--sound"]
    assert stage_command("plan.toml", "speaker", "dark", None, view_options(args)).endswith(" --sound")
    assert "AudioContext" in CHIME_SCRIPT and "runofshowChimes" in CHIME_SCRIPT


def serve(source: Path, port: int, *extra: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "runofshow.cli", "serve", str(source), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline() if process.stdout else ""
        if not line:
            break
        lines.append(line)
        match = re.search(r"Open (http://\S+) in a browser", line)
        if match:
            return process, match.group(1)
    process.kill()
    raise AssertionError("serve printed no URL:\n" + "".join(lines))


@pytest.mark.parametrize("sound", [True, False])
def test_the_served_page_asks_for_the_chime_at_once_only_with_sound(tmp_path, sound):
    """Every stage page can chime (the console may turn the sound on through the journal); only
    with --sound does it ask for audio as soon as it loads."""
    plan = tmp_path / "meetup.toml"
    plan.write_text((Path(__file__).parent.parent / "sample_events" / "meetup.toml").read_text())
    server, url = serve(plan, free_port(), *(["--sound"] if sound else []))
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            page = response.read().decode()
    finally:
        stop(server)
    assert "runofshowChimes" in page
    assert f"window.runofshowSound = {'true' if sound else 'false'};" in page
    assert "textual.js" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("flag", [True, False], ids=["--sound", "journal"])
async def test_the_browser_view_chimes_for_a_flash(tmp_path, flag):
    """Served with --sound, or without it once the console turned the stage sound on (issue 17)."""
    plan = tmp_path / "meetup.toml"
    plan.write_text((Path(__file__).parent.parent / "sample_events" / "meetup.toml").read_text())
    clock = SystemClock()
    show = open_show(plan, clock).show
    try:
        show.do(Go(at=clock.now()))
        if not flag:
            show.do(StageSound(at=clock.now(), on=True))
        server, url = serve(plan, free_port(), *(["--sound"] if flag else []))
        try:
            async with chromium_page(
                url, tmp_path / "profile", flags=("--autoplay-policy=no-user-gesture-required",)
            ) as (tools, page):
                deadline = time.monotonic() + TIMEOUT
                while "Doors" not in tools.text() and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                assert "Doors" in tools.text(), "the stage never reached the page"
                await asyncio.sleep(1.0)
                assert await evaluate(tools, page, "window.runofshowChimes") == 0  # nothing rang yet
                show.do(dataclasses.replace(Message(at=clock.now(), text="Mic!", flash=True)))
                while (
                    await evaluate(tools, page, "window.runofshowChimes") == 0 and time.monotonic() < deadline
                ):
                    await asyncio.sleep(0.2)
                chimes = await evaluate(tools, page, "window.runofshowChimes")
                audio = await evaluate(
                    tools, page, "document.getElementById('runofshow-sound').style.display"
                )
        finally:
            stop(server)
    finally:
        show.close()
    assert chimes == 1, "the page played no chime for the flashed message"
    assert audio == "none", "the audio context is not running (the 'click for sound' button shows)"
