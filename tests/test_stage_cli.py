"""`runofshow stage` and `runofshow serve` from the command line: clear errors, a real terminal, and
the served page."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pexpect
import pytest

from runofshow.cli import main
from runofshow.tui.serve import _is_wildcard
from runofshow.tui.stage_cmd import stage_command
from test_stage_browser import free_port, start_server, stop
from test_stage_follow import copy_plan

RUNOFSHOW = [sys.executable, "-c", "from runofshow.cli import main; raise SystemExit(main())"]


@pytest.mark.parametrize("command", ["stage", "serve"])
def test_bad_sources_and_themes_are_one_line_errors(tmp_path, capsys, command):
    plan = copy_plan(tmp_path)
    (tmp_path / "bad.journal.jsonl").write_text('{"type": "action"}\n')
    cases = [
        ([str(tmp_path / "missing.toml")], 2, "missing.toml"),
        ([str(tmp_path)], 1, "is a directory"),
        ([str(tmp_path / "bad.journal.jsonl")], 1, "not a runofshow journal"),
        ([str(plan), "--theme", "neon"], 2, 'unknown theme "neon"'),
    ]
    for argv, code, words in cases:
        assert main([command, *argv]) == code, argv
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, err


def test_serve_rejects_a_port_out_of_range(tmp_path, capsys):
    assert main(["serve", str(copy_plan(tmp_path)), "--port", "70000"]) == 2
    assert "not a TCP port" in capsys.readouterr().err


def test_serve_command_runs_only_the_stage(tmp_path):
    plan = tmp_path / "my show" / "plan's.toml"
    command = shlex.split(stage_command(plan, "speaker", "light"))
    assert command[:3] == [sys.executable, "-m", "runofshow.tui.stage_cmd"]
    assert command[3:] == [str(plan.resolve()), "--role", "speaker", "--theme", "light"]
    assert _is_wildcard("0.0.0.0") and _is_wildcard("::") and not _is_wildcard("127.0.0.1")
    assert not _is_wildcard("localhost")


def test_stage_in_a_real_terminal_waits_then_quits_on_q(tmp_path):
    plan = copy_plan(tmp_path)
    child = pexpect.spawn(
        RUNOFSHOW[0],
        RUNOFSHOW[1:] + ["stage", str(plan), "--role", "speaker"],
        dimensions=(24, 80),
        env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin"},
        encoding="utf-8",
        timeout=30,
    )
    try:
        child.expect("waiting for the show to start")
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses listening on ``port``, from /proc/net/tcp (and any IPv6 one as "::")."""
    found = set()
    for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]) if family == 4 else "::")
    return found


def test_serve_binds_loopback_prints_the_url_and_serves_the_page(tmp_path):
    plan = copy_plan(tmp_path)
    port = free_port()
    server, url = start_server(plan, port)
    try:
        assert url == f"http://127.0.0.1:{port}/"
        assert listening_addresses(port) == {"127.0.0.1"}  # loopback only
        request = urllib.request.Request(url, headers={"Host": f"localhost:{port}"})
        page = urllib.request.urlopen(request, timeout=30).read().decode()
        assert f'data-session-websocket-url="ws://localhost:{port}/ws"' in page  # back to where it came from
        forged = urllib.request.Request(url, headers={"Host": f"evil.example:{port}"})
        page = urllib.request.urlopen(forged, timeout=30).read().decode()
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page  # never a forged Host
        assert "evil" not in page
        assert "runofshow stage: meetup.toml" in page

        busy = [*RUNOFSHOW, "serve", str(plan), "--port", str(port)]
        result = subprocess.run(busy, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        stop(server)


def test_a_served_stage_exits_when_its_server_is_gone(tmp_path):
    """textual-serve runs the stage with its stdin and stdout as pipes; a server killed without
    closing the session leaves the stdin hung up, and the stage must not run on (spinning on a
    broken pipe) but exit."""
    plan = copy_plan(tmp_path)
    env = {
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "COLUMNS": "80",
        "ROWS": "24",
        "PATH": "/usr/bin:/bin",
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "runofshow.tui.stage_cmd", str(plan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    drawing = threading.Event()

    def drain() -> None:
        if app.stdout.read(64):
            drawing.set()
        app.stdout.read()

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert drawing.wait(timeout=30) and app.poll() is None  # the app is up and drawing
        app.stdin.close()  # the server is gone
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
