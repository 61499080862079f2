"""The bottom layer: small helpers that several layers need, each in one home.

Nothing here imports anything else of runofshow (nor Textual): ``plan``, ``show``, ``journal``,
``export``, ``importers`` and ``tui`` may all import from here.

- ``instants``: real seconds between two instants, an instant plus seconds (through UTC);
- ``slugs``: ids made from free text;
- ``files``: writing a file atomically (a reader sees the old file or the new one, never half);
- ``exits``: the exit codes of every command;
- ``collector``: the cyclic garbage collector paused around a long replay;
- ``watch``: following files through the OS's file notifications (inotify), polling elsewhere.
"""
