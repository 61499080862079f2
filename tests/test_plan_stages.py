"""Several stages and several days in one plan: per-stage timelines, dated hard starts,
``Plan.for_stage``, ``check`` per stage and day, and malformed multi-stage plans (each through
the real ``check`` command: exit code, line and field)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan_text

#  1 [event]
#  2 title
#  3 date
#  4 start
#  5 timezone
#  6
#  7 [[people]]
#  8 id = "dana"
#  9 name
# 10
# 11 [[stages]]
# 12 id = "main"
# 13 name = "Main hall"
# 14
# 15 [[stages]]
# 16 id = "lab"
# 17 name = "Workshop room"
# 18 start = 10:00:00
# 19
# 20 [[segments]]   keynote (main)
# 21 id = "keynote"
# 22 title
# 23 stage = "main"
# 24 duration = "45m"
# 25 speakers = ["dana"]
# 26
# 27 [[segments]]   lab1 (lab)
# 28 id = "lab1"
# 29 title
# 30 stage = "lab"
# 31 duration = "1h"
# 32
# 33 [[segments]]   talk2 (main)
# 34 id = "talk2"
# 35 title
# 36 stage = "main"
# 37 duration = "30m"
# 38
# 39 [[segments]]   day2 (main, dated)
# 40 id = "day2"
# 41 title
# 42 stage = "main"
# 43 start = 2026-12-04T09:00:00
# 44 duration = "30m"
# 45 speakers = ["dana"]
# 46 (first appended line)
PLAN = """\
[event]
title = "Fest"
date = 2026-12-03
start = 09:00:00
timezone = "Europe/Berlin"

[[people]]
id = "dana"
name = "Dana Levi"

[[stages]]
id = "main"
name = "Main hall"

[[stages]]
id = "lab"
name = "Workshop room"
start = 10:00:00

[[segments]]
id = "keynote"
title = "Keynote"
stage = "main"
duration = "45m"
speakers = ["dana"]

[[segments]]
id = "lab1"
title = "Lab one"
stage = "lab"
duration = "1h"

[[segments]]
id = "talk2"
title = "Talk two"
stage = "main"
duration = "30m"

