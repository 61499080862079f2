"""``runofshow run PLAN``: open (or resume) the show's journal and start the organizer console."""

from __future__ import annotations

import argparse
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

    app = ConsoleApp(opened.show, clock, theme=theme, notices=opened.notices, resumed=opened.resumed)
    try:
        app.run()
    finally:
        opened.show.close()
    return app.return_code or 0
