"""Live engine: replay a 100,000-action journal into a ShowState; one fsynced journal append.

Figures (all in the same run, on the same machine):
- json.loads lines, CPU: the baseline, reading the journal file as text and ``json.loads``-ing
  every line; CPU time (``time.process_time``, best of 3).
- replay -> ShowState, CPU: ``read_journal`` + ``fold`` + ``project`` of the same file, all a
  restarted console or the export does (target: within 3x of the baseline).
- replay, CPU vs budget: the same against a fixed one-second budget (target < 1x: under 1 s).
  The targets are checked on CPU time because wall-clock figures on a shared, busy machine say
  more about its neighbours than about this code; on an idle machine the two agree.
- The same in wall-clock time (``measure``, medians), for reference, without targets; with
  json.loads bytes lines: each line as bytes, as a naive reader would (slower).
- read_journal, fold, project: the parts of the replay, to see where the time goes.
- append p50 / p99: one ``JournalWriter.append`` (to_record, json, write, fsync) over 2,000
  appends, against a bare ``os.write`` + ``os.fsync`` of a line of the same size (p50 and p99
  of that too). fsync costs what the disk costs: compare the ratios, not the absolute figures.

The journal is the conference sample (27 segments) run through: every segment started with GO,
and between GOs a steady mix of notes, checklist ticks and unticks, pauses and resumes, time
added and removed, undos of time changes, stage messages and handoffs; instants move forward by
a fraction of a second each. ``actions(n)`` is checked against ``refusal`` by the test suite.

Run on its own: ``.venv/bin/python benchmarks/run.py engine``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from runofshow.journal import JournalWriter, _line, read_journal  # noqa: E402
from runofshow.plan import load_plan  # noqa: E402
from runofshow.show import (  # noqa: E402
    Action,
    AddTime,
    CheckItem,
    ClearMessage,
    Go,
    HandoffDone,
    Message,
    Note,
    Pause,
    Resume,
    Undo,
    fold,
    project,
    to_record,
)

PLAN = ROOT / "sample_events" / "conference.toml"
ACTIONS = 100_000
APPENDS = 2_000
START = dt.datetime(2026, 12, 10, 7, 0, tzinfo=dt.UTC)  # 08:00 in Berlin


def actions(count: int = ACTIONS, plan_path: Path = PLAN) -> list[Action]:
    """``count`` valid actions: GO through every segment, a steady mix of the rest in between."""
    plan = load_plan(plan_path).plan
    segments = list(plan.segments)
    per_segment = max(1, count // len(segments))
    at = START
    out: list[Action] = []

    def tick() -> dt.datetime:
        nonlocal at
        at += dt.timedelta(microseconds=250_000 + 7 * len(out) % 500_000)
        return at

    for number, segment in enumerate(segments):
        end = len(out) + (per_segment if number < len(segments) - 1 else count - len(out))
        if end <= len(out):
            break
        out.append(Go(at=tick()))
        items = plan.checklist_for(segment)
        block = 0
        while len(out) < end:
            block += 1
            steps: list[Action] = [
                Note(at=tick(), text=f"note {block} on {segment.id}: mic 2 crackles, swap the battery"),
                Pause(at=tick()),
                Resume(at=tick()),
                AddTime(at=tick(), seconds=60),
                AddTime(at=tick(), seconds=-30),
                Undo(at=tick()),
                Message(at=tick(), text="Five minutes left", flash=block % 2 == 0),
                ClearMessage(at=tick()),
            ]
            if items:
                index = block % len(items)
                steps.append(
                    CheckItem(
                        at=tick(),
                        segment=segment.id,
                        index=index,
                        item=items[index].item,
                        by="crew",
                        done=block % 3 != 0,
                    )
                )
            if block % 10 == 0:
                steps.append(HandoffDone(at=tick(), segment=segment.id, by="crew"))
            out.extend(steps[: end - len(out)])
    return out[:count]


def write_journal(path: Path, actions_: list[Action]) -> None:
    """A journal exactly as JournalWriter writes it (header, then one line per action with its seq),
    written in one go: 100,000 fsyncs would only measure the disk."""
    writer = JournalWriter.create(path, load_plan(PLAN), START)
    writer.close()
    chunks = []
    for seq, action in enumerate(actions_, 1):
        record = to_record(action)
        record["seq"] = seq
        chunks.append(_line(record))
    with open(path, "ab") as handle:
        handle.write(b"".join(chunks))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def append_latencies(directory: Path, count: int = APPENDS) -> tuple[list[float], list[float]]:
    """Seconds per JournalWriter.append, and per bare os.write + os.fsync of a line as long."""
    path = directory / "append.journal.jsonl"
    writer = JournalWriter.create(path, load_plan(PLAN), START)
    sample = actions(count)
    ours = []
    try:
        for action in sample:
            started = time.perf_counter()
            writer.append(action)
            ours.append(time.perf_counter() - started)
    finally:
        writer.close()
    raw_path = directory / "raw.bin"
    line = _line({**to_record(sample[0]), "seq": 1})
    fd = os.open(raw_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    bare = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            bare.append(time.perf_counter() - started)
    finally:
        os.close(fd)
    return ours, bare


def cpu_time(fn, repeat: int = 3) -> float:
    """The least CPU time of ``fn`` over ``repeat`` calls (after one warm-up call)."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def run(measure) -> list[tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        path = directory / "big.journal.jsonl"
        write_journal(path, actions())
        replay = read_journal(path)
        assert len(replay.actions) == ACTIONS and not replay.problems
        now = replay.actions[-1].at + dt.timedelta(seconds=30)
        folded = fold(replay.plan, replay.actions)

        def just_json():  # the lines decoded as one text, the cheapest way to json.loads them
            loads = json.loads
            return [loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]

        def just_json_bytes():  # each line as bytes, as a naive reader would
            loads = json.loads
            return [loads(line) for line in path.read_bytes().split(b"\n") if line]

        def replay_state():
            journal = read_journal(path)
            return project(fold(journal.plan, journal.actions), now)

        base = measure(just_json, repeat=5)
        base_bytes = measure(just_json_bytes, repeat=5)
        ours = measure(replay_state, repeat=5)
        cpu_base, cpu = cpu_time(just_json), cpu_time(replay_state)
        reading = measure(lambda: read_journal(path), repeat=5)
        folding = measure(lambda: fold(replay.plan, replay.actions), repeat=5)
        projecting = measure(lambda: project(folded, now))
        ours_append, bare_append = append_latencies(directory)

    return [
        ("json.loads lines, CPU", cpu_base, None),
        ("replay -> ShowState, CPU", cpu, "json.loads lines, CPU", 3.0),
        ("1 s budget", 1.0, None),
        ("replay, CPU vs budget", cpu, "1 s budget", 1.0),
        ("json.loads lines (100k)", base, None),
        ("json.loads bytes lines", base_bytes, "json.loads lines (100k)"),
        ("replay -> ShowState", ours, "json.loads lines (100k)"),
        ("  read_journal", reading, "json.loads lines (100k)"),
        ("  fold", folding, "json.loads lines (100k)"),
        ("  project (one tick)", projecting, "json.loads lines (100k)"),
        ("os.write+fsync p50", statistics.median(bare_append), None),
        ("os.write+fsync p99", percentile(bare_append, 99), None),
        ("append p50 (2k appends)", statistics.median(ours_append), "os.write+fsync p50"),
        ("append p99 (2k appends)", percentile(ours_append, 99), "os.write+fsync p99"),
    ]


if __name__ == "__main__":  # standalone: python benchmarks/bench_engine.py
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure as _measure
    from run import report

    lines, ok = report(run(_measure))
    print("\n".join(lines))
    sys.exit(0 if ok else 1)
