"""`runofshow stage` and `runofshow serve`: the stage view in a terminal or in a browser.

``serve`` runs textual-serve with one fixed command: this module's own ``stage`` entry point
on the given plan or journal. A browser can only ever start the read-only stage view.
"""

from __future__ import annotations

import argparse
import ipaddress
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
    from .stage import StageApp

    app = StageApp(args.source, role=args.role, theme=theme, stage=getattr(args, "stage_id", None))
    app.run()
    return app.return_code or EXIT_OK


def stage_command(source: str | Path, role: str, theme: str, stage: str | None = None) -> str:
    """The one shell command that ``serve`` lets a browser start."""
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
        ]
    )


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def cmd_serve(args: argparse.Namespace) -> int:
    code, theme = _check(args, "serve")
    if code:
        return code
    if not 0 < args.port < 65536:
        print(f"runofshow serve: --port {args.port} is not a TCP port (1-65535)", file=sys.stderr)
        return EXIT_USAGE
    import asyncio
    import signal

    from aiohttp import web
    from textual_serve.server import Server

    class StageServer(Server):
        """textual-serve's server, told what to print, and where the page's websocket goes.

        The page's websocket address is built from the address the browser used, so a tablet
        that opened http://192.0.2.10:8080 connects back to that same address, even when the
        server listens on every interface (--host 0.0.0.0).
        """

        async def handle_index(self, request):  # type: ignore[override]
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app) -> None:  # no banner: ``listening`` says what matters
            pass

        def listening(self, *_: object) -> None:
            """Called once the port is open: only then is the URL worth opening."""
            if _is_wildcard(self.host):
                print(
                    f"Listening on every interface, port {self.port}: open "
                    f"http://<this machine's address>:{self.port}/ from the other screen.",
                    flush=True,
                )
            else:
                print(f"Open http://{_url_host(self.host)}:{self.port}/ in a browser.", flush=True)
            print("Press Ctrl+C to stop.", flush=True)

        def serve(self, debug: bool = False) -> None:  # Server.serve, with ``listening`` as its printer
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.request_exit)
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=self.listening,
            )

    theme = theme or DEFAULT_THEME  # (checked by _check)
    if getattr(args, "hq", False) and not str(args.source).endswith(".toml"):
        print("runofshow serve: --hq follows every stage of a plan: give the plan (.toml)", file=sys.stderr)
        return EXIT_USAGE
    stages = [] if getattr(args, "hq", False) else _stages_to_serve(args)
    if getattr(args, "hq", False):  # the read-only hq overview of every stage
        hq = [sys.executable, "-m", "runofshow.cli", "hq", str(Path(args.source).resolve()), "--theme", theme]
        server = StageServer(shlex.join(hq), host=args.host, port=args.port, title="runofshow hq")
    elif stages:  # a plan of several stages: each stage at its own path, http://HOST:PORT/<stage id>/
        server = _stages_server(StageServer, web, args, theme, stages)
    else:
        command = stage_command(args.source, args.role, theme, getattr(args, "stage_id", None))
        server = StageServer(
            command, host=args.host, port=args.port, title=f"runofshow stage: {Path(args.source).name}"
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


def _stages_to_serve(args: argparse.Namespace) -> list:
    """The stages of a plan with several, when ``serve`` serves them all (no --stage); else []."""
    if getattr(args, "stage_id", None) or not str(args.source).endswith(".toml"):
        return []
    from ..plan import load_plan

    plan = load_plan(args.source).plan
    return list(plan.stages) if len(plan.stages) > 1 else []


def _stages_server(base: type, web, args: argparse.Namespace, theme: str, stages: list):
    """One server for every stage: each stage's stage view is a textual-serve app mounted at
    ``/<stage id>/``; ``/`` lists them. ``listening`` prints one line per stage."""
    servers = [
        (
            stage,
            base(
                stage_command(args.source, args.role, theme, stage.id),
                host=args.host,
                port=args.port,
                title=f"runofshow stage: {stage.name}",
            ),
        )
        for stage in stages
    ]

    class StagesServer(base):
        async def _make_app(self):
            app = web.Application()
            for stage, server in servers:
                app.add_subapp(f"/{stage.id}", await server._make_app())
            app.router.add_get("/", self.handle_list)
            return app

        async def handle_list(self, request):
            links = "".join(
                f'<li><a href="/{stage.id}/">{_html(stage.name)}</a> ({stage.id})</li>'
                for stage, _ in servers
            )
            return web.Response(
                text=f"<!doctype html><title>runofshow</title><ul>{links}</ul>", content_type="text/html"
            )

        def listening(self, *_: object) -> None:
            host = "<this machine's address>" if _is_wildcard(self.host) else _url_host(self.host)
            for stage, _server in servers:
                print(f"{stage.name} ({stage.id}): http://{host}:{self.port}/{stage.id}/", flush=True)
            print("Press Ctrl+C to stop.", flush=True)

    return StagesServer("", host=args.host, port=args.port, title="runofshow stages")


def _html(text: str) -> str:
    import html

    return html.escape(text)


def main(argv: list[str] | None = None) -> int:
    """``python -m runofshow.tui.stage_cmd SOURCE [--role] [--theme]``: what ``serve`` runs."""
    from ..cli import main as cli_main

    return cli_main(["stage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
