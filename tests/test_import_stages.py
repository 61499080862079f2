"""`runofshow import` of a source with several rooms and days: one plan, a stage per room, every day.

Issue 14 item 5 (it changes issue 18's contract, where such a source was exit 2 until --room and
--day picked one room on one day). The fixtures two-stages-* hold the same two-room, two-day
conference in each format (the shapes of lcd2026-*: a pretalx schedule.json, its frab
schedule.xml, a Sessionize "All" export and a spreadsheet with date and room columns). Round
trip: import, `check` passes, and ``Plan.for_stage`` gives each room's talks in time order at the
source's instants.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BERLIN = ZoneInfo("Europe/Berlin")
SOURCES = {
    "pretalx": FIXTURES / "two-stages-pretalx.json",
    "frab-xml": FIXTURES / "two-stages-frab.xml",
    "sessionize": FIXTURES / "two-stages-sessionize-all.json",
    "csv": FIXTURES / "two-stages.csv",
}


def source_talks() -> dict[str, list[tuple[dt.datetime, str]]]:
    """Each room's (start, title) from the spreadsheet, which the other fixtures mirror."""
    rooms: dict[str, list[tuple[dt.datetime, str]]] = {}
    with open(SOURCES["csv"], encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            start = dt.datetime.fromisoformat(f"{row['Date']}T{row['Start']}").replace(tzinfo=BERLIN)
            rooms.setdefault(row["Room"], []).append((start, row["Title"]))
    return {room: sorted(talks) for room, talks in rooms.items()}


def run(tmp_path: Path, source: Path, *args: str) -> tuple[int, Path]:
    out = tmp_path / "plan.toml"
    code = main(["import", str(source), "-o", str(out), "--force", "--timezone", "Europe/Berlin", *args])
    return code, out


@pytest.mark.parametrize("fmt", SOURCES)
def test_two_rooms_two_days_round_trip(tmp_path: Path, capsys, fmt: str):
    code, out = run(tmp_path, SOURCES[fmt], "--from", fmt)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "warning" not in captured.err  # nothing the plan cannot hold
    assert captured.out.splitlines()[1:3] == [
        "  main-hall      Main Hall: Thu 2026-12-03 09:00-11:45, Fri 2026-12-04 09:30-11:00 (8 segments)",
        "  workshop-room  Workshop Room: Thu 2026-12-03 10:30-14:00, Fri 2026-12-04 10:00-14:45 (4 segments)",
    ]
    assert main(["check", str(out)]) == 0
    check = capsys.readouterr().out
    assert "Main Hall (main-hall), day 2 Fri 2026-12-04: 3 segments, 09:30 - 11:00" in check
    assert "Workshop Room (workshop-room), day 1 Thu 2026-12-03: 2 segments, 10:30 - 14:00" in check

    plan = load_plan(out).plan
    assert [(s.id, s.name) for s in plan.stages] == [
        ("main-hall", "Main Hall"),
        ("workshop-room", "Workshop Room"),
    ]
    assert plan.stages[1].start == dt.time(10, 30)  # the workshop room opens after the event starts
    assert all(segment.stage in ("main-hall", "workshop-room") for segment in plan.segments)
    expected = source_talks()
    for stage in plan.stages:
        one = plan.for_stage(stage.id)
        got = [(slot.start, slot.segment.title) for slot in one.schedule]
        assert got == expected[stage.name]
        assert got == sorted(got)
        assert one.days == 2
        assert one.stages == (stage,)
    # A later day opens with a dated start on each stage; the rest is times of day or none.
    dated = {s.id: s.start for s in plan.segments if isinstance(s.start, dt.datetime)}
    assert dated == {
        "day-two-opening": dt.datetime(2026, 12, 4, 9, 30),
        "workshop-async-deep-dive": dt.datetime(2026, 12, 4, 10, 0),
    }
    assert "start = 2026-12-04T09:30:00\n" in out.read_text(encoding="utf-8")
    # Dana Levi speaks on both stages (not at once): one person.
    assert [p.id for p in plan.people if p.name == "Dana Levi"] == ["dana-levi"]
    assert plan.appearances["dana-levi"] == ("keynote-harbours-and-code", "workshop-shipping-docs")


@pytest.mark.parametrize("fmt", SOURCES)
def test_one_room_is_a_plan_without_stages_over_both_days(tmp_path: Path, capsys, fmt: str):
    code, out = run(tmp_path, SOURCES[fmt], "--from", fmt, "--room", "workshop")
    assert code == 0, capsys.readouterr().err
    plan = load_plan(out).plan
    assert plan.stages == () and plan.event.venue == "Workshop Room"
    assert "[[stages]]" not in out.read_text(encoding="utf-8") and "stage =" not in out.read_text(
        encoding="utf-8"
    )
    assert [(slot.start, slot.segment.title) for slot in plan.schedule] == source_talks()["Workshop Room"]
    assert [plan.day_of[s.id] for s in plan.segments] == [1, 1, 2, 2]
    assert plan.event.start == dt.time(10, 30)


@pytest.mark.parametrize("fmt", SOURCES)
def test_one_day_is_both_stages_without_dated_starts(tmp_path: Path, capsys, fmt: str):
    code, out = run(tmp_path, SOURCES[fmt], "--from", fmt, "--day", "2026-12-04")
    assert code == 0, capsys.readouterr().err
    plan = load_plan(out).plan
    assert plan.event.date == dt.date(2026, 12, 4) and plan.event.start == dt.time(9, 30)
    assert [(s.id, s.start) for s in plan.stages] == [("main-hall", None), ("workshop-room", dt.time(10, 0))]
    assert not any(isinstance(s.start, dt.datetime) for s in plan.segments)
    assert plan.days == 1
    assert main(["check", str(out)]) == 0


def test_one_room_one_day_is_exactly_as_before(tmp_path: Path, capsys):
    code, out = run(tmp_path, SOURCES["pretalx"], "--room", "Main Hall", "--day", "1")
    assert code == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f'wrote {out}: Harbour Dev Days 2026, "Main Hall" on Thu 2026-12-03, 09:00-11:45 (Europe/Berlin):'
        " 5 segments (1 breaks, 1 gaps), 4 people"
    )
    assert out.read_text(encoding="utf-8").splitlines()[0] == (
        '# Imported by `runofshow import` from two-stages-pretalx.json (pretalx): "Main Hall" on 2026-12-03.'
    )


