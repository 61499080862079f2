"""Big journals: a million records (a hand-made test, not a real night) opened by each reader, read once.

The journal is generated once by ``bench_export.write_journal`` (a 300-segment day, the same mix of
actions, ~90 MB). Each figure is one run (a second would only measure the page cache again):

- json.loads: the baseline, ``json.loads`` of each record line alone (no checks, no actions).
- read_journal: parse, validate (show/validate.py), clamp instants; what ``export`` and ``run`` read.
- stage open: what ``runofshow stage JOURNAL`` does before its first frame: the header checked
  (``read_journal_header``), the records read once by the follower, folded once.
- run open: ``open_show`` (lock, one read, fold) for the console.
- export csv: ``load_facts`` and the csv.

Targets are ratios to json.loads in the same run (2.5x for the opens, 4x for export): on a quiet
machine json.loads of a million records takes ~2 s, so these are the issue's 5 s and 15 s.
``BENCH_JOURNAL_RECORDS`` changes the count. Run on its own: ``.venv/bin/python benchmarks/run.py journal``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bench_export import write_journal  # noqa: E402
from runofshow.export import export_text  # noqa: E402
from runofshow.export.facts import load_facts  # noqa: E402
from runofshow.journal import JournalFollower, read_journal, read_journal_header  # noqa: E402
from runofshow.live import open_show  # noqa: E402
from runofshow.show import FakeClock, fold  # noqa: E402

RECORDS = int(os.environ.get("BENCH_JOURNAL_RECORDS", 1_000_000))


def once(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(measure) -> list[tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_journal(Path(tmp) / "bench.journal.jsonl", RECORDS)
        path.read_bytes()  # into the page cache for every figure alike
        read_journal_header(path)  # the plan copy validated once (plan.cache), as on any second open

        def loads() -> None:
            lines = path.read_bytes().split(b"\n")
            for line in lines[1:]:
                if line:
                    json.loads(line)

        def stage_open() -> None:
            header = read_journal_header(path)
            follower = JournalFollower(path)
            actions = follower.poll()
            assert header.plan_sha256 and len(actions) == RECORDS
            fold(follower.replay.plan, actions)

        def run_open() -> None:
            journal = Path(tmp) / "run.journal.jsonl"  # a copy: opening takes the writer's lock
            shutil.copy(path, journal)
            started = dt.datetime.fromisoformat(read_journal_header(path).created)
            opened = open_show(Path(tmp) / "bench.toml", FakeClock(started), journal=journal)
            assert opened.resumed == RECORDS
            opened.show.close()

        base = once(loads)
        return [
            ("json.loads", base, None),
            ("read_journal", once(lambda: read_journal(path)), "json.loads", 2.5),
            ("stage open", once(stage_open), "json.loads", 2.5),
            ("run open", once(run_open), "json.loads", 2.5),
            ("export csv", once(lambda: export_text(load_facts(path), "csv")), "json.loads", 4.0),
        ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure, report

    print("\n".join(report(run(measure))[0]))
