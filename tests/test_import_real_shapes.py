"""`runofshow import` of what real schedules hold (issue 18): one fixture and tests per item.

Each fixture is small and hand-made, in the shape of a real export; its test's docstring names
which one. The times asserted are instants (compared in UTC), never wall-clock datetimes alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.cli import main
from runofshow.importers.build import build_plan
from runofshow.importers.errors import MAX_WARNINGS, summarise
from runofshow.importers.parsing import Options, at, instant, plus
from runofshow.importers.run import read_schedule
from runofshow.importers.selection import select
from runofshow.importers.words import clean_bio, plain_text, service_kind
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def run_import(tmp_path: Path, capsys, name: str, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "plan.toml"
    code = main(["import", str(FIXTURES / name), "-o", str(out), *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err, out


def slots(out: Path) -> list[tuple[dt.datetime, str, str, int]]:
    """(start in UTC, title, kind, seconds) of each segment of the written plan."""
    plan = load_plan(out).plan
    return [
        (s.start.astimezone(UTC), s.segment.title, s.segment.kind, s.segment.duration) for s in plan.schedule
    ]


# --- 1. frab XML without <date> on events: a day runs past midnight ---------------------------


def test_an_event_earlier_than_the_one_before_it_is_after_midnight(tmp_path: Path, capsys):
    """Mirrors FOSDEM 2013-2024 schedule.xml (events without <date>) with a CCC Fahrplan night.

    22:00 (1h) then 00:30: the 00:30 talk is on the next calendar day, 1h30 after the 22:00 talk
    ends, in day 1's programme; not 20 hours before it on the same date.
    """
    code, err, out = run_import(tmp_path, capsys, "night-fahrplan-nodate.xml", "--day", "1")
    assert code == 0, err
    assert "1 talk(s) start earlier than the talk before them" in err
    assert '"After-midnight talk"' in err
    got = slots(out)
    assert [title for _, title, _, _ in got] == ["Evening talk", "Late talk", "After-midnight talk"]
    assert got[2][0] == dt.datetime(2026, 12, 28, 0, 30, tzinfo=BERLIN).astimezone(UTC)
    assert got[2][0] - (got[1][0] + dt.timedelta(seconds=got[1][3])) == dt.timedelta(minutes=90)
    plan = load_plan(out).plan
    assert plan.schedule[2].segment.start == dt.time(0, 30)
    assert plan.schedule[2].start.date() == dt.date(2026, 12, 28)


def test_the_next_day_of_a_source_without_dates_is_unchanged(tmp_path: Path, capsys):
    """Mirrors FOSDEM 2013-2024 schedule.xml: day 2 starts fresh; nothing rolls over into it."""
    code, err, out = run_import(tmp_path, capsys, "night-fahrplan-nodate.xml", "--day", "2")
    assert code == 0, err
    assert slots(out)[0][0] == dt.datetime(2026, 12, 28, 11, 0, tzinfo=BERLIN).astimezone(UTC)


# --- 2. the night the clocks go back, and forward ---------------------------------------------


def test_the_hour_the_clocks_go_back_is_not_lost(tmp_path: Path, capsys):
    """Mirrors a pretalx schedule.json (c3voc schema) on 2024-10-27 in Europe/Berlin.

    01:00+02:00 (1h30) ends 00:30 UTC; 02:30+01:00 starts 01:30 UTC: a gap of one real hour. A
    plan's hard start "02:30" would mean the first 02:30, an hour early: the importer's own check
    compares in real time and says so (exit 1), instead of writing a plan that loses the hour.
    """
    code, err, out = run_import(tmp_path, capsys, "clocks-go-back.json")
    assert code == 1
    assert '"Second 02:30": starts 2024-10-27 02:30 +01:00, after the clocks went back' in err
    assert "means the first one (+02:00), 1h too early" in err
    assert not out.exists()


def test_real_time_order_and_gap_across_the_change():
    """The schedule read from the same fixture: the talks keep their real-time order and gaps."""
    source = str(FIXTURES / "clocks-go-back.json")
    schedule = read_schedule((FIXTURES / "clocks-go-back.json").read_bytes(), source, None, Options())
    late, second = schedule.talks[1], schedule.talks[2]
    assert second.start.fold == 1 and second.start.utcoffset() == dt.timedelta(hours=1)
    assert instant(second.start) - instant(late.end) == dt.timedelta(hours=1)
    # As wall-clock datetimes sharing a ZoneInfo they would compare equal: that is the trap.
    assert late.end == second.start.replace(fold=0)


def test_a_schedule_that_runs_straight_through_the_change_imports(tmp_path: Path, capsys):
    """A 2h set from 01:00+02:00 ends at 02:00+01:00 (three wall-clock hours later is 2 real hours):
    the next set follows it with no hard start, and every instant is right."""
    text = (FIXTURES / "clocks-go-back.json").read_text(encoding="utf-8")
    text = text.replace('"duration": "01:30"', '"duration": "02:00"')
    text = text.replace("2024-10-27T02:30:00+01:00", "2024-10-27T02:00:00+01:00").replace(
        '"start": "02:30"', '"start": "02:00"'
    )
    source = tmp_path / "straight.json"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(out)]) == 0, capsys.readouterr().err
    got = slots(out)
    assert [start for start, *_ in got] == [
        dt.datetime(2024, 10, 26, 21, 0, tzinfo=UTC),
        dt.datetime(2024, 10, 26, 23, 0, tzinfo=UTC),
        dt.datetime(2024, 10, 27, 1, 0, tzinfo=UTC),
    ]
    assert load_plan(out).plan.segments[2].start is None


def test_a_first_talk_in_the_repeated_hour_is_caught(tmp_path: Path, capsys):
    """The same fixture with only the talk at 02:30+01:00: the plan's start "02:30" would mean
    02:30+02:00; the check of every start in real time catches it."""
    text = (FIXTURES / "clocks-go-back.json").read_text(encoding="utf-8")
    data = json.loads(text)
    talks = data["schedule"]["conference"]["days"][0]["rooms"]["Tent"]
    data["schedule"]["conference"]["days"][0]["rooms"]["Tent"] = talks[2:]
    source = tmp_path / "one.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "p.toml")]) == 1
    err = capsys.readouterr().err
    assert (
        '"Second 02:30" starts at 2024-10-27 02:30 +01:00 in the source, but the plan would place it at'
        " 2024-10-27 02:30 +02:00: the clocks go back that night"
    ) in err


def test_a_start_the_clocks_skip_is_named(tmp_path: Path, capsys):
    """Mirrors FOSDEM 2013-2024 schedule.xml (no <date>) on 2024-03-31 in Europe/Berlin: 02:30
    does not exist that night, and the message says so, with the jump."""
    code, err, _ = run_import(tmp_path, capsys, "clocks-go-forward.xml")
    assert code == 1
    assert (
        '"A set at a time that does not exist": <start> 02:30: 2024-03-31 02:30 does not exist in'
        " Europe/Berlin: the clocks go forward by 1h that night (+01:00 -> +02:00), so no clock shows 02:30"
    ) in err


def test_at_refuses_a_skipped_time_and_keeps_a_repeated_one():
    with pytest.raises(ValueError, match="does not exist in Europe/Berlin"):
        at(dt.date(2024, 3, 31), dt.time(2, 30), BERLIN)
    first = at(dt.date(2024, 10, 27), dt.time(2, 30), BERLIN)
    second = at(dt.date(2024, 10, 27), dt.time(2, 30), BERLIN, fold=1)
    assert instant(second) - instant(first) == dt.timedelta(hours=1)


# --- 3. Sessionize isServiceSession -----------------------------------------------------------


def test_service_sessions_are_breaks_only_when_their_title_says_so(tmp_path: Path, capsys):
    """Mirrors a Sessionize "All" export (https://sessionize.com/api/v2/ID/view/All) where the
    organizers marked a keynote, a hands-on block and the after-party as service sessions."""
    code, err, out = run_import(
        tmp_path, capsys, "sessionize-service-sessions.json", "--timezone", "Asia/Tokyo"
    )
    assert code == 0, err
    kinds = {title: kind for _, title, kind, _ in slots(out)}
    assert kinds == {
        "Welcome & opening": "host",
        "Keynote: Building for the Next Billion": "other",
        "Kaffeepause": "break",
        "Hands-on block: bring your laptop": "other",
        "Lunch": "break",
        "Scaling Postgres": "talk",
        "昼食休憩": "break",
        "After-party": "other",
    }


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Coffee Breaks", "break"),
        ("Mittagessen", "break"),
        ("Pause café", "break"),
        ("Almuerzo", "break"),
        ("Registration & breakfast", "break"),
        ("Breakout rooms", "other"),
        ("Teardown", "other"),
        ("Keynote", "other"),
        ("Networking drinks", "other"),
        ("Opening", "host"),
    ],
)
def test_service_kind_words(title: str, kind: str):
    assert service_kind(title) == kind


# --- 4. one bad talk must not sink the import -------------------------------------------------


def test_a_problem_in_another_room_or_day_is_a_warning(tmp_path: Path, capsys):
    """Mirrors a frab/pretalx schedule.json (c3voc schema): one talk in Hall B has a broken
    duration, one on day 2 an impossible time. Hall A on day 1 imports, and both are warnings."""
    code, err, out = run_import(
        tmp_path, capsys, "pretalx-bad-talk-elsewhere.json", "--room", "Hall A", "--day", "1"
    )
    assert code == 0, err
    assert (
        'warning: not imported, day 1 (2026-06-01), room "Hall B", talk 1 "A talk with a broken duration":'
        " duration: 'soon' is not a duration"
    ) in err
    assert (
        'warning: not imported, day 2 (2026-06-02), room "Hall A", talk 1 "A talk at an impossible time"'
        in err
    )
    assert [title for _, title, _, _ in slots(out)] == ["Opening keynote", "Packaging in 2026"]


@pytest.mark.parametrize("room, day", [("Hall B", "1"), ("Hall A", "2")])
def test_a_problem_in_the_chosen_room_and_day_stops_the_import(tmp_path: Path, capsys, room, day):
    """The same source: the chosen room and day hold the broken talk, so it is exit 1 (and with
    no talk left there, every problem of the source is listed)."""
    code, err, out = run_import(
        tmp_path, capsys, "pretalx-bad-talk-elsewhere.json", "--room", room, "--day", day
    )
    assert code == 1
    assert "warning" not in err
    assert f'room "{room}", talk 1 "A talk' in err
    assert not out.exists()


def test_a_problem_in_a_room_the_importer_chose_by_itself_stops_the_import(tmp_path: Path, capsys):
    """The same source with --room only: day 1 is the one day left with talks, but the user never
    said day 2 was not wanted, so its broken talk is not passed over."""
    code, err, _ = run_import(tmp_path, capsys, "pretalx-bad-talk-elsewhere.json", "--room", "Hall A")
    assert code == 1
    assert err.splitlines() == [
        f'{FIXTURES / "pretalx-bad-talk-elsewhere.json"}: day 2 (2026-06-02), room "Hall A", talk 1'
        ' "A talk at an impossible time": start: "10:61" is not a possible time of day'
    ]


def test_without_a_choice_every_problem_is_reported(tmp_path: Path, capsys):
    """Until a room and day are chosen, the list of choices could not say which problems matter."""
    code, err, _ = run_import(tmp_path, capsys, "pretalx-bad-talk-elsewhere.json")
    assert code == 1
    assert len(err.splitlines()) == 2


def test_people_are_named_as_the_voc_tools_read_them(tmp_path: Path, capsys):
    """The same source names people by full_public_name, full_name, name and public_name."""
    code, err, out = run_import(
        tmp_path, capsys, "pretalx-bad-talk-elsewhere.json", "--room", "Hall A", "--day", "1"
    )
    assert code == 0, err
    assert [p.name for p in load_plan(out).plan.people] == ["Ana de Vries", "Bram Jansen"]


def test_a_nameless_sessionize_speaker_matters_only_where_named(tmp_path: Path, capsys):
    """Mirrors a Sessionize "All" export with a speaker whose fullName is empty and who holds no
    session: the import is not stopped by it."""
    code, err, _ = run_import(
        tmp_path, capsys, "sessionize-service-sessions.json", "--timezone", "Asia/Tokyo"
    )
    assert code == 0, err


# --- 5. spreadsheets --------------------------------------------------------------------------


def test_room_name_column_breaks_without_room_and_same_titles(tmp_path: Path, capsys):
    """Mirrors a conference spreadsheet exported as CSV (Date, Time, Room Name, Track, Session,
    Length, Speaker): "Room Name" is the room column (Track is not), the coffee break with an
    empty room is in both rooms, and "Lightning talks" in both rooms is two sessions, not a warning."""
    code, err, out = run_import(
        tmp_path, capsys, "conference-rooms.csv", "--room", "Side Room", "--timezone", "Europe/London"
    )
    assert code == 0, err
    assert "warning" not in err
    assert "columns not imported: Track" in err
    assert [(title, kind) for _, title, kind, _ in slots(out)] == [
        ("Lightning talks", "other"),
        ("Coffee break", "break"),
        ("Hands-on Rust", "talk"),
    ]
    code, err, out = run_import(
        tmp_path,
        capsys,
        "conference-rooms.csv",
        "--room",
        "Main Stage",
        "--timezone",
        "Europe/London",
        "--force",
    )
    assert code == 0, err
    assert [title for _, title, _, _ in slots(out)] == [
        "Opening keynote",
        "Coffee break",
        "Lightning talks",
        "Closing notes",
    ]


@pytest.mark.parametrize(
    "header, room",
    [("Room", "A"), ("Stage", "A"), ("Hall", "A"), ("Location", "A"), ("Venue", "A"), ("Track", "A")],
)
def test_room_column_names(tmp_path: Path, capsys, header: str, room: str):
    """Spreadsheets in the wild head the room column any of these ways."""
    source = tmp_path / "sheet.csv"
    source.write_text(f"Title,Start,Duration,{header}\nTalk one,10:00,30,A\nTalk two,10:00,30,B\n")
    out = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(out), "--room", room, "--day", "2026-04-02"]) == 0
    assert load_plan(out).plan.event.venue == room


def test_an_unknown_room_is_exit_2_listing_the_rooms(tmp_path: Path, capsys):
    """The same spreadsheet: --room with a room it does not have is never silently ignored."""
    code, err, _ = run_import(tmp_path, capsys, "conference-rooms.csv", "--room", "Ballroom")
    assert code == 2
    assert err.strip().endswith(
        '--room "Ballroom" is not a room in the source; rooms: "Main Stage", "Side Room"'
    )


def test_a_room_for_a_source_without_rooms_is_exit_2(tmp_path: Path, capsys):
    """Mirrors a meetup spreadsheet without a room column (frontend-night-43.csv)."""
    code, err, _ = run_import(tmp_path, capsys, "frontend-night-43.csv", "--room", "Main Hall")
    assert code == 2
    assert '--room "Main Hall": the source has no rooms (no room column); leave out --room' in err


# --- 6. older and newer layouts ---------------------------------------------------------------


def test_fosdem_2007_2012_layout(tmp_path: Path, capsys):
    """Mirrors FOSDEM 2010 schedule.xml (pentabarf): events under <day>, <room> as a child element,
    listed by track; the plan has them in time order."""
    code, err, out = run_import(tmp_path, capsys, "fosdem2010.xml", "--room", "Janson", "--day", "1")
    assert code == 0, err
    brussels = ZoneInfo("Europe/Brussels")
    code, err, out = run_import(
        tmp_path,
        capsys,
        "fosdem2010.xml",
        "--room",
        "Janson",
        "--day",
        "1",
        "--timezone",
        "Europe/Brussels",
        "--force",
    )
    assert code == 0, err
    assert [(start, title) for start, title, _, _ in slots(out)] == [
        (dt.datetime(2010, 2, 6, 10, 0, tzinfo=brussels).astimezone(UTC), "Welcome to FOSDEM 2010"),
        (dt.datetime(2010, 2, 6, 11, 0, tzinfo=brussels).astimezone(UTC), "Kernel keynote"),
    ]
    code, err, out = run_import(
        tmp_path, capsys, "fosdem2010.xml", "--room", "H.1301", "--day", "1", "--force"
    )
    assert code == 0, err
    assert [title for _, title, _, _ in slots(out)] == ["Embedded devroom intro"]


def test_schedule_v2_hub_layout(tmp_path: Path, capsys):
    """Mirrors the c3voc schedule-v2 JSON of the CCC hub (voc/schedule validator example
    hub-schedule2.json, 38C3): one list of events, days with hours, persons with biographies. A
    talk at 00:15 belongs to the day whose hours hold it (day 1 runs until 06:00)."""
    code, err, out = run_import(tmp_path, capsys, "hub-schedule-v2.json", "--room", "ZIGZAG", "--day", "1")
    assert code == 0, err
    assert [(start, title) for start, title, _, _ in slots(out)] == [
        (dt.datetime(2026, 12, 27, 22, 15, tzinfo=UTC), "Racing AI at night"),
        (dt.datetime(2026, 12, 27, 23, 15, tzinfo=UTC), "After midnight: more racing"),
    ]
    people = load_plan(out).plan.people
    assert [(p.name, p.intro) for p in people] == [("Seb Racer", None)]  # the biography is "-"
    code, err, out = run_import(
        tmp_path, capsys, "hub-schedule-v2.json", "--room", "Saal 1", "--day", "1", "--force"
    )
    assert code == 0, err
    plan = load_plan(out).plan
    assert plan.event.title == "43C3" and plan.event.timezone == "Europe/Berlin"
    assert plan.people[0].intro == "Hosts the congress."


def test_an_html_page_says_so(tmp_path: Path, capsys):
    """Mirrors a pretalx schedule page saved from the browser instead of its export."""
    code, err, _ = run_import(tmp_path, capsys, "saved-page.html")
    assert code == 1
    assert "is an HTML page (probably a web page saved from the browser), not a schedule export" in err
    assert "https://sessionize.com/api/v2/ID/view/All" in err


@pytest.mark.parametrize(
    "content, said", [(b"", "is empty (0 bytes)"), (b"\n  \n", "is empty (only blank space)")]
)
def test_an_empty_file_says_it_is_empty(tmp_path: Path, capsys, content: bytes, said: str):
    """An export that failed half-way leaves an empty schedule.json: whatever its name, it is empty."""
    source = tmp_path / "schedule.json"
    source.write_bytes(content)
    assert main(["import", str(source), "-o", str(tmp_path / "p.toml")]) == 1
    assert capsys.readouterr().err == f"{source}: {said}: nothing to import\n"


# --- 7. speaker intros ------------------------------------------------------------------------


def test_placeholder_bios_are_dropped_and_markup_is_plain_text(tmp_path: Path, capsys):
    """Mirrors a pretalx schedule.json whose speakers left "." "-" "TODO" "tbd" "Hi" as biography,
    and whose titles and biographies hold HTML and Markdown."""
    code, err, out = run_import(tmp_path, capsys, "pretalx-intros.json")
    assert code == 0, err
    plan = load_plan(out).plan
    intros = {p.name: p.intro for p in plan.people}
    assert intros == {
        "Dot Speaker": None,
        "Dash Speaker": None,
        "Todo Speaker": None,
        "Tbd Speaker": None,
        "Short Speaker": None,
        "Real Speaker": "Maintainer of libfoo, see her blog. Lives in Graz.",
    }
    assert [s.title for s in plan.segments] == [
        "Why fast & safe code matters",
        "Vec<T> in practice",
        "Closing",
    ]


@pytest.mark.parametrize(
    "text, plain",
    [
        ("C++ <3 templates", "C++ <3 templates"),
        ("snake_case and 2*3*4", "snake_case and 2*3*4"),
        ("<a href='https://x.org'>site</a> &amp; <https://y.org>", "site & https://y.org"),
        ("# Heading\n*emphasis* and `code`", "Heading emphasis and code"),
        ("[link (with parens)](https://x.org/a_(b))", "link (with parens)"),
    ],
)
def test_plain_text(text: str, plain: str):
    assert plain_text(text) == plain


@pytest.mark.parametrize("bio", [".", "-", "TODO", "tbd", "TBA.", "n/a", "ab", "...", "<p></p>", None])
def test_placeholder_bios(bio):
    assert clean_bio(bio) is None


# --- 8. notes ---------------------------------------------------------------------------------


def test_a_named_timezone_that_the_offsets_contradict_is_said(tmp_path: Path, capsys):
    """Mirrors pretalx's DemoCon schedule.json (voc/schedule validator example): it names UTC and
    writes +01:00. The instants are kept and shown in UTC, and the note says so, once."""
    code, err, out = run_import(tmp_path, capsys, "pretalx-democon-utc.json")
    assert code == 0, err
    assert err.count("note: the source names timezone UTC, but writes times with offset +01:00") == 1
    assert "shown in UTC, where that is 08:00 (+00:00); if the event is not in UTC, pass --timezone" in err
    plan = load_plan(out).plan
    assert plan.event.timezone == "UTC" and plan.event.start == dt.time(8, 0)
    code, err, out = run_import(
        tmp_path, capsys, "pretalx-democon-utc.json", "--timezone", "Europe/Berlin", "--force"
    )
    assert code == 0, err
    assert "names timezone UTC, but" not in err
    assert load_plan(out).plan.event.start == dt.time(9, 0)


def test_warnings_of_one_kind_are_summarised_after_ten(tmp_path: Path, capsys):
    """Mirrors a spreadsheet of parallel sessions all in one room: 13 overlaps are 10 warnings and
    one "... and 3 more overlaps"."""
    code, err, _ = run_import(tmp_path, capsys, "many-overlaps.csv", "--day", "2026-04-02")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == MAX_WARNINGS + 1
    assert warnings[-1] == "warning: ... and 3 more overlaps"


def test_summarise_counts_with_thousands_and_keeps_kinds_apart():
    warnings = [("overlaps", f"o{i}") for i in range(1999)] + [("talks also in other rooms", "r")]
    shown = summarise(warnings)
    assert shown[:MAX_WARNINGS] == [f"o{i}" for i in range(MAX_WARNINGS)]
    assert shown[MAX_WARNINGS:] == ["... and 1,989 more overlaps", "r"]


def test_build_orders_talks_in_real_time():
    """Two talks sharing a ZoneInfo: 02:15 after the clocks go back (fold=1) comes after 02:45
    before they do; wall-clock order would put it first."""
    schedule = read_schedule(
        (FIXTURES / "clocks-go-back.json").read_bytes(),
        str(FIXTURES / "clocks-go-back.json"),
        None,
        Options(),
    )
    late = schedule.talks[1]
    first = dt.datetime(2024, 10, 27, 2, 45, tzinfo=BERLIN)  # fold=0: +02:00
    then = dt.datetime(2024, 10, 27, 2, 15, tzinfo=BERLIN, fold=1)  # +01:00, 30 real minutes later
    schedule.talks = [
        dataclasses.replace(late, title="B", start=then, end=plus(then, 600), key="b"),
        dataclasses.replace(late, title="A", start=first, end=plus(first, 600), key="a"),
    ]
    choice = select(schedule, None, None, "runofshow import")
    assert [t.title for t in sorted(choice.talks, key=lambda t: instant(t.start))] == ["A", "B"]
    # The plan places a hard start in the repeated hour after the previous segment's end when
    # only that one fits (issue 12), so B is held where it really is: 20 minutes after A ends.
    slots = build_plan(schedule, choice).plan.schedule
    assert [(slot.segment.title, slot.start.isoformat()) for slot in slots] == [
        ("A", "2024-10-27T02:45:00+02:00"),
        ("B", "2024-10-27T02:15:00+01:00"),
    ]
    assert slots[1].gap_before == 1200
