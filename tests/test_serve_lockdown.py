"""``runofshow serve`` locked down: on an address other than the default loopback one (tested on
127.0.0.2, a loopback address that is not the default) a token is required on every request, the
9th concurrent browser session gets a page and no process, the websocket checks Origin, a forged
Host header never reaches the page, /static lists nothing, and the terminal size is clamped."""

from __future__ import annotations

import asyncio
import re
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from runofshow.cli import main
from runofshow.tui.serve import MAX_COLUMNS, MAX_ROWS, StageServer, _ClampedService, clamp_size
from test_stage_browser import free_port, stop

HOST = "127.0.0.2"
ROOT = Path(__file__).resolve().parent.parent


def copy_plan(tmp_path: Path) -> Path:
    target = tmp_path / "meetup.toml"
    target.write_text((ROOT / "sample_events" / "meetup.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return target


def start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, str, list[str]]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from runofshow.cli import main; raise SystemExit(main())",
            "serve",
            str(copy_plan(tmp_path)),
            "--host",
            HOST,
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Press Ctrl+C" in line:
            url = next(
                m.group(1) for m in map(re.compile(r"Open (http://\S+) in a browser").search, lines) if m
            )
            return process, url, lines
    process.kill()
    raise AssertionError("serve printed no URL:\n" + "".join(lines))


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=30
        ) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture
def served(tmp_path):
    token_file = tmp_path / "stage.token"
    process, url, lines = start(tmp_path, "--token-file", str(token_file))
    yield url, lines, token_file
    stop(process)


def test_a_token_is_required_and_the_printed_url_carries_it(served):
    url, lines, token_file = served
    token = token_file.read_text().strip()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert url.startswith(f"http://{HOST}:") and url.endswith(f"/?token={token}")
    assert any("█" in line for line in lines)  # the QR code
    base = url.split("?")[0]
    for path in ("", "static/js/textual.js", "ws", "anything"):
        status, body, _ = get(base + path)
        assert status == 403 and "needs its access link" in body, path
    assert get(base + "?token=" + "x" * len(token))[0] == 403
    status, page, headers = get(url)
    assert status == 200 and f'data-session-websocket-url="ws://{HOST}:' in page
    assert f"/ws/{token}" in page and "runofshow_token=" in headers["Set-Cookie"]
    assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Strict" in headers["Set-Cookie"]
    cookie = {"Cookie": f"runofshow_token={token}"}
    assert get(base + "static/js/textual.js", cookie)[0] == 200  # the page's own files, by cookie
    assert get(base + "static/", cookie)[0] in (403, 404)  # no listing
    assert get(base + "static/js/", cookie)[0] in (403, 404)


def test_a_forged_host_never_reaches_the_page_and_the_websocket_checks_origin(served):
    url, _, token_file = served
    token = token_file.read_text().strip()
    status, page, _ = get(url, {"Host": 'evil.example:1"><script>alert(1)</script>'})
    assert status == 200 and "evil" not in page and "<script>alert" not in page
    assert f'data-session-websocket-url="ws://{HOST}:' in page
    base = url.split("?")[0]
    assert get(base + f"ws/{token}")[0] == 400  # a plain GET on the websocket: 400, no traceback

    async def scenario():
        ws_url = base.replace("http://", "ws://") + f"ws/{token}?width=10000&height=5000"
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws_url, headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            origin = base.rstrip("/")
            async with session.ws_connect(ws_url, headers={"Origin": origin}) as ws:
                message = await ws.receive(timeout=30)  # the stage process answers: it was started
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)

    asyncio.run(scenario())


def test_the_ninth_concurrent_session_gets_a_page_and_no_process(served):
    url, _, token_file = served
    token = token_file.read_text().strip()
    base = url.split("?")[0]
    ws_url = base.replace("http://", "ws://") + f"ws/{token}?width=80&height=24"

    async def scenario():
        async with aiohttp.ClientSession() as session:
            sockets = [await session.ws_connect(ws_url) for _ in range(8)]
            try:
                loop = asyncio.get_running_loop()
                status, page, _ = await loop.run_in_executor(None, get, url)
                assert status == 503 and "--max-clients 8" in page and "Already 8 screens" in page
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await session.ws_connect(ws_url)
                assert refused.value.status == 503
                await sockets.pop().close()
                deadline = time.monotonic() + 30
                while (await loop.run_in_executor(None, get, url))[0] != 200:
                    assert time.monotonic() < deadline, "a closed session was never given back"
                    await asyncio.sleep(0.2)
            finally:
                for ws in sockets:
                    await ws.close()

    asyncio.run(scenario())


def test_the_default_loopback_needs_no_token_and_wildcard_warns(tmp_path, monkeypatch, capsys):
    printed = []
    monkeypatch.setattr(StageServer, "serve", lambda self: (printed.append(self), self.on_listening()))
    monkeypatch.setattr("runofshow.tui.serve.outward_address", lambda: "192.0.2.7")
    plan = copy_plan(tmp_path)
    assert main(["serve", str(plan), "--host", "0.0.0.0", "--port", "8123"]) == 0
    out = capsys.readouterr().out
    assert "warning: listening on every interface: anyone on the network with this URL can watch" in out
    token = printed[0].token
    assert token and f"Open http://192.0.2.7:8123/?token={token} in a browser." in out
    assert main(["serve", str(plan), "--port", "8123"]) == 0
    out = capsys.readouterr().out
    assert printed[1].token is None and "Open http://127.0.0.1:8123/ in a browser." in out
    assert "warning" not in out and "█" not in out
    assert main(["serve", str(plan), "--max-clients", "0"]) == 2
    open_file = tmp_path / "open.token"
    open_file.write_text("b" * 32)
    open_file.chmod(0o644)
    assert main(["serve", str(plan), "--token-file", str(open_file)]) == 2
    assert "others can read" in capsys.readouterr().err


def test_terminal_sizes_are_clamped():
    assert clamp_size("10000", "5000") == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size("0", "-3") == (20, 6)
    assert clamp_size("abc", None) == (80, 24)
    assert clamp_size(120, 40) == (120, 40)
    sizes = []

    class Service:
        async def set_terminal_size(self, width, height):
            sizes.append((width, height))

    asyncio.run(_ClampedService(Service()).set_terminal_size(99999, 99999))
    assert sizes == [(MAX_COLUMNS, MAX_ROWS)]
