"""The journal: JSON Lines on disk, the single source of truth of what happened.

Line 1 is a header: format version, the plan text as loaded and its sha256. Every further
line is one action with a sequence number. ``JournalWriter.append`` returns only after the
line is flushed and fsynced. One writer at a time (an flock on ``<journal>.lock``); any
number of readers. A torn last line (a crash mid-write) is reported and skipped; the writer,
reopening, ends it with ``TORN_MARK`` and a newline (so that the fragment can never parse as a
record, even when only its newline was lost) and later records stay whole. Earlier lines are
never rewritten.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import stat as stat_module
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

from .base.collector import collector_paused
from .plan import LoadedPlan, Plan, PlanError, sha256_text, validated_plan
from .plan.load import FILE_KINDS, NotRegular, read_regular_file
from .plan.zone import with_zone, zone_name
from .show.actions import ACTION_PARSERS, Action, BadRecord, from_record, to_record
from .show.validate import CHECKED_TYPES, EARLIEST, LATEST, record_problem

FORMAT_VERSION = 1
SUFFIX = ".journal.jsonl"
# Appended to a torn last line when a writer reopens the journal. It holds no quote, so whatever
# the fragment was (a prefix of a record, or a whole record without its newline) the line is not JSON.
TORN_MARK = b"\t<torn: a crash interrupted this write>"
_TORN_TEXT = TORN_MARK.decode()


class JournalError(Exception):
    """A journal that cannot be used, with a message fit for the user."""


class JournalLocked(JournalError):
    pass


def default_journal_path(plan_path: str | os.PathLike, stage: str | None = None) -> Path:
    """``<plan stem>.journal.jsonl`` beside the plan; ``<plan stem>.<stage id>.journal.jsonl`` for
    one stage of a plan with several."""
    plan_path = Path(plan_path)
    if not plan_path.name:  # "/" or "" (which is "."): no file name to put the journal beside
        raise JournalError(f"{plan_path}: is a directory, not a plan file")
    return plan_path.with_name(plan_path.stem + (f".{stage}" if stage else "") + SUFFIX)


def archive_journal(path: Path, now: dt.datetime) -> Path:
    """Move a journal aside for a fresh run; it is never deleted."""
    stem = path.name.removesuffix(".jsonl")
    target = path.with_name(f"{stem}.{now:%Y%m%dT%H%M%S}.jsonl")
    counter = 1
    while target.exists():
        target = path.with_name(f"{stem}.{now:%Y%m%dT%H%M%S}-{counter}.jsonl")
        counter += 1
    path.rename(target)
    _fsync_dir(path.parent)
    return target


def start_fresh(
    path: str | os.PathLike, loaded: LoadedPlan, now: dt.datetime, stage: str | None = None
) -> tuple[JournalWriter, Path | None]:
    """A new journal at ``path``: an existing one is archived first (never deleted).

    The writer's lock is taken before anything moves, so a journal that another process is
    writing is neither archived nor replaced (JournalLocked). Returns the writer and where the
    old journal went (None when there was none).
    """
    path = Path(path)
    lock_fd = _lock(path)
    archived = None
    with _released_on_failure(lock_fd):
        try:
            if path.exists():
                archived = archive_journal(path, now)
        except OSError as error:
            raise JournalError(f"{path}: cannot archive the journal: {error.strerror}") from None
    return JournalWriter._create_locked(path, lock_fd, loaded, now, stage), archived


@dataclass
class Header:
    """The journal's first line: format version, the plan text as loaded and its sha256."""

    plan_text: str
    plan_sha256: str
    plan_source: str
    created: str
    version: int = FORMAT_VERSION
    # The IANA zone in force, fixed when the journal starts (the plan's own, else the machine's);
    # "" in journals written before it was kept, which replay in the reading machine's zone.
    timezone: str = ""
    stage: str | None = None  # the stage of a plan with several: the journal replays to that stage

    def to_record(self) -> dict:
        record = {
            "type": "header",
            "version": self.version,
            "created": self.created,
            "plan_source": self.plan_source,
            "plan_sha256": self.plan_sha256,
        }
        if self.timezone:
            record["timezone"] = self.timezone
        if self.stage is not None:  # a one-stage journal's header has no stage
            record["stage"] = self.stage
        record["plan_text"] = self.plan_text
        return record


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
    clamped: bool = False  # an instant went back in time and was replayed at the one before it


