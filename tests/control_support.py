"""Helpers for the control API tests (no tests here): a console with ``--control`` in a real
terminal (tmux), a free loopback port, and a small HTTP client that answers (status, JSON)."""

from __future__ import annotations

import http.client
import json
import socket
import time
from pathlib import Path

from runofshow.journal import read_journal
from test_console_e2e import RUNOFSHOW, Terminal, plan_for_today


def free_port(kind: int = socket.SOCK_STREAM, host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class Api:
    """HTTP on one loopback port; ``token`` is sent as a Bearer header unless ``token=None``."""

    def __init__(self, port: int, token: str | None = None, host: str = "127.0.0.1") -> None:
        self.host, self.port, self.token = host, port, token

    def call(
        self,
        method: str,
        path: str,
        body: bytes | str | dict | None = None,
        *,
        token: str | None | bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        sent = dict(headers or {})
        if token is True and self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        elif isinstance(token, str):
            sent["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        if isinstance(data, str):
            data = data.encode()
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            answer = json.loads(raw) if raw else {}
        except ValueError:
            answer = {"raw": raw.decode("utf-8", "replace")}
        return response.status, answer

    def post(self, name: str, body: bytes | str | dict | None = None, **kwargs) -> tuple[int, dict]:
        return self.call("POST", f"/api/v1/{name}", body, **kwargs)

    def state(self) -> dict:
        status, answer = self.call("GET", "/api/v1/state")
        assert status == 200, answer
        return answer


def wait_until(check, timeout: float = 20.0, interval: float = 0.05, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except (OSError, http.client.HTTPException):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never happened")
        time.sleep(interval)


class ControlledConsole:
    """``runofshow run PLAN --control PORT [--osc PORT]`` in tmux, with the API ready to use."""

    def __init__(self, tmp_path: Path, osc: bool = False, extra: str = "") -> None:
        self.plan = plan_for_today(tmp_path)
        self.journal = tmp_path / "tonight.journal.jsonl"
        self.token_path = tmp_path / "tonight.journal.jsonl.token"
        self.port = free_port()
        self.osc_port = free_port(socket.SOCK_DGRAM) if osc else None
        self.terminal = Terminal(tmp_path)
        command = f"{RUNOFSHOW} run {self.plan} --control {self.port}"
        if self.osc_port:
            command += f" --osc 127.0.0.1:{self.osc_port}"
        self.pid = self.terminal.start(command + extra)
        screen = self.terminal.wait_for("NOT STARTED")
        if "Rehearse now?" in screen:  # midnight passed in Jerusalem meanwhile
            self.terminal.keys("k")
        token = wait_until(
            lambda: self.token_path.exists() and self.token_path.read_text().strip(), what="token"
        )
        self.api = Api(self.port, token)
        wait_until(lambda: self.api.call("GET", "/api/v1/state")[0] == 200, what="the API answering")

    def actions(self) -> list:
        return read_journal(self.journal).actions if self.journal.exists() else []

    def alive(self) -> bool:
        return self.terminal.tmux("display-message", "-p", "-t", "show", "#{pane_dead}").strip() == "0"

    def close(self) -> None:
        self.terminal.close()
