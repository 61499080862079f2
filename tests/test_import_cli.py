"""`runofshow import` as a command: every room and day or the chosen ones, refusing to overwrite, exit codes.

Exit 2 is for the command line (a missing SOURCE, an existing PLAN without --force, a room or
day not found, a bad --timezone); exit 1 for a bad source (see test_import_bad_sources.py).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
PRETALX = FIXTURES / "lcd2026-pretalx.json"
FRAB = FIXTURES / "lcd2026-frab.xml"
SESSIONIZE = FIXTURES / "lcd2026-sessionize-all.json"
CSV = FIXTURES / "frontend-night-43.csv"


def run(*args: object) -> int:
    return main(["import", *map(str, args)])


# --- rooms and days: all of them, or the chosen ones ----------------------------------------------------------------


def test_several_rooms_and_days_and_none_chosen_is_one_plan_of_stages(tmp_path: Path, capsys):
    """Issue 14 (which changes issue 18's contract): no more refusal until --room and --day are
    given; every room is a stage and every day is in the plan."""
    out = tmp_path / "plan.toml"
    assert run(PRETALX, "-o", out) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"wrote {out}: Lisbon Code Days 2026, 3 stages over 2 days (Europe/Lisbon): 30 segments"
        " (4 breaks, 11 gaps), 12 people",
        "  main-hall     Main Hall: Thu 2026-05-14 09:00-16:00, Fri 2026-05-15 09:00-14:00 (19 segments)",
        "  room-tejo     Room Tejo: Thu 2026-05-14 10:30-14:45, Fri 2026-05-15 09:45-13:45 (7 segments)",
        "  workshop-lab  Workshop Lab: Thu 2026-05-14 10:30-15:30, Fri 2026-05-15 09:30-15:30 (4 segments)",
        f"next: add checklists, handoffs and needs, then `runofshow check {out}`,"
        f" then `runofshow run {out} --stage ID` on each stage",
    ]
    plan = load_plan(out).plan
    assert [(s.id, s.name, s.start) for s in plan.stages] == [
        ("main-hall", "Main Hall", None),
        ("room-tejo", "Room Tejo", dt.time(10, 30)),
        ("workshop-lab", "Workshop Lab", dt.time(10, 30)),
    ]
    assert plan.event.venue is None  # the rooms are the stages
    assert plan.days == 2
    assert main(["check", str(out)]) == 0


def test_a_room_but_no_day_is_one_stage_over_every_day(tmp_path: Path, capsys):
    out = tmp_path / "p.toml"
    assert run(FRAB, "-o", out, "--room", "Room Tejo", "--from", "frab-xml") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:2] == [
        f'wrote {out}: Lisbon Code Days 2026, "Room Tejo", 2 days (Europe/Lisbon): 7 segments (0 breaks, 4 gaps),'
        " 7 people",
        "  Thu 2026-05-14 10:30-14:45, Fri 2026-05-15 09:45-13:45 (7 segments)",
    ]
    plan = load_plan(out).plan
    assert plan.stages == () and plan.event.venue == "Room Tejo"  # one room: no [[stages]], as before
    assert [(plan.day_of[s.segment.id], f"{s.start:%m-%d %H:%M}") for s in plan.schedule][3:5] == [
        (1, "05-14 14:15"),
        (2, "05-15 09:45"),
    ]
    assert "start = 2026-05-15T09:45:00\n" in out.read_text(encoding="utf-8")


def test_a_day_but_no_room_is_every_room_on_that_day(tmp_path: Path, capsys):
    out = tmp_path / "p.toml"
    assert run(PRETALX, "-o", out, "--day", "2") == 0
    plan = load_plan(out).plan
    assert [s.id for s in plan.stages] == ["main-hall", "room-tejo", "workshop-lab"]
    assert plan.days == 1 and {s.start.date() for s in plan.schedule} == {dt.date(2026, 5, 15)}
    assert not any(isinstance(s.start, dt.datetime) for s in plan.segments)  # one day: no dated start


def test_one_room_one_day_needs_no_choice(tmp_path: Path, capsys):
    assert run(CSV, "-o", tmp_path / "p.toml", "--day", "2026-12-03") == 0


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ("--room", "Kitchen", "--day", "1"),
            '--room "Kitchen" is not a room in the source; rooms: "Main Hall", "Room Tejo", "Workshop Lab"',
        ),
        (
            ("--room", "a", "--day", "1"),
            '--room "a" matches several rooms; rooms: "Main Hall", "Workshop Lab"',
        ),
        (
            ("--room", "Main Hall", "--day", "2026-05-16"),
            "--day 2026-05-16 is not a day of the source; days: 1: 2026-05-14 (Thu), 2: 2026-05-15 (Fri)",
        ),
        (
            ("--room", "Main Hall", "--day", "3"),
            "--day 3: the source has 2 day(s): 1: 2026-05-14 (Thu), 2: 2026-05-15 (Fri)",
        ),
        (
            ("--room", "Main Hall", "--day", "Thursday"),
            '--day "Thursday": give a date like 2026-05-14 or a day number like 1',
        ),
        (
            ("--room", "Main Hall", "--day", "1", "--timezone", "Europe/Lisboa"),
            '--timezone: unknown timezone "Europe/Lisboa" (use an IANA name like Europe/Berlin)',
        ),
    ],
    ids=[
        "unknown-room",
        "ambiguous-room",
        "unknown-day",
        "day-number-too-big",
        "day-not-a-date",
        "bad-timezone",
    ],
)
def test_bad_choices_are_usage_errors(tmp_path: Path, capsys, args, expected):
    out = tmp_path / "p.toml"
    assert run(PRETALX, "-o", out, *args) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert not out.exists()


def test_a_room_with_nothing_that_day(tmp_path: Path, capsys):
    source = tmp_path / "two-days.csv"
    source.write_text(
        "date,room,title,start,duration\n2026-06-01,Hall A,Opening,09:00,15\n"
        "2026-06-01,Hall B,Side talk,09:00,30\n2026-06-02,Hall A,Day two,10:00,45\n"
    )
    assert run(source, "-o", tmp_path / "p.toml", "--room", "Hall B", "--day", "2026-06-02") == 2
    err = capsys.readouterr().err
    assert (
        'nothing is scheduled in "Hall B" on 2026-06-02; that room has sessions on: 2026-06-01 (Mon)' in err
    )


# --- the output file --------------------------------------------------------------------------


def test_never_overwrites_without_force(tmp_path: Path, capsys):
    out = tmp_path / "plan.toml"
    out.write_text("# my hand-edited plan\n")
    assert run(CSV, "-o", out, "--day", "2026-12-03") == 2
    assert (
        capsys.readouterr().err == f"{out}: already exists; not overwriting it (pass --force to replace it)\n"
    )
    assert out.read_text() == "# my hand-edited plan\n"
    assert run(CSV, "-o", out, "--day", "2026-12-03", "--force") == 0
    assert load_plan(out).plan.segments[0].title == "Doors, pizza and networking"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]  # no temporary file left behind


def test_a_missing_source_is_reported_before_an_existing_output(tmp_path: Path, capsys):
    out = tmp_path / "plan.toml"
    out.write_text("x")
    assert run(tmp_path / "missing.json", "-o", out) == 2
    assert "no such file" in capsys.readouterr().err


def test_never_overwrites_the_source_even_with_force(tmp_path: Path, capsys):
    source = tmp_path / "meetup.csv"
    source.write_bytes(CSV.read_bytes())
    assert run(source, "-o", source, "--force", "--day", "2026-12-03") == 2
    assert capsys.readouterr().err == f"{source}: is the source itself; write the plan to another file\n"
    assert source.read_bytes() == CSV.read_bytes()


@pytest.mark.parametrize("where", ["dir", "no-parent"])
def test_unwritable_output(tmp_path: Path, capsys, where):
    out = tmp_path if where == "dir" else tmp_path / "nope" / "plan.toml"
    assert run(CSV, "-o", out, "--day", "2026-12-03") == 2
    err = capsys.readouterr().err
    assert ("is a directory" in err) if where == "dir" else ("cannot write: no directory" in err)


def test_output_to_stdout(tmp_path: Path, capsys):
    assert run(CSV, "-o", "-", "--day", "2026-12-03", "--title", "Frontend Night #43") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Imported by `runofshow import` from frontend-night-43.csv (csv): 2026-12-03.\n")
    assert '[event]\ntitle = "Frontend Night #43"\ndate = 2026-12-03\nstart = 18:00:00\n' in out


# --- the source file --------------------------------------------------------------------------


def test_missing_source(tmp_path: Path, capsys):
    assert run(tmp_path / "schedule.json", "-o", tmp_path / "p.toml") == 2
    assert capsys.readouterr().err == f"{tmp_path / 'schedule.json'}: no such file\n"


def test_source_is_a_directory(tmp_path: Path, capsys):
    assert run(tmp_path, "-o", tmp_path / "p.toml") == 2
    assert "is a directory, not a schedule file" in capsys.readouterr().err


def test_unknown_format_name_is_argparse_usage(tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(PRETALX, "-o", tmp_path / "p.toml", "--from", "ical")
    assert exit_info.value.code == 2
    assert "invalid choice: 'ical'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "source, fmt", [(PRETALX, "pretalx"), (FRAB, "frab-xml"), (SESSIONIZE, "sessionize"), (CSV, "csv")]
)
def test_detected_and_forced_formats_agree(tmp_path: Path, capsys, source: Path, fmt: str):
    args = ["--room", "Main Hall", "--day", "1"] if fmt != "csv" else ["--day", "2026-12-03"]
    detected, forced = tmp_path / "detected.toml", tmp_path / "forced.toml"
    assert run(source, "-o", detected, *args) == 0
    assert run(source, "-o", forced, "--from", fmt, *args) == 0
    assert detected.read_text() == forced.read_text()
    assert f"({fmt})" in detected.read_text().splitlines()[0]


def test_a_gap_the_plan_cannot_hold(tmp_path: Path, capsys):
    source = tmp_path / "overnight.csv"
    source.write_text("title,start,duration\nEvening,2026-06-01 20:00,30\nMorning,2026-06-02 09:00,30\n")
    assert run(source, "-o", tmp_path / "p.toml") == 1
    err = capsys.readouterr().err
    assert 'row 3 "Morning": starts 2026-06-02 09:00, 12h30m after "Evening" ends (2026-06-01 20:30)' in err
    assert not (tmp_path / "p.toml").exists()


# --- as a program -----------------------------------------------------------------------------


def runofshow(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "runofshow.cli", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_as_a_program(tmp_path: Path):
    out = tmp_path / "main.toml"
    result = runofshow("import", PRETALX, "-o", out, "--room", "Main Hall", "--day", "2026-05-14")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f'wrote {out}: Lisbon Code Days 2026, "Main Hall" on Thu 2026-05-14, 09:00-16:00 (Europe/Lisbon):'
        " 11 segments (2 breaks, 2 gaps), 6 people",
        f"next: add checklists, handoffs and needs, then `runofshow check {out}`",
    ]
    check = runofshow("check", out)
    assert check.returncode == 0, check.stderr
    assert "gap of 15m before 'panel-maintaining-open-source-in-2026' (hard start 11:45)" in check.stdout


def test_help_lists_import_and_its_exit_codes():
    result = runofshow("--help")
    assert "import" in result.stdout
    result = runofshow("import", "--help")
    assert result.returncode == 0
    assert "exit status:" in result.stdout and "--force" in result.stdout and "sessionize" in result.stdout


def test_import_does_not_load_textual(tmp_path: Path):
    code = (
        "import sys\nfrom runofshow.cli import main\n"
        f"rc = main(['import', {str(CSV)!r}, '-o', {str(tmp_path / 'p.toml')!r}, '--day', '2026-12-03'])\n"
        "assert rc == 0, rc\n"
        "heavy = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
