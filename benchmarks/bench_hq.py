"""hq: following 12 stages x 2 days x 20 segments (looking at 12 journals; rows and alerts at an instant)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path


def festival_text(stages: int = 12, days: int = 2, per_day: int = 20) -> str:
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
                    f'[[segments]]\nid = "s{s}-d{d}-n{n}"\nstage = "s{s}"\ntitle = "Talk {n}"\n'
                    f'{start}duration = "15m"\nspeakers = ["{speaker}"]\n'
                )
    return "\n".join(lines)


def run(measure) -> list[tuple]:
    from runofshow.hq import Overview
    from runofshow.live import open_show
    from runofshow.show import FakeClock, Go

    folder = Path(tempfile.mkdtemp(prefix="bench-hq-"))
    plan = folder / "bench.toml"
    plan.write_text(festival_text(), encoding="utf-8")
    clock = FakeClock(dt.datetime(2026, 12, 10, 8, 0, tzinfo=dt.UTC))
    shows = [open_show(plan, clock, stage=f"s{s}").show for s in range(12)]
    for show in shows:
        show.do(Go(at=clock.now()))
    overview = Overview(plan)
    overview.poll()
    journals = [show.journal_path for show in shows]
    try:
        stats = measure(lambda: [os.stat(path) for path in journals])
        idle = measure(overview.poll)
        now = clock.now() + dt.timedelta(minutes=7)
        frame = measure(lambda: overview.view(now))
        return [
            ("12 x os.stat", stats, None),
            ("Overview.poll, 12 journals, nothing new", idle, "12 x os.stat", 3.0),
            ("rows + alerts, 12 stages x 2 days x 20 segments", frame, "12 x os.stat", None),
        ]
    finally:
        for show in shows:
            show.close()
