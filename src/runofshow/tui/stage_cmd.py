"""`runofshow stage` and `runofshow serve`: the stage view in a terminal or in a browser.

``serve`` runs textual-serve with one fixed command: this module's own ``stage`` entry point
on the given plan or journal. A browser can only ever start the read-only stage view.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..base.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from ..journal import JournalError
from ..live import StageChoice
from ..plan import PlanError
from .terminal import terminal_problem
from .themes import DEFAULT_THEME, UnknownTheme, check_theme_name


def _check(args: argparse.Namespace, command: str) -> tuple[int, str | None]:
    """Validate theme and source before opening a screen: (exit code, theme name)."""
    try:
        theme = check_theme_name(args.theme or DEFAULT_THEME)
    except UnknownTheme as error:
        print(f"runofshow {command}: {error}", file=sys.stderr)
        return EXIT_USAGE, None
    from .stage import resolve_source

    if not args.source:
        print(f"runofshow {command}: the plan's or journal's path is empty", file=sys.stderr)
        return EXIT_USAGE, None
    try:
        resolve_source(args.source, getattr(args, "stage_id", None))
    except StageChoice as error:
        if not (command == "serve" and getattr(args, "stage_id", None) is None):  # serve: every stage
            print(f"runofshow {command}: {error}", file=sys.stderr)
            return EXIT_USAGE, None
    except PlanError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code, None
    except JournalError as error:
        print(f"runofshow {command}: {error}", file=sys.stderr)
        return EXIT_INVALID, None
    return EXIT_OK, theme


def cmd_stage(args: argparse.Namespace) -> int:
    code, theme = _check(args, "stage")
    if code:
        return code
    problem = terminal_problem()
    if problem is not None:
        print(f"runofshow stage: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from .orphan import exit_with_the_server

    exit_with_the_server()  # served in a browser: the process ends with its server
    if args.role == "green-room":  # issue 13: its own read-only app
        from .greenroom import GreenRoomApp

        green = GreenRoomApp(
            args.source,
            theme=theme,
            stage=getattr(args, "stage_id", None),
            bidi=getattr(args, "bidi", "auto"),
        )
        green.run()
        return green.return_code or EXIT_OK
    from .stage import StageApp

    app = StageApp(
        args.source,
        role=args.role,
        theme=theme,
        stage=getattr(args, "stage_id", None),
        overtime=getattr(args, "overtime", None),
        sound=getattr(args, "sound", False),
        bidi=getattr(args, "bidi", "auto"),
    )
    app.run()
    return app.return_code or EXIT_OK


def stage_command(
    source: str | Path, role: str, theme: str, stage: str | None = None, options: list[str] | None = None
) -> str:
    """The one shell command that ``serve`` lets a browser start. ``options``: the stage-view
    options that ``serve`` passes on (``view_options``)."""
    return shlex.join(
        [
            sys.executable,
            "-m",
            "runofshow.tui.stage_cmd",
            str(Path(source).resolve()),
            "--role",
            role,
            "--theme",
            theme,
            *(["--stage", stage] if stage else []),
            *(options or []),
        ]
    )


def view_options(args: argparse.Namespace) -> list[str]:
    """The options given to ``serve`` that the stage view it starts takes as they are."""
    overtime, bidi = getattr(args, "overtime", None), getattr(args, "bidi", "auto")
    return (
        (["--overtime", overtime] if overtime else [])
        + (["--sound"] if getattr(args, "sound", False) else [])
        + (["--bidi", bidi] if bidi != "auto" else [])  # auto: on in the browser
    )


def cmd_serve(args: argparse.Namespace) -> int:
    code, theme = _check(args, "serve")
    if code:
        return code
    if not 0 < args.port < 65536:
        print(f"runofshow serve: --port {args.port} is not a TCP port (1-65535)", file=sys.stderr)
        return EXIT_USAGE
    if args.max_clients < 1:
        print(f"runofshow serve: --max-clients {args.max_clients}: at least 1", file=sys.stderr)
        return EXIT_USAGE
    from ..control.token import TokenError, load_or_create_token, new_token
    from .serve import StageServer, StagesServer, _is_wildcard, _url_host, needs_token, outward_address

    token = None
    try:
        if args.token_file:
            token = load_or_create_token(args.token_file)
        elif needs_token(args.host):
            token = new_token()
    except TokenError as error:
        print(f"runofshow serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    wildcard = _is_wildcard(args.host)
    shown_host = (outward_address() if wildcard else args.host) or "<this machine's address>"
    url = f"http://{_url_host(shown_host)}:{args.port}/" + (f"?token={token}" if token else "")

    stage_lines: list[str] = []

    def listening() -> None:
        """Called once the port is open: only then is the URL worth opening."""
        if wildcard:
            print(
                "warning: listening on every interface: anyone on the network with this URL can watch "
                "the stage view",
                flush=True,
            )
        print(f"Open {url} in a browser.", flush=True)
        if token:
            _print_qr(url)
        for line in stage_lines:  # a plan of several stages: "Main hall (main): URL" each
            print(line, flush=True)
        print(
            f"At most {args.max_clients} browser screens at once (--max-clients). Press Ctrl+C to stop.",
            flush=True,
        )

    theme = theme or DEFAULT_THEME  # (checked by _check)
    hq = getattr(args, "hq", False)
    if hq and not str(args.source).endswith(".toml"):
        print("runofshow serve: --hq follows every stage of a plan: give the plan (.toml)", file=sys.stderr)
        return EXIT_USAGE
    stages = [] if hq else _stages_to_serve(args)
    locked = {"host": args.host, "port": args.port, "token": token, "max_clients": args.max_clients}
    server: StageServer
    if hq:  # the read-only hq overview of every stage
        command = shlex.join(
            [
                sys.executable,
                "-m",
                "runofshow.cli",
                "hq",
                str(Path(args.source).resolve()),
                "--theme",
                theme,
                *(["--bidi", args.bidi] if getattr(args, "bidi", "auto") != "auto" else []),
            ]
        )
        server = StageServer(command, title="runofshow hq", on_listening=listening, **locked)
    elif stages:  # a plan of several stages: each stage at its own path, http://HOST:PORT/<stage id>/
        each = [
            (stage.id, stage.name, stage_command(args.source, args.role, theme, stage.id, view_options(args)))
            for stage in stages
        ]
        base, query = url.split("?")[0], f"?token={token}" if token else ""
        stage_lines += [f"{name} ({stage_id}): {base}{stage_id}/{query}" for stage_id, name, _ in each]
        server = StagesServer(
            each,
            title="runofshow stages",
            on_listening=listening,
            chime=True,
            chime_asked=args.sound,
            **locked,
        )
    else:
        command = stage_command(
            args.source, args.role, theme, getattr(args, "stage_id", None), view_options(args)
        )
        server = StageServer(
            command,
            title=f"runofshow stage: {Path(args.source).name}",
            on_listening=listening,
            chime=True,  # a stage without --sound rings once the console turns the sound on
            chime_asked=args.sound,
            **locked,
        )
    print(f"Serving the {args.role} stage view of {args.source} (read only).", flush=True)
    try:
        server.serve()
    except OSError as error:
        print(
            f"runofshow serve: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    return EXIT_OK


def _print_qr(url: str) -> None:
    """The URL as a QR code in the terminal, for a tablet's camera."""
    import segno

    segno.make(url, error="m").terminal(out=sys.stdout, compact=True)
    sys.stdout.flush()


def _stages_to_serve(args: argparse.Namespace) -> list:
    """The stages of a plan with several, when ``serve`` serves them all (no --stage); else []."""
    if getattr(args, "stage_id", None) or not str(args.source).endswith(".toml"):
        return []
    from ..plan import load_plan

    plan = load_plan(args.source).plan
    return list(plan.stages) if len(plan.stages) > 1 else []


def main(argv: list[str] | None = None) -> int:
    """``python -m runofshow.tui.stage_cmd SOURCE [--role] [--theme]``: what ``serve`` runs."""
    from ..cli import main as cli_main

    return cli_main(["stage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
