"""ics export: RFC 5545 text parsed back with icalendar; DTSTART, DURATION, SUMMARY per segment; VTIMEZONE."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from export_scenarios import MEETUP, evening
from runofshow.export import export_text, load_facts
from runofshow.export.ics import escape_text, fold_line, ics_duration, plan_to_ics
from runofshow.plan import load_plan, load_plan_text

UTC = dt.UTC


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text.encode("utf-8"))


def raw_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    body = text[:-2]
    assert "\n" not in body.replace("\r\n", "")  # every line break is CRLF
    return body.split("\r\n")


def test_one_event_per_planned_segment(tmp_path):
    facts = load_facts(evening(tmp_path))
    text = export_text(facts, "ics")
    events = parse(text).walk("VEVENT")
    plan = facts.plan
    assert len(events) == len(plan.segments) == 8  # planned ones: the inserted segment is not in the plan
    for event, slot in zip(events, plan.schedule, strict=False):
        start = event.decoded("DTSTART")
        assert start == slot.start and start.utcoffset() == dt.timedelta(hours=2)
        assert str(start.tzinfo) == "Asia/Jerusalem"
        assert event.decoded("DURATION") == dt.timedelta(seconds=slot.segment.duration)
        assert str(event["SUMMARY"]) == slot.segment.title
        assert str(event["UID"]) == f"{slot.segment.id}@frontend-night-42-2026-12-03"
        assert str(event["LOCATION"]) == "Namal 40, Tel Aviv"
        assert event.decoded("DTSTAMP") == dt.datetime(
            2026, 12, 3, 15, 45, tzinfo=UTC
        )  # the journal's creation
        names = plan.speaker_names(slot.segment)
        if names:
            assert str(event["DESCRIPTION"]) == "Speakers: " + ", ".join(names)
        else:
            assert "DESCRIPTION" not in event
    by_id = {str(e["UID"]).split("@")[0]: e for e in events}
    assert by_id["break"].decoded("DTSTART") == dt.datetime(
        2026, 12, 3, 19, 15, tzinfo=ZoneInfo("Asia/Jerusalem")
    )
    assert by_id["dana-talk"].decoded("DURATION") == dt.timedelta(minutes=30)


def test_public_no_contacts_or_notes(tmp_path):
    text = plan_to_ics(load_plan(MEETUP).plan)
    for secret in ("+972", "@example.org", "Handheld mic", "Mini DisplayPort adapter; test"):
        assert secret not in text


def test_crlf_folding_and_escaping():
    title = "Ünïcödé, ünïcödé; back\\slash and a very long title: " + "שלום עולם " * 12
    plan = load_plan_text(
        '[event]\ntitle = "Ünicode; night, 2"\ndate = 2026-05-05\nstart = 10:00:00\ntimezone = "Europe/Berlin"\n'
        f'venue = "Hall 1, Floor 2; Door \\\\ B"\n[[segments]]\nid = "s1"\ntitle = {title!r}\nduration = "1h0m5s"\n'.replace(
            "'", '"'
        )
    )
    text = plan_to_ics(plan, dtstamp=dt.datetime(2026, 1, 1, tzinfo=UTC))
    lines = raw_lines(text)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # something was folded
    event = parse(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Hall 1, Floor 2; Door \\ B"
    assert event.decoded("DURATION") == dt.timedelta(hours=1, seconds=5)
    assert "SUMMARY:Ünïcödé\\, ünïcödé\\; back\\\\slash" in text
    assert str(event["UID"]) == "s1@unicode-night-2-2026-05-05"  # accents dropped, the rest dashed


def test_helpers():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert [ics_duration(s) for s in (90, 1500, 3600, 5400, 3605, 86400)] == [
        "PT1M30S",
        "PT25M",
        "PT1H",
        "PT1H30M",
        "PT1H0M5S",
        "PT24H",
    ]
    folded = fold_line("X" * 74 + "é" * 10)  # the 2-byte é must not be split at octet 75
    parts = folded.split("\r\n ")
    assert "".join(parts) == "X" * 74 + "é" * 10
    assert len(parts[0].encode()) == 74 and all(len(p.encode()) <= 74 for p in parts[1:])


@pytest.mark.parametrize(
    "zone,date",
    [
        ("Asia/Jerusalem", "2026-12-03"),
        ("America/New_York", "2026-07-04"),
        ("Australia/Sydney", "2026-12-31"),
        ("Asia/Tokyo", "2026-06-01"),
        ("Europe/London", "2026-03-29"),
    ],
)
def test_vtimezone_matches_zoneinfo(zone, date):
    """Read the VTIMEZONE's own observances (not the TZID name) and compare with zoneinfo all year."""
    plan = load_plan_text(
        f'[event]\ntitle = "T"\ndate = {date}\nstart = 23:00:00\ntimezone = "{zone}"\n'
        '[[segments]]\nid = "s"\ntitle = "S"\nduration = "3h"\n'
    )
    cal = parse(plan_to_ics(plan))
    (vtz,) = cal.walk("VTIMEZONE")
    own = vtz.to_tz(lookup_tzid=False)  # built from the component's STANDARD/DAYLIGHT parts
    zone_info = ZoneInfo(zone)
    year = plan.start.year
    moment = dt.datetime(year, 1, 1, 12, tzinfo=UTC)
    while moment.year <= plan.end.year:
        expected = moment.astimezone(zone_info)
        wall = expected.replace(tzinfo=None)
        if expected.fold == 0 and wall.replace(tzinfo=zone_info, fold=1).utcoffset() == expected.utcoffset():
            assert own.utcoffset(wall) == expected.utcoffset(), (zone, wall)
        moment += dt.timedelta(hours=13)
    # each transition, as icalendar reads it (UTC instants), is where zoneinfo changes offset, to the second
    instants, infos = vtz.get_transitions()
    for instant, (offset, _dst, name) in list(zip(instants, infos, strict=False))[1:]:
        at = instant.replace(tzinfo=UTC)
        assert at.astimezone(zone_info).utcoffset() == offset and at.astimezone(zone_info).tzname() == name
        assert (at - dt.timedelta(seconds=1)).astimezone(zone_info).utcoffset() != offset
    changes, moment = 0, dt.datetime(year, 1, 1, tzinfo=zone_info).astimezone(UTC)
    last = moment.astimezone(zone_info).utcoffset()
    while moment < dt.datetime(plan.end.year + 1, 1, 1, tzinfo=zone_info):
        moment += dt.timedelta(hours=1)
        changes += moment.astimezone(zone_info).utcoffset() != last
        last = moment.astimezone(zone_info).utcoffset()
    assert len(instants) - 1 == changes
    start = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert start == plan.start


