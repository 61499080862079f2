"""Malformed [[tasks]], arrivals and [timers] call (issue 13): exit code, line, field, did-you-mean.

The same harness as test_plan_errors: a whole plan through the real `runofshow check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan_text
from test_plan_errors import BASE, Case, run_check

# BASE ends at line 14; a task appended after it starts at line 16:
# 15 (blank)
# 16 [[tasks]]
# 17 id = "pizza"
# 18 title = "Meet the pizza courier"
# 19 (first line of the case)
TASK = '\n[[tasks]]\nid = "pizza"\ntitle = "Meet the pizza courier"\n'


def task(extra: str, head: str = TASK) -> str:
    return BASE + head + extra


def person(extra: str) -> str:
    # line 10 of BASE is blank after person tamar: put the key at line 10 by inserting it there
    return BASE.replace('name = "Tamar Stern"\n', 'name = "Tamar Stern"\n' + extra)


CASES = [
    Case("task-no-anchor", task(""), 16, "task 'pizza': needs one of at", count=1),
    Case(
        "task-two-anchors",
        task('at = 18:15:00\nbefore = "talk"\n'),
        20,
        "before",
        "give only one of at, before and after (this task has at and before)",
        count=1,
    ),
    Case(
        "task-three-anchors",
        task('at = 18:15:00\nbefore = "talk"\nafter = "talk"\n'),
        20,
        "before",
        "this task has at and before and after",
        count=1,
    ),
    Case(
        "task-unknown-segment-did-you-mean",
        task('before = "tlak"\n'),
        19,
        "before",
        'unknown segment "tlak" (did you mean "talk"?)',
        count=1,
    ),
    Case(
        "task-unknown-segment-no-match",
        task('after = "zzz"\n'),
        19,
        "after",
        'unknown segment "zzz" (it must be the id of a [[segments]] entry)',
        count=1,
    ),
    Case(
        "task-unknown-owner-did-you-mean",
        task('at = 18:15:00\nowner = "tamra"\n'),
        20,
        "owner",
        'unknown person "tamra" (did you mean "tamar"?)',
        count=1,
    ),
    Case(
        "task-bad-offset",
        task('before = "talk"\noffset = "10 min"\n'),
        20,
        "offset",
        'cannot read "10 min"',
        count=1,
    ),
    Case(
        "task-negative-offset",
        task('before = "talk"\noffset = "-5m"\n'),
        20,
        "offset",
        'cannot read "-5m"',
        count=1,
    ),
    Case(
        "task-offset-not-quoted", task('before = "talk"\noffset = 10\n'), 20, "offset", "in quotes", count=1
    ),
    Case(
        "task-offset-with-at",
        task('at = 18:15:00\noffset = "5m"\n'),
        20,
        "offset",
        "an offset goes with before or after, not with at",
        count=1,
    ),
    Case("task-quoted-time", task('at = "18:15"\n'), 19, "at", "without quotes", count=1),
    Case("task-datetime", task("at = 2026-12-03T18:15:00\n"), 19, "at", "got a date and time", count=1),
    Case(
        "task-misspelled-key",
        task('at = 18:15:00\nnotse = "paid"\n'),
        20,
        "notse",
        'unknown key (did you mean "notes"?)',
        count=1,
    ),
    Case(
        "task-misspelled-title",
        BASE + '\n[[tasks]]\nid = "pizza"\ntilte = "Pizza"\nat = 18:15:00\n',
        18,
        "tilte",
        'did you mean "title"?',
        count=1,
    ),
    Case(
        "task-bad-id",
        BASE + '\n[[tasks]]\nid = "Pizza Time"\ntitle = "Pizza"\nat = 18:15:00\n',
        17,
        "id",
        "is not a valid id",
        count=1,
    ),
    Case(
        "task-duplicate-id",
        task("at = 18:15:00\n") + task("at = 18:30:00\n", head=TASK).removeprefix(BASE),
        22,
        "id",
        'duplicate task id "pizza" (first used at line 17)',
        count=1,
    ),
    Case(
        "task-empty-title",
        BASE + '\n[[tasks]]\nid = "pizza"\ntitle = " "\nat = 18:15:00\n',
        18,
        "title",
        "must not be empty",
        count=1,
    ),
    Case(
        "task-anchor-not-a-string",
        task("before = 3\n"),
        19,
        "before",
        "",
        count=1,
    ),
    Case("tasks-not-tables", 'tasks = ["pizza"]\n' + BASE, 1, "write each entry as a [[tasks]] table"),
    Case("arrive-quoted", person('arrive = "17:30"\n'), 10, "arrive", "without quotes", count=1),
    Case("arrive-a-date", person("arrive = 2026-12-03\n"), 10, "arrive", "got a date", count=1),
    Case(
        "arrive-misspelled",
        person("arive = 17:30:00\n"),
        10,
        "arive",
        'unknown key (did you mean "arrive"?)',
        count=1,
    ),
    Case(
        "call-bad-duration",
        BASE.replace("[[people]]", '[timers]\ncall = "half an hour"\n\n[[people]]'),
        8,
        "call",
        'cannot read "half an hour"',
        count=1,
    ),
    Case(
        "call-misspelled",
        BASE.replace("[[people]]", '[timers]\ncal = "30m"\n\n[[people]]'),
        8,
        "cal",
        'did you mean "call"?',
        count=1,
    ),
    # issue 17: [timers] go_guard and [stage] messages
    Case(
        "go-guard-bad-duration",
        BASE.replace("[[people]]", '[timers]\ngo_guard = "a blink"\n\n[[people]]'),
        8,
        "go_guard",
        'cannot read "a blink"',
        count=1,
    ),
    Case(
        "go-guard-a-number",
        BASE.replace("[[people]]", "[timers]\ngo_guard = 2\n\n[[people]]"),
        8,
        "go_guard",
        'write "2m" (minutes) or "2s" (seconds)',
        count=1,
    ),
    Case(
        "stage-ten-messages",
        BASE.replace(
            "[[people]]",
            "[stage]\nmessages = [" + ", ".join(f'"m{i}"' for i in range(10)) + "]\n\n[[people]]",
        ),
        8,
        "messages",
        "at most 9 messages (the digits 1-9 send them), not 10",
        count=1,
    ),
    Case(
        "stage-empty-message",
        BASE.replace("[[people]]", '[stage]\nmessages = ["Wrap up", "  "]\n\n[[people]]'),
        8,
        "messages[1]",
        "must not be empty",
        count=1,
    ),
    Case(
        "stage-messages-not-a-list",
        BASE.replace("[[people]]", '[stage]\nmessages = "Wrap up"\n\n[[people]]'),
        8,
        "messages",
        "",
        count=1,
    ),
    Case(
        "stage-misspelled",
        BASE.replace("[[people]]", '[stage]\nmesages = ["Wrap up"]\n\n[[people]]'),
        8,
        "mesages",
        'did you mean "messages"?',
        count=1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_logistics(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(case.text, encoding="utf-8")
    code, problems, out = run_check(capsys, plan)
    assert code == case.exit
    assert out == ""
    if case.count is not None:
        assert len(problems) == case.count, problems
    at_line = [p for p in problems if p.line == case.line]
    assert at_line, f"nothing reported at line {case.line}: {problems}"
    needle = case.field if case.field.endswith(":") or " " in case.field else f": {case.field}: "
    matching = [p for p in at_line if needle in f": {p.message}" and case.contains in p.message]
    assert matching, f"no message at line {case.line} names {case.field!r} / {case.contains!r}: {problems}"


def test_at_least_15_cases() -> None:
    assert len({case.text for case in CASES}) >= 15


def test_a_valid_plan_with_tasks_counts_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        task('before = "talk"\noffset = "10m"\nowner = "tamar"\n')
        + '\n[[tasks]]\nid = "b"\ntitle = "B"\nat = 17:00:00\n'
    )
    assert main(["check", str(plan)]) == 0
    assert ", 1 segments, 2 tasks, " in capsys.readouterr().out
    loaded = load_plan_text(plan.read_text())
    assert [t.id for t in loaded.tasks] == ["pizza", "b"] and loaded.tasks[0].offset == 600
    assert loaded.timers.call == 1800