[[segments]]
id = "day2"
title = "Day two opening"
stage = "main"
start = 2026-12-04T09:00:00
duration = "30m"
speakers = ["dana"]
"""

BERLIN = dt.timezone(dt.timedelta(hours=1))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


def test_each_stage_is_its_own_timeline_in_file_order() -> None:
    plan = load_plan_text(PLAN)
    slots = {slot.segment.id: slot for slot in plan.schedule}
    assert slots["keynote"].start == at(3, 9)
    assert slots["lab1"].start == at(3, 10)  # the stage's own start
    assert slots["talk2"].start == at(3, 9, 45)  # after keynote, not after lab1
    assert slots["day2"].start == at(4, 9)
    assert plan.start == at(3, 9) and plan.end == at(4, 9, 30)


def test_for_stage_is_a_one_stage_plan() -> None:
    plan = load_plan_text(PLAN)
    main_hall = plan.for_stage("main")
    assert [s.id for s in main_hall.segments] == ["keynote", "talk2", "day2"]
    assert main_hall.one_stage is not None and main_hall.one_stage.name == "Main hall"
    assert main_hall.days == 2 and main_hall.day_of["day2"] == 2 and main_hall.day_of["talk2"] == 1
    lab = plan.for_stage("lab")
    assert lab.start == at(3, 10) and lab.end == at(3, 11) and lab.days == 1
    with pytest.raises(KeyError):
        plan.for_stage("nope")


def test_each_stage_gets_its_own_tasks() -> None:
    """A task tied to a segment follows its stage; an ``at`` task goes where its ``stage`` says,
    and without one to the first stage."""
    tasks = (
        '\n[[tasks]]\nid = "doors"\ntitle = "Doors"\nat = 08:30:00\n'
        '\n[[tasks]]\nid = "lab-power"\ntitle = "Power"\nat = 09:30:00\nstage = "lab"\n'
        '\n[[tasks]]\nid = "bring-dana"\ntitle = "Bring Dana"\nbefore = "day2"\noffset = "10m"\n'
        '\n[[tasks]]\nid = "lab-reset"\ntitle = "Reset"\nafter = "lab1"\n'
    )
    plan = load_plan_text(PLAN + tasks)
    assert [t.id for t in plan.for_stage("main").tasks] == ["doors", "bring-dana"]
    assert [t.id for t in plan.for_stage("lab").tasks] == ["lab-power", "lab-reset"]
    assert plan.task_stage(plan.tasks[2]) == "main" and plan.task_stage(plan.tasks[0]) is None


def test_a_plan_without_stages_is_unchanged() -> None:
    text = PLAN.split("[[stages]]")[0] + '[[segments]]\nid = "a"\ntitle = "A"\nduration = "10m"\n'
    plan = load_plan_text(text)
    assert plan.stages == () and plan.one_stage is None and plan.days == 1
    assert plan.start == at(3, 9) and plan.end == at(3, 9, 10)


def test_a_dated_start_in_a_plan_without_stages_opens_day_two() -> None:
    text = (
        PLAN.split("[[stages]]")[0]
        + '[[segments]]\nid = "a"\ntitle = "A"\nduration = "10m"\n\n'
        + '[[segments]]\nid = "b"\ntitle = "B"\nduration = "10m"\nstart = 2026-12-05T10:00:00\n'
    )
    plan = load_plan_text(text)
    assert plan.schedule[1].start == at(5, 10) and plan.days == 2


def test_check_reports_per_stage_and_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fest.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        out[0]
        == f"{path}: OK: Fest, 4 segments, 2 stages, 2 days, Thu 2026-12-03 09:00 - Fri 2026-12-04 09:30 CET"
    )
    assert out[1:] == [
        "  Main hall (main), day 1 Thu 2026-12-03: 2 segments, 09:00 - 10:15",
        "  Main hall (main), day 2 Fri 2026-12-04: 1 segment, 09:00 - 09:30",
        "  Workshop room (lab), day 1 Thu 2026-12-03: 1 segment, 10:00 - 11:00",
    ]


_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::\d+)?: (?P<msg>.*)$")


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    line: int
    field: str  # a fragment the message at that line must contain
    code: int = 1


def seg(ident: str, stage: str | None, extra: str = "", duration: str = "30m") -> str:
    stage_line = f'stage = "{stage}"\n' if stage else ""
    return f'\n[[segments]]\nid = "{ident}"\ntitle = "T"\n{stage_line}duration = "{duration}"\n{extra}'


CASES = [
    Case(
        "unknown-stage",
        PLAN + seg("x", "mian"),
        50,
        'segment \'x\': stage: unknown stage "mian" (did you mean "main"?)',
    ),
    Case("unknown-stage-no-hint", PLAN + seg("x", "zzz"), 50, 'unknown stage "zzz" (one of: main, lab)'),
    Case(
        "missing-stage",
        PLAN + seg("x", None),
        47,
        "segment 'x': stage: required when the plan has two or more stages",
    ),
    Case(
        "duplicate-stage-id",
        PLAN.replace('id = "lab"', 'id = "main"', 1),
        16,
        "stage 'main': id: duplicate stage id \"main\" (first used at line 12)",
    ),
    Case(
        "dated-start-going-back",
        PLAN + seg("x", "main", "start = 2026-12-04T09:10:00\n"),
        52,
        "segment 'x': start: dated start 2026-12-04T09:10:00 goes back in time by 20m",
    ),
    Case(
        "dated-start-before-the-event",
        PLAN.replace("start = 2026-12-04T09:00:00", "start = 2026-12-02T09:00:00"),
        43,
        "dated start 2026-12-02T09:00:00 goes back in time by",
    ),
    Case(
        "hard-start-before-the-stage-start",
        PLAN.replace('stage = "lab"\nduration = "1h"', 'stage = "lab"\nstart = 09:30:00\nduration = "1h"'),
        31,
        "segment 'lab1': start: hard start 09:30:00 overlaps by 30m: stage 'lab' starts at 10:00:00",
    ),
    Case(
        "person-on-two-stages",
        PLAN.replace(
            'stage = "lab"\nduration = "1h"', 'stage = "lab"\nduration = "1h"\nspeakers = ["dana"]', 1
        ).replace("start = 10:00:00", "start = 09:30:00"),
        27,
        "Dana Levi (dana) is due on two stages at once: 'lab1' on Workshop room 09:30-10:30 overlaps "
        "'keynote' on Main hall 09:00-09:45 (line 20)",
    ),
    Case(
        "stage-without-stages",
        PLAN.split("[[stages]]")[0] + seg("x", "main"),
        15,
        'unknown stage "main" (add it under [[stages]])',
    ),
    Case(
        "bad-stage-id",
        PLAN.replace('id = "lab"', 'id = "Lab Room"'),
        16,
        "stage 'Lab Room': id: \"Lab Room\" is not a valid id",
    ),
    Case(
        "stage-without-name",
        PLAN.replace('name = "Workshop room"\n', ""),
        15,
        "stage 'lab': name: required key is missing",
    ),
    Case(
        "stage-unknown-key",
        PLAN.replace('name = "Workshop room"', 'name = "Workshop room"\nroom = 3'),
        18,
        "stage 'lab': room: unknown key",
    ),
    Case(
        "stage-start-quoted",
        PLAN.replace("start = 10:00:00", 'start = "10:00"'),
        18,
        "stage 'lab': start: \"10:00\" is a quoted string",
    ),
    Case(
        "dated-start-with-offset",
        PLAN.replace("start = 2026-12-04T09:00:00", "start = 2026-12-04T09:00:00+01:00"),
        43,
        "segment 'day2': start: expected a local date and time without offset",
    ),
    Case(
        "dated-start-a-bare-date",
        PLAN.replace("start = 2026-12-04T09:00:00", "start = 2026-12-04"),
        43,
        "segment 'day2': start: expected a time of day like 18:00:00 or a date and time",
    ),
    Case(
        "stage-without-segments",
        PLAN.replace("start = 10:00:00\n", 'start = 10:00:00\n\n[[stages]]\nid = "roof"\nname = "Roof"\n', 1),
        21,
        "stage 'roof': id: has no segments",
    ),
    Case(
        "stage-name-empty",
        PLAN.replace('name = "Main hall"', 'name = " "'),
        13,
        "stage 'main': name: must not be empty",
    ),
    Case(
        "task-unknown-stage",
        PLAN + '\n[[tasks]]\nid = "chairs"\ntitle = "Chairs"\nat = 08:30:00\nstage = "labb"\n',
        51,
        'task \'chairs\': stage: unknown stage "labb" (did you mean "lab"?)',
    ),
    Case(
        "task-stage-not-its-segments",
        PLAN + '\n[[tasks]]\nid = "mic"\ntitle = "Mic"\nbefore = "lab1"\nstage = "main"\n',
        51,
        'task \'mic\': stage: "main", but its segment "lab1" is on stage "lab"',
    ),
    Case(
        "stages-not-tables",
        'stages = ["main"]\n' + PLAN.split("[[stages]]")[0] + seg("x", None),
        1,
        "write each entry as a [[stages]] table",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_staged_plan(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(case.text, encoding="utf-8")
    code = main(["check", str(path)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == case.code, err
    found = []
    for text in err.splitlines():
        match = _LINE.match(text)
        assert match, text
        found.append((int(match.group("line")), match.group("msg")))
    assert any(line == case.line and case.field in msg for line, msg in found), found


def test_there_are_at_least_12_malformed_staged_plans() -> None:
    assert len({case.id for case in CASES}) >= 12