def test_a_start_in_the_repeated_hour_is_written_in_utc():
    """On 2026-10-25 Berlin's clocks go from 03:00 back to 02:00: 02:30 happens twice."""
    plan = load_plan_text(
        '[event]\ntitle = "Night"\ndate = 2026-10-25\nstart = 01:30:00\ntimezone = "Europe/Berlin"\n'
        '[[segments]]\nid = "a"\ntitle = "A"\nduration = "1h"\n'
        '[[segments]]\nid = "b"\ntitle = "B"\nduration = "1h"\n'
        '[[segments]]\nid = "c"\ntitle = "C"\nduration = "1h"\n'
    )
    text = plan_to_ics(plan)
    events = parse(text).walk("VEVENT")
    assert [e.decoded("DTSTART").astimezone(UTC) for e in events] == [
        s.start.astimezone(UTC) for s in plan.schedule
    ]
    assert "DTSTART;TZID=Europe/Berlin:20261025T013000" in text  # 01:30 CEST, unambiguous
    assert "DTSTART:20261025T003000Z" in text  # 02:30 CEST, the first of the two 02:30s
    assert "DTSTART:20261025T013000Z" in text  # 02:30 CET, the second


def test_a_plan_without_timezone_is_written_in_utc():
    plan = load_plan_text(
        '[event]\ntitle = "Local"\ndate = 2026-05-05\nstart = 10:00:00\n'
        '[[segments]]\nid = "s"\ntitle = "S"\nduration = "30m"\n'
    )
    text = plan_to_ics(plan)
    assert "VTIMEZONE" not in text and "TZID" not in text
    event = parse(text).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == plan.start and event.decoded("DTSTART").tzinfo is not None
