"""``runofshow export JOURNAL --format csv|json|md|ics|toml|html|svg [-o FILE] [--private]``.

Writes to stdout, or to FILE (atomically: a temporary file beside it, then renamed). A journal
of a show that has not ended (live, or crashed with a torn last line) exports all the same; a
note on stderr says it is unfinished, as do the md headline and the json ``show.finished``.

Exit codes: 0 done; 1 the journal is not usable (not a journal, its plan copy invalid); 2 no
such journal, a directory, or the output cannot be written. Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..base.exits import EXIT_OK, EXIT_USAGE
from ..base.files import write_atomic
from . import export_text
from .facts import ExportError, load_facts


def cmd_export(args: argparse.Namespace) -> int:
    try:
        staged = _staged_plan(args.journal)
        if staged is not None:  # a plan of several stages: every stage's journal, merged
            from .stages import merged_text

            text = merged_text(Path(args.journal), staged, args.format, bool(getattr(args, "private", False)))
            return _write(args, text.encode("utf-8"))
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
    return _write(args, text.encode("utf-8"))


def _staged_plan(source: str):
    """The loaded plan when ``source`` is a plan (.toml) with several stages, else None.

    (Any other plan goes on to load_facts, which says it is no journal, as before.) ExportError for a
    plan that cannot be loaded.
    """
    if not str(source).endswith(".toml"):
        return None
    from ..plan import PlanError, load_plan

    try:
        loaded = load_plan(source)
    except PlanError as error:
        raise ExportError(error.render(), error.exit_code) from None
    return loaded if len(loaded.plan.stages) > 1 else None


def _write(args: argparse.Namespace, data: bytes) -> int:
    if args.output:
        try:
            # --private holds phones, e-mails or notes, and a toml export copies the plan's contacts
            private = args.format == "toml" or bool(getattr(args, "private", False))
            write_atomic(Path(args.output), data, private=private)
        except OSError as error:
            print(f"runofshow export: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    try:
        out = sys.stdout.buffer
        out.write(data)
        out.flush()
    except BrokenPipeError:  # `runofshow export ... | head`: the reader has gone, that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK
