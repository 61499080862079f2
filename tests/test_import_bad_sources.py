"""Bad sources: each gets a clear message on stderr and exit 1, never a traceback, and no plan.

Kinds: not the format, broken JSON/XML/text, missing fields, impossible times. The conference
fixtures are spoiled one field at a time, so that everything else about them is realistic.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from runofshow.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
PRETALX = json.loads((FIXTURES / "lcd2026-pretalx.json").read_text(encoding="utf-8"))
SESSIONIZE = json.loads((FIXTURES / "lcd2026-sessionize-all.json").read_text(encoding="utf-8"))
FRAB = (FIXTURES / "lcd2026-frab.xml").read_text(encoding="utf-8")
CSV = (FIXTURES / "frontend-night-43.csv").read_text(encoding="utf-8")


def pretalx(change: Callable[[dict], None]) -> bytes:
    data = copy.deepcopy(PRETALX)
    change(data)
    return json.dumps(data, indent=2).encode()


def first_talk(data: dict, room: str = "Main Hall", day: int = 0, index: int = 1) -> dict:
    return data["schedule"]["conference"]["days"][day]["rooms"][room][index]


def sessionize(change: Callable[[dict], None]) -> bytes:
    data = copy.deepcopy(SESSIONIZE)
    change(data)
    return json.dumps(data, indent=2).encode()


def session(data: dict, title: str) -> dict:
    return next(s for s in data["sessions"] if s["title"] == title)


def frab(old: str, new: str) -> bytes:
    assert old in FRAB
    return FRAB.replace(old, new, 1).encode()


def csv(old: str, new: str) -> bytes:
    assert old in CSV
    return CSV.replace(old, new, 1).encode()


def _set(target: dict, key: str, value) -> None:
    target[key] = value


def _drop(target: dict, key: str) -> None:
    del target[key]


CASES = [
    # --- not the format
    (
        "not-a-schedule-json",
        "schedule.json",
        b'{"talks": [], "version": 2}',
        (),
        'JSON, but neither a pretalx schedule.json (schedule.conference) nor a Sessionize "All" export',
    ),
    (
        "sessionize-sessions-view",
        "sessions.json",
        b'[{"groupId": null, "groupName": "All", "sessions": []}]',
        (),
        'it looks like a Sessionize "Sessions" view: export the "All" view',
    ),
    (
        "forced-wrong-format",
        "all.json",
        json.dumps(SESSIONIZE).encode(),
        ("--from", "pretalx"),
        "not a pretalx schedule.json: expected schedule.conference, found top-level keys: sessions, speakers",
    ),
    (
        "json-as-frab-xml",
        "schedule.json",
        json.dumps(PRETALX).encode(),
        ("--from", "frab-xml"),
        "1:1: broken XML (not well-formed (invalid token)); is this a frab schedule.xml?",
    ),
    (
        "xml-not-frab",
        "page.xml",
        b'<?xml version="1.0"?>\n<html><body>Schedule</body></html>\n',
        (),
        "XML, but not a frab schedule.xml: the root element is <html>",
    ),
    ("plain-text", "notes.txt", b"Talks at 18:00, pizza after.\n", (), "cannot tell the format"),
    (
        "binary",
        "schedule.pdf",
        b"%PDF-1.7\n\xff\xfe\x00\x01",
        (),
        "2: not UTF-8 text; is this a schedule? (save it as UTF-8)",
    ),
    ("empty-csv", "empty.csv", b"", (), "is empty"),
    (
        "csv-without-title-column",
        "sheet.csv",
        b"Name,When,Minutes\nTalk,19:00,30\n",
        (),
        'no title and no start column; the header row has: "Name", "When", "Minutes"',
    ),
    (
        "csv-header-only",
        "sheet.csv",
        b"title,start,duration\n",
        (),
        "has a header row but no sessions under it",
    ),
    # --- broken syntax
    ("truncated-json", "schedule.json", json.dumps(PRETALX, indent=2).encode()[:5000], (), "broken JSON"),
    (
        "json-trailing-comma",
        "schedule.json",
        b'{"schedule": {"conference": {"days": [],}}}',
        (),
        "1:41: broken JSON (Expecting property name enclosed in double quotes)",
    ),
    (
        "mismatched-xml-tag",
        "schedule.xml",
        frab("<title>Typed Python at Scale</title>", "<title>Typed Python</titel>"),
        (),
        "broken XML (mismatched tag)",
    ),
    # --- missing fields
    (
        "pretalx-no-duration",
        "schedule.json",
        pretalx(lambda d: _drop(first_talk(d), "duration")),
        (),
        'day 1 (2026-05-14), room "Main Hall", talk 2 "Keynote: The Long Tail of Legacy Code": missing "duration"',
    ),
    (
        "pretalx-no-title",
        "schedule.json",
        pretalx(lambda d: _set(first_talk(d), "title", "")),
        (),
        'day 1 (2026-05-14), room "Main Hall", talk 2: missing "title"',
    ),
    (
        "pretalx-no-days",
        "schedule.json",
        pretalx(lambda d: _drop(d["schedule"]["conference"], "days")),
        (),
        "schedule.conference.days: missing or not a list",
    ),
    (
        "pretalx-person-without-name",
        "schedule.json",
        pretalx(
            lambda d: (
                _set(first_talk(d)["persons"][0], "public_name", None)
                or _drop(first_talk(d)["persons"][0], "name")
            )
        ),
        (),
        'person 1: missing "public_name"',
    ),
    (
        "frab-no-start-or-date",
        "schedule.xml",
        frab("<date>2026-05-14T10:30:00+01:00</date>\n        <start>10:30</start>", "<date></date>"),
        (),
        "missing <start>",
    ),
    ("frab-no-duration", "schedule.xml", frab("<duration>00:45</duration>", ""), (), "missing <duration>"),
    (
        "sessionize-ends-missing",
        "all.json",
        sessionize(lambda d: _set(session(d, "Typed Python at Scale"), "endsAt", None)),
        (),
        '"Typed Python at Scale": has startsAt but no endsAt',
    ),
    (
        "sessionize-unknown-speaker",
        "all.json",
        sessionize(lambda d: session(d, "Typed Python at Scale")["speakers"].append("no-such-speaker")),
        (),
        'speaker "no-such-speaker" is not in "speakers"',
    ),
    (
        "sessionize-unknown-room",
        "all.json",
        sessionize(lambda d: _set(session(d, "Typed Python at Scale"), "roomId", 4)),
        (),
        'roomId 4 is not in "rooms"',
    ),
    (
        "csv-first-row-without-start",
        "sheet.csv",
        csv('Doors, pizza and networking",18:00', 'Doors, pizza and networking",'),
        (),
        'row 2 "Doors, pizza and networking": no start time',
    ),
    (
        "csv-no-duration-or-end",
        "sheet.csv",
        csv("Break,19:15,15", "Break,19:15,"),
        (),
        'row 5 "Break": no duration and no end',
    ),
    ("csv-empty-title", "sheet.csv", csv("Break,19:15,15", ",19:15,15"), (), "row 5: empty title"),
    # --- impossible times
    (
        "pretalx-hour-25",
        "schedule.json",
        pretalx(lambda d: first_talk(d).update(start="25:00", date="2026-05-14")),
        (),
        'start: "25:00" is not a possible time of day',
    ),
    (
        "pretalx-zero-duration",
        "schedule.json",
        pretalx(lambda d: _set(first_talk(d), "duration", "00:00")),
        (),
        "duration: a duration of 00:00 is not above zero",
    ),
    (
        "pretalx-february-30",
        "schedule.json",
        pretalx(lambda d: d["schedule"]["conference"]["days"][0].update(date="2026-02-30")),
        (),
        'day 1: date: "2026-02-30" is not a possible date',
    ),
    (
        "pretalx-start-disagrees-with-date",
        "schedule.json",
        pretalx(lambda d: _set(first_talk(d), "start", "09:20")),
        (),
        'start "09:20" does not match date "2026-05-14T09:15:00+01:00": which is right?',
    ),
    (
        "pretalx-unknown-timezone",
        "schedule.json",
        pretalx(lambda d: _set(d["schedule"]["conference"], "time_zone_name", "Europe/Lisboa")),
        (),
        'conference.time_zone_name: unknown timezone "Europe/Lisboa"',
    ),
    (
        "frab-start-disagrees-with-date",
        "schedule.xml",
        frab("<start>10:30</start>", "<start>10:35</start>"),
        (),
        "<start> 10:35 does not match <date> 2026-05-14T10:30:00+01:00: which is right?",
    ),
    (
        "frab-duration-minutes-60",
        "schedule.xml",
        frab("<duration>00:30</duration>", "<duration>00:60</duration>"),
        (),
        '<duration>: "00:60" is not a possible duration',
    ),
    (
        "frab-two-day-talk",
        "schedule.xml",
        frab("<duration>00:30</duration>", "<duration>25:00</duration>"),
        (),
        "a duration of 25:00 is longer than a day",
    ),
    (
        "sessionize-ends-before-it-starts",
        "all.json",
        sessionize(lambda d: _set(session(d, "Typed Python at Scale"), "endsAt", "2026-05-14T10:00:00")),
        (),
        "endsAt 2026-05-14T10:00:00 is not after startsAt 2026-05-14T10:30:00",
    ),
    (
        "sessionize-not-a-datetime",
        "all.json",
        sessionize(lambda d: _set(session(d, "Typed Python at Scale"), "startsAt", "half past ten")),
        (),
        "startsAt: 'half past ten' is not a date and time",
    ),
    (
        "csv-minute-75",
        "sheet.csv",
        csv("Break,19:15,15", "Break,19:75,15"),
        (),
        'row 5 "Break": start: "19:75" is not a possible time of day',
    ),
    (
        "csv-end-before-start",
        "sheet.csv",
        b"title,start,end\nTalk,19:00,18:30\n",
        (),
        'row 2 "Talk": ends (18:30) before it starts (19:00)',
    ),
    (
        "csv-duration-and-end-disagree",
        "sheet.csv",
        b"title,start,end,duration\nTalk,19:00,19:30,45\n",
        (),
        "duration 45 and end 19:30 disagree (from 19:00 to 19:30 is 30 minutes): which is right?",
    ),
    (
        "csv-bad-duration",
        "sheet.csv",
        csv("Break,19:15,15", "Break,19:15,a while"),
        (),
        '"a while" is not a duration',
    ),
    (
        "csv-bad-date",
        "sheet.csv",
        b"date,title,start,duration\n2026-13-01,Talk,19:00,30\n",
        (),
        'row 2 "Talk": date: "2026-13-01" is not a possible date',
    ),
]


@pytest.mark.parametrize("name, filename, content, args, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_source(tmp_path: Path, capsys, name, filename, content, args, expected):
    source = tmp_path / filename
    source.write_bytes(content)
    out = tmp_path / "plan.toml"
    code = main(["import", str(source), "-o", str(out), "--room", "Main Hall", "--day", "1", *args])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert expected in captured.err
    assert captured.err.startswith(f"{source}: ")
    assert "Traceback" not in captured.err
    assert len(captured.err.splitlines()) <= 14  # one screen
    assert captured.out == ""
    assert not out.exists()


def test_every_problem_is_reported_at_once(tmp_path: Path, capsys):
    def spoil(data: dict) -> None:
        _drop(first_talk(data, index=1), "duration")
        _set(first_talk(data, index=3), "start", "10:61")
        _set(first_talk(data, "Room Tejo", day=1, index=0), "title", None)

    source = tmp_path / "schedule.json"
    source.write_bytes(pretalx(spoil))
    assert main(["import", str(source), "-o", str(tmp_path / "p.toml")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert 'talk 2 "Keynote: The Long Tail of Legacy Code": missing "duration"' in err[0]
    assert 'talk 4 "Typed Python at Scale": start: "10:61" is not a possible time of day' in err[1]
    assert 'day 2 (2026-05-15), room "Room Tejo", talk 1: missing "title"' in err[2]


def test_many_problems_fit_on_one_screen(tmp_path: Path, capsys):
    def spoil(data: dict) -> None:
        for day in data["schedule"]["conference"]["days"]:
            for talks in day["rooms"].values():
                for talk in talks:
                    talk["duration"] = "soon"

    source = tmp_path / "schedule.json"
    source.write_bytes(pretalx(spoil))
    assert main(["import", str(source), "-o", str(tmp_path / "p.toml")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 13
    assert err[-1] == f"{source}: ... and {31 - 12} more problems"


@pytest.mark.parametrize(
    "content",
    [
        b'{"schedule": {"conference": {"days": [' * 2000,
        b"[" * 100_000,
        b"<schedule>" + b"<day>" * 5000,
    ],
    ids=["deep-json", "very-deep-json", "unclosed-xml"],
)
def test_pathological_nesting_is_a_message(tmp_path: Path, content: bytes):
    source = tmp_path / "schedule.data"
    source.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "runofshow.cli", "import", str(source), "-o", str(tmp_path / "p.toml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "broken" in result.stderr or "nested too deeply" in result.stderr


# --- spoiled anywhere -------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ODD_VALUES = [
    None,
    0,
    -1,
    1.5,
    True,
    "",
    "x",
    "25:00",
    "00:00",
    "23:59",
    "24:00:00",
    "2026-02-30",
    "2026-05-14T25:00",
    "9999-12-31T23:59:00",
    "0001-01-01T00:00:00",
    [],
    {},
    [1],
    {"a": 1},
    "\u0000",
]


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):  # the first few entries of each list are enough
            found += _paths(inner, (*path, index))
    return found


PRETALX_PATHS = _paths(PRETALX)[1:]
SESSIONIZE_PATHS = _paths(SESSIONIZE)[1:]


def _spoiled(data: dict, changes: list[tuple[tuple, object]]) -> bytes:
    data = copy.deepcopy(data)
    for path, value in changes:
        target = data
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = copy.deepcopy(value)  # a shared {} set twice could be nested into itself
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced the container
    return json.dumps(data).encode()


def _import_quietly(content: bytes, suffix: str, *args: str) -> tuple[int, str]:
    import contextlib
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / f"source{suffix}"
        source.write_bytes(content)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["import", str(source), "-o", str(Path(directory) / "plan.toml"), *args])
    return code, err.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["pretalx", "sessionize"]).flatmap(
        lambda fmt: st.tuples(
            st.just(fmt),
            st.lists(
                st.tuples(
                    st.sampled_from(PRETALX_PATHS if fmt == "pretalx" else SESSIONIZE_PATHS),
                    st.sampled_from(ODD_VALUES),
                ),
                min_size=1,
                max_size=4,
            ),
        )
    )
)
def test_any_spoiled_field_gives_an_exit_code_and_a_message(case):
    fmt, changes = case
    code, err = _import_quietly(
        _spoiled(PRETALX if fmt == "pretalx" else SESSIONIZE, changes),
        ".json",
        "--room",
        "Main Hall",
        "--day",
        "1",
        "--timezone",
        "Europe/Lisbon",
    )
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    assert "cannot read it as" not in err  # the last-resort message: every shape is checked on purpose
    if code:
        assert err.strip()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(FRAB) - 1),
            st.sampled_from(
                [
                    "",
                    "<",
                    ">",
                    "00:61",
                    "2026-13-01",
                    "</room>",
                    "&amp;",
                    "&bogus;",
                    "\u00ff",
                    "<event>",
                    "24:00",
                ]
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_spoiled_xml_gives_an_exit_code_and_a_message(edits):
    text = FRAB
    for position, insert in edits:
        text = text[:position] + insert + text[position + len(insert) :]
    code, err = _import_quietly(text.encode(), ".xml", "--room", "Main Hall", "--day", "1")
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "cannot read it as" not in err
