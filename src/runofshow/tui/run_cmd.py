"""``runofshow run PLAN``: open (or resume) the show's journal and start the organizer console."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ..base.exits import EXIT_OK, EXIT_USAGE
from ..journal import JournalError, default_journal_path
from ..live import StageChoice, choose_stage, open_show
from ..plan import LoadedPlan, PlanError, load_plan
from ..show import SystemClock
from .terminal import terminal_problem


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
        return EXIT_USAGE
    if not args.plan:
        print("runofshow run: the plan's path is empty", file=sys.stderr)
        return EXIT_USAGE
    try:
        stage, loaded = _stage(args)
    except StageChoice as error:
        print(f"runofshow run: {error}", file=sys.stderr)
        return EXIT_USAGE
    # Control from outside (issue 15): ports bound and token read before the journal is touched.
    control = None
    if args.control is not None or args.osc is not None or args.control_token_file is not None:
        # imported only then: the usual start asks for no control (sockets, addresses, tokens)
        from ..control.setup import SetupError, prepare

        try:
            control = prepare(
                args.control,
                args.osc,
                args.control_token_file,
                # the token's default place, beside the journal (only asked for with --control)
                lambda: Path(args.journal) if args.journal else default_journal_path(args.plan, stage),
            )
        except (SetupError, JournalError) as error:  # JournalError: a plan path that is a directory
            print(f"runofshow run: {error}", file=sys.stderr)
            return EXIT_USAGE
    for warning in control.warnings if control else ():
        print(f"runofshow run: warning: {warning}", file=sys.stderr, flush=True)
    clock = SystemClock()
    try:
        opened = open_show(
            args.plan, clock, journal=args.journal, fresh=args.fresh, stage=stage, loaded=loaded
        )
    except (PlanError, JournalError, OSError) as error:
        if control is not None:
            control.close()
        if isinstance(error, PlanError):
            print(error.render(), file=sys.stderr)
            return error.exit_code
        print(f"runofshow run: {error}", file=sys.stderr)  # JournalLocked: another console has it open
        return EXIT_USAGE
    problem = terminal_problem()
    if problem is not None:  # checked after the plan (its errors come first), before the screen
        opened.show.close()
        if control is not None:
            control.close()
        print(f"runofshow run: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from .bidi import configure
    from .console import ConsoleApp

    configure(getattr(args, "bidi", "auto"))  # right-to-left text in visual order (widgets/common.py)
    app = ConsoleApp(
        opened.show,
        clock,
        theme=theme,
        notices=[*opened.notices, *(control.warnings if control else ())],
        resumed=opened.resumed,
        after_first_frame=_collect_from_now_on,
        control=control,
        plan_path=args.plan,
        amendment=opened.amendment,
    )
    try:
        app.run()
    finally:
        app.show.close()  # a fresh start replaced the show it was given
        opened.show.close()
        if control is not None:
            control.close()
    return app.return_code or EXIT_OK


def _stage(args: argparse.Namespace) -> tuple[str | None, LoadedPlan | None]:
    """``--stage``, checked against the plan (a plan that cannot be loaded: open_show says why),
    and the plan as loaded for that, which open_show then uses instead of loading it again."""
    try:
        loaded = load_plan(args.plan)
    except PlanError:
        return getattr(args, "stage", None), None
    return choose_stage(loaded.plan, getattr(args, "stage", None), args.plan), loaded


def _collect_from_now_on() -> None:
    """Once the first frame is up: what start-up loaded (modules, the plan, the widgets) lives as
    long as the process, so no collection walks it again; then the collector runs as usual."""
    gc.freeze()
    gc.enable()
