"""The exit codes of every runofshow command (one table, so the commands cannot drift apart)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # the input was read and is wrong (a plan with errors, an unusable journal)
EXIT_USAGE = 2  # the command line or a path is wrong (a missing file, a directory, a bad option)
