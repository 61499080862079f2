"""`runofshow import` of a spreadsheet saved as CSV: a one-room evening meetup, and the spellings
spreadsheets use for times, durations and delimiters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SOURCE = FIXTURES / "frontend-night-43.csv"
JERUSALEM = ZoneInfo("Asia/Jerusalem")


def run(*args: str) -> int:
    return main(["import", *map(str, args)])


def import_text(tmp_path: Path, text: str | bytes, *args: str, name: str = "sheet.csv"):
    source = tmp_path / name
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp_path / "plan.toml"
    code = run(source, "-o", out, "--force", *args)
    return code, (load_plan(out).plan if code == 0 else None)


def test_meetup(tmp_path: Path, capsys):
    out = tmp_path / "meetup.toml"
    assert (
        run(
            SOURCE,
            "-o",
            out,
            "--day",
            "2026-12-03",
            "--timezone",
            "Asia/Jerusalem",
            "--title",
            "Frontend Night #43",
        )
        == 0
    )
    assert capsys.readouterr().err == ""
    plan = load_plan(out).plan
    assert (plan.event.title, plan.event.date, plan.event.start, plan.event.timezone, plan.event.venue) == (
        "Frontend Night #43",
        dt.date(2026, 12, 3),
        dt.time(18, 0),
        "Asia/Jerusalem",
        None,
    )
    assert [
        (f"{s.start:%H:%M}", s.segment.title, s.segment.kind, s.segment.duration // 60, s.gap_before)
        for s in plan.schedule
    ] == [
        ("18:00", "Doors, pizza and networking", "break", 30, 0),
        ("18:30", "Welcome and house rules", "host", 5, 0),
        ("18:35", "Design tokens at scale", "talk", 35, 0),
        ("19:15", "Break", "break", 15, 5 * 60),  # ends 19:10, the break starts 19:15: a gap, a hard start
        ("19:30", "Bundlers are compilers now", "talk", 30, 0),  # no kind: a talk, it has a speaker
        ("20:00", "Lightning talks (3 x 5 minutes)", "talk", 20, 0),  # no start: follows the row above
        ("20:20", "Closing, next meetup, sponsors", "host", 5, 0),
        ("20:25", "Networking", "break", 45, 0),  # no kind, no speakers: read from the title
    ]
    assert [s.start for s in plan.segments] == [None, None, None, dt.time(19, 15), None, None, None, None]
    assert plan.end == dt.datetime(2026, 12, 3, 21, 10, tzinfo=JERUSALEM)


def test_meetup_people(tmp_path: Path, capsys):
    out = tmp_path / "meetup.toml"
    assert run(SOURCE, "-o", out, "--day", "2026-12-03") == 0
    plan = load_plan(out).plan
    assert [(p.id, p.name, p.role) for p in plan.people] == [
        ("tamar-stern", "Tamar Stern", "host"),
        ("dana-levi", "Dana Levi", "speaker"),
        ("yossi-ben-david", "Yossi Ben-David", "speaker"),
        ("noa-katz", "Noa Katz", "speaker"),
        ("avi-mizrahi", "Avi Mizrahi", "speaker"),
    ]
    assert (
        plan.person_by_id["dana-levi"].intro == "Dana leads the design-systems team at a large web company."
    )
    welcome = plan.segment_by_id["welcome-and-house-rules"]
    assert (welcome.owner, welcome.speakers, welcome.notes) == ("tamar-stern", (), "Code of conduct slide up")
    # "Noa Katz; Avi Mizrahi & Dana Levi": three speakers, Dana the same person as in her talk
    assert plan.segment_by_id["lightning-talks-3-x-5-minutes"].speakers == (
        "noa-katz",
        "avi-mizrahi",
        "dana-levi",
    )


def test_meetup_without_date_title_or_timezone_says_what_it_assumed(tmp_path: Path, capsys):
    out = tmp_path / "meetup.toml"
    assert run(SOURCE, "-o", out) == 0
    err = capsys.readouterr().err.splitlines()
    today = dt.date.today()
    assert err == [
        f"note: no date in the CSV: the plan is dated {today.isoformat()} (today); pass --day DATE for another",
        'note: csv gives no event title: the plan is titled "Frontend night 43"; pass --title',
        "note: the source names no timezone: the plan has none, so its times are read in the laptop's timezone;"
        " pass --timezone ZONE (e.g. Europe/Berlin) to fix it",
    ]
    plan = load_plan(out).plan
    assert (plan.event.date, plan.event.title, plan.event.timezone) == (today, "Frontend night 43", None)


def test_end_column_am_pm_semicolons_and_bom(tmp_path: Path, capsys):
    text = (
        "\ufeffSession;Time;Ends;Speaker;Type\r\n"
        "Doors open;6pm;6:30 PM;;\r\n"
        "Opening;6:30 PM;6:40 PM;Ida Berg;host\r\n"
        "Keynote;6:45 PM;7:30 PM;Ida Berg;keynote\r\n"
    )
    code, plan = import_text(tmp_path, text, "--day", "2026-03-05")
    assert code == 0
    assert [
        (f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.segment.title, s.segment.kind, s.gap_before)
        for s in plan.schedule
    ] == [
        ("18:00", "18:30", "Doors open", "break", 0),
        ("18:30", "18:40", "Opening", "host", 0),
        ("18:45", "19:30", "Keynote", "talk", 5 * 60),
    ]
    assert plan.segment_by_id["opening"].owner == "ida-berg"
    assert plan.segment_by_id["keynote"].speakers == ("ida-berg",)


@pytest.mark.parametrize(
    "duration, seconds",
    [
        ("30", 1800),
        ("30m", 1800),
        ("1h30m", 5400),
        ("0:30", 1800),
        ("00:45:00", 2700),
        ("20 min", 1200),
        ("1h", 3600),
    ],
)
def test_duration_spellings(tmp_path: Path, capsys, duration: str, seconds: int):
    code, plan = import_text(
        tmp_path, f"title,start,duration\nTalk,19.00,{duration}\n", "--day", "2026-03-05"
    )
    assert code == 0
    assert plan.segments[0].duration == seconds
    assert plan.event.start == dt.time(19, 0)


def test_past_midnight(tmp_path: Path, capsys):
    text = "title,start,end\nLate show,23:00,23:50\nAfter hours,00:15,01:00\n"
    code, plan = import_text(tmp_path, text, "--day", "2026-12-31", "--timezone", "Europe/Berlin")
    assert code == 0
    assert [(s.start.isoformat(), s.gap_before) for s in plan.schedule] == [
        ("2026-12-31T23:00:00+01:00", 0),
        ("2027-01-01T00:15:00+01:00", 25 * 60),
    ]
    assert plan.segments[1].start == dt.time(0, 15)


def test_an_end_past_midnight(tmp_path: Path, capsys):
    code, plan = import_text(tmp_path, "title,start,end\nParty,22:00,01:30\n", "--day", "2026-12-31")
    assert code == 0
    assert plan.segments[0].duration == 3 * 3600 + 30 * 60


def test_date_and_room_columns_choose_like_a_conference(tmp_path: Path, capsys):
    text = (
        "date,room,title,start,duration,speakers\n"
        "2026-06-01,Hall A,Opening,09:00,15,Eva Lund\n"
        "2026-06-01,Hall B,Side talk,09:00,30,Omar Haddad\n"
        "2026-06-02,Hall A,Day two,10:00,45,Eva Lund\n"
        ",,Day two again,,30,Eva Lund\n"
    )
    code, whole = import_text(tmp_path, text)  # issue 14: every room a stage, every day (was exit 2)
    assert code == 0
    assert [(s.id, s.name) for s in whole.stages] == [("hall-a", "Hall A"), ("hall-b", "Hall B")]
    assert [(s.segment.stage, f"{s.start:%m-%d %H:%M}", s.segment.title) for s in whole.schedule] == [
        ("hall-a", "06-01 09:00", "Opening"),
        ("hall-b", "06-01 09:00", "Side talk"),
        ("hall-a", "06-02 10:00", "Day two"),
        ("hall-a", "06-02 10:45", "Day two again"),
    ]
    assert whole.segments[2].start == dt.datetime(2026, 6, 2, 10, 0)  # a dated start opens day 2
    code, plan = import_text(tmp_path, text, "--room", "hall a", "--day", "2026-06-02")
    assert code == 0
    assert plan.event.venue == "Hall A"
    assert [(f"{s.start:%H:%M}", s.segment.title) for s in plan.schedule] == [
        ("10:00", "Day two"),
        ("10:45", "Day two again"),
    ]


def test_unknown_columns_are_named(tmp_path: Path, capsys):
    code, plan = import_text(
        tmp_path, "title,start,duration,Mic,AV notes\nTalk,19:00,30,lapel,HDMI\n", "--day", "2026-03-05"
    )
    assert code == 0
    assert "note: columns not imported: Mic, AV notes" in capsys.readouterr().err


def test_detected_without_csv_suffix_and_forced_with_from(tmp_path: Path, capsys):
    code, plan = import_text(
        tmp_path, "Title\tStart\tLength\nTalk\t19:00\t25\n", "--day", "2026-03-05", name="sheet.tsv.txt"
    )
    assert code == 0 and plan.segments[0].duration == 25 * 60
    code, plan = import_text(
        tmp_path,
        "Title,Start,Length\nTalk,19:00,25\n",
        "--day",
        "2026-03-05",
        "--from",
        "csv",
        name="sheet.dat",
    )
    assert code == 0 and plan.segments[0].title == "Talk"
