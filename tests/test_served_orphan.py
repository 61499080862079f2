"""A served view ends with its server (tui/orphan.py): the stage view run as textual-serve runs it
(web driver, stdin and stdout pipes) exits once the pipe to the server is gone, instead of
rendering on for nobody (it was seen at 95% CPU, deaf to SIGTERM, after the server was killed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

MEETUP = Path(__file__).resolve().parent.parent / "sample_events" / "meetup.toml"


def served(tmp_path: Path, *args: str) -> subprocess.Popen:
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    env = {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "COLUMNS": "80",
        "LINES": "24",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "runofshow.tui.stage_cmd", str(plan), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def started(process: subprocess.Popen) -> None:
    """Read until the app has drawn something (the web driver's packets carry the screen)."""
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 30
    while b"__GANGLION__" not in seen or len(seen) < 2000:
        assert time.monotonic() < deadline, f"the stage view never drew: {seen[:200]!r}"
        seen += os.read(process.stdout.fileno(), 65536)


def ends_within(process: subprocess.Popen, seconds: float) -> bool:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    return True


def test_the_served_stage_view_ends_when_its_server_is_gone(tmp_path: Path) -> None:
    process = served(tmp_path)
    started(process)
    assert process.poll() is None  # running while the server reads
    assert process.stdout is not None and process.stdin is not None
    process.stdout.close()  # the server died: nobody reads the view's output, nobody writes its input
    process.stdin.close()
    assert ends_within(process, 10), "the stage view outlived its server"
    assert process.returncode == 0


def test_in_a_terminal_nothing_watches(tmp_path: Path) -> None:
    from runofshow.tui.orphan import exit_with_the_server

    os.environ.pop("TEXTUAL_DRIVER", None)
    assert exit_with_the_server() is False  # a terminal's stage view: its own life
