"""Event-day logistics (issue 13): what 200 tasks and 100 people's arrivals cost the console.

The same generated plan (bench_plan's, 1,000 segments and 100 people, dated today) twice: without
[[tasks]] and arrivals, and with 200 tasks (at a time, before or after a segment, with owners)
and an ``arrive`` for every person. Both end to end on a pseudo-terminal (100x30), as in
bench_console:

- first frame: spawning ``runofshow run`` to the whole first screen drawn (plan checked before:
  read back from plan.cache), median of 5 each, alternately. Target: with / without < 1.2x.
- console CPU over 30 s with a segment live (user + system, after a settle), for both plans,
  against the 0.6 s budget (under 2% of one core). Target < 1.0 of the budget.
- tick: the 2 Hz redraw's work in process (state, alerts, change detection), both plans, and
  the desk screen's redraw (tasks and people lists) with the logistics plan: figures, no target.

Run on its own: ``.venv/bin/python benchmarks/run.py logistics``.
"""

from __future__ import annotations

import compileall
import datetime as dt
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from bench_console import CLI, RUN, RUNSHEET_ROW, Terminal, live_cpu  # noqa: E402

STARTS = int(os.environ.get("BENCH_CONSOLE_STARTS", 5))
TASKS, PEOPLE = 200, 100


def _plan_text() -> str:
    spec = importlib.util.spec_from_file_location("bench_plan_for_logistics", HERE / "bench_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date()
    return module.plan_text(people=PEOPLE).replace("date = 2026-12-01", f"date = {today.isoformat()}")


def with_logistics(text: str) -> str:
    """The plan with an arrival for everyone and 200 tasks of the three kinds."""
    text = text.replace('role = "speaker"\n', 'role = "speaker"\narrive = 07:30:00\n')
    tasks = []
    for i in range(TASKS):
        anchor = (
            f"at = {7 + i % 12:02d}:{i % 60:02d}:00"
            if i % 3 == 0
            else f'before = "segment-{i * 5}"\noffset = "10m"'
            if i % 3 == 1
            else f'after = "segment-{i * 5}"\noffset = "5m"'
        )
        tasks.append(
            f'[[tasks]]\nid = "task-{i}"\ntitle = "Task {i}: something to do around the show"\n'
            f'{anchor}\nowner = "person-{i % PEOPLE}"\nnotes = "private note {i}"\n'
        )
    return text + "\n" + "\n".join(tasks)


def first_frames(plans: dict[str, Path], workdir: Path) -> dict[str, list[float]]:
    cache = workdir / "cache"
    times: dict[str, list[float]] = {name: [] for name in plans}
    for plan in plans.values():
        subprocess.run(
            CLI + ["check", str(plan)],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "RUNOFSHOW_CACHE_DIR": str(cache)},
        )
    for _ in range(STARTS):
        for name, plan in plans.items():
            plan.with_name(plan.stem + ".journal.jsonl").unlink(missing_ok=True)
            terminal = Terminal(RUN + [str(plan)], workdir, env={"RUNOFSHOW_CACHE_DIR": str(cache)})
            try:
                times[name].append(terminal.wait_for("NOT STARTED", RUNSHEET_ROW, "palette"))
            finally:
                terminal.close()
    return times


def ticks(plan: Path, measure) -> tuple[float, float]:
    """(show screen tick, desk screen tick), seconds, in process with a live segment."""
    import asyncio

    from runofshow.live import open_show
    from runofshow.show import FakeClock, Go
    from runofshow.tui.console import ConsoleApp

    result: list[float] = []

    async def main() -> None:
        clock = FakeClock(dt.datetime.now(dt.UTC))
        plan.with_name(plan.stem + ".journal.jsonl").unlink(missing_ok=True)
        opened = open_show(plan, clock)
        opened.show.do(Go(at=clock.now()))
        app = ConsoleApp(opened.show, clock, tick=0, offer_rehearsal=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            result.append(measure(app.refresh_views))
            await pilot.press("d")
            await pilot.pause()
            result.append(measure(app.refresh_views))
        opened.show.close()

    asyncio.run(main())
    return result[0], result[1]


def run(measure) -> list[tuple]:
    compileall.compile_dir(ROOT / "src" / "runofshow", quiet=1)
    with tempfile.TemporaryDirectory() as name:
        workdir = Path(name)
        base = _plan_text()
        (workdir / "plain").mkdir()
        (workdir / "logistics").mkdir()
        plain = workdir / "plain" / "festival.toml"
        plain.write_text(base, encoding="utf-8")
        full = workdir / "logistics" / "festival.toml"
        full.write_text(with_logistics(base), encoding="utf-8")
        frames = first_frames({"plain": plain, "logistics": full}, workdir)
        tick_plain, _ = ticks(plain, measure)
        tick_full, tick_desk = ticks(full, measure)
        cpu_plain = live_cpu(plain, workdir)
        cpu_full = live_cpu(full, workdir)
    return [
        ("console first frame, no tasks or arrivals", statistics.median(frames["plain"]), None),
        (
            "console first frame, 200 tasks + 100 arrivals",
            statistics.median(frames["logistics"]),
            "console first frame, no tasks or arrivals",
            1.2,
        ),
        ("cpu budget (30 s)", 0.6, None),
        ("console cpu, 30 s, no tasks or arrivals", cpu_plain, "cpu budget (30 s)", 1.0),
        ("console cpu, 30 s, 200 tasks + 100 arrivals", cpu_full, "cpu budget (30 s)", 1.0),
        ("tick, show screen, no tasks or arrivals", tick_plain, None),
        ("tick, show screen, 200 tasks + 100 arrivals", tick_full, "tick, show screen, no tasks or arrivals"),
        ("tick, desk screen, 200 tasks + 100 arrivals", tick_desk, None),
    ]


if __name__ == "__main__":
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
