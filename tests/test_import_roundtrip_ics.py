"""Round trip: source -> `runofshow import` -> journal -> `runofshow export --format ics` -> icalendar.

The calendar of an imported plan has the same titles and start times as the source for that
room and day (what the plan cannot hold, the overlapping talk, is the one difference, and it is
reported). The expected values are read from the source files directly, not through the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ics_export = pytest.importorskip(
    "runofshow.export.ics",
    reason="the ics export (issue 6, `runofshow export --format ics`) is not there yet",
)
icalendar = pytest.importorskip(
    "icalendar", reason="icalendar is a test dependency: pip install -e '.[test]'"
)

from runofshow.cli import main  # noqa: E402
from runofshow.journal import JournalWriter  # noqa: E402
from runofshow.plan import load_plan  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
LISBON = ZoneInfo("Europe/Lisbon")


def calendar_of(tmp_path: Path, source: Path, *args: str) -> list[tuple[str, dt.datetime]]:
    plan_file = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(plan_file), *args]) == 0
    journal = tmp_path / "plan.journal.jsonl"
    with JournalWriter.create(journal, load_plan(plan_file), dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)):
        pass
    ics_file = tmp_path / "plan.ics"
    assert main(["export", str(journal), "--format", "ics", "-o", str(ics_file)]) == 0
    calendar = icalendar.Calendar.from_ical(ics_file.read_bytes())
    return [(str(event["SUMMARY"]), event.decoded("DTSTART")) for event in calendar.walk("VEVENT")]


def as_utc(entries: list[tuple[str, dt.datetime]]) -> list[tuple[str, dt.datetime]]:
    return [(title, start.astimezone(dt.UTC)) for title, start in entries]


@pytest.mark.parametrize(
    "room, day",
    [
        ("Main Hall", "2026-05-14"),
        ("Room Tejo", "2026-05-14"),
        ("Workshop Lab", "2026-05-15"),
        ("Main Hall", "2026-05-15"),
    ],
)
def test_pretalx(tmp_path: Path, capsys, room: str, day: str):
    source = FIXTURES / "lcd2026-pretalx.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    talks = next(d for d in data["schedule"]["conference"]["days"] if d["date"] == day)["rooms"][room]
    expected = [(t["title"], dt.datetime.fromisoformat(t["date"])) for t in talks]
    got = calendar_of(tmp_path, source, "--room", room, "--day", day)
    assert as_utc(got) == as_utc(expected)
    assert all(
        start.tzinfo is not None and f"{start:%H:%M}" == t["start"]
        for (_, start), t in zip(got, talks, strict=False)
    )


def test_frab_xml(tmp_path: Path, capsys):
    source = FIXTURES / "lcd2026-frab.xml"
    day = next(d for d in ET.parse(source).getroot().findall("day") if d.get("date") == "2026-05-14")
    room = next(r for r in day.findall("room") if r.get("name") == "Room Tejo")
    expected = [
        (e.findtext("title"), dt.datetime.fromisoformat(e.findtext("date"))) for e in room.findall("event")
    ]
    got = calendar_of(tmp_path, source, "--room", "Room Tejo", "--day", "2026-05-14")
    assert as_utc(got) == as_utc(expected)


def test_frab_xml_with_an_overlap_has_all_but_the_reported_talk(tmp_path: Path, capsys):
    source = FIXTURES / "lcd2026-frab.xml"
    day = next(d for d in ET.parse(source).getroot().findall("day") if d.get("date") == "2026-05-15")
    room = next(r for r in day.findall("room") if r.get("name") == "Room Tejo")
    expected = [
        (e.findtext("title"), dt.datetime.fromisoformat(e.findtext("date"))) for e in room.findall("event")
    ]
    got = calendar_of(tmp_path, source, "--room", "Room Tejo", "--day", "2026-05-15")
    missing = [entry for entry in as_utc(expected) if entry not in as_utc(got)]
    assert [title for title, _ in missing] == ["Migrating to HTMX"]
    assert 'warning: skipped "Migrating to HTMX"' in capsys.readouterr().err
    assert as_utc(got) == [entry for entry in as_utc(expected) if entry not in missing]


def test_sessionize(tmp_path: Path, capsys):
    source = FIXTURES / "lcd2026-sessionize-all.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    main_hall = next(r["id"] for r in data["rooms"] if r["name"] == "Main Hall")
    expected = sorted(
        (dt.datetime.fromisoformat(s["startsAt"]).replace(tzinfo=LISBON), s["title"])
        for s in data["sessions"]
        if s["startsAt"]
        and s["startsAt"].startswith("2026-05-15")
        and (s["roomId"] == main_hall or s["isPlenumSession"])
    )
    got = calendar_of(
        tmp_path, source, "--room", "Main Hall", "--day", "2026-05-15", "--timezone", "Europe/Lisbon"
    )
    assert as_utc(got) == as_utc([(title, start) for start, title in expected])


def test_csv(tmp_path: Path, capsys):
    source = FIXTURES / "frontend-night-43.csv"
    rows = list(csv.DictReader(source.read_text(encoding="utf-8").splitlines()))
    got = calendar_of(tmp_path, source, "--day", "2026-12-03", "--timezone", "Asia/Jerusalem")
    assert [title for title, _ in got] == [row["Title"] for row in rows]
    jerusalem = ZoneInfo("Asia/Jerusalem")
    for (title, start), row in zip(got, rows, strict=False):
        if row["Start"]:  # rows without a start follow the row above
            assert start == dt.datetime.combine(
                dt.date(2026, 12, 3), dt.time.fromisoformat(row["Start"]), tzinfo=jerusalem
            ), title
    assert f"{got[-1][1].astimezone(jerusalem):%H:%M}" == "20:25"
