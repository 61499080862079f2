"""What the night can throw at the console (issue 12), in a real pseudo-terminal (tmux): a full disk
mid-show, and the laptop's clock stepping back an hour."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import json
import os
import re
import resource
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from runofshow.journal import read_journal
from runofshow.live import open_show
from runofshow.plan import format_clock
from runofshow.show import SystemClock
from test_console_e2e import RUNOFSHOW, Terminal, plan_for_today, shows_timer, wait_for_journal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed for a real terminal")
BANNER = "JOURNAL CANNOT BE WRITTEN"


@contextlib.contextmanager
def small_disk(where: Path, how: str):
    """A directory on a small filesystem: a 512 KiB tmpfs (root may mount one), or, for "rlimit",
    a plain directory (the console is then started under RLIMIT_FSIZE)."""
    where.mkdir()
    if how == "rlimit":
        yield where
        return
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root: the RLIMIT_FSIZE variant covers a full disk")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "runofshow-test", str(where)], capture_output=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}): RLIMIT_FSIZE covers it")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(directory: Path) -> Path:
    """Write a file until the filesystem is full; returns it (delete it to free the space)."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def header_on_a_page_boundary(plan: Path, journal: Path) -> None:
    """Start ``journal`` with a header whose size is a whole number of pages (padding the plan with
    a comment): on a full tmpfs, appending to a page already allocated would still succeed."""
    text = plan.read_text(encoding="utf-8")
    for _ in range(5):
        open_show(plan, SystemClock()).show.close()
        short = -journal.stat().st_size % 4096
        if short == 0:
            return
        journal.unlink()
        # a comment line: "#", dots, and a newline that the header's JSON writes as two bytes
        text += "#" + "." * ((short - 3) % 4096) + "\n"
        plan.write_text(text, encoding="utf-8")
    raise AssertionError("could not bring the journal's header to a page boundary")


