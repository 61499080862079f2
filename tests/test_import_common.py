"""What every importer shares: ids from names, kinds from words, people, notes."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from runofshow.base.slugs import slugify
from runofshow.cli import main
from runofshow.importers.words import UniqueIds, kind_from_words
from runofshow.plan import load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Ana Gonçalves", "ana-goncalves"),
        ("Jürgen Weiß", "jurgen-weiss"),
        ("Tomás Ó Briain", "tomas-o-briain"),
        ("Søren Kierkegaard-Ørsted", "soren-kierkegaard-orsted"),
        ('  Dr. J. R. "Bob" O\'Neil III  ', "dr-j-r-bob-o-neil-iii"),
        ("2038: the end of time", "speaker-2038-the-end-of-time"),
        ("李明", "speaker"),
        ("", "speaker"),
        (
            "Keynote: A Very Long Title That Goes On And On About Many Things",
            "keynote-a-very-long-title-that-goes-on",
        ),
    ],
)
def test_slugify(text: str, slug: str):
    assert slugify(text, "speaker") == slug
    assert SLUG.match(slug)


def test_unique_ids():
    ids = UniqueIds()
    assert [ids.take("break"), ids.take("break"), ids.take("break"), ids.take("lunch")] == [
        "break",
        "break-2",
        "break-3",
        "lunch",
    ]


@pytest.mark.parametrize(
    "kind, title, speakers, expected",
    [
        ("Break", "Coffee", False, "break"),
        ("Coffee break", "Refuel", False, "break"),
        ("Pause", "Kaffee", False, "break"),
        ("Talk", "Anything", True, "talk"),
        ("Talk", "No speakers yet", False, "talk"),
        ("Workshop", "Hands on", True, "talk"),
        ("Keynote", "Big one", True, "talk"),
        ("Panel discussion", "Many voices", True, "panel"),
        ("Sponsored talk", "Our product", True, "sponsor"),
        ("Opening", "Hello", False, "host"),
        ("host", "Hello", False, "host"),
        (None, "Lunch", False, "break"),
        (None, "Doors open", False, "break"),
        (None, "Welcome and house rules", False, "host"),
        (None, "Closing remarks", False, "host"),
        (None, "Raffle", False, "other"),
        (None, "Raffle", True, "talk"),
        ("", "Networking", False, "break"),
    ],
)
def test_kind_from_words(kind, title, speakers, expected):
    assert kind_from_words(kind, title, speakers) == expected


def test_non_latin_and_same_named_speakers_get_distinct_ids(tmp_path: Path, capsys):
    data = {
        "sessions": [
            {
                "id": "1",
                "title": "数据工程",
                "startsAt": "2026-09-01T10:00:00",
                "endsAt": "2026-09-01T10:30:00",
                "isServiceSession": False,
                "isPlenumSession": False,
                "speakers": ["a"],
                "roomId": 1,
                "categoryItems": [],
            },
            {
                "id": "2",
                "title": "Two Alex Kims",
                "startsAt": "2026-09-01T10:30:00",
                "endsAt": "2026-09-01T11:00:00",
                "isServiceSession": False,
                "isPlenumSession": False,
                "speakers": ["b", "c"],
                "roomId": 1,
                "categoryItems": [],
            },
            {
                "id": "3",
                "title": "数据工程",
                "startsAt": "2026-09-01T11:00:00",
                "endsAt": "2026-09-01T11:30:00",
                "isServiceSession": False,
                "isPlenumSession": False,
                "speakers": ["d"],
                "roomId": 1,
                "categoryItems": [],
            },
        ],
        "speakers": [
            {"id": "a", "fullName": "李明", "bio": "数据工程师"},
            {"id": "b", "fullName": "Alex Kim", "bio": "Frontend."},
            {"id": "c", "fullName": "Alex Kim", "bio": "Backend."},
            {"id": "d", "firstName": "Zoë", "lastName": "Ångström", "fullName": None},
        ],
        "rooms": [{"id": 1, "name": "Aula"}],
    }
    source = tmp_path / "all.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(out), "--timezone", "Asia/Seoul"]) == 0
    err = capsys.readouterr().err
    assert (
        'warning: 2 different speakers are named "Alex Kim" in the source: they are people alex-kim, alex-kim-2'
        " (merge them if they are one person)"
    ) in err
    plan = load_plan(out).plan
    assert [(p.id, p.name, p.intro) for p in plan.people] == [
        ("speaker", "李明", "数据工程师"),
        ("alex-kim", "Alex Kim", "Frontend."),
        ("alex-kim-2", "Alex Kim", "Backend."),
        ("zoe-angstrom", "Zoë Ångström", None),
    ]
    assert [s.id for s in plan.segments] == ["segment", "two-alex-kims", "segment-2"]
    assert plan.segments[0].title == "数据工程"


def test_a_sessionize_session_without_a_room_is_in_every_room(tmp_path: Path, capsys):
    data = json.loads((FIXTURES / "lcd2026-sessionize-all.json").read_text(encoding="utf-8"))
    coffee = next(
        s for s in data["sessions"] if s["title"] == "Coffee break" and s["startsAt"].startswith("2026-05-15")
    )
    coffee["roomId"] = None
    source = tmp_path / "all.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "tejo.toml"
    assert (
        main(
            [
                "import",
                str(source),
                "-o",
                str(out),
                "--room",
                "Tejo",
                "--day",
                "2",
                "--timezone",
                "Europe/Lisbon",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "note: 1 session(s) have no room: placed in every room, like plenum sessions" in err
    assert [s.title for s in load_plan(out).plan.segments][:2] == ["Green Software Metrics", "Coffee break"]


def test_timezone_option_converts_a_source_that_names_another(tmp_path: Path, capsys):
    out = tmp_path / "plan.toml"
    assert (
        main(
            [
                "import",
                str(FIXTURES / "lcd2026-pretalx.json"),
                "-o",
                str(out),
                "--room",
                "Main Hall",
                "--day",
                "1",
                "--timezone",
                "Europe/Berlin",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert (
        "note: the source's timezone is Europe/Lisbon; its times are converted to Europe/Berlin (--timezone)"
        in err
    )
    plan = load_plan(out).plan
    assert (plan.event.timezone, plan.event.start) == ("Europe/Berlin", dt.time(10, 0))  # 09:00 in Lisbon
    assert plan.segments[5].start == dt.time(12, 45)


def test_a_source_without_timezone_name_keeps_its_wall_clock_times(tmp_path: Path, capsys):
    data = json.loads((FIXTURES / "lcd2026-pretalx.json").read_text(encoding="utf-8"))
    del data["schedule"]["conference"]["time_zone_name"]
    source = tmp_path / "schedule.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(out), "--room", "Room Tejo", "--day", "1"]) == 0
    assert "note: the source names no timezone" in capsys.readouterr().err
    plan = load_plan(out).plan
    assert plan.event.timezone is None
    assert (plan.event.start, plan.segments[2].start) == (dt.time(10, 30), dt.time(13, 30))
