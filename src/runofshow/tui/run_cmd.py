"""``runofshow run PLAN``: open (or resume) the show's journal and start the organizer console."""

from __future__ import annotations

import argparse
import gc
import sys

from ..journal import JournalError
from ..live import open_show
from ..plan import PlanError
from ..show import SystemClock
from .themes import DEFAULT_THEME, UnknownTheme, check_theme_name


def cmd_run(args: argparse.Namespace) -> int:
    theme = args.theme or DEFAULT_THEME
    try:
        check_theme_name(theme)
    except UnknownTheme as error:
        print(f"runofshow run: {error}", file=sys.stderr)
        return 2
    clock = SystemClock()
    gc.freeze()  # what is loaded so far (modules) lives as long as the process: no collection walks it again
    try:
        opened = open_show(args.plan, clock, journal=args.journal, fresh=args.fresh)
    except PlanError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    except JournalError as error:  # JournalLocked included: another console has this show open
        print(f"runofshow run: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"runofshow run: {error}", file=sys.stderr)
        return 2
    from .console import ConsoleApp  # Textual is imported only once the show is open

    gc.freeze()  # and so do the plan and the console's modules (~40 ms of collections before the first frame)
    app = ConsoleApp(opened.show, clock, theme=theme, notices=opened.notices, resumed=opened.resumed)
    try:
        app.run()
    finally:
        opened.show.close()
    return app.return_code or 0
