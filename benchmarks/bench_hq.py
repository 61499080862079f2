"""hq: following 12 stages x 2 days x 20 segments (looking at 12 journals; rows and alerts; end to end).

Pure figures: one look at the 12 journals when nothing changed, and the rows and alerts of one
frame, against 12 plain ``os.stat`` calls.

End to end, with the real program: ``runofshow hq`` runs in its own process on a pseudo-terminal
(200x50), and this process is the twelve stages' consoles (``LiveShow.do``: checked, appended,
fsynced), each of them pressing GO once a second, the twelve spread evenly over the second. Each
segment's title is unique ("s03 d0 talk 07"), so the instant its new live title arrives from
hq's terminal is the instant hq drew what that console did.

- fsync -> hq frame p50 / p95 / max: from ``do`` returning (the record is on disk) to the
  stage's new live title written by hq. Target p95 < 250 ms.
- hq cpu, 30 s: hq's user + system CPU time over the 30 s the consoles act, from
  /proc/<pid>/stat (the clock's redraw once a second included). Target < 0.6 s.
- hq cpu, nothing new: the same over the 10 s after the consoles stopped (scaled to 30 s): what
  following twelve journals costs while they do not change, beside the clock's redraw of the
  twelve running timers.
- bare Textual, 5 frames a second: a Textual app with one Static, updated every 0.2 s, on the
  same pseudo-terminal, its CPU over the same time. Context, no target: hq draws a frame at
  most every 0.2 s (its p95 latency needs it), so this is what Textual alone costs at hq's
  frame rate on this machine (0.41-0.42 s here): the part of hq's figure that is not hq's.

``BENCH_HQ_SECONDS`` shortens the run (the CPU figure is then scaled to 30 s);
``RUNOFSHOW_FOLLOW=poll`` in the environment makes hq poll instead of using file notifications;
``BENCH_HQ_PROFILE=FILE`` runs hq under cProfile and writes its statistics to FILE.
Run on its own: ``.venv/bin/python benchmarks/run.py hq``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pty_program import PtyProgram  # benchmarks/ is on sys.path: run.py and the modules run from there

STAGES = 12
SECONDS = float(os.environ.get("BENCH_HQ_SECONDS", 30))
IDLE_SECONDS = 10.0
SIZE = (200, 50)
PROFILE = os.environ.get("BENCH_HQ_PROFILE", "")


def festival_text(stages: int = STAGES, days: int = 2, per_day: int = 20) -> str:
    lines = [
        '[event]\ntitle = "Bench"\ndate = 2026-12-10\nstart = 09:00:00\ntimezone = "Europe/Berlin"\n',
    ]
    lines += [f'[[people]]\nid = "p{i}"\nname = "Person {i}"\n' for i in range(stages * 2)]
    lines += [f'[[stages]]\nid = "s{s}"\nname = "Stage {s}"\n' for s in range(stages)]
    for s in range(stages):
        for d in range(days):
            for n in range(per_day):
                start = f"start = 2026-12-{10 + d}T09:00:00\n" if d and not n else ""
                speaker = f"p{(s * 2 + n) % (stages * 2)}"
                lines.append(
                    f'[[segments]]\nid = "s{s}-d{d}-n{n}"\nstage = "s{s}"\ntitle = "{title(s, d, n)}"\n'
                    f'{start}duration = "15m"\nspeakers = ["{speaker}"]\n'
                )
    return "\n".join(lines)


def title(stage: int, day: int, number: int) -> str:
    return f"s{stage:02d} d{day} talk {number:02d}"


class HqTerminal(PtyProgram):
    """``runofshow hq`` on a pseudo-terminal; notes when each awaited text arrives."""

    QUIT = b"q"

    def __init__(self, plan: Path) -> None:
        self.length = 0
        # text -> [where to look from, when do() returned (None: not yet), when it arrived (None: not yet)]
        self.waiting: dict[str, list] = {}
        self.latencies: list[float] = []
        self.tail = ""
        code = "from runofshow.cli import main; raise SystemExit(main())"
        if PROFILE:  # hq under cProfile, its statistics written to that file when it quits
            code = f"import cProfile; from runofshow.cli import main; cProfile.run('main()', {PROFILE!r})"
        super().__init__([sys.executable, "-c", code, "hq", str(plan)], SIZE)

    def received(self, text: str, now: float) -> None:
        self.tail = (self.tail + text)[-400_000:]
        self.length += len(text)
        start_of_tail = self.length - len(self.tail)
        for expected, entry in self.waiting.items():
            since = max(0, entry[0] - start_of_tail - len(expected))
            if entry[2] is None and expected in self.tail[since:]:
                entry[2] = now
        self._settle()

    def _settle(self) -> None:
        """Latencies of the texts that arrived after their action was on disk (drawn before
        ``do`` returned, which file notifications allow: 0)."""
        for expected, (_, written, seen) in list(self.waiting.items()):
            if written is not None and seen is not None:
                self.latencies.append(max(0.0, seen - written))
                del self.waiting[expected]

    def expect(self, text: str) -> None:
        """Watch for ``text`` from now on (before the action that makes it appear)."""
        with self.lock:
            self.waiting[text] = [self.length, None, None]

    def written(self, text: str, at: float) -> None:
        """The action that makes ``text`` appear is on disk since ``at``."""
        with self.lock:
            self.waiting[text][1] = at
            self._settle()

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if text in self.tail:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"hq never drew {text!r}; it drew: {self.tail[-2000:]!r}")


BARE_TEXTUAL = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("bare 0")

    def on_mount(self):
        self.count = 0
        self.set_interval(0.2, self.tick)

    def tick(self):
        self.count += 1
        self.query_one(Static).update(f"bare {self.count}")


Bare().run()
"""