def wait_until_gone(terminal: Terminal, words: str, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = terminal.screen()
        if words not in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{words!r} never went; the screen was:\n{terminal.screen()}")


def pane_alive(terminal: Terminal) -> bool:
    return terminal.tmux("display-message", "-p", "-t", "show", "#{pane_dead}").strip() == "0"


@pytest.mark.parametrize("how", ["tmpfs", "rlimit"])
def test_a_full_disk_refuses_go_with_a_banner_and_the_next_go_after_freeing_space_is_journaled(tmp_path, how):
    with small_disk(tmp_path / "disk", how) as disk:
        plan = plan_for_today(tmp_path)
        plan = Path(shutil.copy(plan, disk / plan.name))
        journal = disk / "tonight.journal.jsonl"
        command = f"{RUNOFSHOW} run {plan}"
        if how == "rlimit":  # the journal's header first, then a limit a few bytes above its size
            open_show(plan, SystemClock()).show.close()
            command = f"prlimit --fsize={journal.stat().st_size + 8}:unlimited {command}"
        else:  # a header that fills its last page: the first record needs a new one
            header_on_a_page_boundary(plan, journal)
        terminal = Terminal(tmp_path)
        try:
            pid = terminal.start(command)
            if "Rehearse now?" in terminal.wait_for("NOT STARTED"):  # midnight passed in Jerusalem
                terminal.keys("k")
            filler = fill(disk) if how == "tmpfs" else None

            terminal.keys("Space")
            screen = terminal.wait_for(BANNER)
            flat = re.sub(r"\s+", " ", screen)
            reason = "disk full" if how == "tmpfs" else "file size limit reached"
            assert f"{BANNER}: {reason}" in flat and "actions are not being saved" in flat
            assert "NOT STARTED" in screen  # nothing half-applied
            time.sleep(0.5)
            assert pane_alive(terminal), terminal.screen()
            assert read_journal(journal).actions == []
            terminal.keys("Space")  # still full: refused again, still up
            time.sleep(0.5)
            assert pane_alive(terminal) and BANNER in terminal.screen()

            if filler is not None:
                filler.unlink()
            else:
                resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
            terminal.keys("Space")
            actions = wait_for_journal(journal, 1)
            terminal.wait_for("LIVE  Doors, pizza and networking")
            wait_until_gone(terminal, BANNER)
            terminal.keys("Space")
            actions = wait_for_journal(journal, 2)
            terminal.wait_for("LIVE  Welcome and house rules")
            replay = read_journal(journal)
            assert [a.type for a in replay.actions] == ["go", "go"] and replay.last_seq == 2
            lines = journal.read_text().splitlines()
            assert [json.loads(line)["seq"] for line in lines[-2:]] == [
                1,
                2,
            ]  # the refused GOs left no record
            assert actions[0].at <= actions[1].at
            assert pane_alive(terminal)
        finally:
            terminal.close()


LIBFAKETIME = next(
    (
        p
        for p in (
            Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path("/usr/lib/faketime/libfaketime.so.1"),
        )
        if p.exists()
    ),
    None,
)


def remaining_shown(terminal: Terminal, started: dt.datetime, slot: int, timeout: float = 10.0) -> None:
    """The live timer shows what the real (steady) time says: ``slot`` seconds from ``started``."""
    deadline = time.monotonic() + timeout
    while True:
        screen = terminal.screen()
        elapsed = (dt.datetime.now(dt.UTC) - started).total_seconds()
        expected = {format_clock(int(slot - elapsed) + delta) for delta in (-1, 0, 1, 2)}
        if any(shows_timer(screen, value) for value in expected):
            return
        assert time.monotonic() < deadline, f"no timer near {sorted(expected)} on:\n{screen}"
        time.sleep(0.2)


@pytest.mark.skipif(LIBFAKETIME is None, reason="libfaketime (Debian's faketime package) is not installed")
def test_the_laptop_clock_stepping_back_an_hour_moves_no_timer_in_the_console_or_the_export(tmp_path):
    plan = plan_for_today(tmp_path)
    journal = tmp_path / "tonight.journal.jsonl"
    offset_file = tmp_path / "faketime"
    offset_file.write_text("+0\n")
    # The wall clock follows the file (read at every call); the monotonic clocks stay real.
    env = (
        f"FAKETIME_TIMESTAMP_FILE={offset_file} FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 "
        f"LD_PRELOAD={LIBFAKETIME}"
    )
    terminal = Terminal(tmp_path)
    try:
        terminal.start(f"env {env} {RUNOFSHOW} run {plan}")
        if "Rehearse now?" in terminal.wait_for("NOT STARTED"):
            terminal.keys("k")
        terminal.keys("Space")
        first_go = wait_for_journal(journal, 1)[0].at
        terminal.wait_for("LIVE  Doors, pizza and networking")
        remaining_shown(terminal, first_go, 30 * 60)

        offset_file.write_text("-3600\n")  # an NTP step, or someone sets the laptop's clock back
        time.sleep(1.2)
        remaining_shown(terminal, first_go, 30 * 60)  # not 1:29:58, not negative
        terminal.keys("Space")
        note, second_go = wait_for_journal(journal, 3)[1:]
        terminal.wait_for("LIVE  Welcome and house rules")
        assert note.type == "note" and "stepped back by 1:00:00" in note.text
        assert abs((second_go.at - dt.datetime.now(dt.UTC)).total_seconds()) < 10  # the steady time
        remaining_shown(terminal, second_go.at, 5 * 60)

        terminal.keys("q")
        terminal.wait_for("Quit the console?")
        terminal.keys("y")
        deadline = time.monotonic() + 10
        while pane_alive(terminal):
            assert time.monotonic() < deadline, "q, y did not quit"
            time.sleep(0.05)
        terminal.close()  # a new tmux server for the second run (the old one may still be exiting)
        (tmp_path / "again").mkdir()
        terminal = Terminal(tmp_path / "again")

        # Started again with the clock an hour behind the journal: time goes on from its last record.
        terminal.start(f"env {env} {RUNOFSHOW} run {plan}")
        screen = terminal.wait_for("LIVE  Welcome and house rules")
        # It cannot know how long no console ran: the timer goes on from the last record, so it shows
        # at most the 5 minutes, at least what the real time says; never an hour more, never negative.
        elapsed = int((dt.datetime.now(dt.UTC) - second_go.at).total_seconds())
        assert any(shows_timer(screen, format_clock(left)) for left in range(300 - elapsed - 2, 301)), screen
        terminal.keys("Space")  # a blocking item is not done: a second GO within 5 s goes anyway
        terminal.wait_for("to go anyway")
        time.sleep(1.1)  # after the double-tap guard (1 s) from the press that named the items
        terminal.keys("Space")
        actions = wait_for_journal(journal, 5)
        terminal.wait_for("LIVE  Design tokens at scale")
        assert actions[3].type == "note"
        assert re.search(
            r"clock stepped back: it was 0:59:\d\d behind the journal's last record", actions[3].text
        )
        assert [a.type for a in actions] == ["go", "note", "go", "note", "go"]
        instants = [a.at for a in actions]
        assert instants == sorted(instants)
        screen = terminal.screen()
        assert "+" not in "".join(line for line in screen.splitlines() if "Welcome" in line)  # no overrun

        export = subprocess.run(
            [str(RUNOFSHOW), "export", str(journal), "--format", "csv"], capture_output=True, text=True
        )
        assert export.returncode == 0, export.stderr
        rows = list(csv.DictReader(io.StringIO(export.stdout)))
        durations = {r["segment_id"]: int(r["actual_duration_s"]) for r in rows if r["actual_duration_s"]}
        assert set(durations) == {"doors", "welcome", "dana-talk"}  # dana-talk: running so far
        assert all(0 <= seconds < 60 for seconds in durations.values()), durations
    finally:
        terminal.close()
