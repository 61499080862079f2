"""Writing a file atomically: a reader (or a crash) sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(
    path: Path, data: bytes, *, fsync: bool = True, mode: int | None = None, private: bool = False
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, then rename it.

    Only a regular file is ever replaced, and its mode is kept (never wider); a symlink, a device
    or a FIFO at ``path`` is refused (renaming over /dev/null as root would replace the device).
    A new file gets ``mode``, else 0644, or 0600 when ``private`` (phones, e-mails, notes).
    ``fsync``: the data is on disk before the rename (an export, an imported plan); a cache
    that can be rebuilt skips it. Raises OSError (IsADirectoryError for a directory); the
    temporary file never stays behind.
    """
    path = Path(path)
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        new_mode = mode if mode is not None else (0o600 if private else 0o644)
    else:
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if stat.S_ISLNK(status.st_mode):
            raise OSError(errno.EEXIST, "is a symlink; not replacing it (give the file it points to)")
        if not stat.S_ISREG(status.st_mode):
            raise OSError(
                errno.EEXIST, "is not a regular file (a device, a FIFO or a socket); not replacing it"
            )
        new_mode = stat.S_IMODE(status.st_mode)  # the owner chose it: kept
    fd, tmp = tempfile.mkstemp(  # mode 0600 from the start
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else "."
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, new_mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
