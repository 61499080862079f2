"""Plan loading: a generated 1,000-segment plan, load+validate against tomllib.loads of the same text.

Figures (all on the same text, in the same run):
- tomllib.loads: the baseline, parsing alone.
- load_plan_text: parse, validate every part, check references and the schedule (target < 5x).
- load_plan_text, one error: the same plan with one bad duration near the end, so the loader
  also scans the text for the line of every key to report it.
- key_lines: that scan alone.
- dumps_plan: writing the loaded plan back with tomli-w.
"""

from __future__ import annotations

import datetime as dt
import tomllib

from runofshow.plan import PlanError, dumps_plan, load_plan_text
from runofshow.plan.locate import key_lines

SEGMENTS = 1000
PEOPLE = 120
KINDS = ["talk", "talk", "talk", "break", "panel", "sponsor", "host", "other"]


def plan_text(segments: int = SEGMENTS, people: int = PEOPLE) -> str:
    """A plan shaped like the samples: people with intros and needs, segments with speakers,
    checklists (strings and tables), handoffs, notes, and a hard start every 25 segments."""
    out = [
        "# generated for benchmarks/bench_plan.py\n",
        '[event]\ntitle = "Benchmark Festival"\ndate = 2026-12-01\nstart = 08:00:00\n'
        'timezone = "Europe/Berlin"\nvenue = "Hall 1"\n',
        '[timers]\nwarn = "5m"\nwrap = "2m"\n',
    ]
    for i in range(people):
        out.append(
            f'[[people]]\nid = "person-{i}"\nname = "Person Number {i}"\nrole = "speaker"\n'
            f'pronounce = "PER-son NUM-ber {i}"\n'
            f'intro = "Person {i} works on interesting things and has given many talks about them."\n'
            f'email = "person{i}@example.org"\nneeds = ["USB-C to HDMI adapter", "lapel mic"]\n'
        )
    clock = dt.datetime(2026, 12, 1, 8, 0)
    for i in range(segments):
        kind = KINDS[i % len(KINDS)]
        minutes = (5, 10, 15, 20, 25, 30)[i % 6]
        lines = [
            f'[[segments]]\nid = "segment-{i}"\ntitle = "Segment {i}: a title of typical length"\n'
            f'kind = "{kind}"'
        ]
        if i and i % 25 == 0:
            clock += dt.timedelta(minutes=10)  # leaves a 10-minute gap before the hard start
            lines.append(f"start = {clock:%H:%M:%S}")
        lines.append(f'duration = "{minutes}m"')
        clock += dt.timedelta(minutes=minutes)
        if kind in ("talk", "panel", "sponsor"):
            speakers = ", ".join(f'"person-{(i + k) % people}"' for k in range(3 if kind == "panel" else 1))
            lines.append(f"speakers = [{speakers}]")
        if kind in ("talk", "panel") and minutes > 5:
            lines.append('qa = "5m"')
        if i % 3 == 0:
            lines.append('warn = "3m"\nwrap = "1m"')
        lines.append(f'owner = "person-{i % people}"')
        lines.append('notes = "Handheld mic for Q&A # not a comment"')
        lines.append(
            'checklist = [\n  "Slides on the stage laptop",\n'
            f'  {{ item = "Recording started", by = "person-{(i + 1) % people}", blocking = true }},\n]'
        )
        lines.append(
            f'[segments.handoff]\nby = "person-{(i + 2) % people}"\ncue = "Read the intro card, hand over the mic"'
        )
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def run(measure) -> list[tuple]:
    text = plan_text()
    plan = load_plan_text(text)  # fails loudly if the generator ever writes an invalid plan
    assert len(plan.segments) == SEGMENTS
    broken = text.replace(
        f'id = "segment-{SEGMENTS - 3}"\n', f'id = "segment-{SEGMENTS - 3}"\nlength = "5m"\n'
    )
    assert broken != text

    def load_broken() -> None:
        try:
            load_plan_text(broken)
        except PlanError:
            return
        raise AssertionError("the broken plan loaded")

    base = "tomllib.loads"
    return [
        (base, measure(lambda: tomllib.loads(text)), None),
        ("load_plan_text", measure(lambda: load_plan_text(text)), base, 5.0),
        ("load_plan_text, one error", measure(load_broken), base, 5.0),
        ("key_lines", measure(lambda: key_lines(text)), base),
        ("dumps_plan", measure(lambda: dumps_plan(plan), repeat=5), base),
    ]
