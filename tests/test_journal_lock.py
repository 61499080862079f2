"""One writer per journal: a second one is refused at once, naming the file and the holding process."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.journal import JournalFollower, JournalLocked, JournalWriter, read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock, Note

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 12, 3, 15, 55, tzinfo=dt.UTC)

HOLDER = """
import datetime as dt, sys
from runofshow.journal import JournalWriter
from runofshow.show import Note
writer, replay = JournalWriter.open(sys.argv[1])
writer.append(Note(at=dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.timezone.utc), text="from the holder"))
print("ready", flush=True)
sys.stdin.read()  # hold the journal until the parent closes our stdin; exit without closing the writer
"""


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    plan = Path(shutil.copy(ROOT / "sample_events" / "meetup.toml", tmp_path / "meetup.toml"))
    show = open_show(plan, FakeClock(T0)).show
    show.close()
    return show.journal_path


def test_a_second_writer_in_another_process_is_refused_until_it_exits(journal: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        size = journal.stat().st_size
        with pytest.raises(JournalLocked) as locked:
            JournalWriter.open(journal)
        message = str(locked.value)
        assert str(journal) in message and f"process {holder.pid}" in message
        with pytest.raises(JournalLocked, match=f"process {holder.pid}"):
            open_show(journal.with_name("meetup.toml"), FakeClock(T0))
        with pytest.raises(JournalLocked):
            open_show(journal.with_name("meetup.toml"), FakeClock(T0), fresh=True)
        assert journal.stat().st_size == size  # the refused writers wrote nothing
        # readers are never refused
        assert [a.text for a in read_journal(journal).actions] == ["from the holder"]
        assert [a.text for a in JournalFollower(journal).poll()] == ["from the holder"]
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0
    writer, replay = JournalWriter.open(journal)  # the holder exited: the lock went with it
    try:
        assert writer.append(Note(at=T0, text="mine now")) == 2
    finally:
        writer.close()


def test_a_second_writer_in_the_same_process_is_refused_until_the_first_closes(journal: Path):
    first, _ = JournalWriter.open(journal)
    with pytest.raises(JournalLocked, match="already open for writing by process"):
        JournalWriter.open(journal)
    first.close()
    second, _ = JournalWriter.open(journal)
    second.close()
