"""The locked-down browser view behind ``runofshow serve`` (issue 15).

textual-serve starts one process per browser session and trusts whoever connects. This server keeps
its page, its JavaScript and its process handling, and closes what a hostile client on the venue
Wi-Fi could reach:

- a token, required on every request when ``--host`` is not the default loopback address (the
  printed URL carries it; the page sets it as a cookie for its own static files, and the page's
  websocket URL carries it in its path); without it, 403 and a one-line page;
- at most ``max_clients`` sessions (processes) at once: past it, a clear page and no process;
- the websocket's ``Origin`` must be this server; a plain GET on it answers 400;
- the page's websocket URL is built from the address the connection arrived on (or an allowed name
  for it), never from the ``Host`` header as sent;
- ``/static`` lists no directory; the terminal size a client asks for is clamped.

Public textual-serve API used: ``Server`` (its constructor, ``handle_websocket``,
``templates_path``/``statics_path``, ``request_exit``, ``initialize_logging``), its template
``app_index.html`` and its static files. Private: ``Server._process_messages`` (wrapped to clamp the
size a resize message asks for); tests/test_upstream_private.py fails loudly if it changes.
"""

from __future__ import annotations

import asyncio
import html
import signal
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from ..control.setup import is_loopback as _is_loopback
from ..control.setup import is_wildcard as _is_wildcard
from ..control.token import same_token

MAX_COLUMNS, MAX_ROWS = 320, 120  # a 4K screen at a small font; 10000x5000 started a 200 MB process
MIN_COLUMNS, MIN_ROWS = 20, 6
COOKIE = "runofshow_token"
LOOPBACK_DEFAULTS = ("127.0.0.1", "::1", "localhost")


# xterm.js (the page's terminal) fires onBell for a BEL and plays nothing, and textual-serve's page
# does not listen to it: a bell in the browser view is silent. So every stage page gets this script
# (a stage view without --sound rings too once the console turns the stage sound on, issue 17). It
# wraps the page's WebSocket, reads the terminal output as it arrives and plays a two-note chime
# (Web Audio, no file to fetch) for each BEL that is not the end of an escape string (OSC/DCS/APC/
# PM/SOS end with BEL too). Browsers only start audio after a gesture on the page, or
# with an autoplay policy that allows it (a kiosk: chromium --autoplay-policy=no-user-gesture-required):
# until then a small button in a corner asks for one click: with ``serve --sound`` as soon as the page
# loads (``window.runofshowSound`` true), else only once a bell rang (the journal turned the sound on)
# and found audio not allowed yet. ``window.runofshowChimes`` counts the chimes (the browser test
# reads it).
CHIME_SCRIPT = """<script>
(() => {
  const Native = window.WebSocket;
  let context = null, state = 0, hint = null, asked = window.runofshowSound === true;
  window.runofshowChimes = 0;
  function audio() {
    try { context = context || new (window.AudioContext || window.webkitAudioContext)(); }
    catch (e) { return null; }
    if (context.state === "suspended") { context.resume().then(showHint, showHint); }
    return context;
  }
  function showHint() {
    if (!document.body || !asked) return;
    if (!hint) {
      hint = document.createElement("button");
      hint.id = "runofshow-sound";
      hint.textContent = "Click to allow the chime";
      hint.style.cssText = "position:fixed;right:8px;bottom:8px;z-index:100;padding:6px 12px;" +
        "font:14px sans-serif;background:#333;color:#eee;border:1px solid #888;opacity:.8;cursor:pointer";
      hint.addEventListener("click", () => audio());
      document.body.appendChild(hint);
    }
    hint.style.display = context && context.state === "running" ? "none" : "block";
  }
  function chime() {
    window.runofshowChimes += 1;
    asked = true;
    const ctx = audio();
    showHint();
    if (!ctx) return;
    const now = ctx.currentTime;
    [[880, 0], [1318.5, 0.2]].forEach(([frequency, delay]) => {
      const tone = ctx.createOscillator(), gain = ctx.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + delay);
      gain.gain.exponentialRampToValueAtTime(0.5, now + delay + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + delay + 0.7);
      tone.connect(gain).connect(ctx.destination);
      tone.start(now + delay);
      tone.stop(now + delay + 0.75);
    });
  }
  function scan(bytes) {  // 0 text, 1 after ESC, 2 in an escape string, 3 ESC in a string
    for (const b of bytes) {
      if (state === 0) { if (b === 0x1b) state = 1; else if (b === 0x07) chime(); }
      else if (state === 1) { state = [0x5d, 0x50, 0x5f, 0x5e, 0x58].includes(b) ? 2 : (b === 0x1b ? 1 : 0); }
      else if (state === 2) { if (b === 0x07) state = 0; else if (b === 0x1b) state = 3; }
      else { state = b === 0x5c ? 0 : (b === 0x1b ? 3 : 2); }
    }
  }
  class ChimingSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) scan(new Uint8Array(event.data));
      });
    }
  }
  window.WebSocket = ChimingSocket;
  for (const kind of ["pointerdown", "keydown", "touchstart"]) {  // a gesture allows audio for later
    document.addEventListener(kind, () => { audio(); showHint(); }, true);
  }
  window.addEventListener("load", () => { if (asked) { audio(); showHint(); } });
})();
</script>
"""


