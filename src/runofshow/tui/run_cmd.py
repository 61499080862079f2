"""``runofshow run PLAN``: open (or resume) the show's journal and start the organizer console."""

from __future__ import annotations

import argparse
import gc
import sys

from ..journal import JournalError
from ..live import open_show
from ..plan import PlanError
from ..show import SystemClock


def cmd_run(args: argparse.Namespace) -> int:
    gc.disable()  # no collection before the first frame (~20 ms on a 1,000-segment plan): _collect_from_now_on
    from .themes import (
        DEFAULT_THEME,
        UnknownTheme,
        check_theme_name,
    )  # Textual: imported with the collector off

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
    from .console import ConsoleApp

    app = ConsoleApp(
        opened.show,
        clock,
        theme=theme,
        notices=opened.notices,
        resumed=opened.resumed,
        after_first_frame=_collect_from_now_on,
        plan_path=args.plan,
        amendment=opened.amendment,
    )
    try:
        app.run()
    finally:
        app.show.close()  # a fresh start replaced the show it was given
        opened.show.close()
    return app.return_code or 0


def _collect_from_now_on() -> None:
    """Once the first frame is up: what start-up loaded (modules, the plan, the widgets) lives as
    long as the process, so no collection walks it again; then the collector runs as usual."""
    gc.freeze()
    gc.enable()
