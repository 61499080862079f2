"""Run every benchmark in this directory and print each figure against a baseline measured in the same run.

Usage: ``make bench`` (that is ``.venv/bin/python benchmarks/run.py``), or
``python benchmarks/run.py plan`` to run only the modules whose name contains ``plan``.

Adding a benchmark
------------------
Create ``benchmarks/bench_<topic>.py`` with a docstring (its first line is printed as the
heading) and a function::

    def run(measure) -> list[tuple]:
        text = make_input()                                   # set up outside the timed part
        base = measure(lambda: tomllib.loads(text))           # seconds, median of several runs
        ours = measure(lambda: load_plan_text(text))
        return [
            ("tomllib.loads", base, None),                    # a baseline: no ratio
            ("load_plan_text", ours, "tomllib.loads", 5.0),   # ratio to that baseline, target < 5x
        ]

Each figure is ``(name, seconds, baseline, target=None)``:

- ``name``: unique within the module.
- ``seconds``: the time of one operation, as ``measure`` returns it.
- ``baseline``: the name of another figure of the same module, measured in the same run on the
  same machine, to divide by; ``None`` for a baseline itself. Ratios, not absolute times, are
  what compare across machines.
- ``target``: optional upper bound for the ratio. A missed target is printed as ``MISSED`` and
  makes this script exit 1.

``measure(fn, repeat=7, min_time=0.05)`` calls ``fn`` once to warm up, then takes ``repeat``
samples; each sample loops ``fn`` enough times to last ``min_time`` seconds, so fast operations
are timed reliably too. It returns the median time of one call. The garbage collector runs
normally (an honest figure, not the best case).

A module that raises is reported and the others still run (exit 1).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(fn: Callable[[], object], repeat: int = 7, min_time: float = 0.05) -> float:
    """Median seconds of one call of ``fn`` over ``repeat`` samples (see the module docstring)."""
    fn()
    started = time.perf_counter()
    fn()
    once = time.perf_counter() - started
    loops = max(1, int(min_time / once)) if once > 0 else 1000
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - started) / loops)
    return statistics.median(samples)


def discover(filters: list[str]) -> list[Path]:
    modules = sorted(HERE.glob("bench_*.py"))
    return [path for path in modules if not filters or any(f in path.stem for f in filters)]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"benchmarks.{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def format_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:7.2f} {unit}"
    return f"{seconds / 1e-9:7.0f} ns"


def report(figures: list[tuple]) -> tuple[list[str], bool]:
    """Lines to print for one module's figures, and whether every target was met."""
    by_name: dict[str, float] = {}
    for figure in figures:
        by_name[figure[0]] = figure[1]
    width = max(len(f[0]) for f in figures)
    lines, ok = [], True
    for name, seconds, baseline, *rest in figures:
        target = rest[0] if rest else None
        line = f"  {name:<{width}}  {format_time(seconds)}"
        if baseline is None:
            line += "   baseline"
        elif baseline not in by_name:
            line += f"   (unknown baseline {baseline!r})"
            ok = False
        else:
            ratio = seconds / by_name[baseline]
            line += f"   {ratio:6.2f}x {baseline}"
            if target is not None:
                met = ratio < target
                ok &= met
                line += f"   target < {target:g}x: {'ok' if met else 'MISSED'}"
        lines.append(line)
    return lines, ok


def main(argv: list[str]) -> int:
    paths = discover(argv)
    if not paths:
        print(f"no benchmarks/bench_*.py matching {argv}", file=sys.stderr)
        return 2
    print(f"Python {sys.version.split()[0]} on {sys.platform}; times are medians of one call\n")
    # Validated plans (plan.cache) go to a directory of this run, never the user's ~/.cache;
    # benchmarks that start programs pass it on through the environment.
    cache = tempfile.TemporaryDirectory(prefix="runofshow-bench-cache-")
    os.environ["RUNOFSHOW_CACHE_DIR"] = cache.name
    all_ok = True
    for path in paths:
        try:
            module = load(path)
            title = (module.__doc__ or path.stem).strip().splitlines()[0]
            print(f"{path.stem}: {title}", flush=True)
            figures = module.run(measure)
            lines, ok = report(figures)
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            lines, ok = [f"  {path.stem} FAILED"], False
        print("\n".join(lines) + "\n", flush=True)
        all_ok &= ok
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
