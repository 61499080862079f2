"""Following files at no cost while they do not change, and at once when one does.

The stage view, the green room and hq follow journals that other processes append to. Looking
at them every 50 ms costs wake-ups all day and still adds up to 50 ms to what the audience sees.
``Follow`` asks the OS instead: on Linux, inotify on each journal's directory (through libc with
``ctypes``: no dependency, and nothing runs between two changes, not even a thread), so its
``look`` is called on the event loop as soon as a console appends a record, and a journal that
appears, or is replaced by a ``--fresh`` run, is seen the same way.

A directory is watched, not the file: a file that does not exist yet has nothing to watch, and
a replaced one would leave the watch on the old inode. Events for other files in it are read
and dropped.

Where there are no notifications (not Linux, the user's inotify limits reached, a journal
on a network share whose writer is another machine, or ``RUNOFSHOW_FOLLOW=poll`` in the
environment), ``Follow`` polls every ``poll_interval`` as before. With notifications it still
looks every ``safety_interval`` (one ``stat`` per file; a second by default), so that a change
no notification reported is seen a moment later, never missed; a follower that looks at its
files on a clock of its own anyway (hq's tick) passes ``safety_interval=None``.

``min_interval`` trades a little latency for wake-ups where many files change (hq follows a
console per stage): after a notification is looked at, the next ones are not listened to for
that long; then whatever came meanwhile is read in one go and looked at once. Twelve
consoles acting once a second then wake hq five times a second, not twelve, and a process that
wakes less often also spends less on each wake-up (its caches are still warm).

Nothing here imports Textual (or any other part of runofshow): it is plain asyncio.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import errno
import os
import struct
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

# inotify(7)
IN_MODIFY = 0x00000002
IN_ATTRIB = 0x00000004
IN_CLOSE_WRITE = 0x00000008
IN_MOVED_FROM = 0x00000040
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_DELETE = 0x00000200
IN_DELETE_SELF = 0x00000400
IN_MOVE_SELF = 0x00000800
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
WATCHED = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE) | (
    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
)
LOST = IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF  # look at everything from now on
EVENT = struct.Struct("iIII")  # wd, mask, cookie, len (then len bytes of name, NUL padded)

ENVIRONMENT = "RUNOFSHOW_FOLLOW"  # "poll": no notifications
SAFETY_INTERVAL = 1.0


class FileWatch:
    """OS notifications of changes to some files (inotify on their directories).

    ``open(paths)`` returns None where there are none. ``fileno()`` becomes readable when a
    change came in; ``changed()`` reads what came and says which of the files it names (None:
    events were lost, or a watched directory went away: look at every file).
    """

    def __init__(self, fd: int, by_watch: dict[int, Path], files: dict[Path, list[Path]]) -> None:
        self._fd = fd
        self._by_watch = by_watch  # watch descriptor -> directory
        self._files = files  # resolved path -> the paths the caller gave for it
        self.lost = False  # a directory is no longer watched: the caller should poll

    @classmethod
    def open(cls, paths: Iterable[Path]) -> FileWatch | None:
        if os.environ.get(ENVIRONMENT, "") == "poll":
            return None
        libc = _libc()
        if libc is None:
            return None
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return None  # EMFILE: the user's limit of inotify instances
        files: dict[Path, list[Path]] = {}
        for path in paths:
            real = Path(os.path.realpath(path))
            files.setdefault(real, []).append(Path(path))
        by_watch: dict[int, Path] = {}
        for directory in sorted({real.parent for real in files}):
            wd = libc.inotify_add_watch(fd, os.fsencode(directory), WATCHED)
            if wd < 0:  # ENOSPC (the limit of watches), ENOENT, EACCES: poll instead
                os.close(fd)
                return None
            by_watch[wd] = directory
        return cls(fd, by_watch, files)

    def fileno(self) -> int:
        return self._fd

    def changed(self) -> set[Path] | None:
        """Read every pending event; the given paths they name, or None to look at all of them."""
        found: set[Path] = set()
        everything = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                break
            except OSError as error:
                if error.errno == errno.EINTR:
                    continue
                self.lost = True
                return None
            if not data:
                break
            offset = 0
            while offset + EVENT.size <= len(data):
                wd, mask, _cookie, length = EVENT.unpack_from(data, offset)
                name = data[offset + EVENT.size : offset + EVENT.size + length].rstrip(b"\0")
                offset += EVENT.size + length
                if mask & LOST:
                    everything = True
                    if mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF):
                        self.lost = True
                    continue
                directory = self._by_watch.get(wd)
                if directory is not None and name:
                    found.update(self._files.get(directory / os.fsdecode(name), ()))
        return None if everything else found

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class Follow:
    """Calls ``look(paths)`` on the running event loop when files may have changed.

    At once when the OS reports a change (``paths``: the given paths it named; with
    ``min_interval``, at most once per ``min_interval``: see the module's docstring), and at
    the latest every ``poll_interval`` seconds without notifications, every ``safety_interval``
    with them (None: never; ``paths`` None: look at them all). Plain event-loop callbacks, no
    thread: a second with nothing new costs one call of ``look``. ``notified`` says whether the
    OS's notifications are in use.
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        look: Callable[[set[Path] | None], None],
        poll_interval: float,
        safety_interval: float | None = SAFETY_INTERVAL,
        notify: bool = True,
        min_interval: float = 0.0,
    ) -> None:
        self.paths = [Path(path) for path in paths]
        self.look = look
        self.poll_interval = poll_interval
        self.safety_interval = None if safety_interval is None else max(poll_interval, safety_interval)
        self.notify = notify
        self.min_interval = min_interval
        self._watch: FileWatch | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handle: asyncio.TimerHandle | None = None
        self._held: asyncio.TimerHandle | None = None  # notifications not listened to until then

    @property
    def notified(self) -> bool:
        return self._watch is not None and not self._watch.lost

    @property
    def interval(self) -> float | None:
        """Seconds between two looks at every file (None: only when notified)."""
        return self.safety_interval if self.notified else self.poll_interval

    def start(self) -> None:
        """Start following (inside the running event loop)."""
        self._loop = asyncio.get_running_loop()
        if self.notify:
            self._watch = FileWatch.open(self.paths)
            if self._watch is not None:
                try:
                    self._loop.add_reader(self._watch.fileno(), self._notified)
                except (NotImplementedError, OSError, ValueError):  # a loop without add_reader
                    self._watch.close()
                    self._watch = None
        self._schedule()

    def stop(self) -> None:
        for handle in (self._handle, self._held):
            if handle is not None:
                handle.cancel()
        self._handle = self._held = None
        if self._watch is not None:
            if self._loop is not None and not self._loop.is_closed():
                self._loop.remove_reader(self._watch.fileno())
            self._watch.close()
            self._watch = None
        self._loop = None

    def _notified(self) -> None:
        watch = self._watch
        if watch is None:
            return
        paths = watch.changed()
        if watch.lost and self._loop is not None:  # fall back to polling for good
            self._loop.remove_reader(watch.fileno())
            watch.close()
            self._watch = None
            self._reschedule()
        if paths is None or paths:
            self.look(paths)
            self.hold()

    def hold(self) -> None:
        """The caller has just looked at every file: with ``min_interval``, notifications wait
        that long from now before they are looked at (hq's tick is a frame too)."""
        if self.min_interval <= 0 or self._watch is None or self._loop is None:
            return
        if self._held is None:
            self._loop.remove_reader(self._watch.fileno())
        else:
            self._held.cancel()
        self._held = self._loop.call_later(self.min_interval, self._release)

    def _release(self) -> None:
        """Listen again, and look at once at what came while not listening."""
        self._held = None
        if self._watch is not None and self._loop is not None:
            self._loop.add_reader(self._watch.fileno(), self._notified)
            self._notified()

    def _tick(self) -> None:
        self._handle = None
        if self._loop is None:
            return
        self._schedule()
        self.look(None)

    def _schedule(self) -> None:
        interval = self.interval
        if self._loop is not None and interval is not None:
            self._handle = self._loop.call_later(interval, self._tick)

    def _reschedule(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._schedule()


_LIBC: list[ctypes.CDLL | None] = []


def _libc() -> ctypes.CDLL | None:
    """libc with inotify_init1 and inotify_add_watch (Linux), or None."""
    if not _LIBC:
        found = None
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
                libc.inotify_init1.argtypes = [ctypes.c_int]
                libc.inotify_init1.restype = ctypes.c_int
                libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
                libc.inotify_add_watch.restype = ctypes.c_int
                found = libc
            except (OSError, AttributeError):
                found = None
        _LIBC.append(found)
    return _LIBC[0]