def _parse_header(path: Path, line: str | bytes) -> Header:
    try:
        record = json.loads(line)
        if record.get("type") != "header":
            raise ValueError("the first line is not a header")
        if record.get("version") != FORMAT_VERSION:
            raise ValueError(
                f"format version {record.get('version')} (this runofshow reads {FORMAT_VERSION})"
            )
        header = Header(
            plan_text=record["plan_text"],
            plan_sha256=record["plan_sha256"],
            plan_source=record.get("plan_source", ""),
            created=record.get("created", ""),
            timezone=record.get("timezone", ""),
            stage=record.get("stage"),
        )
        if header.stage is not None and not isinstance(header.stage, str):
            raise ValueError("its stage is not text")
        if not isinstance(header.plan_text, str) or not isinstance(header.plan_sha256, str):
            raise ValueError("its plan copy or sha256 is not text")
        if not isinstance(header.timezone, str):
            raise ValueError("its timezone is not text")
        return header
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise JournalError(f"{path}: not a runofshow journal ({error})") from None


def _start_replay(path: Path, header_line: str | bytes) -> Replay:
    """An empty Replay from a journal's header line, its plan copy loaded and checked."""
    header = _parse_header(path, header_line)
    sha256 = sha256_text(header.plan_text)
    try:
        plan = validated_plan(header.plan_text, f"{path} (plan copy)", sha256)
    except PlanError as error:
        raise JournalError(f"{path}: its copy of the plan is invalid:\n{error.render()}") from None
    if sha256 != header.plan_sha256:
        raise JournalError(f"{path}: its copy of the plan does not match its sha256")
    plan = with_zone(plan, header.timezone)  # the zone fixed when the journal started, on any machine
    if header.stage is not None:
        if header.stage not in plan.stage_by_id:
            raise JournalError(f'{path}: its stage "{header.stage}" is not in its copy of the plan')
        plan = plan.for_stage(header.stage)
    return Replay(path=path, header=header, plan=plan, actions=[], last_seq=0)


def read_journal(path: str | os.PathLike) -> Replay:
    """Read a whole journal. Raises JournalError when it cannot be used at all."""
    path = Path(path)
    try:
        data = read_regular_file(path)  # a FIFO would hang every reader (and a console holding the lock)
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal") from None
    except IsADirectoryError:
        raise JournalError(f"{path}: is a directory, not a journal") from None
    except NotRegular as error:
        raise JournalError(f"{path}: {error}, not a journal") from None
    except OSError as error:
        raise JournalError(f"{path}: cannot read: {error.strerror}") from None
    try:  # one decode of the whole file is much cheaper than one per line; a bad byte: line by line
        lines: list[str] | list[bytes] = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        lines = data.split(b"\n")
    torn = bool(lines[-1])  # a complete file ends with a newline, leaving an empty last piece
    if not lines[0] or (torn and len(lines) == 1):
        raise JournalError(f"{path}: empty or torn header: not a usable journal")
    replay = _start_replay(path, lines[0])
    replay.torn = torn
    _parse_actions(replay, lines[1:-1], first_line=2)
    if torn:
        replay.problems.append(f"{path}:{len(lines)}: torn last line (a crash mid-write) ignored")
    return replay


