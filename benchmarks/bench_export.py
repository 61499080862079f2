"""Export: a 100,000-action journal of a 300-segment day to each format, against read_journal alone.

The journal is generated once (written directly, without an fsync per line) for a plan of 300
segments with checklists and handoffs; its actions are what a long, busy day leaves behind:
a GO per segment, checklist ticks and unticks, handoffs, stage messages and their clearing,
pauses, added time, notes, a few skips and inserted segments, undos.

Figures (same journal, same run):
- read_journal: the baseline, reading and parsing the journal alone.
- load_facts: read, fold, project at the last action, compute the facts (target < 3x; measured 1.4-2.8x
  on a busy 2-core machine, the fold being most of the difference).
- export csv/json/md/ics/toml: load_facts plus rendering, the whole of `runofshow export`
  except writing the output (targets < 5x; the ics only renders the plan, so it is close to
  load_facts).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from runofshow.export import export_text, load_facts
from runofshow.journal import JournalWriter, read_journal
from runofshow.plan import LoadedPlan, load_plan_text, sha256_text
from runofshow.show import (
    AddTime,
    CheckItem,
    ClearMessage,
    EndShow,
    Go,
    HandoffDone,
    Insert,
    Message,
    Note,
    Pause,
    Resume,
    Skip,
    Undo,
    to_record,
)

SEGMENTS = 300
ACTIONS = 100_000


def plan_text(segments: int = SEGMENTS) -> str:
    out = [
        '[event]\ntitle = "Benchmark Day"\ndate = 2026-06-10\nstart = 08:00:00\ntimezone = "Europe/Berlin"\n'
        'venue = "Hall 1, Berlin"\n'
    ]
    for i in range(40):
        out.append(
            f'[[people]]\nid = "p{i}"\nname = "Person {i}"\nphone = "+49 30 {i:07d}"\n'
            f'email = "p{i}@example.org"\nneeds = ["adapter", "lapel mic"]\n'
        )
    for i in range(segments):
        out.append(
            f'[[segments]]\nid = "s{i}"\ntitle = "Segment {i}, a title of typical length"\n'
            f'kind = "talk"\nspeakers = ["p{i % 40}"]\nduration = "{(2, 3, 4, 5)[i % 4]}m"\n'
            f'notes = "Organizer note {i}"\n'
            'checklist = ["Slides on the laptop", { item = "Recording started", by = "p0", blocking = true }]\n'
            f'[segments.handoff]\ncue = "Hand over to segment {i}"\nby = "p{(i + 1) % 40}"\n'
        )
    return "".join(out)


def actions(plan, count: int = ACTIONS) -> list:
    """About count / SEGMENTS actions per segment; a GO starts each, so the show covers the whole plan."""
    t = plan.start
    per = count // SEGMENTS
    out: list = []

    def step(seconds: float = 1.0) -> dt.datetime:
        nonlocal t
        t = t + dt.timedelta(seconds=seconds)
        return t

    inserted = 0
    for i in range(SEGMENTS):
        if len(out) >= count - 2:
            break
        sid = f"s{i}"
        if i % 50 == 49:
            out.append(Skip(at=step(), segment=f"s{i + 1}"))
        if i % 60 == 30:
            inserted += 1
            out.append(
                Insert(
                    at=step(),
                    segment=f"x{inserted}",
                    title=f"Surprise {inserted}",
                    duration=120,
                    kind="talk",
                    speakers="Guest",
                )
            )
        out.append(Go(at=step()))
        out.append(HandoffDone(at=step(), segment=sid, by="p1"))
        budget = per - 3
        k = 0
        while budget > 0 and len(out) < count - 2:
            kind = k % 10
            if kind in (0, 1):
                out.append(
                    CheckItem(at=step(0.5), segment=sid, index=k % 4, item="item", by="p0", done=kind == 0)
                )
            elif kind == 2:
                out.append(Message(at=step(0.5), text=f"Message {k}", flash=k % 20 == 2))
            elif kind == 3:
                out.append(ClearMessage(at=step(0.5)))
            elif kind == 4:
                out.append(Note(at=step(0.5), text=f"note {k} on {sid}"))
            elif kind == 5:
                out.append(Pause(at=step(0.5)))
            elif kind == 6:
                out.append(Resume(at=step(0.5)))
            elif kind == 7:
                out.append(AddTime(at=step(0.5), seconds=30))
            elif kind == 8:
                out.append(Undo(at=step(0.5)))
            else:
                out.append(Note(at=step(0.5), text="x"))
            k += 1
            budget -= 1
    while len(out) < count - 1:
        out.append(Note(at=step(0.1), text="filler"))
    out.append(EndShow(at=step()))
    return out


def write_journal(path: Path, count: int = ACTIONS) -> Path:
    text = plan_text()
    plan = load_plan_text(text)
    loaded = LoadedPlan(plan=plan, text=text, sha256=sha256_text(text), source=Path("bench.toml"))
    JournalWriter.create(path, loaded, plan.start).close()
    with open(path, "a", encoding="utf-8") as handle:
        for seq, action in enumerate(actions(plan, count), 1):
            record = to_record(action)
            record["seq"] = seq
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def run(measure) -> list[tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_journal(Path(tmp) / "bench.journal.jsonl")
        replay = read_journal(path)
        assert len(replay.actions) == ACTIONS and not replay.problems
        facts = load_facts(path)
        assert facts.finished, facts.unfinished_words()

        def timed(fn):
            return measure(fn, repeat=3, min_time=0.0)

        figures = [
            ("read_journal", timed(lambda: read_journal(path)), None),
            ("load_facts", timed(lambda: load_facts(path)), "read_journal", 3.0),
        ]
        for fmt in ("csv", "json", "md", "ics", "toml"):
            seconds = timed(lambda fmt=fmt: export_text(load_facts(path), fmt))
            figures.append((f"export {fmt}", seconds, "read_journal", 5.0))
        return figures


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import measure, report

    print("\n".join(report(run(measure))[0]))
