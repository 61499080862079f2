"""Crash safety: a writer process killed with SIGKILL at random moments loses nothing it acknowledged.

Each round forks a child (fork keeps it fast: the modules are already imported) that reopens the
same journal, appends actions as fast as it can and reports each sequence number on a pipe once
``append`` has returned. The parent kills it after a random delay. Afterwards every reported
action must be in the journal, the numbering must go on without duplicates, and the file must
still replay, with at most torn lines reported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from runofshow.journal import JournalWriter, read_journal
from runofshow.live import open_show
from runofshow.show import AddTime, CheckItem, FakeClock, Go, Note, Pause, Resume

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 12, 3, 15, 55, tzinfo=dt.UTC)
ROUNDS = 60

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _child(journal: Path, round_no: int, out: int) -> None:
    """Append until killed; report each seq after append returned. Never returns."""
    try:
        writer, replay = JournalWriter.open(journal)
        os.write(out, f"open {replay.last_seq}\n".encode())
        at = T0 + dt.timedelta(seconds=len(replay.actions))
        big = "x" * random.Random(round_no).choice([10, 3000, 70000])  # large lines tear more easily
        kinds = [
            lambda: Note(at=at, text=f"r{round_no}s{writer.seq + 1}{big}"),
            lambda: Pause(at=at),
            lambda: Resume(at=at),
            lambda: AddTime(at=at, seconds=1),
            lambda: CheckItem(at=at, segment="doors", index=0, by="tamar"),
        ]
        i = 0
        while True:
            seq = writer.append(kinds[i % len(kinds)]())
            os.write(out, f"{seq}\n".encode())
            i += 1
    except BaseException:
        os._exit(3)
    os._exit(0)


def _seqs_on_disk(journal: Path) -> list[int]:
    seqs = []
    for line in journal.read_bytes().split(b"\n")[1:]:
        try:
            seqs.append(json.loads(line)["seq"])
        except ValueError:
            continue  # a torn line
    return seqs


def test_sigkill_at_random_moments_loses_no_acknowledged_action(tmp_path: Path):
    plan = Path(shutil.copy(ROOT / "sample_events" / "meetup.toml", tmp_path / "meetup.toml"))
    show = open_show(plan, FakeClock(T0)).show
    show.do(Go(at=T0))
    show.close()
    journal = show.journal_path
    rng = random.Random(20261203)
    acknowledged: set[int] = set()
    for round_no in range(ROUNDS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            _child(journal, round_no, write_fd)
        os.close(write_fd)
        # Kill at a random moment: sometimes before it even opened the journal.
        time.sleep(rng.choice([0, 0.001, rng.uniform(0, 0.03), rng.uniform(0.02, 0.08)]))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the child stopped by itself"
        with os.fdopen(read_fd, "rb") as pipe:
            reported = pipe.read().decode().split("\n")
        complete = list(reported[:-1])  # the last piece may be a half-written report
        if complete and complete[0].startswith("open "):
            # the numbering goes on from everything acknowledged so far
            assert int(complete[0].split()[1]) >= max(acknowledged, default=1)
            complete = complete[1:]
        acknowledged.update(int(seq) for seq in complete)

        replay = read_journal(journal)  # the file still replays after every crash
        on_disk = _seqs_on_disk(journal)
        assert acknowledged <= set(on_disk), f"round {round_no}: acknowledged actions missing"
        assert len(on_disk) == len(set(on_disk)) and on_disk == sorted(on_disk), (
            "seq numbers repeat or go back"
        )
        assert len(replay.actions) == len(on_disk)
        assert all("torn" in problem for problem in replay.problems)

    final = read_journal(journal)
    assert len(acknowledged) >= 20  # the children really got to write (about 100 on a busy 2-core machine)
    assert final.last_seq == max(_seqs_on_disk(journal))
    assert all("torn" in problem for problem in final.problems)
    # whatever crashed, the writer can carry on from the journal
    writer, replay = JournalWriter.open(journal)
    try:
        assert writer.append(Note(at=T0, text="after the storm")) == final.last_seq + 1
    finally:
        writer.close()
    assert read_journal(journal).actions[-1].text == "after the storm"