def read_journal_header(path: str | os.PathLike) -> Header:
    """Check that ``path`` is a usable journal from its first line alone (its header and plan copy),
    without reading its records: a view that will follow the journal reads them once, itself."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise JournalError(f"{path}: no such journal") from None
    except OSError as error:
        raise JournalError(f"{path}: cannot read: {error.strerror}") from None
    with open(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not S_ISREG(mode):
            if stat_module.S_ISDIR(mode):
                raise JournalError(f"{path}: is a directory, not a journal")
            kind = FILE_KINDS.get(stat_module.S_IFMT(mode), "a special file")
            raise JournalError(f"{path}: not a regular file ({kind}), not a journal")
        try:
            line = handle.readline()
        except OSError as error:
            raise JournalError(f"{path}: cannot read: {error.strerror}") from None
    if not line.endswith(b"\n"):
        raise JournalError(f"{path}: empty or torn header: not a usable journal")
    return _start_replay(path, line.rstrip(b"\n")).header


_decode = json.JSONDecoder().decode


def _parse_actions(replay: Replay, lines: Sequence[str | bytes], first_line: int) -> None:
    """Append the actions of ``lines`` to ``replay``, the cyclic collector paused meanwhile
    (base.collector: records hold no cycles)."""
    with collector_paused():
        _parse_lines(replay, lines, first_line)


def _parse_lines(replay: Replay, lines: Sequence[str | bytes], first_line: int) -> None:
    """Append the actions of ``lines`` (text, or bytes when the file is not all UTF-8) to ``replay``.

    A record that does not parse, or parses into nonsense (``record_problem``), is skipped with a
    note. An instant earlier than the record before it (a hand edit, a journal from before the
    steady clock) is replayed at that record's instant, with one note; a sequence number that
    repeats or goes backwards gets a note too.
    """
    decode, loads, parsers, append = _decode, json.loads, ACTION_PARSERS, replay.actions.append
    problems, path = replay.problems, replay.path
    checked, low, high = CHECKED_TYPES, EARLIEST.year, LATEST.year
    last_seq = replay.last_seq
    last_at = replay.actions[-1].at if replay.actions else None
    for number, line in enumerate(lines, first_line):
        if not line:
            continue
        try:
            try:  # the fast path, for the records a writer wrote
                record = decode(line)  # type: ignore[arg-type]  # bytes fail here, then loads reads them
                action = parsers[record["type"]](record)
            except Exception:
                record = loads(line)
                action = from_record(record)
            why = (
                record_problem(action)
                if type(action) in checked or not low <= action.at.year < high
                else None
            )
        except (ValueError, BadRecord, AttributeError, TypeError, OverflowError) as error:
            if line.endswith(TORN_MARK) if isinstance(line, bytes) else line.endswith(_TORN_TEXT):
                problems.append(f"{path}:{number}: torn line (a crash mid-write) skipped")
            else:
                problems.append(f"{path}:{number}: unreadable record skipped ({error})")
            continue
        if why is not None:
            problems.append(f"{path}:{number}: {action.type} record skipped ({why})")
            continue
        if last_at is not None and action.at < last_at:
            if not replay.clamped:
                replay.clamped = True
                problems.append(
                    f"{path}:{number}: instants go back in time here (by {last_at - action.at}): records "
                    "earlier than the one before them are replayed at its instant"
                )
            action = replace(action, at=last_at)
        else:
            last_at = action.at
        append(action)
        seq = record.get("seq")
        if type(seq) is int and seq <= last_seq:
            problems.append(f"{path}:{number}: sequence number {seq} repeats or goes back (after {last_seq})")
        last_seq = seq if type(seq) is int and seq > last_seq else last_seq + 1
    replay.last_seq = last_seq


class JournalWriter:
    """The one writer of a journal. Use ``create`` for a new journal, ``open`` to continue one."""

    def __init__(self, path: Path, lock_fd: int, seq: int) -> None:
        self.path = path
        self._lock_fd = lock_fd
        self._fd = -1
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        try:  # the file itself, whatever its name: a hard link is another name of the same journal
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = -1
            raise JournalLocked(
                f"{path}: already open for writing by another process (under another name of the same "
                "file); close that one first"
            ) from None
        self.seq = seq
        self._good = os.fstat(self._fd).st_size  # where the last whole record ends
        self._broken = False  # a write failed: the journal may end with a fragment to mark torn
        # Why the journal is not being written (a full disk), None while writes succeed: the
        # console shows it until a write succeeds again.
        self.trouble: str | None = None
        self._recreated: str | None = None  # what to say once the path was created again

    @classmethod
    def create(
        cls, path: str | os.PathLike, loaded: LoadedPlan, now: dt.datetime, stage: str | None = None
    ) -> JournalWriter:
        path = Path(path)
        return cls._create_locked(path, _lock(path), loaded, now, stage)

    @classmethod
    def _create_locked(
        cls, path: Path, lock_fd: int, loaded: LoadedPlan, now: dt.datetime, stage: str | None = None
    ) -> JournalWriter:
        """Write the header of a new journal, the writer's lock already held (and released on failure)."""
        with _released_on_failure(lock_fd):
            try:
                header = Header(
                    plan_text=loaded.text,
                    plan_sha256=loaded.sha256,
                    plan_source=str(loaded.source),
                    created=now.isoformat(),
                    timezone=zone_name(loaded.plan),
                    stage=stage,
                )
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                try:
                    _write_all(fd, _line(header.to_record()))
                    os.fsync(fd)
                finally:
                    os.close(fd)
                _fsync_dir(path.parent)
                return cls(path, lock_fd, 0)
            except FileExistsError:
                raise JournalError(f"{path}: already exists") from None
            except OSError as error:
                raise JournalError(f"{path}: cannot create the journal: {error.strerror}") from None

    @classmethod
    def open(cls, path: str | os.PathLike) -> tuple[JournalWriter, Replay]:
        path = Path(path)
        lock_fd = _lock(path)
        with _released_on_failure(lock_fd):
            try:
                replay = read_journal(path)
                if (
                    replay.torn
                ):  # end the torn fragment so that it never parses and the next record starts clean
                    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
                    try:
                        _write_all(fd, TORN_MARK + b"\n")
                        os.fsync(fd)
                    finally:
                        os.close(fd)
                return cls(path, lock_fd, replay.last_seq), replay
            except OSError as error:
                raise JournalError(f"{path}: cannot open the journal for writing: {error.strerror}") from None

    def append(self, action: Action) -> int:
        """Write one action and fsync it; returns its sequence number once it is on disk.

        When the write fails (a full disk, a file size limit, an I/O error) JournalError is
        raised, the action counts as not written, and ``trouble`` says why. The next append
        tries again: a fragment the failed write left is first ended with ``TORN_MARK`` (never
        removed), so the journal stays append-only and a follower never misreads it. When only
        the fsync fails, the whole line is in the file (readers replay it): the action counts as
        written, and ``trouble`` says it may not be on disk.
        """
        if self._fd < 0:
            raise JournalError(f"{self.path}: the journal writer is closed")
        seq = self.seq + 1
        record = to_record(action)
        record["seq"] = seq
        data = _line(record)
        try:
            if self._broken:
                self._end_fragment()
            _write_all(self._fd, data)
        except OSError as error:
            self._broken = True
            self.trouble = f"{_why(error)}: {self.path}"
            raise JournalError(f"{self.path}: cannot write the journal: {error.strerror}") from None
        self._good += len(data)
        self.seq = seq
        try:
            os.fsync(self._fd)
        except OSError as error:
            self.trouble = f"{_why(error)} (the last action may not be on disk): {self.path}"
            return seq
        self.trouble = None
        return seq

    def place_problem(self) -> str | None:
        """What happened to the journal's name, None while it still names the file being written.

        Costs two stats: the console asks at every tick, so a journal moved or deleted under it is
        noticed within a second. Moved (or replaced by another file): this writer keeps writing to
        the file it has open, and the message says where that file is now. Deleted: the path is
        created again with the whole history (the open file's bytes) and writing goes on there,
        since a deleted file's records would be lost when the console quits.
        """
        if self._fd < 0:
            return None
        try:
            opened = os.fstat(self._fd)
            try:
                named = os.stat(self.path)
            except FileNotFoundError:
                named = None
        except OSError:
            return None
        if named is not None and (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino):
            return self._recreated
        if opened.st_nlink == 0 and named is None:
            return self._recreate()
        where = _open_path(self._fd)
        if opened.st_nlink == 0 or where is None:
            where = "the deleted file (its records are lost when this console quits)"
        what = "was moved or deleted" if named is None else "is another file now"
        return f"JOURNAL MOVED: {self.path} {what}; this console keeps writing to {where}"

    def _recreate(self) -> str:
        """The journal's path, deleted under this writer, created again with everything written so far."""
        try:
            with open(f"/proc/self/fd/{self._fd}", "rb") as handle:
                data = handle.read()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as error:
            return (
                f"JOURNAL DELETED: {self.path} was deleted and cannot be created again ({error.strerror}); "
                "actions go to the deleted file and are lost when this console quits"
            )
        try:
            _write_all(fd, data)
            os.fsync(fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            return f"JOURNAL DELETED: {self.path} was deleted; re-creating it failed ({error.strerror})"
        _fsync_dir(self.path.parent)
        os.close(self._fd)
        self._fd, self._good = fd, len(data)
        self._recreated = (
            f"JOURNAL WAS DELETED: {self.path} has been created again with the whole history "
            f"({self.seq} actions); the show goes on"
        )
        return self._recreated

    def _end_fragment(self) -> None:
        """After a failed write: end what it left (a record's prefix) with TORN_MARK and a newline."""
        size = os.fstat(self._fd).st_size
        if size > self._good:
            _write_all(self._fd, TORN_MARK + b"\n")
            os.fsync(self._fd)
            size += len(TORN_MARK) + 1
        self._good = size
        self._broken = False

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_WHY = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file size limit reached",
    errno.EIO: "input/output error",
    errno.EROFS: "read-only file system",
}


