"""End to end: ``runofshow run`` in a real pseudo-terminal (tmux), GO twice, SIGKILL, start again: the second
segment is still live and its timer is where the wall clock says it should be."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.style import Style
from textual.renderables.digits import Digits as DigitsRenderable

from runofshow.journal import read_journal
from runofshow.plan import format_clock
from test_console_support import MEETUP

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed for a real terminal")
RUNOFSHOW = Path(sys.executable).with_name("runofshow")


def plan_for_today(tmp_path: Path) -> Path:
    """The meetup (18:00), today, in a zone where it is now 17:xx: the show is about to start
    whatever the hour the tests run (no rehearsal offered, nobody hours late)."""
    utc = dt.datetime.now(dt.UTC)
    hours = (17 - utc.hour + 12) % 24 - 12  # UTC+hours puts now at 17:xx; Etc zones span -12..+14
    zone = "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # Etc/GMT-3 is UTC+3
    today = utc.astimezone(ZoneInfo(zone)).date()
    text = MEETUP.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^timezone = .*$", f'timezone = "{zone}"', text, count=1)
    text = re.sub(r"(?m)^date = .*$", f"date = {today.isoformat()}", text, count=1)
    plan = tmp_path / "tonight.toml"
    plan.write_text(text, encoding="utf-8")
    return plan


class Terminal:
    """One tmux server of our own (its own socket), one window of 100x30 running a command."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = str(tmp_path / "tmux.sock")
        self.env = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none"}
        self.env.pop("TMUX", None)

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
            timeout=10,
        ).stdout

    def start(self, command: str) -> int:
        self.tmux("new-session", "-d", "-s", "show", "-x", "100", "-y", "30", f"exec {command}")
        self.tmux("set-option", "-t", "show", "remain-on-exit", "on")
        return int(self.tmux("display-message", "-p", "-t", "show", "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "show")

    def wait_for(self, words: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if words in screen:
                if hasattr(self, "_last_go"):  # a GO sent before was handled by now at the latest
                    self._last_go = time.monotonic()
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{words!r} never showed; the screen was:\n{self.screen()}")

    GO_GUARD = 1.1  # seconds: past the plans' [timers] go_guard (1s), a second GO is not a double tap

    def keys(self, *keys: str) -> None:
        """Send keys; a Space (GO) waits, as a person would, until the last one is past the guard:
        counted from its sending, or from the screen that showed it handled (a loaded machine may
        handle a key late, and the console's guard counts from when it handles it)."""
        if "Space" in keys:
            wait = getattr(self, "_last_go", -self.GO_GUARD) + self.GO_GUARD - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_go = time.monotonic()
        self.tmux("send-keys", "-t", "show", *keys)

    def close(self) -> None:
        self.tmux("kill-server")


def wait_for_journal(path: Path, count: int, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            actions = read_journal(path).actions
            if len(actions) >= count:
                return actions
        time.sleep(0.05)
    raise AssertionError(f"the journal never reached {count} actions")


def digits_lines(value: str) -> list[str]:
    """The three lines the console's bold Digits draw for ``value``."""
    text = "".join(segment.text for segment in DigitsRenderable(value).render(Style(bold=True)))
    return text.split("\n")[:3]


def shows_timer(screen: str, value: str) -> bool:
    lines = screen.splitlines()
    top, middle, bottom = digits_lines(value)
    return any(
        top in lines[i] and middle in lines[i + 1] and bottom in lines[i + 2] for i in range(len(lines) - 2)
    )


def test_go_twice_kill_and_resume_in_a_real_terminal(tmp_path):
    plan = plan_for_today(tmp_path)
    journal = tmp_path / "tonight.journal.jsonl"
    terminal = Terminal(tmp_path)
    try:
        pid = terminal.start(f"{RUNOFSHOW} run {plan}")
        if "Rehearse now?" in terminal.wait_for("NOT STARTED"):  # midnight passed in Jerusalem meanwhile
            terminal.keys("k")
        terminal.keys("Space")
        wait_for_journal(journal, 1)
        terminal.wait_for("LIVE  Doors, pizza and networking")
        terminal.keys("Space")
        actions = wait_for_journal(journal, 2)
        terminal.wait_for("LIVE  Welcome and house rules")
        assert [a.type for a in actions] == ["go", "go"]
        second_go = actions[1].at

        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while terminal.tmux("display-message", "-p", "-t", "show", "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, "the console survived SIGKILL"
            time.sleep(0.05)
        terminal.tmux("kill-session", "-t", "show")
        time.sleep(1.2)  # let the wall clock move on: the timer must have kept running

        status = tmp_path / "exit-status"
        terminal.start(f"sh -c '{RUNOFSHOW} run {plan}; echo $? > {status}'")
        screen = terminal.wait_for("LIVE  Welcome and house rules")
        toast = [
            line.rpartition("▌")[2] for line in terminal.wait_for("resumed from").splitlines() if "▌" in line
        ]
        notice = re.sub(r"[\s│─╮╯╭╰]", "", "".join(toast))  # the toast wraps the long path over lines
        assert f"resumedfrom{journal},2actions" in notice
        terminal.wait_for("▶ LIVE")  # the run of show: its row of the welcome
        # The welcome has 5 minutes from the second GO; the screen shows what the wall clock says.
        deadline = time.monotonic() + 10
        while True:
            screen = terminal.screen()
            elapsed = (dt.datetime.now(dt.UTC) - second_go).total_seconds()
            expected = {format_clock(int(300 - elapsed) + delta) for delta in (-1, 0, 1, 2)}
            if any(shows_timer(screen, value) for value in expected):
                break
            assert time.monotonic() < deadline, f"no timer near {sorted(expected)} on:\n{screen}"
            time.sleep(0.2)
        assert elapsed > 1  # the restart really happened later than the GO
        assert [a.type for a in read_journal(journal).actions] == ["go", "go"]  # a restart writes nothing
        terminal.keys("q")
        terminal.wait_for("Quit the console?")
        terminal.keys("y")
        deadline = time.monotonic() + 10
        while not status.exists() or not status.read_text().strip():
            assert time.monotonic() < deadline, "q, y did not quit"
            time.sleep(0.05)
        assert status.read_text().strip() == "0"
    finally:
        terminal.close()
