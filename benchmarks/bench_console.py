"""Organizer console: process start to first full frame (1,000 segments) vs a bare Textual app; CPU while live.

Both figures are end to end, with the real program on a pseudo-terminal (100x30): this process
reads everything the program draws, as a terminal would.

- first frame: from spawning the process to the moment the terminal has received the whole first
  screen (header, the first row of the run of show, the footer), for ``runofshow run`` on the
  generated 1,000-segment plan of bench_plan (dated today, so no rehearsal is offered; a new
  journal each time), against a bare Textual app (a Static and a Footer) spawned the same way,
  in the same run, alternately. Median of 15 each (of 5, single runs on a 2-core VM swung by
  +-0.05x from one run to the next). Target < 1.5x.
  Two console figures: the plan checked before (``runofshow check``, as an organizer does, or
  any earlier run or a restart after a crash: the validated plan is read back from plan.cache),
  which the target is for, and a plan never seen before (parsed and validated by pydantic
  first: about 140 ms more), with no target.
  Both programs start from bytecode: runofshow's modules are compiled first (see ``run``).
  The run of show's first row is matched as a table row (planned start, projected start,
  duration, title: ``RUNSHEET_ROW``), not by the segment's title alone: the live panel, the
  checklist and the handoff card name the first segment too, and draw it a frame or more
  before the table has its rows.
- console CPU, 30 s: a segment live (its timer redrawn), the console process's user + system
  CPU time over 30 s from /proc/<pid>/stat after a settle, on the meetup sample and on the
  1,000-segment plan (target < 0.6 s for both: under 2% of one core).
- tick: ``LiveShow.state`` + every view's change detection on the 1,000-segment plan, in
  process, when nothing on screen changes (what a 2 Hz tick costs between two seconds).

Budgets are written as baselines (0.6 s), so ``run.py`` checks them as ratios < 1.
Run on its own: ``.venv/bin/python benchmarks/run.py console``.
"""

from __future__ import annotations

import compileall
import datetime as dt
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from pty_program import PtyProgram  # benchmarks/ is on sys.path: run.py and the modules run from there

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

from runofshow.live import open_show  # noqa: E402
from runofshow.show import Go, SystemClock  # noqa: E402

MEETUP = ROOT / "sample_events" / "meetup.toml"
CPU_SECONDS = float(os.environ.get("BENCH_CONSOLE_CPU_SECONDS", 30))
STARTS = int(os.environ.get("BENCH_CONSOLE_STARTS", 15))
SIZE = (100, 30)
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""
CLI = [sys.executable, "-c", "from runofshow.cli import main; raise SystemExit(main())"]
RUN = CLI + ["run"]
# The first row of the run of show as the table draws it: "08:00  16:50  5m  Segment 0: a title…"
RUNSHEET_ROW = re.compile(r"08:00 +\d\d:\d\d +5m +Segment 0: a title")


