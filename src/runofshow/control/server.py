"""The HTTP and WebSocket control API (aiohttp), run inside the console's own event loop.

Every command goes to the Controller, which runs it as a key press runs (refusal rules, journal
fsync, then the screen). What this module adds is HTTP: routing (404, 405), the token (401), the
body limit (413), the rate limit per client (429), and the events WebSocket, which sends the
state after every change and every second while a timer runs.

The listening socket is made by the caller (so a taken port is a clear error before the console
starts); ``serve()`` is a coroutine the console runs as a worker and cancels when it quits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections import deque
from collections.abc import Callable

from aiohttp import WSMsgType, web

from .api import COMMANDS, MAX_BODY
from .controller import Controller
from .token import same_token

PREFIX = "/api/v1/"
RATE_LIMIT = 20  # commands a second from one client address
SEEN_FOR = 5.0  # seconds an HTTP client counts as connected after its last request
MAX_SOCKETS = 32  # concurrent events WebSockets
SEND_TIMEOUT = 2.0  # seconds a WebSocket may take to take one state before it is dropped
_NO_STORE = {"Cache-Control": "no-store"}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": message}, status=status, headers={**_NO_STORE, **(headers or {})})


class ControlServer:
    """The API of one console. ``monotonic`` is injected for the rate limit and the client count."""

    def __init__(
        self,
        controller: Controller,
        token: str,
        sock: socket.socket,
        *,
        rate_limit: int = RATE_LIMIT,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.controller = controller
        self.token = token
        self.sock = sock
        self.rate_limit = rate_limit
        self.monotonic = monotonic
        self.sockets: set[web.WebSocketResponse] = set()
        self._socket_peers: dict[web.WebSocketResponse, str] = {}
        self._commands: dict[str, deque[float]] = {}
        self._seen: dict[str, float] = {}
        self._changed = asyncio.Event()

    # -- what the console asks ---------------------------------------------------------------
    @property
    def clients(self) -> int:
        """Connected clients: the open WebSockets plus the HTTP clients heard in the last few seconds
        (an address with a WebSocket open counts once)."""
        now = self.monotonic()
        for peer in [p for p, at in self._seen.items() if now - at > SEEN_FOR]:
            del self._seen[peer]
        return len(self.sockets) + len(self._seen.keys() - self._socket_peers.values())

    def changed(self) -> None:
        """The show changed (a key or a command): the WebSockets get the new state."""
        self._changed.set()

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.sock.getsockname()[:2]
        return host, port

    # -- the server ----------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", r"/{tail:[\s\S]*}", self.handle)  # any path, newlines too
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._stop)
        return app

    async def _start(self, _app: web.Application) -> None:
        self._broadcaster = asyncio.ensure_future(self._broadcast())

    async def _stop(self, _app: web.Application) -> None:
        self._broadcaster.cancel()
        for ws in list(self.sockets):
            with contextlib.suppress(Exception):
                await ws.close()

    async def serve(self) -> None:
        """Serve until cancelled (the console quitting), then close every connection."""
        quiet = logging.getLogger("aiohttp")  # a traceback on stderr would scribble over the console
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.SockSite(runner, self.sock, shutdown_timeout=1.0).start()
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except web.HTTPException:
            raise
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception as error:  # never the console's end: answer 500 and say it in the feed
            self.controller.log(self.controller.clock.now(), f"API error: {type(error).__name__}: {error}")
            return _error(500, "internal error")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        name = path[len(PREFIX) :] if path.startswith(PREFIX) else None
        if name == "state":
            allowed: tuple[str, ...] = ("GET", "HEAD")
        elif name == "events":
            allowed = ("GET",)
        elif name in COMMANDS:
            allowed = ("POST",)
        else:
            return _error(404, f"no such endpoint: {path[:100]}")
        if request.method not in allowed:
            return _error(
                405,
                f"{request.method[:10]} is not allowed here (use {', '.join(allowed)})",
                headers={"Allow": ", ".join(allowed)},
            )
        if not self._authorized(request):
            return _error(
                401,
                "a valid token is needed: Authorization: Bearer <token> or ?token=<token>",
                headers={"WWW-Authenticate": "Bearer"},
            )
        peer = request.remote or "?"
        if name == "events":
            return await self._events(request)
        self._seen[peer] = self.monotonic()
        if name == "state":
            return web.json_response(self.controller.state(), headers=_NO_STORE)
        if self._too_many(peer):
            return _error(429, f"more than {self.rate_limit} commands a second", headers={"Retry-After": "1"})
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _error(413, f"the body is over {MAX_BODY} bytes")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(413, f"the body is over {MAX_BODY} bytes")
        outcome = self.controller.request(str(name), body, source="api")
        return web.json_response(outcome.body, status=outcome.status, headers=_NO_STORE)

    def _authorized(self, request: web.Request) -> bool:
        given = request.query.get("token")
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            given = value.strip()
        return same_token(given, self.token)

    def _too_many(self, peer: str) -> bool:
        now = self.monotonic()
        times = self._commands.setdefault(peer, deque())
        while times and now - times[0] >= 1.0:
            times.popleft()
        if len(times) >= self.rate_limit:
            return True
        times.append(now)
        if len(self._commands) > 1000:  # forget the quiet ones
            for key in [k for k, v in self._commands.items() if not v]:
                del self._commands[key]
        return False

    # -- the events WebSocket ----------------------------------------------------------------------
    async def _events(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=30.0)
        if not ws.can_prepare(request).ok:
            return _error(400, "this address is a WebSocket: connect with a WebSocket client")
        if len(self.sockets) >= MAX_SOCKETS:
            return _error(503, f"already {MAX_SOCKETS} event sockets open")
        await ws.prepare(request)
        self.sockets.add(ws)
        self._socket_peers[ws] = request.remote or "?"
        try:
            await ws.send_str(json.dumps(self.controller.state()))
            async for message in ws:  # nothing to read: a client's messages are ignored
                if message.type == WSMsgType.ERROR:
                    break
        finally:
            self.sockets.discard(ws)
            self._socket_peers.pop(ws, None)
        return ws

    async def _broadcast(self) -> None:
        """After every change, and every second while a timer runs: the state to every socket."""
        while True:
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=1.0)
            except TimeoutError:
                if not self.sockets or not self.controller.timer_running():
                    continue
            self._changed.clear()
            if not self.sockets:
                continue
            payload = json.dumps(self.controller.state())
            await asyncio.gather(*(self._send(ws, payload) for ws in list(self.sockets)))

    async def _send(self, ws: web.WebSocketResponse, payload: str) -> None:
        try:
            await asyncio.wait_for(ws.send_str(payload), timeout=SEND_TIMEOUT)
        except Exception:  # gone, or too slow to keep: drop it
            self.sockets.discard(ws)
            self._socket_peers.pop(ws, None)
            with contextlib.suppress(Exception):
                await ws.close()
