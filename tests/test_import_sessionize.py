"""`runofshow import` of a Sessionize "All" JSON export: the same conference, Sessionize-style.

In Sessionize the breaks, opening and closing are service sessions, lunch is a plenum session
(in every room), one accepted session has no time yet, and times carry no timezone.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SOURCE = FIXTURES / "lcd2026-sessionize-all.json"
LISBON = ZoneInfo("Europe/Lisbon")


def run(*args: str) -> int:
    return main(["import", *map(str, args)])


def test_main_hall_thursday(tmp_path: Path, capsys):
    out = tmp_path / "main.toml"
    assert (
        run(
            SOURCE,
            "-o",
            out,
            "--room",
            "Main Hall",
            "--day",
            "2026-05-14",
            "--timezone",
            "Europe/Lisbon",
            "--title",
            "Lisbon Code Days 2026",
        )
        == 0
    )
    err = capsys.readouterr().err
    assert err.splitlines() == ["note: 1 session(s) have no time yet (no startsAt): left out"]
    plan = load_plan(out).plan
    assert (plan.event.title, plan.event.date, plan.event.start, plan.event.timezone, plan.event.venue) == (
        "Lisbon Code Days 2026",
        dt.date(2026, 5, 14),
        dt.time(9, 0),
        "Europe/Lisbon",
        "Main Hall",
    )
    assert plan.start == dt.datetime(2026, 5, 14, 9, 0, tzinfo=LISBON)
    assert [(f"{s.start:%H:%M}", s.segment.title, s.segment.kind, s.gap_before) for s in plan.schedule] == [
        ("09:00", "Opening and welcome", "host", 0),  # a service session named like the host's
        ("09:15", "Keynote: The Long Tail of Legacy Code", "talk", 0),
        ("10:00", "Coffee break", "break", 0),  # service session -> break
        ("10:30", "Typed Python at Scale", "talk", 0),
        ("11:00", "Observability Without Tears", "talk", 0),
        (
            "11:45",
            "Panel: Maintaining Open Source in 2026",
            "panel",
            15 * 60,
        ),  # "Session format: Panel discussion"
        ("12:30", "Lunch", "break", 0),  # plenum service session
        ("13:30", "Rust for Pythonistas", "talk", 0),
        ("14:00", "Accessible Frontends", "talk", 0),
        ("15:00", "Lightning Talks", "talk", 30 * 60),
        ("15:40", "Day one closing", "host", 0),
    ]
    people = {p.id: p for p in plan.people}
    assert people["ana-goncalves"].name == "Ana Gonçalves"
    assert people["ana-goncalves"].intro.startswith("Ana has maintained a widely used Python web framework")
    assert plan.segment_by_id["panel-maintaining-open-source-in-2026"].speakers == (
        "ana-goncalves",
        "kwame-mensah",
        "lena-fischer",
    )
    assert plan.segment_by_id["typed-python-at-scale"].notes == "Track: Python · Session format: Session"


def test_plenum_lunch_is_in_every_room(tmp_path: Path, capsys):
    out = tmp_path / "tejo.toml"
    assert (
        run(SOURCE, "-o", out, "--room", "Room Tejo", "--day", "2026-05-14", "--timezone", "Europe/Lisbon")
        == 0
    )
    plan = load_plan(out).plan
    assert [
        (f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.segment.title, s.segment.start) for s in plan.schedule
    ] == [
        ("10:30", "11:00", "Data Contracts in Practice", None),
        ("11:00", "11:30", "Postgres Tuning Field Notes", None),
        ("12:30", "13:30", "Lunch", dt.time(12, 30)),
        ("13:30", "14:15", "Event Sourcing, Honestly", None),
        ("14:15", "14:45", "Building Offline-First Apps", None),
    ]


def test_plenum_session_overlapping_a_workshop_is_reported(tmp_path: Path, capsys):
    out = tmp_path / "lab.toml"
    assert (
        run(SOURCE, "-o", out, "--room", "Workshop Lab", "--day", "2026-05-15", "--timezone", "Europe/Lisbon")
        == 0
    )
    err = capsys.readouterr().err
    assert (
        'warning: skipped "Lunch" (a session for every room) (2026-05-15 12:00-13:00): it overlaps'
        ' "Workshop: Async Python Deep Dive" (2026-05-15 09:30-12:30) in "Workshop Lab"'
    ) in err
    plan = load_plan(out).plan
    assert [s.title for s in plan.segments] == [
        "Workshop: Async Python Deep Dive",
        "Workshop: Writing Good Docs",
    ]


def test_without_title_and_timezone_the_defaults_are_said(tmp_path: Path, capsys):
    out = tmp_path / "main-fri.toml"
    assert run(SOURCE, "-o", out, "--room", "Main Hall", "--day", "2026-05-15") == 0
    err = capsys.readouterr().err
    assert (
        'note: sessionize gives no event title: the plan is titled "Lcd2026 sessionize all"; pass --title'
        in err
    )
    assert "note: the source names no timezone" in err and "pass --timezone" in err
    plan = load_plan(out).plan
    assert plan.event.timezone is None
    assert plan.event.title == "Lcd2026 sessionize all"
    assert [s.title for s in plan.segments][-2:] == ["Closing keynote: What We Learned", "Closing and thanks"]


def test_times_match_the_source_in_every_room(tmp_path: Path, capsys):
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    rooms = {r["id"]: r["name"] for r in data["rooms"]}
    for room in rooms.values():
        for day in ("2026-05-14", "2026-05-15"):
            out = tmp_path / f"{room}-{day}.toml"
            assert run(SOURCE, "-o", out, "--room", room, "--day", day, "--timezone", "Europe/Lisbon") == 0
            plan = load_plan(out).plan
            for slot in plan.schedule:
                session = next(
                    s
                    for s in data["sessions"]
                    if s["title"] == slot.segment.title
                    and (s["startsAt"] or "").startswith(day)
                    and (s["isPlenumSession"] or rooms[s["roomId"]] == room)
                )
                assert slot.start == dt.datetime.fromisoformat(session["startsAt"]).replace(tzinfo=LISBON)
                assert slot.end == dt.datetime.fromisoformat(session["endsAt"]).replace(tzinfo=LISBON)


def test_without_a_choice_every_room_is_a_stage(capsys, tmp_path: Path):
    """Issue 14 (it was exit 2 listing the rooms): the plenum lunch is on every stage with
    sessions that day, unless a workshop runs through it there (skipped with a warning)."""
    out = tmp_path / "x.toml"
    assert run(SOURCE, "-o", out, "--timezone", "Europe/Lisbon") == 0
    err = capsys.readouterr().err
    assert '"Lunch" (a session for every room) (2026-05-15 12:00-13:00): it overlaps' in err
    plan = load_plan(out).plan
    assert [s.name for s in plan.stages] == ["Main Hall", "Room Tejo", "Workshop Lab"]
    lunches = [
        (s.segment.stage, f"{s.start:%m-%d %H:%M}") for s in plan.schedule if s.segment.title == "Lunch"
    ]
    assert lunches == [
        ("main-hall", "05-14 12:30"),
        ("room-tejo", "05-14 12:30"),
        ("workshop-lab", "05-14 12:30"),
        ("main-hall", "05-15 12:00"),
        ("room-tejo", "05-15 12:00"),
    ]
    assert main(["check", str(out)]) == 0
