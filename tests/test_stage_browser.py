"""A real browser: `runofshow serve` on a free loopback port, headless Chromium (Debian's package)
opens the page, the page's JavaScript connects its websocket and draws the stage into xterm.js.

xterm.js draws on a canvas, so the page has no text to read: the test listens to the page's
websocket through the Chrome DevTools protocol (a websocket client from aiohttp, which
textual-serve depends on) and reads the terminal output the page received and wrote into the
terminal. It checks the live segment's title is there, that no private data of the plan is,
and keeps a screenshot beside the test's temporary files for a human to look at.

Chromium resolves no host name but 127.0.0.1 (--host-resolver-rules): the page's link to a web
font goes nowhere, and nothing leaves the machine. Skipped, with the reason, only where no
chromium is installed (``make test`` installs Debian's ``chromium`` where apt-get can).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from runofshow.live import open_show
from runofshow.show import Go, Message, SystemClock
from test_stage_privacy import PRIVATE_PLAN, private_hits

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed and could not be (make test runs apt-get install chromium as root)",
)
TIMEOUT = 60.0  # seconds for the page to show the stage; generous for a loaded CI machine
ANSI = re.compile(r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(source: Path, port: int, role: str = "manager") -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from runofshow.cli import main; raise SystemExit(main())",
            "serve",
            str(source),
            "--port",
            str(port),
            "--role",
            role,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"Open (http://\S+) in a browser", line)
        if match:
            return process, match.group(1)
    process.kill()
    raise AssertionError("serve printed no URL:\n" + "".join(lines))


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class DevTools:
    """Just enough of the Chrome DevTools protocol: calls, and the page's websocket frames."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0
        self.pending: dict[int, asyncio.Future] = {}
        self.received = bytearray()  # what the page's websocket received, binary frames only
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                frame = data["params"]["response"]
                if frame.get("opcode") == 2:
                    self.received += base64.b64decode(frame["payloadData"])

    async def call(self, method: str, session: str | None = None, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        result = await asyncio.wait_for(future, TIMEOUT)
        if "error" in result:
            raise AssertionError(f"{method}: {result['error']}")
        return result.get("result", {})

    def text(self) -> str:
        return ANSI.sub("", self.received.decode("utf-8", "replace"))


@asynccontextmanager
async def chromium_page(
    url: str,
    profile: Path,
    *,
    tools_class: type[DevTools] = DevTools,
    window: str = "1000,600",
    resolver: str = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    flags: tuple[str, ...] = (),
) -> AsyncIterator[tuple[DevTools, str]]:
    """Headless Chromium opened on ``url``: (its DevTools, the page's session id), while inside.
    Nothing but ``url`` resolves (``resolver``: loopback too by default, for a served view)."""
    import aiohttp

    chromium = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--host-resolver-rules={resolver}",
            "--remote-debugging-port=0",
            f"--window-size={window}",
            *flags,
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        endpoint = None
        deadline = time.monotonic() + TIMEOUT
        while endpoint is None and time.monotonic() < deadline:
            line = await asyncio.to_thread(chromium.stderr.readline)  # type: ignore[union-attr]
            if not line:
                raise AssertionError("chromium exited before it listened for DevTools")
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            endpoint = match.group(1) if match else None
        assert endpoint, "chromium did not open its DevTools port"
        async with aiohttp.ClientSession() as http, http.ws_connect(endpoint, max_msg_size=0) as ws:
            tools = tools_class(ws)
            target = (await tools.call("Target.createTarget", url="about:blank"))["targetId"]
            page = (await tools.call("Target.attachToTarget", targetId=target, flatten=True))["sessionId"]
            await tools.call("Network.enable", page)
            await tools.call("Page.enable", page)
            await tools.call("Page.navigate", page, url=url)
            try:
                yield tools, page
            finally:
                tools.reader.cancel()
    finally:
        stop(chromium)


async def evaluate(tools: DevTools, page: str, expression: str):
    """The value of a JavaScript expression in the page."""
    result = await tools.call("Runtime.evaluate", page, expression=expression, returnByValue=True)
    return result["result"].get("value")


async def browse(url: str, profile: Path, want: str, screenshot: Path) -> tuple[str, str]:
    """Open ``url`` in headless Chromium until ``want`` arrived; (terminal text, body classes)."""
    async with chromium_page(url, profile) as (tools, page):
        deadline = time.monotonic() + TIMEOUT
        body = ""
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            body = await evaluate(tools, page, "document.body.className") or ""
            if want in tools.text() and "-first-byte" in body:
                break
        await asyncio.sleep(0.5)  # let xterm.js paint, for the screenshot
        shot = await tools.call("Page.captureScreenshot", page, format="png")
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        return tools.text(), body


async def test_served_stage_in_a_real_browser(tmp_path):
    plan = tmp_path / "private.toml"
    plan.write_text(PRIVATE_PLAN, encoding="utf-8")
    clock = SystemClock()
    show = open_show(plan, clock).show
    try:
        # The show is live now: a segment started ten minutes ago, with a message in force.
        show.do(Go(at=clock.now() - dt.timedelta(minutes=10)))
        show.do(Message(at=clock.now(), text="Slides are up"))
        server, url = start_server(plan, free_port())
        try:
            assert url.startswith("http://127.0.0.1:")
            text, body = await browse(
                url, tmp_path / "chromium-profile", "Doors open", tmp_path / "browser.png"
            )
        finally:
            stop(server)
    finally:
        show.close()
    assert "-first-byte" in body, f"the page never drew the terminal (body classes: {body!r})"
    assert "Doors open" in text, f"the live segment's title is not on the page:\n{text[-2000:]}"
    assert "Open Source Evening" in text and "NEXT" in text
    assert not private_hits(text)
    assert (tmp_path / "browser.png").stat().st_size > 1000
