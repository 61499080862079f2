"""Import: a generated 2,000-event conference, against json.loads / xml.etree of the same file.

The source is 10 rooms over 4 days, 50 talks a room a day, each with a speaker and biography,
written as a pretalx schedule.json and as a frab schedule.xml. Figures (same files, same run):
- json.loads, ET.fromstring: the baselines, parsing alone.
- read ...: the whole source read into the neutral schedule (every event checked).
- import ..., one room/day: `runofshow import` of one room on one day, end to end (read,
  choose, build the plan, check it by loading its text back, write it to a string).
- import ..., every room and day: the whole source as one plan (issue 14): 10 [[stages]], 4 days,
  2,000 segments, with the same checks (per-stage timelines, people on two stages at once).
- 1 s budget: the issue's bound (importing a 2,000-event schedule stays under 1 s), as a
  figure, so that the import's ratio to it is the fraction of the budget used (target < 1x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

from runofshow.importers.parsing import Options
from runofshow.importers.run import read_schedule, run_import

ROOMS, DAYS, PER_ROOM_DAY = 10, 4, 50
EVENTS = ROOMS * DAYS * PER_ROOM_DAY
FIRST_DAY = dt.date(2026, 5, 14)


def _talks():
    """(day, room, index, start, minutes) of every talk: 10-minute talks, a 5-minute gap every 5th."""
    for day in range(DAYS):
        date = FIRST_DAY + dt.timedelta(days=day)
        for room in range(ROOMS):
            clock = dt.datetime.combine(date, dt.time(9, 0))
            for index in range(PER_ROOM_DAY):
                yield day, room, index, clock, 10
                clock += dt.timedelta(minutes=15 if index % 5 == 4 else 10)


def pretalx_json() -> str:
    days = []
    for day in range(DAYS):
        date = FIRST_DAY + dt.timedelta(days=day)
        days.append(
            {"index": day + 1, "date": date.isoformat(), "rooms": {f"Room {r}": [] for r in range(ROOMS)}}
        )
    for day, room, index, start, minutes in _talks():
        number = (day * ROOMS + room) * PER_ROOM_DAY + index
        days[day]["rooms"][f"Room {room}"].append(
            {
                "guid": f"00000000-0000-4000-8000-{number:012d}",
                "code": f"T{number:05d}",
                "id": number,
                "date": f"{start:%Y-%m-%dT%H:%M:%S}+01:00",
                "start": f"{start:%H:%M}",
                "duration": f"00:{minutes:02d}",
                "room": f"Room {room}",
                "title": f"Talk {number}: a title of <em>typical</em> length",
                "type": "Talk",
                "track": "Track",
                "persons": [
                    {
                        "code": f"P{number % 700:04d}",
                        "public_name": f"Speaker {number % 700}",
                        "biography": f"Speaker {number % 700} works on [things](https://example.org/{number}).",
                    }
                ],
            }
        )
    conference = {
        "acronym": "bench",
        "title": "Benchmark Conference",
        "time_zone_name": "Europe/Lisbon",
        "rooms": [{"name": f"Room {r}"} for r in range(ROOMS)],
        "days": days,
    }
    return json.dumps({"schedule": {"version": "1", "conference": conference}}, indent=1)


def frab_xml() -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<schedule><conference><title>Benchmark Conference</title>'
        "<time_zone_name>Europe/Lisbon</time_zone_name></conference>"
    ]
    talks = list(_talks())
    for day in range(DAYS):
        date = FIRST_DAY + dt.timedelta(days=day)
        out.append(f'<day index="{day + 1}" date="{date.isoformat()}">')
        for room in range(ROOMS):
            out.append(f'<room name="Room {room}">')
            for d, r, index, start, minutes in talks:
                if (d, r) != (day, room):
                    continue
                number = (day * ROOMS + room) * PER_ROOM_DAY + index
                out.append(
                    f'<event guid="00000000-0000-4000-8000-{number:012d}" id="{number}">'
                    f"<start>{start:%H:%M}</start><duration>00:{minutes:02d}</duration>"
                    f"<room>Room {room}</room><title>{escape(f'Talk {number}: a title of typical length')}</title>"
                    f"<type>lecture</type><track>Track</track>"
                    f'<persons><person id="{number % 700}">Speaker {number % 700}</person></persons></event>'
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>\n")
    return "\n".join(out)


def run(measure) -> list[tuple]:
    directory = tempfile.TemporaryDirectory(prefix="runofshow-bench-import-")
    json_path, xml_path = Path(directory.name) / "schedule.json", Path(directory.name) / "schedule.xml"
    json_path.write_text(pretalx_json(), encoding="utf-8")
    xml_path.write_text(frab_xml(), encoding="utf-8")
    json_raw, xml_raw = json_path.read_bytes(), xml_path.read_bytes()

    def read(raw: bytes, path: Path) -> None:
        schedule = read_schedule(raw, str(path), None, Options())
        assert len(schedule.talks) == EVENTS, len(schedule.talks)

    def imported(path: Path, room: str | None = "Room 3", day: str | None = "2") -> None:
        args = argparse.Namespace(
            source=str(path),
            output="-",
            format=None,
            room=room,
            day=day,
            title=None,
            timezone=None,
            force=False,
        )
        out, err = io.StringIO(), io.StringIO()
        code = run_import(args, out, err)
        assert code == 0, err.getvalue()
        assert out.getvalue().count("[[segments]]") == (PER_ROOM_DAY if room else EVENTS)

    def whole(path: Path) -> None:
        imported(path, None, None)

    try:
        return [
            ("1 s budget", 1.0, None),
            ("json.loads", measure(lambda: json.loads(json_raw)), None),
            (
                "read pretalx schedule.json",
                measure(lambda: read(json_raw, json_path), repeat=5),
                "json.loads",
            ),
            ("import pretalx, one room/day", measure(lambda: imported(json_path), repeat=5), "json.loads"),
            ("import pretalx vs budget", measure(lambda: imported(json_path), repeat=3), "1 s budget", 1.0),
            (
                "import pretalx, every room and day",
                measure(lambda: whole(json_path), repeat=3),
                "1 s budget",
                1.0,
            ),
            ("ET.fromstring", measure(lambda: ET.fromstring(xml_raw)), None),
            ("read frab schedule.xml", measure(lambda: read(xml_raw, xml_path), repeat=5), "ET.fromstring"),
            ("import frab, one room/day", measure(lambda: imported(xml_path), repeat=5), "ET.fromstring"),
            ("import frab vs budget", measure(lambda: imported(xml_path), repeat=3), "1 s budget", 1.0),
            (
                "import frab, every room and day",
                measure(lambda: whole(xml_path), repeat=3),
                "1 s budget",
                1.0,
            ),
        ]
    finally:
        directory.cleanup()
