"""The journal on disk: location, format, reopening, --fresh, torn lines, the follower, .gitignore."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from runofshow import journal as journal_module
from runofshow.journal import (
    FORMAT_VERSION,
    TORN_MARK,
    JournalError,
    JournalFollower,
    JournalLocked,
    JournalWriter,
    archive_journal,
    default_journal_path,
    read_journal,
)
from runofshow.live import LiveShow, open_show
from runofshow.plan import PlanError, load_plan, sha256_text
from runofshow.show import AddTime, CheckItem, FakeClock, Go, Note, Pause, Undo, reduce

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
T0 = dt.datetime(2026, 12, 3, 15, 55, tzinfo=dt.UTC)  # 17:55 in Tel Aviv


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return Path(shutil.copy(MEETUP, tmp_path / "meetup.toml"))


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


# --- location and format ---------------------------------------------------------------------


def test_default_journal_path_is_beside_the_plan():
    assert default_journal_path("sample_events/meetup.toml") == Path("sample_events/meetup.journal.jsonl")
    assert default_journal_path("/x/y/night.plan.toml") == Path("/x/y/night.plan.journal.jsonl")
    assert default_journal_path(Path("meetup")) == Path("meetup.journal.jsonl")


def test_a_new_show_writes_a_header_then_one_line_per_action(plan_path: Path):
    clock = FakeClock(T0)
    opened = open_show(plan_path, clock)
    show = opened.show
    assert opened.resumed is None and opened.notices == []
    assert show.journal_path == plan_path.with_name("meetup.journal.jsonl")
    assert show.do(Go(at=clock.now())) == 1
    assert show.do(Note(at=clock.advance(61.5), text='Привет "mic"\nline two')) == 2
    show.close()

    lines = lines_of(show.journal_path)
    assert lines[-1] == b"" and len(lines) == 4  # every line ends with a newline
    header = json.loads(lines[0])
    text = plan_path.read_text()
    assert header["type"] == "header" and header["version"] == FORMAT_VERSION
    assert header["plan_text"] == text and header["plan_sha256"] == sha256_text(text)
    assert header["plan_source"] == str(plan_path) and dt.datetime.fromisoformat(header["created"]) == T0
    go, note = json.loads(lines[1]), json.loads(lines[2])
    assert go == {"type": "go", "v": 2, "at": "2026-12-03T15:55:00+00:00", "seq": 1}
    assert note["seq"] == 2 and note["text"] == 'Привет "mic"\nline two'
    assert note["at"] == "2026-12-03T15:56:01.500000+00:00"  # ISO 8601 with its offset, microseconds kept
    assert "Привет".encode() in lines[2]  # readable in an editor, not \u-escaped


def test_journal_option_overrides_the_location(plan_path: Path, tmp_path: Path):
    elsewhere = tmp_path / "logs" / "tonight.jsonl"
    elsewhere.parent.mkdir()
    show = open_show(plan_path, FakeClock(T0), journal=elsewhere).show
    show.close()
    assert show.journal_path == elsewhere and elsewhere.exists()
    assert not default_journal_path(plan_path).exists()


def test_a_journal_in_a_missing_directory_is_a_clear_error(plan_path: Path, tmp_path: Path):
    with pytest.raises(JournalError, match="cannot create the lock file"):
        open_show(plan_path, FakeClock(T0), journal=tmp_path / "nope" / "j.jsonl")


def test_reopening_resumes_exactly(plan_path: Path):
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    for action in (
        Go(at=clock.now()),
        AddTime(at=clock.advance(30), seconds=120),
        Pause(at=clock.advance(30)),
        CheckItem(at=clock.advance(1), segment="doors", index=1, item="Pizza delivered", by="tamar"),
    ):
        show.do(action)
    clock.advance(300)
    before = show.state()
    show.close()

    opened = open_show(plan_path, clock)
    assert opened.resumed == 4 and opened.notices == []
    assert opened.show.state() == before
    assert opened.show.do(Undo(at=clock.now())) == 5  # numbering goes on
    opened.show.close()


def test_a_failed_write_is_refused_and_the_next_append_tries_again(plan_path: Path, monkeypatch):
    """A full disk refuses the action (nothing applied) and says why in ``trouble``; the next
    append tries again, ends the fragment the failed write left with the torn mark, and goes on."""
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    show.do(Go(at=clock.now()))
    real_write = os.write

    def full_disk_after_ten_bytes(fd, data):
        real_write(fd, bytes(data[:10]))  # a record's prefix reaches the disk, then it is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal_module.os, "write", full_disk_after_ten_bytes)
    with pytest.raises(JournalError, match="No space left on device"):
        show.do(Note(at=clock.now(), text="lost"))
    assert show.writer.trouble == f"disk full: {show.journal_path}"
    assert show.journal_trouble() == (
        f"JOURNAL CANNOT BE WRITTEN: disk full: {show.journal_path}; actions are not being saved"
    )
    assert show.actions == [Go(at=T0)] and show.writer.seq == 1  # nothing applied
    monkeypatch.undo()
    assert show.do(Note(at=clock.now(), text="fine again")) == 2
    assert show.writer.trouble is None and show.journal_trouble() is None
    show.close()
    with pytest.raises(JournalError, match="closed"):
        show.writer.append(Note(at=clock.now(), text="closed"))
    replay = read_journal(show.journal_path)
    assert [a.type for a in replay.actions] == ["go", "note"] and replay.last_seq == 2
    assert any("torn line" in p for p in replay.problems)
    reopened = open_show(plan_path, clock).show
    assert reopened.do(Note(at=clock.now(), text="and on")) == 3
    reopened.close()


def test_a_failed_fsync_keeps_the_whole_line_and_says_it_may_not_be_on_disk(plan_path: Path, monkeypatch):
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show

    def failing_fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(journal_module.os, "fsync", failing_fsync)
    assert show.do(Go(at=clock.now())) == 1  # the line is in the file: readers replay it
    assert "input/output error (the last action may not be on disk)" in show.journal_trouble()
    monkeypatch.undo()
    assert show.do(Note(at=clock.now(), text="synced")) == 2 and show.journal_trouble() is None
    show.close()
    assert [a.type for a in read_journal(show.journal_path).actions] == ["go", "note"]


# --- reopening with a changed plan, --fresh -----------------------------------------------------


def test_reopen_after_the_plan_changed_says_so_and_keeps_the_journal_copy(plan_path: Path):
    clock = FakeClock(T0)
    open_show(plan_path, clock).show.close()
    original = plan_path.read_text()
    plan_path.write_text(original.replace("Design tokens at scale", "Design tokens, revised"))
    opened = open_show(plan_path, clock)
    try:
        # The console offers the change as an amendment (issue 20); until applied, the journal's copy holds.
        assert opened.notices == []
        assert opened.amendment is not None
        assert opened.amendment.changes == [
            "'dana-talk': title “Design tokens at scale” → “Design tokens, revised”"
        ]
        assert opened.show.plan.segment_by_id["dana-talk"].title == "Design tokens at scale"
        assert opened.show.state(T0).row("dana-talk").title == "Design tokens at scale"
    finally:
        opened.show.close()


def test_reopen_with_a_broken_or_missing_plan_uses_the_journal_copy(plan_path: Path):
    clock = FakeClock(T0)
    open_show(plan_path, clock).show.close()
    plan_path.write_text("[event]\nnot toml at all = = =\n")
    opened = open_show(plan_path, clock)
    opened.show.close()
    assert len(opened.notices) == 1 and "cannot be loaded now" in opened.notices[0]
    assert opened.show.plan.event.title == "Frontend Night #42"
    plan_path.unlink()
    opened = open_show(plan_path, clock)
    opened.show.close()
    assert opened.notices == [] and opened.show.plan.event.title == "Frontend Night #42"


def test_fresh_archives_the_old_journal_and_never_deletes_it(plan_path: Path):
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    show.do(Go(at=clock.now()))
    show.close()
    journal = show.journal_path
    old = journal.read_bytes()
    plan_path.write_text(plan_path.read_text().replace("Frontend Night #42", "Frontend Night #43"))

    opened = open_show(plan_path, clock, fresh=True)
    opened.show.close()
    archived = journal.with_name("meetup.journal.20261203T155500.jsonl")
    assert archived.read_bytes() == old
    assert opened.notices == [f"previous journal kept as {archived}"]
    assert opened.resumed is None and opened.show.actions == []
    assert opened.show.plan.event.title == "Frontend Night #43"  # the new plan
    assert read_journal(journal).actions == []

    again = open_show(plan_path, clock, fresh=True)  # the same second: a counter keeps both
    again.show.close()
    assert again.notices == [
        f"previous journal kept as {journal.with_name('meetup.journal.20261203T155500-1.jsonl')}"
    ]
    assert sorted(p.name for p in plan_path.parent.iterdir()) == [
        "meetup.journal.20261203T155500-1.jsonl",
        "meetup.journal.20261203T155500.jsonl",
        "meetup.journal.jsonl",
        "meetup.journal.jsonl.lock",
        "meetup.toml",
    ]


def test_fresh_without_a_journal_just_starts(plan_path: Path):
    opened = open_show(plan_path, FakeClock(T0), fresh=True)
    opened.show.close()
    assert opened.notices == [] and opened.show.journal_path.exists()


def test_fresh_with_a_bad_plan_leaves_the_journal_alone(plan_path: Path):
    clock = FakeClock(T0)
    open_show(plan_path, clock).show.close()
    journal = default_journal_path(plan_path)
    before = journal.read_bytes()
    plan_path.write_text("[event]\ntitle = 1\n")
    with pytest.raises(PlanError):
        open_show(plan_path, clock, fresh=True)
    assert journal.read_bytes() == before
    assert sorted(p.name for p in plan_path.parent.iterdir()) == [
        "meetup.journal.jsonl",
        "meetup.journal.jsonl.lock",
        "meetup.toml",
    ]


def test_fresh_while_another_writer_holds_the_journal_moves_nothing(plan_path: Path):
    clock = FakeClock(T0)
    holder = open_show(plan_path, clock).show
    try:
        holder.do(Go(at=clock.now()))
        with pytest.raises(JournalLocked, match=f"process {os.getpid()}"):
            open_show(plan_path, clock, fresh=True)
        assert sorted(p.name for p in plan_path.parent.iterdir()) == [
            "meetup.journal.jsonl",
            "meetup.journal.jsonl.lock",
            "meetup.toml",
        ]
        assert holder.do(Note(at=clock.now(), text="still mine")) == 2
    finally:
        holder.close()
    assert len(read_journal(holder.journal_path).actions) == 2


def test_archive_journal_names(tmp_path: Path):
    journal = tmp_path / "x.journal.jsonl"
    journal.write_text("data\n")
    now = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert archive_journal(journal, now).name == "x.journal.20260102T030405.jsonl"
    assert not journal.exists()


# --- torn and unreadable lines -----------------------------------------------------------------


def _journal(plan_path: Path, *notes: str) -> Path:
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    for text in notes:
        show.do(Note(at=clock.advance(1), text=text))
    show.close()
    return show.journal_path


def test_a_torn_last_line_is_reported_and_ignored(plan_path: Path):
    journal = _journal(plan_path, "one", "two", "three")
    data = journal.read_bytes()
    journal.write_bytes(data[:-10])
    replay = read_journal(journal)
    assert [a.text for a in replay.actions] == ["one", "two"]
    assert replay.torn and replay.last_seq == 2
    assert replay.problems == [f"{journal}:4: torn last line (a crash mid-write) ignored"]


def test_a_line_missing_only_its_newline_is_still_torn_and_never_comes_back(plan_path: Path):
    journal = _journal(plan_path, "one", "two")
    journal.write_bytes(journal.read_bytes()[:-1])  # "two" is whole JSON, but its append never returned
    replay = read_journal(journal)
    assert [a.text for a in replay.actions] == ["one"] and replay.torn

    clock = FakeClock(T0 + dt.timedelta(minutes=5))
    writer, replay = JournalWriter.open(journal)
    show = LiveShow(replay.plan, writer, clock, replay.actions)
    assert show.do(Note(at=clock.now(), text="three")) == 2
    show.close()
    lines = lines_of(journal)
    assert lines[2].endswith(TORN_MARK)  # the fragment was closed, not rewritten
    assert lines[2].startswith(b'{"type":"note"')
    replay = read_journal(journal)
    assert [a.text for a in replay.actions] == ["one", "three"]
    assert replay.problems == [f"{journal}:3: torn line (a crash mid-write) skipped"]
    assert not replay.torn and replay.last_seq == 2


def test_an_unreadable_line_is_reported_with_its_number_and_skipped(plan_path: Path):
    journal = _journal(plan_path, "one")
    with open(journal, "ab") as handle:
        handle.write(b'{"type":"warp","at":"2026-12-03T16:00:00+00:00","seq":2}\n')
        handle.write(b'{"type":"note","at":"2026-12-03T16:00:00","seq":3,"text":"naive"}\n')
        handle.write(b"not json\n\n")
        handle.write(b'["a list"]\n')
        handle.write(b'{"type":"note","at":"2026-12-03T16:01:00+00:00","seq":6,"text":"two"}\n')
    replay = read_journal(journal)
    assert [a.text for a in replay.actions] == ["one", "two"] and replay.last_seq == 6
    assert [p.split(": ", 1)[0] for p in replay.problems] == [f"{journal}:{n}" for n in (3, 4, 5, 7)]
    assert all("unreadable record skipped" in p for p in replay.problems)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty or torn header"),
        (b'{"type":"header"', "empty or torn header"),
        (b'{"type":"go"}\n', "not a runofshow journal (the first line is not a header)"),
        (b'{"type":"header","version":99}\n', "format version 99"),
        (b"\xff\xfe\n", "not a runofshow journal"),
        (b'{"type":"header","version":1,"plan_text":3,"plan_sha256":"x"}\n', "not a runofshow journal"),
    ],
)
def test_unusable_journals_are_clear_errors(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.journal.jsonl"
    path.write_bytes(content)
    with pytest.raises(JournalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_journal(path)


def test_a_tampered_plan_copy_is_refused(plan_path: Path):
    journal = _journal(plan_path, "one")
    lines = lines_of(journal)
    header = json.loads(lines[0])
    header["plan_text"] = header["plan_text"].replace("Frontend Night #42", "Frontend Night #99")
    journal.write_bytes(json.dumps(header).encode() + b"\n" + b"\n".join(lines[1:]))
    with pytest.raises(JournalError, match="does not match its sha256"):
        read_journal(journal)
    header["plan_text"] = "[event]\n"
    header["plan_sha256"] = sha256_text("[event]\n")
    journal.write_bytes(json.dumps(header).encode() + b"\n")
    with pytest.raises(JournalError, match="its copy of the plan is invalid"):
        read_journal(journal)


def test_missing_and_directory_journals(tmp_path: Path):
    with pytest.raises(JournalError, match="no such journal"):
        read_journal(tmp_path / "nope.jsonl")
    with pytest.raises(JournalError, match="is a directory"):
        read_journal(tmp_path)


def test_create_refuses_an_existing_journal(plan_path: Path):
    journal = _journal(plan_path)
    with pytest.raises(JournalError, match="already exists"):
        JournalWriter.create(journal, load_plan(plan_path), T0)
    # the lock was released: opening works
    writer, _ = JournalWriter.open(journal)
    writer.close()


# --- the follower --------------------------------------------------------------------------------


def test_follower_waits_for_the_file_then_follows_it(plan_path: Path):
    journal = default_journal_path(plan_path)
    follower = JournalFollower(journal)
    assert follower.poll() == [] and follower.replay is None  # no journal yet: wait quietly
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    try:
        assert follower.poll() == []
        assert follower.replay is not None and follower.replay.plan == show.plan  # the header is read
        go = Go(at=clock.now())
        show.do(go)
        assert follower.poll() == [go]  # promptly: as soon as the line is on disk
        assert follower.poll() == []
        notes = [Note(at=clock.advance(1), text=f"n{i}") for i in range(3)]
        for note in notes:
            show.do(note)
        assert follower.poll() == notes
        assert reduce(follower.replay.plan, follower.replay.actions, clock.now()) == show.state()
    finally:
        show.close()


def test_follower_returns_only_complete_lines(plan_path: Path):
    journal = _journal(plan_path, "one")
    follower = JournalFollower(journal)
    assert [a.text for a in follower.poll()] == ["one"]
    record = b'{"type":"note","at":"2026-12-03T16:00:00+00:00","seq":2,"text":"two"}\n'
    with open(journal, "ab") as handle:
        handle.write(record[:20])
        handle.flush()
        assert follower.poll() == []
        handle.write(record[20:-1])
        handle.flush()
        assert follower.poll() == []  # whole JSON, but no newline yet
        handle.write(b"\n")
        handle.flush()
    assert [a.text for a in follower.poll()] == ["two"]
    assert follower.replay.problems == []


def test_follower_header_written_in_pieces(tmp_path: Path, plan_path: Path):
    source = _journal(plan_path, "one")
    data = source.read_bytes()
    target = tmp_path / "copy.journal.jsonl"
    follower = JournalFollower(target)
    got = []
    with open(target, "wb") as handle:
        for start in range(0, len(data), 97):
            handle.write(data[start : start + 97])
            handle.flush()
            got += follower.poll()
    assert [a.text for a in got] == ["one"] and follower.replay.problems == []


def test_follower_skips_a_torn_line_like_the_reader(plan_path: Path):
    journal = _journal(plan_path, "one", "two")
    journal.write_bytes(journal.read_bytes()[:-1])
    follower = JournalFollower(journal)
    assert [a.text for a in follower.poll()] == ["one"]
    clock = FakeClock(T0 + dt.timedelta(minutes=1))
    writer, replay = JournalWriter.open(journal)
    show = LiveShow(replay.plan, writer, clock, replay.actions)
    show.do(Note(at=clock.now(), text="three"))
    show.close()
    assert [a.text for a in follower.poll()] == ["three"]
    assert [a.text for a in follower.replay.actions] == [a.text for a in read_journal(journal).actions]
    assert follower.replay.problems == [f"{journal}:3: torn line (a crash mid-write) skipped"]


def test_follower_starts_over_when_the_journal_is_replaced(plan_path: Path):
    clock = FakeClock(T0)
    show = open_show(plan_path, clock).show
    show.do(Go(at=clock.now()))
    show.close()
    follower = JournalFollower(show.journal_path)
    assert len(follower.poll()) == 1
    first = follower.replay
    generation = follower.generation

    # A fresh run that is already longer than what the follower had read.
    clock.advance(60)
    fresh = open_show(plan_path, clock, fresh=True).show
    notes = [Note(at=clock.advance(1), text=f"fresh {i} " + "x" * 200) for i in range(5)]
    for note in notes:
        fresh.do(note)
    try:
        assert follower.poll() == notes  # every action of the new journal
        assert follower.generation == generation + 1 and follower.replay is not first
        assert follower.replay.actions == notes
        # and a shorter replacement too
        fresh.close()
        clock.advance(60)
        fresh = open_show(plan_path, clock, fresh=True).show
        assert follower.poll() == [] and follower.generation == generation + 2
        go = Go(at=clock.now())
        fresh.do(go)
        assert follower.poll() == [go]
    finally:
        fresh.close()


def test_follower_reports_an_unusable_file_and_retries(tmp_path: Path, plan_path: Path):
    path = tmp_path / "x.journal.jsonl"
    path.write_bytes(b'{"type":"nope"}\n')
    follower = JournalFollower(path)
    with pytest.raises(JournalError, match="not a runofshow journal"):
        follower.poll()
    with pytest.raises(JournalError, match="not a runofshow journal"):
        follower.poll()  # nothing was consumed
    path.write_bytes(_journal(plan_path, "one").read_bytes())
    assert [a.text for a in follower.poll()] == ["one"]


def test_follower_wait_returns_new_actions_or_times_out(plan_path: Path):
    journal = _journal(plan_path, "one")
    follower = JournalFollower(journal)
    assert [a.text for a in follower.wait(timeout=0)] == ["one"]
    assert follower.wait(timeout=0) == []


# --- .gitignore -----------------------------------------------------------------------------------


def test_gitignore_covers_journals_locks_and_archives():
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    inside = subprocess.run(
        [git, "rev-parse", "--is-inside-work-tree"], cwd=ROOT, capture_output=True, text=True
    )
    if inside.returncode != 0:
        pytest.skip("not a git checkout")
    names = [
        "sample_events/meetup.journal.jsonl",
        "sample_events/meetup.journal.jsonl.lock",
        "sample_events/meetup.journal.20261203T155500.jsonl",
        "sample_events/meetup.journal.20261203T155500-1.jsonl",
        "sample_events/conference.journal.jsonl",
    ]
    result = subprocess.run(
        [git, "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True
    )
    assert result.stdout.split() == names
    kept = subprocess.run(
        [git, "check-ignore", "--no-index", "sample_events/meetup.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert kept.returncode == 1  # the plan itself is not ignored
