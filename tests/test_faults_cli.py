"""What the night can throw at the command line and the journal's files (issue 12): odd command lines,
pipes and full devices, standard input that is no terminal, FIFOs, and one writer per journal file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.journal import JournalError, JournalFollower, JournalLocked, JournalWriter, read_journal
from runofshow.live import open_show
from runofshow.plan import PlanError, load_plan
from runofshow.show import FakeClock, Note

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
RUNOFSHOW = Path(sys.executable).with_name("runofshow")
T0 = dt.datetime(2026, 12, 3, 15, 50, tzinfo=dt.UTC)


def sh(command: str, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return Path(shutil.copy(MEETUP, tmp_path / "meetup.toml"))


@pytest.mark.parametrize(
    ("command", "code", "words"),
    [
        ("run /", 2, "/: is a directory, not a plan file"),
        ('run ""', 2, "the plan's path is empty"),
        ('stage ""', 2, "path is empty"),
        ("check /dev/zero", 2, "/dev/zero:1: not a regular file (a character device)"),
        ("check fifo.toml", 2, "fifo.toml:1: not a regular file (a FIFO)"),
        (
            "check meetup.toml > /dev/full",
            1,
            "runofshow check: cannot write the output: No space left on device",
        ),
        ("schema > /dev/full", 1, "runofshow schema: cannot write the output: No space left on device"),
        ("run meetup.toml", 2, "runofshow run: standard input is not a terminal"),
        ("run meetup.toml 0<&-", 2, "runofshow run: standard input is"),
        ("stage meetup.toml", 2, "runofshow stage: standard input is not a terminal"),
        ("stage meetup.toml 0<&-", 2, "runofshow stage: standard input is"),
    ],
)
def test_odd_command_lines_get_one_line_and_no_traceback(plan, command, code, words):
    os.mkfifo(plan.parent / "fifo.toml")
    result = sh(f"{RUNOFSHOW} {command}", plan.parent)
    assert result.returncode == code, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_run_refused_without_a_terminal_leaves_the_lock_free(plan):
    result = sh(f"{RUNOFSHOW} run meetup.toml", plan.parent)
    assert result.returncode == 2
    open_show(plan, FakeClock(T0)).show.close()  # not held by a headless console


def test_a_closed_pipe_is_quiet(plan):
    """`check PLAN | head -1`: the reader is gone before the output is written (here, from the start)."""
    process = subprocess.Popen(
        [str(RUNOFSHOW), "check", "meetup.toml"],
        cwd=plan.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=30) == 141 and stderr == "", stderr


def test_a_browser_view_started_by_textual_serve_is_not_refused():
    from runofshow.tui.terminal import terminal_problem

    env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    code = "from runofshow.tui.terminal import terminal_problem as p; print(p())"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
        ).stdout.strip()
        == "None"
    )
    assert terminal_problem() is not None or os.isatty(0)  # pytest's own stdin


def test_plans_over_the_size_limit_are_refused(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(17 * 2**20)
    with pytest.raises(PlanError, match="too big to be a plan"):
        load_plan(big)


# --- one writer per journal file (item 7) ---------------------------------------------------------


@pytest.mark.parametrize("link", ["symlink", "hardlink", "symlinked folder"])
def test_a_second_writer_through_another_name_of_the_same_journal_is_refused(plan, link):
    show = open_show(plan, FakeClock(T0)).show
    journal = show.journal_path
    if link == "symlink":
        other = plan.parent / "other.journal.jsonl"
        other.symlink_to(journal)
    elif link == "hardlink":
        other = plan.parent / "other.journal.jsonl"
        os.link(journal, other)
    else:
        (plan.parent.parent / f"{plan.parent.name}-link").symlink_to(plan.parent)
        other = plan.parent.parent / f"{plan.parent.name}-link" / journal.name
    try:
        with pytest.raises(JournalLocked, match="already open for writing"):
            JournalWriter.open(other)
        with pytest.raises(JournalLocked):
            open_show(plan, FakeClock(T0), journal=other)
        show.do(Note(at=T0, text="the one writer"))
    finally:
        show.close()
    writer, replay = JournalWriter.open(other)  # free again once the first is closed
    assert [a.text for a in replay.actions] == ["the one writer"]
    assert writer.append(Note(at=T0, text="second")) == 2
    writer.close()


def test_fifo_journals_are_refused_by_every_reader_and_the_writer(plan):
    fifo = plan.parent / "meetup.journal.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(JournalError, match="not a regular file"):
        read_journal(fifo)
    with pytest.raises(JournalError, match="not a regular file"):
        JournalFollower(fifo).poll()
    with pytest.raises(JournalError, match="not a regular file"):
        open_show(plan, FakeClock(T0))
    for command in ("export meetup.journal.jsonl --format csv", "stage meetup.journal.jsonl"):
        result = sh(f"{RUNOFSHOW} {command}", plan.parent, timeout=20)  # hung before
        assert result.returncode == 1 and "not a regular file (a FIFO)" in result.stderr, result.stderr