def chime_script(sound: bool) -> str:
    """The chime script for a stage page; ``sound`` (serve --sound): ask for the click at once."""
    return f"<script>window.runofshowSound = {'true' if sound else 'false'};</script>\n" + CHIME_SCRIPT


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size to start or resize to: numbers within the sane range, defaults otherwise."""

    def number(value: object, default: int, low: int, high: int) -> int:
        try:
            n = int(str(value))
        except ValueError:
            n = default
        return max(low, min(high, n))

    return number(width, 80, MIN_COLUMNS, MAX_COLUMNS), number(height, 24, MIN_ROWS, MAX_ROWS)


def _page(status: int, text: str) -> web.Response:
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>runofshow</title></head>"
        f"<body style='font-family:sans-serif;background:#0c181f;color:#eee;padding:2em'><p>{html.escape(text)}</p>"
        "</body></html>"
    )
    return web.Response(
        status=status, text=body, content_type="text/html", headers={"Cache-Control": "no-store"}
    )


class _ClampedService:
    """An AppService whose resizes are clamped (a resize message asks for any size)."""

    def __init__(self, service: Any) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    async def set_terminal_size(self, width: object, height: object) -> None:
        await self._service.set_terminal_size(*clamp_size(width, height))


class StageServer(Server):
    """textual-serve's server for the stage view, locked down (see the module's docstring)."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        title: str,
        token: str | None = None,
        max_clients: int = 8,
        on_listening=None,
        chime: bool = False,
        chime_asked: bool = False,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        # chime: the page turns the terminal bell into a chime (every stage page: the console can turn
        # the sound on through the journal); chime_asked (serve --sound): it asks for audio at once
        self.chime = chime
        self.chime_asked = chime_asked
        self.token = token
        self.max_clients = max_clients
        self.sessions = 0  # browser sessions (stage processes) running now
        self.on_listening = on_listening

    # -- the app --------------------------------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        """Our own routes (textual-serve's add a listed /static and downloads the stage never makes)."""
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket-token"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        return app

    def serve(self, debug: bool = False) -> None:  # Server.serve, printing the URL once the port is open
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
            print=lambda *_: self.on_listening and self.on_listening(),
            access_log=None,
        )

    # -- the token ------------------------------------------------------------------------------------
    def has_token(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        given = request.match_info.get("token") or request.query.get("token") or request.cookies.get(COOKIE)
        return same_token(given, self.token)

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        if not self.has_token(request):
            return _page(
                403, "This stage view needs its access link: open the URL that runofshow serve printed."
            )
        response = await handler(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")  # the token is in the URL
        return response

    # -- where the page's websocket goes: never the Host header as sent ---------------------------------
    def allowed_hosts(self, request: web.Request) -> set[str]:
        """Names this server answers to: the address the connection arrived on, the --host given
        (unless a wildcard), and localhost / 127.0.0.1 for a loopback connection."""
        local = self._local_host(request)
        allowed = {local}
        if self.host and not _is_wildcard(self.host):
            allowed.add(self.host.lower())
        if _is_loopback(local):
            allowed |= {"localhost", "127.0.0.1"}
        return allowed

    def _local_host(self, request: web.Request) -> str:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        return str(sockname[0]).lower() if sockname else (self.host or "127.0.0.1")

    def page_host(self, request: web.Request) -> str:
        """``host:port`` for the page's websocket: the name the browser used when it is one of ours,
        else the address the connection arrived on."""
        asked = urlsplit(f"//{request.host}")
        try:
            asked_host, asked_port = (asked.hostname or "").lower(), asked.port
        except ValueError:
            asked_host, asked_port = "", None
        allowed = self.allowed_hosts(request)
        host = (
            asked_host
            if asked_host in allowed and asked_port in (None, self.port)
            else self._local_host(request)
        )
        return f"{_url_host(host)}:{self.port}"

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: a browser always sends Origin with a websocket
            return True
        try:
            parts = urlsplit(origin)
            host, port = (
                (parts.hostname or "").lower(),
                parts.port or (443 if parts.scheme == "https" else 80),
            )
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and host in self.allowed_hosts(request) and port == self.port

    # -- the page -------------------------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override,unused-ignore]
        if self.sessions >= self.max_clients:
            return _page(
                503,
                f"Already {self.sessions} screens are showing this stage view, the most this server allows "
                f"(--max-clients {self.max_clients}). Close one, then reload this page.",
            )
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        # "/" or, for one stage of several, "/<stage id>/" (StagesServer mounts each at its prefix)
        base = str(request.app.router["index"].url_for())
        ws_path = f"{base}ws/{self.token}" if self.token else f"{base}ws"
        context = {
            "font_size": max(8, min(64, font_size)),
            "app_websocket_url": f"ws://{self.page_host(request)}{ws_path}",
            "config": {"static": {"url": f"{base}static/"}},  # same origin as the page, cookie and all
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if self.chime and response.text is not None and "</head>" in response.text:
            response.text = response.text.replace("</head>", chime_script(self.chime_asked) + "</head>", 1)
        response.headers["Cache-Control"] = "no-store"
        if self.token and request.query.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict", path="/")
        return response

    # -- the websocket --------------------------------------------------------------------------------
    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override,unused-ignore]
        if not web.WebSocketResponse().can_prepare(request).ok:
            return _page(400, "This address is the stage view's websocket: open the page instead.")
        if not self.origin_allowed(request):
            return _page(403, "This websocket only serves pages of this server.")
        if self.sessions >= self.max_clients:
            return _page(503, f"Already {self.sessions} screens (--max-clients {self.max_clients}).")
        width, height = clamp_size(request.query.get("width", "80"), request.query.get("height", "24"))
        clamped = request.clone(rel_url=request.rel_url.update_query(width=str(width), height=str(height)))
        self.sessions += 1
        try:
            return await super().handle_websocket(clamped)
        finally:
            self.sessions -= 1

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        await super()._process_messages(websocket, _ClampedService(app_service))  # type: ignore[arg-type]


class StagesServer(StageServer):
    """Every stage of a plan with several, on one port: each stage's locked-down stage view is
    mounted at ``/<stage id>/``; ``/`` lists them. ``stages``: (id, name, command) each. Each stage
    counts its own browser sessions against ``max_clients``."""

    def __init__(self, stages: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.stages = [
            (stage_id, name, StageServer(command, **{**kwargs, "title": f"runofshow stage: {name}"}))
            for stage_id, name, command in stages
        ]

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        for stage_id, _name, server in self.stages:
            app.add_subapp(f"/{stage_id}", await server._make_app())
        app.router.add_get("/", self.handle_list)
        return app

    async def handle_list(self, request: web.Request) -> web.StreamResponse:
        query = f"?token={self.token}" if self.token and request.query.get("token") else ""
        links = "".join(
            f'<li><a href="/{html.escape(stage_id)}/{query}">{html.escape(name)}</a></li>'
            for stage_id, name, _server in self.stages
        )
        return web.Response(
            text=f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>runofshow</title></head>"
            f"<body><ul>{links}</ul></body></html>",
            content_type="text/html",
            headers={"Cache-Control": "no-store"},
        )


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def needs_token(host: str) -> bool:
    """Only the default loopback addresses go without a token (as before); any other --host, even
    another loopback address (a tunnel, a container's port), needs one."""
    return host.lower() not in LOOPBACK_DEFAULTS


def outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), for the printed URL and
    QR code when serving on every interface; None when there is no route."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: connect() on UDP only picks the route
            return probe.getsockname()[0]
        except OSError:
            return None
