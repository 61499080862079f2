"""`runofshow import` of a pretalx schedule.json: a two-day, three-room conference."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SOURCE = FIXTURES / "lcd2026-pretalx.json"
LISBON = ZoneInfo("Europe/Lisbon")

# Main Hall, Thursday: (start, title, kind, duration, hard start?, speaker ids)
MAIN_HALL_DAY_1 = [
    ("09:00", "Opening and welcome", "host", 15 * 60, False, ()),
    ("09:15", "Keynote: The Long Tail of Legacy Code", "talk", 45 * 60, False, ("ana-goncalves",)),
    ("10:00", "Coffee break", "break", 30 * 60, False, ()),
    ("10:30", "Typed Python at Scale", "talk", 30 * 60, False, ("jurgen-weiss",)),
    ("11:00", "Observability Without Tears", "talk", 30 * 60, False, ("priya-raman", "tomas-o-briain")),
    (
        "11:45",
        "Panel: Maintaining Open Source in 2026",
        "panel",
        45 * 60,
        True,
        ("ana-goncalves", "kwame-mensah", "lena-fischer"),
    ),
    ("12:30", "Lunch", "break", 60 * 60, False, ()),
    ("13:30", "Rust for Pythonistas", "talk", 30 * 60, False, ("kwame-mensah",)),
    ("14:00", "Accessible Frontends", "talk", 30 * 60, False, ("lena-fischer",)),
    ("15:00", "Lightning Talks", "talk", 40 * 60, True, ()),
    ("15:40", "Day one closing", "host", 20 * 60, False, ()),
]


def run(*args: str) -> int:
    return main(["import", *map(str, args)])


@pytest.fixture
def main_hall_day_1(tmp_path: Path, capsys):
    out = tmp_path / "main-hall.toml"
    assert run(SOURCE, "-o", out, "--room", "Main Hall", "--day", "2026-05-14") == 0
    captured = capsys.readouterr()
    return load_plan(out), out, captured


def test_segments_times_and_gaps(main_hall_day_1):
    loaded, _, _ = main_hall_day_1
    plan = loaded.plan
    got = [
        (
            f"{slot.start:%H:%M}",
            slot.segment.title,
            slot.segment.kind,
            slot.segment.duration,
            slot.segment.start is not None,
            slot.segment.speakers,
        )
        for slot in plan.schedule
    ]
    assert got == MAIN_HALL_DAY_1
    gaps = {slot.segment.title: slot.gap_before for slot in plan.schedule if slot.gap_before}
    assert gaps == {"Panel: Maintaining Open Source in 2026": 15 * 60, "Lightning Talks": 30 * 60}
    assert plan.schedule[5].segment.start == dt.time(11, 45)


def test_event_comes_from_the_source(main_hall_day_1):
    event = main_hall_day_1[0].plan.event
    assert event.title == "Lisbon Code Days 2026"
    assert event.date == dt.date(2026, 5, 14)
    assert event.start == dt.time(9, 0)
    assert event.timezone == "Europe/Lisbon"
    assert event.venue == "Main Hall"
    assert main_hall_day_1[0].plan.start == dt.datetime(2026, 5, 14, 9, 0, tzinfo=LISBON)


def test_speakers_become_people_with_intros(main_hall_day_1):
    plan = main_hall_day_1[0].plan
    people = {p.id: p for p in plan.people}
    assert list(people) == [
        "ana-goncalves",
        "jurgen-weiss",
        "priya-raman",
        "tomas-o-briain",
        "kwame-mensah",
        "lena-fischer",
    ]
    assert people["ana-goncalves"].name == "Ana Gonçalves"
    assert people["jurgen-weiss"].name == "Jürgen Weiß"
    # the biography, its line breaks made spaces: the host reads it from an intro card
    assert (
        people["jurgen-weiss"].intro
        == "Jürgen works on type checkers and writes about gradual typing. He lives in Graz."
    )
    assert people["priya-raman"].intro.startswith("Priya builds observability tooling")
    assert {p.role for p in plan.people} == {"speaker"}
    assert all(p.phone is None and p.email is None for p in plan.people)


def test_track_goes_to_notes_and_ids_are_slugs(main_hall_day_1):
    plan = main_hall_day_1[0].plan
    by_title = {s.title: s for s in plan.segments}
    assert by_title["Typed Python at Scale"].notes == "Track: Python"
    assert by_title["Coffee break"].notes is None
    assert [s.id for s in plan.segments][:3] == [
        "opening-and-welcome",
        "keynote-the-long-tail-of-legacy-code",
        "coffee-break",
    ]


def test_the_written_plan_passes_check(main_hall_day_1, capsys):
    _, out, captured = main_hall_day_1
    assert captured.err == ""  # nothing the plan cannot hold in this room and day
    assert f"wrote {out}" in captured.out
    assert "11 segments (2 breaks, 2 gaps), 6 people" in captured.out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by `runofshow import` from lcd2026-pretalx.json (pretalx)")
    assert main(["check", str(out)]) == 0
    assert ": OK: Lisbon Code Days 2026, 11 segments" in capsys.readouterr().out


def test_second_day_by_number_and_room_by_part_of_its_name(tmp_path: Path, capsys):
    out = tmp_path / "lab.toml"
    assert run(SOURCE, "-o", out, "--room", "workshop", "--day", "2") == 0
    plan = load_plan(out).plan
    assert plan.event.date == dt.date(2026, 5, 15)
    assert [(f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.segment.title, s.gap_before) for s in plan.schedule] == [
        ("09:30", "12:30", "Workshop: Async Python Deep Dive", 0),
        ("14:00", "15:30", "Workshop: Writing Good Docs", 90 * 60),
    ]
    assert [p.id for p in plan.people] == ["hanna-virtanen", "marta-nowak"]


def test_overlap_and_a_talk_in_two_rooms_are_reported(tmp_path: Path, capsys):
    out = tmp_path / "tejo.toml"
    assert run(SOURCE, "-o", out, "--room", "Room Tejo", "--day", "2026-05-15") == 0
    err = capsys.readouterr().err
    plan = load_plan(out).plan
    assert [(f"{s.start:%H:%M}", s.segment.title) for s in plan.schedule] == [
        ("09:45", "Green Software Metrics"),
        ("10:30", "Feature Flags Gone Wrong"),
        ("13:00", "Closing keynote: What We Learned"),
    ]
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(
        'warning: skipped "Migrating to HTMX" (2026-05-15 10:45-11:15): it overlaps'
        ' "Feature Flags Gone Wrong" (2026-05-15 10:30-11:00) in "Room Tejo"'
    )
    assert lines[1].startswith(
        'warning: "Closing keynote: What We Learned" is also scheduled in "Main Hall"'
        " (2026-05-15 13:00-13:45)"
    )
    # "Migrating to HTMX" was Tomás's only talk here: he is not a person of this plan
    assert [p.id for p in plan.people] == ["nuno-pereira", "aiko-tanaka", "ana-goncalves"]
    nuno = plan.person_by_id["nuno-pereira"]
    assert nuno.intro is None  # an empty biography gives no intro


def test_the_other_room_of_the_shared_talk_reports_it_too(tmp_path: Path, capsys):
    out = tmp_path / "main2.toml"
    assert run(SOURCE, "-o", out, "--room", "Main Hall", "--day", "2026-05-15") == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1
    assert '"Closing keynote: What We Learned" is also scheduled in "Room Tejo"' in err


def test_every_room_and_day_imports_and_passes_check(tmp_path: Path, capsys):
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    for day in data["schedule"]["conference"]["days"]:
        for room, talks in day["rooms"].items():
            out = tmp_path / f"{room}-{day['date']}.toml"
            assert run(SOURCE, "-o", out, "--room", room, "--day", day["date"]) == 0
            plan = load_plan(out).plan
            titles = [s.title for s in plan.segments]
            skipped = [t["title"] for t in talks if t["title"] not in titles]
            assert skipped == (
                ["Migrating to HTMX"] if (room, day["date"]) == ("Room Tejo", "2026-05-15") else []
            )
            for slot in plan.schedule:
                source = next(t for t in talks if t["title"] == slot.segment.title)
                assert slot.start == dt.datetime.fromisoformat(source["date"])
                assert f"{slot.start:%H:%M}" == source["start"]
