"""The journal of the HTML report's tests: the meetup sample (Asia/Jerusalem, +02:00) where one
talk runs 4:10 over, the break is cut by five minutes, a segment is inserted and one skipped.

Planned (meetup.toml): doors 18:00 30m, welcome 18:30 5m, dana-talk 18:35 30m, break 19:15 15m
(hard start), yossi-talk 19:30 25m, lightning 19:55 20m, closing 20:15 5m, networking 20:20 45m;
planned end 21:05.
"""

from __future__ import annotations

from pathlib import Path

from export_scenarios import Player
from runofshow.show import AddTime, EndShow, Go, Insert, Skip

# (actual start, actual end, over/under label) of each segment, in running order, local time
REPORT = {
    "doors": ("18:01:00", "18:31:00", "±0:00"),
    "welcome": ("18:31:00", "18:35:00", "-1:00"),
    "dana-talk": ("18:35:00", "19:09:10", "+4:10"),
    "break": ("19:09:10", "19:19:10", "-5:00"),
    "surprise": ("19:19:10", "19:25:10", "+1:00"),
    "yossi-talk": (None, None, "skipped"),
    "lightning": ("19:25:10", "19:45:10", "±0:00"),
    "closing": ("19:45:10", "19:50:10", "±0:00"),
    "networking": ("19:50:10", "20:35:10", "±0:00"),
}
INSERTED_TITLE = "Surprise: a word from our host venue"


def report_evening(tmp_path: Path) -> Path:
    p = Player(tmp_path)
    p.at("18:01:00", lambda t: Go(at=t))  # doors, a minute late
    p.at("18:31:00", lambda t: Go(at=t))  # welcome
    p.at("18:35:00", lambda t: Go(at=t))  # dana-talk
    p.at("19:09:10", lambda t: Go(at=t))  # break: dana ran 34:10, +4:10
    p.at("19:10:00", lambda t: AddTime(at=t, seconds=-300))  # the break cut by five minutes
    p.at(
        "19:12:00",
        lambda t: Insert(
            at=t, segment="surprise", title=INSERTED_TITLE, duration=300, kind="talk", speakers="Ori Cohen"
        ),
    )
    p.at("19:19:10", lambda t: Go(at=t))  # surprise: the break took 10:00
    p.at("19:20:00", lambda t: Skip(at=t, segment="yossi-talk"))
    p.at("19:25:10", lambda t: Go(at=t))  # lightning: surprise 6:00, +1:00
    p.at("19:45:10", lambda t: Go(at=t))  # closing
    p.at("19:50:10", lambda t: Go(at=t))  # networking
    p.at("20:35:10", lambda t: EndShow(at=t))
    return p.close()