def _why(error: OSError) -> str:
    """A failed write in the words of a banner: 'disk full' rather than 'No space left on device'."""
    return _WHY.get(error.errno or 0, error.strerror or str(error))


def _open_path(fd: int) -> str | None:
    """Where an open file is now (Linux: /proc/self/fd), None when it cannot be told."""
    try:
        where = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
    return None if where.endswith(" (deleted)") else where


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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


@contextmanager
def _released_on_failure(lock_fd: int) -> Iterator[None]:
    """The writer's lock is given back when what follows its taking fails, whatever the error."""
    try:
        yield
    except BaseException:
        os.close(lock_fd)
        raise


def lock_path(path: Path) -> Path:
    """The writer's lock file, beside the journal's real file: a symlink to the journal (or to its
    folder) takes the same lock. A hard link is caught by the lock on the journal file itself."""
    path = Path(os.path.realpath(path))
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

    ``poll()`` is cheap when nothing changed (one stat) and returns the actions appended since
    the last call, in order, as soon as their line is complete on disk (a line still being
    written waits for its newline). It waits quietly for a journal that does not exist yet.
    When the journal is replaced (a ``--fresh`` run archives it and starts a new one) or shrinks,
    the follower starts over: ``generation`` goes up, ``replay`` is a new object, and that poll
    returns every action of the new journal. A consumer therefore folds incrementally while
    ``replay`` stays the same object (refolding from ``replay.actions`` on an Undo) and refolds
    from scratch when it changes.

    Raises JournalError when the file is not a usable journal (a bad header, its plan copy
    invalid); nothing is consumed then, so a later poll tries again.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.replay: Replay | None = None
        self.generation = 0
        self._ident: tuple[int, int] | None = None
        self._offset = 0
        self._pending = b""
        self._line_no = 0

    def _restart(self) -> None:
        self.replay, self._offset, self._pending, self._line_no = None, 0, b"", 0
        self.generation += 1

    def poll(self) -> list[Action]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise JournalError(f"{self.path}: cannot read: {error.strerror}") from None
        if not S_ISREG(stat.st_mode):  # a FIFO would block the reader forever
            raise JournalError(f"{self.path}: not a regular file, not a journal")
        ident = (stat.st_dev, stat.st_ino)
        if self._ident is not None and (ident != self._ident or stat.st_size < self._offset):
            self._restart()  # replaced (a --fresh run) or cut short: start over
        self._ident = ident
        if stat.st_size == self._offset:
            return []
        try:
            with open(self.path, "rb") as handle:
                opened = os.fstat(handle.fileno())
                if (opened.st_dev, opened.st_ino) != ident:
                    return []  # replaced between stat and open: the next poll starts over
                handle.seek(self._offset)
                data = handle.read()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise JournalError(f"{self.path}: cannot read: {error.strerror}") from None
        complete, newline, pending = (self._pending + data).rpartition(b"\n")
        if not newline:  # no complete line yet
            self._offset += len(data)
            self._pending = pending
            return []
        try:  # one decode of the chunk: the parser's fast path takes text (a bad byte: line by line)
            lines: list[str] | list[bytes] = complete.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            lines = complete.split(b"\n")
        line_no = self._line_no
        if self.replay is None:
            if not lines[0]:
                raise JournalError(f"{self.path}: empty header: not a usable journal")
            self.replay = _start_replay(self.path, lines[0])
            lines = lines[1:]
            line_no = 1
        self._offset += len(data)
        self._pending = pending
        before = len(self.replay.actions)
        _parse_actions(self.replay, lines, first_line=line_no + 1)
        self._line_no = line_no + len(lines)
        return self.replay.actions[before:]

    def wait(self, timeout: float, interval: float = 0.05) -> list[Action]:
        """Poll until there are new actions or ``timeout`` seconds have passed."""
        deadline = time.monotonic() + timeout
        while True:
            actions = self.poll()
            if actions or time.monotonic() >= deadline:
                return actions
            time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
