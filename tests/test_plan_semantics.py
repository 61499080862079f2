"""What a valid plan means: the planned schedule, gaps, midnight, defaults, checklists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.base.instants import seconds_between
from runofshow.cli import main
from runofshow.plan import (
    ChecklistItem,
    PlanError,
    format_clock,
    format_duration,
    load_plan,
    load_plan_text,
    parse_duration,
)
from runofshow.plan.durations import parse_spoken_duration

BERLIN = ZoneInfo("Europe/Berlin")
SAMPLES = Path(__file__).resolve().parent.parent / "sample_events"


def plan_text(*segments: str, start: str = "18:00:00", date: str = "2026-12-03", extra: str = "") -> str:
    head = f'[event]\ntitle = "Night"\ndate = {date}\nstart = {start}\ntimezone = "Europe/Berlin"\n{extra}\n'
    people = (
        '[[people]]\nid = "dana"\nname = "Dana Levi"\nneeds = ["USB-C adapter", "lapel mic"]\n\n'
        '[[people]]\nid = "yossi"\nname = "Yossi Ben-David"\nneeds = ["clicker"]\n\n'
        '[[people]]\nid = "tamar"\nname = "Tamar Stern"\n\n'
    )
    return head + people + "\n".join(f"[[segments]]\n{body.strip()}\n" for body in segments)


def seg(ident: str, duration: str, *more: str) -> str:
    return "\n".join([f'id = "{ident}"', f'title = "{ident.title()}"', f'duration = "{duration}"', *more])


def at(day: int, hour: int, minute: int, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def test_soft_segments_follow_each_other():
    plan = load_plan_text(plan_text(seg("a", "30m"), seg("b", "1h15m"), seg("c", "90s")))
    assert [(s.start, s.end) for s in plan.schedule] == [
        (at(3, 18, 0), at(3, 18, 30)),
        (at(3, 18, 30), at(3, 19, 45)),
        (at(3, 19, 45), at(3, 19, 45) + dt.timedelta(seconds=90)),
    ]
    assert plan.start == at(3, 18, 0)
    assert all(slot.gap_before == 0 for slot in plan.schedule)


def test_hard_start_after_the_previous_end_leaves_a_gap():
    plan = load_plan_text(plan_text(seg("a", "30m"), seg("b", "15m", "start = 19:00:00"), seg("c", "10m")))
    b, c = plan.schedule[1], plan.schedule[2]
    assert (b.start, b.gap_before) == (at(3, 19, 0), 1800)
    assert (c.start, c.gap_before) == (at(3, 19, 15), 0)


def test_hard_start_exactly_at_the_previous_end_is_no_gap():
    plan = load_plan_text(plan_text(seg("a", "30m"), seg("b", "15m", "start = 18:30:00")))
    assert plan.schedule[1].gap_before == 0


def test_check_reports_gaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "night.toml"
    path.write_text(
        plan_text(
            seg("a", "30m"),
            seg("b", "15m", "start = 19:00:00"),
            seg("c", "10m"),
            seg("d", "10m", "start = 19:45:00"),
        )
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: OK: Night, 4 segments, Thu 2026-12-03 18:00 - 19:55 CET, 1h55m in all"
    assert out[1:] == [
        "  gap of 30m before 'b' (hard start 19:00)",
        "  gap of 20m before 'd' (hard start 19:45)",
    ]


def test_soft_chain_runs_across_midnight():
    plan = load_plan_text(
        plan_text(seg("late", "45m"), seg("later", "30m"), seg("latest", "20m"), start="23:00:00")
    )
    assert [s.start for s in plan.schedule] == [at(3, 23, 0), at(3, 23, 45), at(4, 0, 15)]
    assert plan.end == at(4, 0, 35)


def test_hard_start_after_midnight_is_the_next_day():
    plan = load_plan_text(
        plan_text(seg("party", "50m"), seg("last-call", "20m", "start = 00:30:00"), start="23:00:00")
    )
    last = plan.schedule[1]
    assert last.start == at(4, 0, 30)
    assert last.gap_before == 40 * 60
    assert plan.end == at(4, 0, 50)


def test_first_segment_hard_start_after_midnight():
    plan = load_plan_text(plan_text(seg("countdown", "20m", "start = 00:10:00"), start="23:50:00"))
    assert plan.start == at(4, 0, 10)
    assert plan.schedule[0].gap_before == 20 * 60


def test_hard_start_half_a_day_back_is_the_next_morning():
    # 23:00 end, hard start 10:30: 12.5 hours earlier on the same day, so tomorrow morning.
    plan = load_plan_text(
        plan_text(seg("evening", "1h"), seg("breakfast", "30m", "start = 10:30:00"), start="22:00:00")
    )
    assert plan.schedule[1].start == at(4, 10, 30)
    assert plan.schedule[1].gap_before == int(11.5 * 3600)


def test_hard_start_less_than_half_a_day_back_is_an_overlap():
    with pytest.raises(PlanError) as error:
        load_plan_text(
            plan_text(seg("evening", "1h"), seg("noon", "30m", "start = 11:30:00"), start="22:00:00")
        )
    [problem] = error.value.problems
    assert "segment 'noon': start: hard start 11:30:00 overlaps by 11h30m" in problem.message
    assert "segment 'evening' is planned to end at 23:00:00" in problem.message


def test_check_summary_marks_an_event_past_midnight(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "late.toml"
    path.write_text(
        plan_text(seg("party", "50m"), seg("last-call", "20m", "start = 00:30:00"), start="23:00:00")
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Thu 2026-12-03 23:00 - 00:50 (+1d) CET, 1h50m in all" in out
    assert "gap of 40m before 'last-call' (hard start 00:30)" in out


def test_the_night_the_clocks_go_back_counts_real_time():
    # Europe/Berlin, 2026-10-25: at 03:00 summer time the clocks go back to 02:00.
    text = plan_text(
        seg("night-shift", "2h"), seg("dawn", "30m", "start = 03:30:00"), start="01:30:00", date="2026-10-25"
    )
    plan = load_plan_text(text)
    shift, dawn = plan.schedule
    # Python subtracts two datetimes of the same ZoneInfo as wall-clock times: compare in UTC.
    assert seconds_between(shift.start, shift.end) == 2 * 3600
    assert shift.end.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
    assert dawn.start.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.UTC)
    assert dawn.gap_before == 3600


def test_check_summary_total_on_the_night_the_clocks_go_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "night.toml"
    path.write_text(
        plan_text(seg("night-shift", "2h"), seg("dawn", "30m"), start="01:30:00", date="2026-10-25")
    )
    assert main(["check", str(path)]) == 0
    assert "Sun 2026-10-25 01:30 CEST - 03:00 CET, 2h30m in all" in capsys.readouterr().out


def test_planned_times_are_in_the_event_timezone():
    plan = load_plan_text(plan_text(seg("a", "30m")))
    assert plan.start.tzinfo == BERLIN and plan.start.utcoffset() == dt.timedelta(hours=1)


def test_without_timezone_the_machine_zone_is_used():
    text = plan_text(seg("a", "30m")).replace('timezone = "Europe/Berlin"\n', "")
    plan = load_plan_text(text)
    assert plan.event.timezone is None
    assert plan.start.utcoffset() is not None
    assert plan.start.replace(tzinfo=None) == dt.datetime(2026, 12, 3, 18, 0)


def test_needs_become_checklist_items_of_each_speaker_segment():
    plan = load_plan_text(
        plan_text(
            seg(
                "duo",
                "30m",
                'speakers = ["dana", "yossi"]',
                'checklist = ["Slides", { item = "Recording", by = "tamar", blocking = true }]',
            ),
            seg("solo", "20m", 'speakers = ["yossi"]'),
            seg("host", "5m", 'owner = "tamar"'),
        )
    )
    duo, solo, host = plan.segments
    assert plan.checklist_for(duo) == (
        ChecklistItem(item="Slides"),
        ChecklistItem(item="Recording", by="tamar", blocking=True),
        ChecklistItem(item="USB-C adapter", by="dana"),
        ChecklistItem(item="lapel mic", by="dana"),
        ChecklistItem(item="clicker", by="yossi"),
    )
    assert plan.checklist_for(solo) == (ChecklistItem(item="clicker", by="yossi"),)
    assert plan.checklist_for(host) == ()
    assert duo.checklist == plan.checklist_for(duo)[:2]  # the segment itself is not changed


def test_default_kind_is_talk_with_speakers_else_other():
    plan = load_plan_text(
        plan_text(
            seg("talk", "30m", 'speakers = ["dana"]'),
            seg("misc", "5m"),
            seg("empty-speakers", "5m", "speakers = []"),
            seg("panel", "30m", 'speakers = ["dana", "yossi"]', 'kind = "panel"'),
            seg("pause", "10m", 'kind = "break"'),
        )
    )
    assert [s.kind for s in plan.segments] == ["talk", "other", "other", "panel", "break"]


def test_timer_defaults_merge_into_segments():
    plan = load_plan_text(
        plan_text(
            seg("a", "30m"),
            seg("b", "30m", 'warn = "10m"'),
            seg("c", "30m", 'wrap = "0m"'),
            extra='\n[timers]\nwarn = "4m"\nwrap = "90s"\n',
        )
    )
    a, b, c = plan.segments
    assert (plan.warn_for(a), plan.wrap_for(a)) == (240, 90)
    assert (plan.warn_for(b), plan.wrap_for(b)) == (600, 90)
    assert (plan.warn_for(c), plan.wrap_for(c)) == (240, 0)


def test_timers_default_to_five_and_two_minutes():
    plan = load_plan_text(plan_text(seg("a", "30m")))
    assert (plan.timers.warn, plan.timers.wrap) == (300, 120)


def test_zero_phases_are_allowed():
    plan = load_plan_text(plan_text(seg("a", "30m", 'qa = "0m"', 'warn = "0m"', 'wrap = "0m"')))
    assert (plan.segments[0].qa, plan.segments[0].warn, plan.segments[0].wrap) == (0, 0, 0)


def test_checklist_strings_and_tables_and_handoff():
    plan = load_plan_text(
        plan_text(
            seg(
                "talk",
                "30m",
                'speakers = ["dana"]',
                'checklist = ["Slides", { item = "Mic", by = "tamar" }]',
                "[segments.handoff]",
                'by = "tamar"',
                'cue = "Read the intro card"',
            )
        )
    )
    talk = plan.segment_by_id["talk"]
    assert talk.checklist == (
        ChecklistItem(item="Slides"),
        ChecklistItem(item="Mic", by="tamar", blocking=False),
    )
    assert talk.handoff is not None and (talk.handoff.by, talk.handoff.cue) == (
        "tamar",
        "Read the intro card",
    )
    assert plan.speaker_names(talk) == ["Dana Levi"]
    assert plan.person_by_id["dana"].needs == ("USB-C adapter", "lapel mic")


def test_plan_is_frozen():
    plan = load_plan_text(plan_text(seg("a", "30m")))
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        plan.segments[0].duration = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("90s", 90),
        ("25m", 1500),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1m30s", 90),
        ("90m", 5400),
        ("1h0m5s", 3605),
        ("0m", 0),
        (" 5m ", 300),
    ],
)
def test_parse_duration(text: str, seconds: int):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "-5m", "h", "soon", "5 parsecs"])
def test_parse_duration_rejects(text: str):
    with pytest.raises(ValueError, match="use 90s, 25m, 1h or 1h30m"):
        parse_duration(text)


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("5", "5m"),
        ("5 m", "5m"),
        ("25 min", "25m"),
        ("5 minutes", "5m"),
        ("5min", "5m"),
        ("1.5h", "1h30m"),
        ("1h 30m", "1h30m"),
        ("30m1h", "1h30m"),
        ("1:30", "1m30s"),
        ("90 sec", "1m30s"),
    ],
)
def test_parse_duration_rejects_what_a_person_says_and_says_what_to_write(text: str, canonical: str):
    """check takes only the canonical spelling, and says exactly which one (issue 20 item 7)."""
    with pytest.raises(ValueError) as raised:
        parse_duration(text)
    assert str(raised.value) == f'cannot read "{text}": write "{canonical}"'


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("5", 300),
        ("5m", 300),
        ("5 min", 300),
        ("5 minutes", 300),
        ("1:30", 90),
        ("90s", 90),
        ("1h 30m", 5400),
        ("2 min 30 s", 150),
        ("1:02:30", 3750),
        (" 10 Minutes ", 600),
    ],
)
def test_parse_spoken_duration(text: str, seconds: int):
    assert parse_spoken_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "5 parsecs", "1:99", "m5", "5 min x"])
def test_parse_spoken_duration_rejects(text: str):
    assert parse_spoken_duration(text) is None


@pytest.mark.parametrize("seconds", [0, 1, 59, 60, 90, 3599, 3600, 3661, 5400, 86400])
def test_format_duration_is_the_inverse_of_parse(seconds: int):
    assert parse_duration(format_duration(seconds)) == seconds


def test_format_clock():
    assert (format_clock(0), format_clock(65.9), format_clock(3725)) == ("00:00", "01:05", "1:02:05")


@pytest.mark.parametrize("name", ["meetup", "conference", "workshop"])
def test_sample_plans_are_valid(name: str):
    loaded = load_plan(SAMPLES / f"{name}.toml")
    assert loaded.plan.event.date.year == 2026 and loaded.plan.event.date.month == 12
    assert loaded.plan.event.timezone


def test_conference_sample_is_a_full_day():
    plan = load_plan(SAMPLES / "conference.toml").plan
    assert len(plan.segments) >= 25
    lunch = next(i for i, s in enumerate(plan.segments) if "lunch" in s.id)
    assert any(s.start is not None for s in plan.segments[lunch + 1 :]), "hard starts after lunch"
    kinds = {s.kind for s in plan.segments}
    assert {"talk", "panel", "break", "host", "sponsor"} <= kinds
    assert any(item.blocking for s in plan.segments for item in s.checklist)
    assert sum(s.handoff is not None for s in plan.segments) >= 10
    assert any(p.pronounce and p.intro and p.needs for p in plan.people)


def test_without_timezone_the_offset_is_the_machine_zone_on_the_event_day():
    code = (
        "import datetime as dt, time\n"
        "time.tzset()\n"
        "from runofshow.plan import load_plan_text\n"
        'base = \'[[segments]]\\nid = "a"\\ntitle = "A"\\nduration = "5m"\\n\'\n'
        "for day in ('2026-12-03', '2026-07-03'):\n"
        "    plan = load_plan_text(f'[event]\\ntitle = \"T\"\\ndate = {day}\\nstart = 18:00:00\\n' + base)\n"
        "    print(plan.start.utcoffset())\n"
    )
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TZ": "Europe/Berlin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1:00:00", "2:00:00"]
