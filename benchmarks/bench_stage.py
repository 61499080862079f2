"""Stage view: latency from a journaled action to the stage's updated frame; CPU with a timer running.

Both figures are end to end, with the real program: ``runofshow stage`` runs in its own process
on a pseudo-terminal (200x60, manager role, conference plan), and this process reads everything
it draws, as a terminal would.

- fsync -> frame p50 / p95: this process is the organizer's console (``LiveShow.do``: checked,
  appended, fsynced). For each of 200 actions it puts a new stage message, notes the instant
  ``do`` returned (the record is on disk), and the instant the message's text arrives from the
  stage's terminal (the frame that shows it is written). The gap between two actions is random
  (20-80 ms) so that actions land anywhere in the stage's 50 ms poll where it polls
  (``RUNOFSHOW_FOLLOW=poll``, or no inotify). Targets: p95 < 250 ms, max < 60 ms (the stage
  follows the journal through the OS's file notifications: no poll interval to wait for).
- stage CPU, 30 s: with a segment live (its timer redrawn every second), the stage process's
  user + system CPU time over 30 s, from /proc/<pid>/stat, after a 3 s settle. Target < 0.6 s.
- tick: ``project`` + ``stage_view`` for the conference plan, the work of one 4 Hz tick before
  any widget is touched (to see where the CPU goes).

The budgets are written as baselines (250 ms, 60 ms, 0.6 s), so ``run.py`` checks them as ratios < 1.
Run on its own: ``.venv/bin/python benchmarks/run.py stage``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from pty_program import PtyProgram  # benchmarks/ is on sys.path: run.py and the modules run from there

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from runofshow.live import open_show  # noqa: E402
from runofshow.show import Go, Message, SystemClock, fold, project  # noqa: E402
from runofshow.tui.stage import stage_view  # noqa: E402

PLAN = ROOT / "sample_events" / "conference.toml"
ACTIONS = 200
CPU_SECONDS = float(os.environ.get("BENCH_STAGE_CPU_SECONDS", 30))
SIZE = (200, 60)


class Terminal(PtyProgram):
    """``runofshow stage`` on a pseudo-terminal, noting when an expected text arrives."""

    QUIT = b"q"

    def __init__(self, source: Path, role: str = "manager") -> None:
        self.tail = ""
        self.target: tuple[str, ...] | None = None
        self.seen_at: float | None = None
        self.arrived = threading.Event()
        super().__init__(
            [
                sys.executable,
                "-c",
                "from runofshow.cli import main; raise SystemExit(main())",
                "stage",
                str(source),
                "--role",
                role,
            ],
            SIZE,
        )

    def received(self, text: str, now: float) -> None:
        self.tail = (self.tail + text)[-200_000:]
        if self.target is not None and any(target in self.tail for target in self.target):
            self.seen_at, self.target = now, None
            self.arrived.set()

    def expect(self, *texts: str) -> None:
        """Arm the watch for any of ``texts`` (before the action that makes it appear)."""
        with self.lock:
            self.tail, self.target, self.seen_at = "", texts, None
            self.arrived.clear()

    def wait(self, timeout: float = 10.0) -> float:
        if not self.arrived.wait(timeout):
            raise TimeoutError(f"the stage never drew {self.target!r}; it drew: {self.tail[-2000:]!r}")
        assert self.seen_at is not None
        return self.seen_at


def latency_and_cpu(workdir: Path) -> tuple[list[float], float]:
    plan = workdir / PLAN.name
    shutil.copy(PLAN, plan)
    clock = SystemClock()
    show = open_show(plan, clock).show
    terminal = Terminal(plan)
    try:
        show.do(Go(at=clock.now() - dt.timedelta(minutes=5)))  # a segment is live, its timer runs
        terminal.expect("AHEAD", "BEHIND", "ON SCHEDULE")  # the schedule: shown only while a segment is live
        terminal.wait(30)  # the stage is up and shows the live segment
        time.sleep(1.0)
        rng = random.Random(42)
        latencies = []
        for number in range(ACTIONS):
            text = f"bench message 中{number:04d}中"  # no big font has 中: drawn as plain text
            terminal.expect(text)
            show.do(Message(at=clock.now(), text=text))
            written = time.monotonic()
            latencies.append(terminal.wait() - written)
            time.sleep(rng.uniform(0.02, 0.08))
        time.sleep(3.0)  # settle: the last redraws
        before = terminal.cpu_seconds()
        time.sleep(CPU_SECONDS)
        cpu = terminal.cpu_seconds() - before
        return latencies, cpu
    finally:
        terminal.close()
        show.close()


def run(measure) -> list[tuple]:
    from runofshow.plan import load_plan

    plan = load_plan(PLAN).plan
    folded = fold(plan, [Go(at=plan.start)])
    now = plan.start + dt.timedelta(minutes=7)
    tick = measure(lambda: stage_view(project(folded, now), now, event=plan.event.title, tz=plan.tz))
    with tempfile.TemporaryDirectory() as workdir:
        latencies, cpu = latency_and_cpu(Path(workdir))
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return [
        ("latency budget", 0.250, None),
        ("fsync -> frame p50", p50, "latency budget"),
        ("fsync -> frame p95", p95, "latency budget", 1.0),
        ("max latency budget", 0.060, None),
        ("fsync -> frame max", max(latencies), "max latency budget", 1.0),
        ("cpu budget (30 s)", 0.6, None),
        ("stage cpu, 30 s, timer running", cpu, "cpu budget (30 s)", 1.0),
        ("tick: project + stage_view", tick, None),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
