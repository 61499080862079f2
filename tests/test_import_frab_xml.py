"""`runofshow import` of a frab schedule.xml: the same two-day, three-room conference."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SOURCE = FIXTURES / "lcd2026-frab.xml"
LISBON = ZoneInfo("Europe/Lisbon")


def run(*args: str) -> int:
    return main(["import", *map(str, args)])


def test_room_tejo_thursday(tmp_path: Path, capsys):
    out = tmp_path / "tejo.toml"
    assert run(SOURCE, "-o", out, "--room", "Room Tejo", "--day", "2026-05-14") == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    plan = load_plan(out).plan
    assert plan.event.title == "Lisbon Code Days 2026"
    assert (plan.event.date, plan.event.start, plan.event.timezone) == (
        dt.date(2026, 5, 14),
        dt.time(10, 30),
        "Europe/Lisbon",
    )
    assert [
        (
            f"{s.start:%H:%M}",
            f"{s.end:%H:%M}",
            s.segment.title,
            s.segment.kind,
            s.gap_before,
            s.segment.speakers,
        )
        for s in plan.schedule
    ] == [
        ("10:30", "11:00", "Data Contracts in Practice", "talk", 0, ("sofia-costa",)),
        ("11:00", "11:30", "Postgres Tuning Field Notes", "talk", 0, ("mateus-silva",)),
        ("13:30", "14:15", "Event Sourcing, Honestly", "talk", 2 * 3600, ("marta-nowak",)),
        ("14:15", "14:45", "Building Offline-First Apps", "talk", 0, ("tomas-o-briain",)),
    ]
    assert [s.start for s in plan.segments] == [None, None, dt.time(13, 30), None]
    # frab XML has names but no biographies
    assert [(p.id, p.name, p.intro) for p in plan.people] == [
        ("sofia-costa", "Sofia Costa", None),
        ("mateus-silva", "Mateus Silva", None),
        ("marta-nowak", "Marta Nowak", None),
        ("tomas-o-briain", "Tomás Ó Briain", None),
    ]
    assert plan.segment_by_id["event-sourcing-honestly"].notes == "Track: Architecture"


def test_main_hall_thursday_breaks_and_hosts(tmp_path: Path, capsys):
    out = tmp_path / "main.toml"
    assert run(SOURCE, "-o", out, "--room", "main hall", "--day", "1") == 0
    plan = load_plan(out).plan
    kinds = [(s.title, s.kind) for s in plan.segments]
    assert kinds[0] == ("Opening and welcome", "host")
    assert ("Coffee break", "break") in kinds and ("Lunch", "break") in kinds
    assert ("Panel: Maintaining Open Source in 2026", "panel") in kinds
    assert kinds[-1] == ("Day one closing", "host")
    assert [f"{s.segment.start:%H:%M}" for s in plan.schedule if s.segment.start] == ["11:45", "15:00"]
    assert plan.start == dt.datetime(2026, 5, 14, 9, 0, tzinfo=LISBON)
    assert plan.end == dt.datetime(2026, 5, 14, 16, 0, tzinfo=LISBON)


def test_matches_the_xml_for_every_room_and_day(tmp_path: Path, capsys):
    root = ET.parse(SOURCE).getroot()
    for day in root.findall("day"):
        for room in day.findall("room"):
            out = tmp_path / f"{room.get('name')}-{day.get('date')}.toml"
            assert run(SOURCE, "-o", out, "--room", room.get("name"), "--day", day.get("date")) == 0
            plan = load_plan(out).plan
            starts = {s.segment.title: s.start for s in plan.schedule}
            for event in room.findall("event"):
                title = event.findtext("title")
                if title == "Migrating to HTMX":  # overlaps "Feature Flags Gone Wrong": reported, not held
                    assert title not in starts
                    continue
                assert starts[title] == dt.datetime.fromisoformat(event.findtext("date"))
    err = capsys.readouterr().err
    assert err.count('warning: skipped "Migrating to HTMX"') == 1
    assert err.count("is also scheduled in") == 2  # the closing keynote, from either room


def test_the_same_event_id_in_two_rooms_is_one_talk(tmp_path: Path, capsys):
    out = tmp_path / "tejo-fri.toml"
    assert run(SOURCE, "-o", out, "--room", "Room Tejo", "--day", "2026-05-15") == 0
    err = capsys.readouterr().err
    assert (
        'warning: "Closing keynote: What We Learned" is also scheduled in "Main Hall" (2026-05-15 13:00-13:45)'
        in err
    )
