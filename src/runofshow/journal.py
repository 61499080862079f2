"""The journal: JSON Lines on disk, the single source of truth of what happened.

Line 1 is a header: format version, the plan text as loaded and its sha256. Every further
line is one action with a sequence number. ``JournalWriter.append`` returns only after the
line is flushed and fsynced. One writer at a time (an flock on ``<journal>.lock``); any
number of readers. A torn last line (a crash mid-write) is reported and skipped; the writer
closes it with a newline so that later records stay whole. Earlier lines are never rewritten.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .plan import LoadedPlan, Plan, PlanError, load_plan_text, sha256_text
from .show.actions import Action, BadRecord, from_record, to_record

FORMAT_VERSION = 1
SUFFIX = ".journal.jsonl"


class JournalError(Exception):
    """A journal that cannot be used, with a message fit for the user."""


class JournalLocked(JournalError):
    pass


def default_journal_path(plan_path: str | os.PathLike) -> Path:
    plan_path = Path(plan_path)
    return plan_path.with_name(plan_path.stem + SUFFIX)


def archive_journal(path: Path, now: dt.datetime) -> Path:
    """Move a journal aside for a fresh run; it is never deleted."""
    stem = path.name.removesuffix(".jsonl")
    target = path.with_name(f"{stem}.{now:%Y%m%dT%H%M%S}.jsonl")
    counter = 1
    while target.exists():
        target = path.with_name(f"{stem}.{now:%Y%m%dT%H%M%S}-{counter}.jsonl")
        counter += 1
    path.rename(target)
    return target


@dataclass
class Header:
    plan_text: str
    plan_sha256: str
    plan_source: str
    created: str
    version: int = FORMAT_VERSION

    def to_record(self) -> dict:
        return {"type": "header", "version": self.version, "created": self.created, "plan_source": self.plan_source,
                "plan_sha256": self.plan_sha256, "plan_text": self.plan_text}


@dataclass
class Replay:
    """What a journal holds: its plan, its actions, and any lines it had to skip."""

    path: Path
    header: Header
    plan: Plan
    actions: list[Action]
    last_seq: int
    problems: list[str] = field(default_factory=list)
    torn: bool = False


def _parse_header(path: Path, line: bytes) -> Header:
    try:
        record = json.loads(line)
        if record.get("type") != "header":
            raise ValueError("the first line is not a header")
        if record.get("version") != FORMAT_VERSION:
            raise ValueError(f"format version {record.get('version')} (this runofshow reads {FORMAT_VERSION})")
        return Header(plan_text=record["plan_text"], plan_sha256=record["plan_sha256"],
                      plan_source=record.get("plan_source", ""), created=record.get("created", ""))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise JournalError(f"{path}: not a runofshow journal ({error})") from None


def read_journal(path: str | os.PathLike) -> Replay:
    """Read a whole journal. Raises JournalError when it cannot be used at all."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal") from None
    except IsADirectoryError:
        raise JournalError(f"{path}: is a directory, not a journal") from None
    except OSError as error:
        raise JournalError(f"{path}: cannot read: {error.strerror}") from None
    lines = data.split(b"\n")
    torn = bool(lines[-1])  # a complete file ends with a newline, leaving an empty last piece
    if not lines[0] or (torn and len(lines) == 1):
        raise JournalError(f"{path}: empty or torn header: not a usable journal")
    header = _parse_header(path, lines[0])
    try:
        plan = load_plan_text(header.plan_text, f"{path} (plan copy)")
    except PlanError as error:
        raise JournalError(f"{path}: its copy of the plan is invalid:\n{error.render()}") from None
    if sha256_text(header.plan_text) != header.plan_sha256:
        raise JournalError(f"{path}: its copy of the plan does not match its sha256")
    replay = Replay(path=path, header=header, plan=plan, actions=[], last_seq=0, torn=torn)
    _parse_actions(replay, lines[1:-1], first_line=2)
    if torn:
        replay.problems.append(f"{path}:{len(lines)}: torn last line (a crash mid-write) ignored")
    return replay


