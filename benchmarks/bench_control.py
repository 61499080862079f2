"""Control API: HTTP GO -> journal fsync -> stage view frame, p50/p95 over 200 commands; console CPU with a WebSocket client.

End to end, with the real programs on pseudo-terminals: ``runofshow run PLAN --control PORT``
(100x30) and ``runofshow stage`` on its journal (200x60, manager role). This process is the
Stream Deck: it sends ``POST /api/v1/go`` over one keep-alive connection.

- go -> answer p50 / p95: from sending the request to its 200 answer, which comes after the
  action is journaled and fsynced (and the console's screen asked to redraw).
- go -> stage frame p50 / p95: from sending the request to the moment the stage view's terminal
  receives the title of the segment that the GO made next (drawn by the frame that shows the new
  live segment). The gap between two commands is random (20-80 ms) so that GOs land anywhere in
  the stage's 50 ms poll. Target p95 < 100 ms.
- console cpu, 30 s, one WebSocket client: the meetup with a segment live (its timer runs, so the
  events socket gets the state every second), one client reading /api/v1/events, the console's
  user + system CPU over 30 s after a settle. Target < 0.6 s.

The plan is generated: 210 plain segments (no blocking checklist items, which would stop a GO).
Budgets are written as baselines (100 ms, 0.6 s), so ``run.py`` checks them as ratios < 1.
Run on its own: ``.venv/bin/python benchmarks/run.py control``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench_stage import Terminal as StageTerminal  # benchmarks/ is on sys.path
from pty_program import PtyProgram

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from runofshow.live import open_show  # noqa: E402
from runofshow.show import Go, SystemClock  # noqa: E402

COMMANDS = 200
SEGMENTS = 210
CPU_SECONDS = float(os.environ.get("BENCH_CONTROL_CPU_SECONDS", 30))
CLI = [sys.executable, "-c", "from runofshow.cli import main; raise SystemExit(main())"]
MEETUP = ROOT / "sample_events" / "meetup.toml"


class Console(PtyProgram):
    """The organizer console on a pseudo-terminal; what it draws is read and kept short."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.tail = ""
        super().__init__(argv, (100, 30), cwd)

    def received(self, text: str, now: float) -> None:
        self.tail = (self.tail + text)[-20_000:]


def plan_text(today: dt.date) -> str:
    out = [
        f'[event]\ntitle = "Control bench"\ndate = {today.isoformat()}\nstart = 08:00:00\n'
        'timezone = "Europe/Berlin"\n'
    ]
    for i in range(SEGMENTS):
        out.append(f'[[segments]]\nid = "s{i}"\ntitle = "Segment ~{i:03d}~"\nduration = "5m"\n')
    return "\n".join(out)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_api(port: int, token_path: Path, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if token_path.exists() and token_path.read_text().strip():
            token = token_path.read_text().strip()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/v1/state", headers={"Authorization": f"Bearer {token}"})
                if connection.getresponse().status == 200:
                    connection.close()
                    return token
            except OSError:
                pass
        time.sleep(0.1)
    raise TimeoutError("the console's API never answered")


def go_latencies(workdir: Path) -> tuple[list[float], list[float]]:
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    plan = workdir / "bench.toml"
    plan.write_text(plan_text(today), encoding="utf-8")
    journal = workdir / "bench.journal.jsonl"
    port = free_port()
    console = Console(CLI + ["run", str(plan), "--control", str(port)], workdir)
    stage = None
    try:
        token = wait_for_api(port, workdir / "bench.journal.jsonl.token")
        stage = StageTerminal(journal)
        stage.expect("STARTS AT", "NOT STARTED", "Segment ~000~")
        stage.wait(30)
        time.sleep(1.0)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Authorization": f"Bearer {token}", "Content-Length": "0"}
        rng = random.Random(42)
        answered, framed = [], []
        for number in range(COMMANDS):
            stage.expect(
                f"Segment ~{number + 1:03d}~"
            )  # the new next segment: first drawn by this GO's frame
            sent = time.monotonic()
            connection.request("POST", "/api/v1/go", headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise AssertionError(f"GO {number} answered {response.status}: {body[:200]!r}")
            answered.append(time.monotonic() - sent)
            framed.append(stage.wait() - sent)
            time.sleep(rng.uniform(0.02, 0.08))
        connection.close()
        return answered, framed
    finally:
        if stage is not None:
            stage.close()
        console.close()


def cpu_with_a_websocket(workdir: Path) -> float:
    today = dt.datetime.now(ZoneInfo("Asia/Jerusalem")).date()
    text = re.sub(
        r"(?m)^date = .*$", f"date = {today.isoformat()}", MEETUP.read_text(encoding="utf-8"), count=1
    )
    plan = workdir / "meetup.toml"
    plan.write_text(text, encoding="utf-8")
    clock = SystemClock()
    opened = open_show(plan, clock)
    opened.show.do(Go(at=clock.now() - dt.timedelta(minutes=2)))  # a segment is live: its timer runs
    opened.show.close()
    port = free_port()
    console = Console(CLI + ["run", str(plan), "--control", str(port)], workdir)
    received = []
    stop = threading.Event()

    def client(token: str) -> None:
        import aiohttp

        async def main() -> None:
            async with aiohttp.ClientSession() as session:
                url = f"http://127.0.0.1:{port}/api/v1/events?token={token}"
                async with session.ws_connect(url) as ws:
                    while not stop.is_set():
                        try:
                            message = await ws.receive(timeout=0.5)
                        except TimeoutError:
                            continue
                        received.append(json.loads(message.data)["now"])

        asyncio.run(main())

    try:
        token = wait_for_api(port, workdir / "meetup.journal.jsonl.token")
        reader = threading.Thread(target=client, args=(token,), daemon=True)
        reader.start()
        time.sleep(12.0)  # settle: the resume toast has gone, the screen is steady
        before, count = console.cpu_seconds(), len(received)
        time.sleep(CPU_SECONDS)
        cpu = console.cpu_seconds() - before
        ticks = len(received) - count
        if ticks < CPU_SECONDS * 0.8:
            raise AssertionError(
                f"the WebSocket got {ticks} states in {CPU_SECONDS:.0f} s (one a second expected)"
            )
        stop.set()
        reader.join(5)
        return cpu
    finally:
        stop.set()
        console.close()


def run(measure) -> list[tuple]:
    with tempfile.TemporaryDirectory() as name:
        workdir = Path(name)
        (workdir / "go").mkdir()
        (workdir / "cpu").mkdir()
        answered, framed = go_latencies(workdir / "go")
        cpu = cpu_with_a_websocket(workdir / "cpu")
    return [
        ("latency budget", 0.100, None),
        ("api go -> answer (fsynced) p50", statistics.median(answered), "latency budget"),
        ("api go -> answer (fsynced) p95", statistics.quantiles(answered, n=20)[-1], "latency budget"),
        ("api go -> stage frame p50", statistics.median(framed), "latency budget"),
        ("api go -> stage frame p95", statistics.quantiles(framed, n=20)[-1], "latency budget", 1.0),
        ("api go -> stage frame max", max(framed), "latency budget"),
        ("cpu budget (30 s)", 0.6, None),
        ("console cpu, 30 s, timer running, 1 WebSocket client", cpu, "cpu budget (30 s)", 1.0),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