class BareTerminal(PtyProgram):
    def received(self, text: str, now: float) -> None:
        pass


def bare_textual_cpu() -> float:
    """CPU seconds (scaled to 30 s) of a bare Textual app redrawn 5 times a second."""
    terminal = BareTerminal([sys.executable, "-c", BARE_TEXTUAL], SIZE)
    try:
        time.sleep(2.0)  # settle: the first frames
        before = terminal.cpu_seconds()
        time.sleep(SECONDS)
        return (terminal.cpu_seconds() - before) * 30 / SECONDS
    finally:
        terminal.close()


def end_to_end(folder: Path) -> tuple[list[float], float, float, int]:
    """(latencies, hq's CPU seconds scaled to 30 s while the consoles act, the same while they do
    not, actions still undrawn at the end)."""
    from runofshow.live import open_show
    from runofshow.show import Go, SystemClock

    plan = folder / "bench.toml"
    plan.write_text(festival_text(), encoding="utf-8")
    clock = SystemClock()
    shows = [open_show(plan, clock, stage=f"s{s}").show for s in range(STAGES)]
    terminal = HqTerminal(plan)
    try:
        for show in shows:
            show.do(Go(at=clock.now()))
        terminal.wait_for(title(STAGES - 1, 0, 0))
        time.sleep(2.0)  # settle: the first frames
        with terminal.lock:
            terminal.latencies.clear()
        before = terminal.cpu_seconds()
        started = time.monotonic()
        rounds = int(SECONDS)
        for second in range(rounds):
            for s, show in enumerate(shows):
                due = started + second + s / STAGES
                time.sleep(max(0.0, due - time.monotonic()))
                number = second + 1
                expected = title(s, number // 20, number % 20)
                terminal.expect(expected)
                show.do(Go(at=clock.now()))
                terminal.written(expected, time.monotonic())
        time.sleep(max(0.0, started + rounds - time.monotonic()))
        cpu = (terminal.cpu_seconds() - before) * 30 / rounds
        time.sleep(1.0)  # the last frames
        before = terminal.cpu_seconds()
        time.sleep(IDLE_SECONDS)
        idle = (terminal.cpu_seconds() - before) * 30 / IDLE_SECONDS
        with terminal.lock:
            return list(terminal.latencies), cpu, idle, len(terminal.waiting)
    finally:
        terminal.close()
        for show in shows:
            show.close()


def run(measure) -> list[tuple]:
    from runofshow.hq import Overview
    from runofshow.live import open_show
    from runofshow.show import FakeClock, Go

    folder = Path(tempfile.mkdtemp(prefix="bench-hq-"))
    plan = folder / "bench.toml"
    plan.write_text(festival_text(), encoding="utf-8")
    clock = FakeClock(dt.datetime(2026, 12, 10, 8, 0, tzinfo=dt.UTC))
    shows = [open_show(plan, clock, stage=f"s{s}").show for s in range(STAGES)]
    for show in shows:
        show.do(Go(at=clock.now()))
    overview = Overview(plan)
    overview.poll()
    journals = [show.journal_path for show in shows]
    try:
        stats = measure(lambda: [os.stat(path) for path in journals])
        unchanged = measure(overview.poll)
        now = clock.now() + dt.timedelta(minutes=7)
        frame = measure(lambda: overview.view(now))
    finally:
        for show in shows:
            show.close()
    with tempfile.TemporaryDirectory(prefix="bench-hq-e2e-") as workdir:
        latencies, cpu, idle, undrawn = end_to_end(Path(workdir))
    if undrawn:
        raise RuntimeError(f"hq never drew {undrawn} of the consoles' actions")
    bare = bare_textual_cpu()
    return [
        ("12 x os.stat", stats, None),
        ("Overview.poll, 12 journals, nothing new", unchanged, "12 x os.stat", 3.0),
        ("rows + alerts, 12 stages x 2 days x 20 segments", frame, "12 x os.stat", None),
        ("latency budget", 0.250, None),
        ("fsync -> hq frame p50", statistics.median(latencies), "latency budget"),
        ("fsync -> hq frame p95", statistics.quantiles(latencies, n=20)[-1], "latency budget", 1.0),
        ("fsync -> hq frame max", max(latencies), "latency budget"),
        ("cpu budget (30 s)", 0.6, None),
        ("hq cpu, 30 s, 12 consoles acting once a second", cpu, "cpu budget (30 s)", 1.0),
        ("hq cpu, 30 s, nothing new (12 timers running)", idle, "cpu budget (30 s)"),
        ("bare Textual, 5 frames a second, 30 s", bare, None),
        ("hq cpu, 30 s, vs bare Textual at its frame rate", cpu, "bare Textual, 5 frames a second, 30 s"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
