"""End to end (issue 13): ``runofshow run`` in a real pseudo-terminal (pexpect), open the desk, mark a
task done, check a person in, SIGKILL, start again: both are still done, on the desk and in the journal.

(pexpect rather than tmux: it needs no terminal server, only a pty; the screen is read from the
bytes the console writes, which is enough to find a status word.)
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pexpect

from runofshow.journal import read_journal
from test_console_e2e import plan_for_today, wait_for_journal

RUNOFSHOW = Path(sys.executable).with_name("runofshow")
ENV = {**os.environ, "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "COLUMNS": "100", "LINES": "30"}


def console(plan: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        str(RUNOFSHOW), ["run", str(plan)], env=ENV, dimensions=(30, 100), encoding="utf-8", timeout=30
    )
    index = child.expect(["NOT STARTED", "Rehearse now"])
    if index == 1:  # midnight passed in Jerusalem meanwhile
        child.send("k")
        child.expect("NOT STARTED")
    return child


def test_check_in_task_done_kill_and_resume(tmp_path):
    plan = plan_for_today(tmp_path)
    journal = tmp_path / "tonight.journal.jsonl"
    child = console(plan)
    try:
        time.sleep(0.3)
        child.send("d")
        child.expect(r"Tasks \(9\)")
        time.sleep(0.3)
        child.send("t")  # the first task in due order: unlock the lobby (Tamar)
        wait_for_journal(journal, 1)
        child.expect("by Tamar")
        child.send("\t")
        time.sleep(0.3)
        child.send("a")  # the first person: Tamar
        actions = wait_for_journal(journal, 2)
        child.expect("HERE since")
        assert [a.type for a in actions] == ["task_done", "check_in"]
        assert (actions[0].task, actions[0].done, actions[1].person, actions[1].here) == (
            "doors-open",
            True,
            "tamar",
            True,
        )
        os.kill(child.pid, signal.SIGKILL)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.signalstatus == signal.SIGKILL

    again = console(plan)
    try:
        time.sleep(0.3)
        again.send("d")
        again.expect(r"Tasks \(9\)")
        again.expect("by Tamar")  # the task, still done
        again.expect("HERE since")  # Tamar, still here
        assert [a.type for a in read_journal(journal).actions] == ["task_done", "check_in"]  # nothing new
        again.send("q")  # not live: quits without asking
        again.expect(pexpect.EOF)
    finally:
        again.close(force=True)