def _parse_actions(replay: Replay, lines: list[bytes], first_line: int) -> None:
    loads, parse, append = json.loads, from_record, replay.actions.append
    for number, line in enumerate(lines, first_line):
        if not line:
            continue
        try:
            record = loads(line)
            append(parse(record))
            replay.last_seq = record.get("seq", replay.last_seq + 1)
        except (ValueError, BadRecord, AttributeError) as error:
            replay.problems.append(f"{replay.path}:{number}: unreadable record skipped ({error})")


class JournalWriter:
    """The one writer of a journal. Use ``create`` for a new journal, ``open`` to continue one."""

    def __init__(self, path: Path, lock_fd: int, seq: int) -> None:
        self.path = path
        self._lock_fd = lock_fd
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        self.seq = seq

    @classmethod
    def create(cls, path: str | os.PathLike, loaded: LoadedPlan, now: dt.datetime) -> JournalWriter:
        path = Path(path)
        lock_fd = _lock(path)
        try:
            header = Header(plan_text=loaded.text, plan_sha256=loaded.sha256, plan_source=str(loaded.source),
                            created=now.isoformat())
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                _write_all(fd, _line(header.to_record()))
                os.fsync(fd)
            finally:
                os.close(fd)
            _fsync_dir(path.parent)
            return cls(path, lock_fd, 0)
        except FileExistsError:
            os.close(lock_fd)
            raise JournalError(f"{path}: already exists") from None
        except BaseException:
            os.close(lock_fd)
            raise

    @classmethod
    def open(cls, path: str | os.PathLike) -> tuple[JournalWriter, Replay]:
        path = Path(path)
        lock_fd = _lock(path)
        try:
            replay = read_journal(path)
            if replay.torn:  # end the torn fragment so the next record starts on a line of its own
                fd = os.open(path, os.O_WRONLY | os.O_APPEND)
                try:
                    _write_all(fd, b"\n")
                    os.fsync(fd)
                finally:
                    os.close(fd)
            return cls(path, lock_fd, replay.last_seq), replay
        except BaseException:
            os.close(lock_fd)
            raise

    def append(self, action: Action) -> int:
        """Write one action and fsync it; returns its sequence number once it is on disk."""
        self.seq += 1
        record = to_record(action)
        record["seq"] = self.seq
        _write_all(self._fd, _line(record))
        os.fsync(self._fd)
        return self.seq

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            os.close(self._lock_fd)
            self._fd = self._lock_fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _lock(path: Path) -> int:
    """Take the writer's lock, or fail at once naming who holds it."""
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise JournalError(f"{lock}: cannot create the lock file: {error.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
        os.close(fd)
        raise JournalLocked(f"{path}: already open for writing by {holder}; close that one first") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"process {os.getpid()}".encode(), 0)
    return fd


class JournalFollower:
    """Reads a journal as it grows, for another process (the stage view).

    ``poll()`` is cheap when nothing changed (one stat) and returns the new actions. It waits
    for a journal that does not exist yet and only consumes complete lines.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.replay: Replay | None = None
        self._offset = 0
        self._pending = b""
        self._line_no = 0

    def poll(self) -> list[Action]:
        try:
            size = os.stat(self.path).st_size
        except FileNotFoundError:
            return []
        if size < self._offset:  # replaced (a --fresh run): start over
            self.replay, self._offset, self._pending, self._line_no = None, 0, b"", 0
        if size == self._offset:
            return []
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            data = handle.read(size - self._offset)
        self._offset += len(data)
        data = self._pending + data
        complete, _, self._pending = data.rpartition(b"\n")
        if not complete and not _:
            return []
        lines = complete.split(b"\n")
        if self.replay is None:
            if not lines or not lines[0]:
                return []
            header = _parse_header(self.path, lines[0])
            plan = load_plan_text(header.plan_text, str(self.path))
            self.replay = Replay(path=self.path, header=header, plan=plan, actions=[], last_seq=0)
            lines = lines[1:]
            self._line_no = 1
        before = len(self.replay.actions)
        _parse_actions(self.replay, lines, first_line=self._line_no + 1)
        self._line_no += len(lines)
        return self.replay.actions[before:]
