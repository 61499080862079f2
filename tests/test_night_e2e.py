"""Issue 20 item 1 end to end, in a real terminal (tmux): the meetup rehearsed a week early (under
faketime), the console quit; then the event day (faketime again, the plan's own day): the console
asks first, Enter archives the rehearsal (kept, byte for byte) and starts tonight's show fresh."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from runofshow.journal import read_journal
from test_console_e2e import Terminal, wait_for_journal
from test_console_support import MEETUP

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed for a real terminal"),
    pytest.mark.skipif(
        shutil.which("faketime") is None, reason="faketime is needed to rehearse a week early"
    ),
]
RUNOFSHOW = Path(sys.executable).with_name("runofshow")
# The meetup is on Thu 3 Dec 2026 at 18:00 in Jerusalem (16:00 UTC).
A_WEEK_EARLY = "2026-11-26 17:50:00"  # UTC: 19:50 in Jerusalem, Thu 26 Nov
THE_DAY = "2026-12-03 15:50:00"  # UTC: 17:50 in Jerusalem, ten minutes before doors


def run_at(when: str, plan: Path) -> str:
    return f"faketime --exclude-monotonic '{when}' {RUNOFSHOW} run {plan}"


def test_the_rehearsal_left_behind_in_a_real_terminal(tmp_path):
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    journal = tmp_path / "meetup.journal.jsonl"
    terminal = Terminal(tmp_path)
    try:
        terminal.start(run_at(A_WEEK_EARLY, plan))
        terminal.wait_for("Rehearse now?")
        terminal.keys("r")
        wait_for_journal(journal, 1)
        terminal.wait_for("REHEARSAL")
        terminal.keys("Space")
        terminal.wait_for("LIVE  Doors, pizza and networking")
        terminal.keys("Space")
        terminal.wait_for("LIVE  Welcome and house rules")
        rehearsal = wait_for_journal(journal, 3)
        assert [a.type for a in rehearsal] == ["rehearse", "go", "go"]
        assert rehearsal[0].at.strftime("%Y-%m-%d") == "2026-11-26"
        terminal.keys("q")
        terminal.wait_for("The show is live. Quit the console?")
        terminal.keys("y")
        terminal.tmux("kill-session", "-t", "show")
        rehearsal_bytes = journal.read_bytes()

        terminal.start(run_at(THE_DAY, plan))
        screen = terminal.wait_for("Start tonight's show")  # the dialog wraps at 100 columns
        assert "This journal is a rehearsal from Thu 26 Nov." in screen and "fresh?" in screen
        assert "the rehearsal is kept as meetup.journal.20261203T1550" in screen
        terminal.keys("Enter")
        screen = terminal.wait_for("NOT STARTED")
        assert "REHEARSAL" not in screen
        archived = sorted(tmp_path.glob("meetup.journal.20261203T1550*.jsonl"))
        assert len(archived) == 1
        assert archived[0].read_bytes() == rehearsal_bytes  # archived, never deleted or rewritten
        assert read_journal(journal).actions == []
        terminal.keys("Space")
        tonight = wait_for_journal(journal, 1)
        assert [a.type for a in tonight] == ["go"] and tonight[0].at.strftime("%Y-%m-%d") == "2026-12-03"
        terminal.wait_for("LIVE  Doors, pizza and networking")
    finally:
        terminal.close()