# --- a person in two rooms at once ------------------------------------------------------------


def double_booked(tmp_path: Path) -> Path:
    """The pretalx fixture with Dana Levi's workshop moved to 09:30 on day 1: it overlaps her
    keynote in the main hall (09:15-10:00), a mistake of the source a plan cannot hold."""
    data = json.loads(SOURCES["pretalx"].read_text(encoding="utf-8"))
    day = data["schedule"]["conference"]["days"][0]
    room = day["rooms"]["Workshop Room"]
    workshop = next(t for t in room if t["title"] == "Workshop: Shipping Docs")
    room.remove(workshop)
    workshop.update(date="2026-12-03T09:30:00+01:00", start="09:30", duration="00:45")
    room.insert(0, workshop)
    source = tmp_path / "double-booked.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    return source


def test_a_double_booked_speaker_still_gives_a_plan_that_passes_check(tmp_path: Path, capsys):
    """She stays on the talk that starts first, and the other segment names her in its notes;
    the warning points at that segment's line in the written plan and at the talk in the source."""
    code, out = run(tmp_path, double_booked(tmp_path))
    err = capsys.readouterr().err
    assert code == 0, err
    plan = load_plan(out).plan
    text = out.read_text(encoding="utf-8")
    index = next(i for i, s in enumerate(plan.segments) if s.id == "workshop-shipping-docs")
    line = [n for n, row in enumerate(text.splitlines(), 1) if row == "[[segments]]"][index]
    warnings = [row for row in err.splitlines() if row.startswith("warning:")]
    assert warnings == [
        f"warning: {out}:{line}: Dana Levi is due on two stages at once in the source:"
        ' day 1 (2026-12-03), room "Workshop Room", talk 1 "Workshop: Shipping Docs"'
        ' ("Workshop Room" 2026-12-03 09:30-10:15) overlaps "Keynote: Harbours and Code"'
        " (\"Main Hall\" 2026-12-03 09:15-10:00); the plan keeps Dana Levi on 'keynote-harbours-and-code'"
        " only and names them in the notes of 'workshop-shipping-docs': fix the speakers there, or the times"
    ]
    workshop = plan.segment_by_id["workshop-shipping-docs"]
    assert workshop.speakers == ()
    assert (
        workshop.notes is not None
        and "Dana Levi, due on Main Hall ('keynote-harbours-and-code', 09:15-10:00)" in (workshop.notes)
    )
    assert plan.segment_by_id["keynote-harbours-and-code"].speakers == ("dana-levi",)
    assert main(["check", str(out)]) == 0


