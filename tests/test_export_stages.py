"""``export PLAN`` of a plan with several stages merges every stage's journal; a one-stage export
keeps the contract's csv header byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from runofshow.cli import main
from runofshow.live import open_show
from runofshow.show import AddTime, FakeClock, Go

FESTIVAL = Path(__file__).resolve().parent.parent / "sample_events" / "festival.toml"
T0 = dt.datetime(2026, 12, 10, 8, 30, tzinfo=dt.UTC)  # 09:30 in Hamburg: the doors
CONTRACT = (
    "segment_id,title,kind,speakers,planned_start,planned_duration_s,actual_start,actual_end,"
    "actual_duration_s,over_under_s,status"
)


@pytest.fixture
def festival(tmp_path: Path) -> Path:
    path = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, path)
    clock = FakeClock(T0)
    main_hall = open_show(path, clock, stage="main").show
    lab = open_show(path, clock, stage="lab").show
    main_hall.do(Go(at=clock.now()))
    clock.advance(30 * 60)
    lab.do(Go(at=clock.now()))
    lab.do(AddTime(at=clock.now(), seconds=300))
    clock.advance(60)
    main_hall.do(Go(at=clock.now()))
    main_hall.close()
    lab.close()
    return path  # the garden has no journal: exported as planned


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 0
    return capsys.readouterr().out


def test_csv_appends_a_stage_column_and_holds_every_stage(festival: Path, capsys) -> None:
    text = export(capsys, str(festival), "--format", "csv")
    assert text.splitlines()[0] == CONTRACT + ",stage"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["segment_id"] for r in rows if r["stage"] == "main"][:2] == ["welcome", "keynote"]
    assert {r["stage"] for r in rows} == {"main", "lab", "garden"} and len(rows) == 17
    welcome = next(r for r in rows if r["segment_id"] == "welcome")
    assert welcome["actual_duration_s"] == str(31 * 60) and welcome["status"] == "done"
    assert next(r for r in rows if r["segment_id"] == "lab-tides")["status"] == "live"
    assert next(r for r in rows if r["segment_id"] == "garden-set")["status"] == "not_started"


def test_a_stage_journal_alone_exports_with_the_contract_header(festival: Path, capsys) -> None:
    text = export(capsys, str(festival.with_name("festival.main.journal.jsonl")), "--format", "csv")
    assert text.splitlines()[0] == CONTRACT


def test_json_and_md_group_by_stage(festival: Path, capsys) -> None:
    merged = json.loads(export(capsys, str(festival), "--format", "json"))
    assert [(s["stage"], s["name"]) for s in merged["stages"]] == [
        ("main", "Main hall"),
        ("lab", "Workshop room"),
        ("garden", "Garden stage"),
    ]
    md = export(capsys, str(festival), "--format", "md")
    assert (
        md.index("# Stage: Main hall")
        < md.index("# Stage: Workshop room")
        < md.index("# Stage: Garden stage")
    )


def test_ics_has_every_stage_with_its_name_as_location(festival: Path, capsys) -> None:
    calendar = Calendar.from_ical(export(capsys, str(festival), "--format", "ics"))
    events = {str(e["SUMMARY"]): str(e["LOCATION"]) for e in calendar.walk("VEVENT")}
    assert len(events) == 17
    assert events["Welcome to Harbour Lights"] == "Main hall"
    assert events["Workshop: reading tide data"] == "Workshop room"
    assert events["Garden talk: harbour stories"] == "Garden stage"


def test_other_formats_are_made_per_stage(festival: Path, capsys) -> None:
    assert main(["export", str(festival), "--format", "toml"]) == 2
    assert "toml is made per stage" in capsys.readouterr().err
