"""Writing a file atomically: a reader (or a crash) sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, fsync: bool = True, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, then rename it.

    ``fsync``: the data is on disk before the rename (an export, an imported plan); a cache
    that can be rebuilt skips it. Raises OSError (IsADirectoryError for a directory); the
    temporary file never stays behind.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory")
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else "."
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