def test_what_check_would_say_of_the_double_booking(tmp_path: Path, capsys):
    """Why the importer moves her: the plan with her on both segments fails check, naming both."""
    code, out = run(tmp_path, double_booked(tmp_path))
    assert code == 0
    capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    with_her = re.sub(
        r'(id = "workshop-shipping-docs"\n(?:.+\n)*?)(notes = )',
        r'\1speakers = ["dana-levi"]\n\2',
        text,
        count=1,
    )
    assert with_her != text
    broken = tmp_path / "broken.toml"
    broken.write_text(with_her, encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    assert "Dana Levi (dana-levi) is due on two stages at once" in capsys.readouterr().err


def test_a_double_booked_speaker_in_a_spreadsheet(tmp_path: Path, capsys):
    source = tmp_path / "sheet.csv"
    source.write_text(
        "date,room,title,start,duration,speakers\n"
        "2026-06-01,Hall A,Opening,09:00,30,Eva Lund\n"
        "2026-06-01,Hall B,Side talk,09:15,30,Eva Lund; Omar Haddad\n",
        encoding="utf-8",
    )
    code, out = run(tmp_path, source)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Eva Lund is due on two stages at once in the source: row 3" in err
    plan = load_plan(out).plan
    assert plan.segment_by_id["side-talk"].speakers == ("omar-haddad",)
    assert main(["check", str(out)]) == 0


def test_one_talk_in_two_rooms_at_once_is_on_both_stages(tmp_path: Path, capsys):
    """Mirrors lcd2026: the closing keynote (one event id) in the main hall and, streamed, in Room
    Tejo. Both stages have it; its speaker is on the main hall's."""
    code, out = run(tmp_path, FIXTURES / "lcd2026-pretalx.json", "--timezone", "Europe/Lisbon")
    err = capsys.readouterr().err
    assert code == 0, err
    assert '"Closing keynote: What We Learned" is one talk in the source in two rooms at once' in err
    plan = load_plan(out).plan
    first, second = (s for s in plan.segments if s.title == "Closing keynote: What We Learned")
    assert (first.stage, first.speakers) == ("main-hall", ("ana-goncalves",))
    assert (second.stage, second.speakers) == ("room-tejo", ())
    assert second.notes is not None and "its speakers (Ana Gonçalves) are listed there" in second.notes


def test_a_plenum_session_with_a_speaker_is_on_every_stage_with_the_speaker_once(tmp_path: Path, capsys):
    """A Sessionize plenum session (isPlenumSession) is in every room's programme: a segment on
    each stage that has sessions that day, its speaker on the first stage's only (a note)."""
    data = json.loads(SOURCES["sessionize"].read_text(encoding="utf-8"))
    data["sessions"].append(
        {
            "id": "800999",
            "title": "Town hall",
            "startsAt": "2026-12-04T16:00:00",
            "endsAt": "2026-12-04T16:30:00",
            "isServiceSession": False,
            "isPlenumSession": True,
            "speakers": [data["speakers"][0]["id"]],
            "roomId": None,
        }
    )
    source = tmp_path / "plenum.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out = run(tmp_path, source)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "note: 1 copies of sessions in every room (plenum) are on several stages at once" in err
    assert "warning" not in err
    plan = load_plan(out).plan
    town = [(s.stage, s.speakers) for s in plan.segments if s.title == "Town hall"]
    assert town == [("main-hall", ("kai-brandt",)), ("workshop-room", ())]
    assert main(["check", str(out)]) == 0


# --- days -------------------------------------------------------------------------------------


def test_a_night_past_midnight_and_the_next_day_in_one_plan(tmp_path: Path, capsys):
    """Mirrors a CCC Fahrplan without <date> (night-fahrplan-nodate.xml): day 1's 00:30 talk is
    after midnight in day 1, and day 2 opens with a dated start at 11:00 the same calendar date."""
    code, out = run(tmp_path, FIXTURES / "night-fahrplan-nodate.xml")
    assert code == 0, capsys.readouterr().err
    plan = load_plan(out).plan
    got = [(plan.day_of[s.segment.id], s.start, s.segment.start) for s in plan.schedule]
    assert got[2][:2] == (1, dt.datetime(2026, 12, 28, 0, 30, tzinfo=BERLIN))
    assert got[2][2] == dt.time(0, 30)
    assert got[3] == (2, dt.datetime(2026, 12, 28, 11, 0, tzinfo=BERLIN), dt.datetime(2026, 12, 28, 11, 0))
    assert main(["check", str(out)]) == 0


def test_a_room_with_talks_on_the_second_day_only(tmp_path: Path, capsys):
    """A stage that opens on day 2: its first segment has the dated start (no stage start)."""
    source = tmp_path / "sheet.csv"
    source.write_text(
        "date,room,title,start,duration\n"
        "2026-06-01,Hall A,Opening,09:00,30\n"
        "2026-06-02,Hall A,Day two,09:00,30\n"
        "2026-06-02,Hall B,Only on day two,14:00,45\n",
        encoding="utf-8",
    )
    code, out = run(tmp_path, source)
    assert code == 0, capsys.readouterr().err
    plan = load_plan(out).plan
    lab = plan.for_stage("hall-b")
    assert lab.stages[0].start is None
    assert lab.segments[0].start == dt.datetime(2026, 6, 2, 14, 0)
    assert lab.schedule[0].start == dt.datetime(2026, 6, 2, 14, 0, tzinfo=BERLIN)
    assert main(["check", str(out)]) == 0


def test_a_broken_talk_in_a_room_left_out_with_day_is_a_warning(tmp_path: Path, capsys):
    """Issue 18 item 4 still holds for the rooms and days a plan of stages leaves out."""
    code, out = run(tmp_path, FIXTURES / "pretalx-bad-talk-elsewhere.json", "--day", "1", "--room", "Hall A")
    assert code == 0
    code, out = run(tmp_path, FIXTURES / "pretalx-bad-talk-elsewhere.json", "--day", "1")
    err = capsys.readouterr().err
    assert code == 1  # day 1 holds Hall B's broken talk, and Hall B is a stage of this plan
    assert 'room "Hall B", talk 1 "A talk with a broken duration"' in err