def big_plan(directory: Path) -> Path:
    """bench_plan's generated 1,000-segment plan, dated today in its timezone."""
    spec = importlib.util.spec_from_file_location("bench_plan_for_console", HERE / "bench_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    text = module.plan_text().replace("date = 2026-12-01", f"date = {today.isoformat()}")
    path = directory / "festival.toml"
    path.write_text(text, encoding="utf-8")
    return path


def today_copy(plan: Path, directory: Path, zone: str) -> Path:
    today = dt.datetime.now(ZoneInfo(zone)).date()
    text = re.sub(
        r"(?m)^date = .*$", f"date = {today.isoformat()}", plan.read_text(encoding="utf-8"), count=1
    )
    path = directory / plan.name
    path.write_text(text, encoding="utf-8")
    return path


class Terminal(PtyProgram):
    """A program on a pseudo-terminal, keeping all it writes (ANSI codes stripped on reading)."""

    ANSI = re.compile(
        r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[PX^_].*?\x1b\\|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b."
    )

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.raw = ""
        super().__init__(argv, SIZE, cwd, env)

    def received(self, text: str, now: float) -> None:
        self.raw = (self.raw + text)[-400_000:]

    def text(self) -> str:
        with self.lock:
            return self.ANSI.sub("", self.raw)

    def wait_for(self, *texts: str | re.Pattern, timeout: float = 60.0) -> float:
        """Seconds from spawning until every one of ``texts`` (strings or patterns) has been drawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.text()
            if all(text.search(seen) if isinstance(text, re.Pattern) else text in seen for text in texts):
                return time.monotonic() - self.started
            time.sleep(0.002)
        raise TimeoutError(f"never drew {texts!r}; drew: {self.text()[-2000:]!r}")


def first_frames(plan: Path, workdir: Path) -> tuple[list[float], list[float], list[float]]:
    """(bare, console with the plan checked before, console on a plan never seen), seconds."""
    bare, checked, unseen = [], [], []
    journal = plan.with_name(plan.stem + ".journal.jsonl")
    checked_cache = workdir / "cache-checked"
    subprocess.run(
        CLI + ["check", str(plan)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "RUNOFSHOW_CACHE_DIR": str(checked_cache)},
    )
    for round_ in range(STARTS):
        terminal = Terminal([sys.executable, "-c", BARE_APP], workdir)
        try:
            bare.append(terminal.wait_for("bare app ready", "palette"))
        finally:
            terminal.close()
        for cache, times in ((checked_cache, checked), (workdir / f"cache-empty-{round_}", unseen)):
            journal.unlink(missing_ok=True)
            terminal = Terminal(RUN + [str(plan)], workdir, env={"RUNOFSHOW_CACHE_DIR": str(cache)})
            try:
                times.append(terminal.wait_for("NOT STARTED", RUNSHEET_ROW, "palette"))
            finally:
                terminal.close()
    return bare, checked, unseen


def live_cpu(plan: Path, workdir: Path) -> float:
    """CPU seconds of a console with a live segment over CPU_SECONDS."""
    journal = plan.with_name(plan.stem + ".journal.jsonl")
    journal.unlink(missing_ok=True)
    clock = SystemClock()
    opened = open_show(plan, clock)
    opened.show.do(Go(at=clock.now() - dt.timedelta(minutes=2)))  # the first segment is live, its timer runs
    opened.show.close()
    terminal = Terminal(RUN + [str(plan)], workdir)
    try:
        terminal.wait_for("▶ LIVE", "palette")
        time.sleep(12.0)  # settle: the resume toast has gone, the screen is steady
        before = terminal.cpu_seconds()
        time.sleep(CPU_SECONDS)
        return terminal.cpu_seconds() - before
    finally:
        terminal.close()


def tick_cost(plan: Path, measure) -> float:
    """One 2 Hz redraw's work in process (state + change detection), nothing on screen changing."""
    import asyncio

    from runofshow.show import FakeClock
    from runofshow.tui.console import ConsoleApp

    result: list[float] = []

    async def main() -> None:
        clock = FakeClock(dt.datetime.now(dt.UTC))
        journal = plan.with_name(plan.stem + ".journal.jsonl")
        journal.unlink(missing_ok=True)
        opened = open_show(plan, clock)
        opened.show.do(Go(at=clock.now()))
        app = ConsoleApp(opened.show, clock, tick=0, offer_rehearsal=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            result.append(measure(app.refresh_views))
        opened.show.close()

    asyncio.run(main())
    return result[0]


def run(measure) -> list[tuple]:
    # Textual's modules are bytecode-compiled (pip did it); runofshow's are too after its first
    # run, unless PYTHONDONTWRITEBYTECODE is set (it is on some machines): compile them now, so
    # both programs start from bytecode, as they do on an organizer's laptop.
    compileall.compile_dir(ROOT / "src" / "runofshow", quiet=1)
    with tempfile.TemporaryDirectory() as name:
        workdir = Path(name)
        plan = big_plan(workdir)
        bare, console, unseen = first_frames(plan, workdir)
        tick = tick_cost(plan, measure)
        meetup = today_copy(MEETUP, workdir, "Asia/Jerusalem")
        cpu_meetup = live_cpu(meetup, workdir)
        cpu_big = live_cpu(plan, workdir)
    return [
        ("bare Textual app: start to first frame", statistics.median(bare), None),
        (
            "console, 1,000 segments: start to first frame",
            statistics.median(console),
            "bare Textual app: start to first frame",
            1.5,
        ),
        (
            "console, 1,000 segments never checked: start to first frame",
            statistics.median(unseen),
            "bare Textual app: start to first frame",
        ),
        ("cpu budget (30 s)", 0.6, None),
        ("console cpu, 30 s, timer running (meetup)", cpu_meetup, "cpu budget (30 s)", 1.0),
        ("console cpu, 30 s, timer running (1,000 segments)", cpu_big, "cpu budget (30 s)", 1.0),
        ("tick: state + change detection (1,000 segments)", tick, None),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
