"""``runofshow export JOURNAL --format csv|json|md|ics|toml [-o FILE] [--private]``.

Writes to stdout, or to FILE (atomically: a temporary file beside it, then renamed). A journal
of a show that has not ended (live, or crashed with a torn last line) exports all the same; a
note on stderr says it is unfinished, as do the md headline and the json ``show.finished``.

Exit codes: 0 done; 1 the journal is not usable (not a journal, its plan copy invalid); 2 no
such journal, a directory, or the output cannot be written. Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import export_text
from .facts import ExportError, load_facts


def cmd_export(args: argparse.Namespace) -> int:
    try:
        facts = load_facts(args.journal)
        text = export_text(facts, args.format, private=bool(getattr(args, "private", False)))
    except ExportError as error:
        print(f"runofshow export: {error.message}", file=sys.stderr)
        return error.exit_code
    for problem in facts.replay.problems:
        print(f"note: {problem}", file=sys.stderr)
    reason = facts.unfinished_words()
    if reason:
        print(f"note: {facts.path}: {reason}", file=sys.stderr)
    data = text.encode("utf-8")
    if args.output:
        try:
            private = args.format == "toml" or (args.format == "md" and bool(getattr(args, "private", False)))
            write_atomic(Path(args.output), data, private=private)  # toml copies contacts
        except OSError as error:
            print(f"runofshow export: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 2
        return 0
    try:
        out = sys.stdout.buffer
        out.write(data)
        out.flush()
    except BrokenPipeError:  # `runofshow export ... | head`: the reader has gone, that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def write_atomic(path: Path, data: bytes, private: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory, then rename it.

    Only a regular file is ever replaced, and its mode is kept (never wider); a symlink, a device
    or a FIFO at ``path`` is refused (renaming over /dev/null as root would replace the device).
    A new file is 0644, or 0600 when ``private`` (phones, e-mails, notes).
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        mode = 0o600 if private else 0o644
    else:
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(21, "is a directory")
        if stat.S_ISLNK(status.st_mode):
            raise OSError(errno.EEXIST, "is a symlink; not replacing it (give the file it points to)")
        if not stat.S_ISREG(status.st_mode):
            raise OSError(
                errno.EEXIST, "is not a regular file (a device, a FIFO or a socket); not replacing it"
            )
        mode = stat.S_IMODE(status.st_mode)
    fd, tmp = tempfile.mkstemp(  # mode 0600 from the start
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else "."
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
