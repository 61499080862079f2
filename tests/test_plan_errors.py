"""Malformed plans: `runofshow check` reports each problem at its line, naming the field.

Every case is a whole plan file run through the real command (in-process). Each asserts the
exit code, the exact line, and the field the message names; several also assert how many
problems were reported, so that a misspelled key does not also produce a "missing" message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from runofshow.cli import main

#  1 [event]
#  2 title = ...
#  3 date = ...
#  4 start = ...
#  5 timezone = ...
#  6
#  7 [[people]]
#  8 id = "tamar"
#  9 name = ...
# 10
# 11 [[segments]]
# 12 id = "talk"
# 13 title = ...
# 14 duration = "30m"
# 15 (first appended line)
BASE = """\
[event]
title = "Frontend Night"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[[people]]
id = "tamar"
name = "Tamar Stern"

[[segments]]
id = "talk"
title = "Design tokens"
duration = "30m"
"""

SECOND = """\
[[segments]]
id = "break"
title = "Break"
duration = "15m"
"""

_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")


@dataclass(frozen=True)
class Reported:
    line: int
    column: int | None
    message: str


def run_check(capsys: pytest.CaptureFixture[str], *paths: Path | str) -> tuple[int, list[Reported], str]:
    code = main(["check", *map(str, paths)])
    out, err = capsys.readouterr()
    problems = []
    for text in err.splitlines():
        match = _LINE.match(text)
        assert match, f"not in PLAN:LINE: form: {text!r}"
        col = match.group("col")
        problems.append(Reported(int(match.group("line")), int(col) if col else None, match.group("msg")))
    assert "Traceback" not in err
    return code, problems, out


def base(*, replace: tuple[str, str] | None = None, append: str = "") -> str:
    text = BASE if replace is None else BASE.replace(*replace)
    assert replace is None or text != BASE, f"replace target not found: {replace[0]!r}"
    return text + append


@dataclass(frozen=True)
class Case:
    id: str
    text: str | bytes
    line: int
    field: str  # must appear in the message as ": FIELD: " (or as given, for whole-plan problems)
    contains: str = ""
    exit: int = 1
    count: int | None = None  # the number of problems reported, when it matters
    column: int | None = None


CASES = [
    Case(
        "bad-duration",
        base(replace=('"30m"', '"25 minutes"')),
        14,
        "duration",
        'cannot read "25 minutes": write "25m"',
        count=1,
    ),
    Case("spoken-duration", base(replace=('"30m"', '"25 min"')), 14, "duration", 'write "25m"', count=1),
    Case("clock-duration", base(replace=('"30m"', '"1:30"')), 14, "duration", 'write "1m30s"', count=1),
    Case(
        "unreadable-duration",
        base(replace=('"30m"', '"soon"')),
        14,
        "duration",
        'cannot read "soon" (use 90s, 25m, 1h or 1h30m)',
        count=1,
    ),
    Case("zero-duration", base(replace=('"30m"', '"0m"')), 14, "duration", "must be above zero", count=1),
    Case("duration-not-quoted", base(replace=('"30m"', "30")), 14, "duration", 'write "30m"', count=1),
    Case(
        "duration-over-a-day", base(replace=('"30m"', '"30h"')), 14, "duration", "longer than a day", count=1
    ),
    Case("negative-qa", base(append='qa = "-5m"\n'), 15, "qa", 'cannot read "-5m"', count=1),
    Case("quoted-date", base(replace=("2026-12-03", '"2026-12-03"')), 3, "date", "without quotes", count=1),
    Case("quoted-time", base(replace=("18:00:00", '"18:00"')), 4, "start", "without quotes", count=1),
    Case(
        "datetime-for-date",
        base(replace=("2026-12-03", "2026-12-03T18:00:00")),
        3,
        "date",
        "got a date and time",
        count=1,
    ),
    Case("time-for-date", base(replace=("2026-12-03", "18:00:00")), 3, "date", "expected a date", count=1),
    Case("quoted-hard-start", base(append='start = "19:00"\n'), 15, "start", "without quotes", count=1),
    Case(
        "unknown-key-did-you-mean",
        base(replace=('title = "Design tokens"', 'titel = "Design tokens"')),
        13,
        "titel",
        'unknown key (did you mean "title"?)',
        count=1,
    ),
    Case(
        "unknown-event-key-did-you-mean",
        base(replace=('title = "Frontend Night"', 'tittle = "Frontend Night"')),
        2,
        "tittle",
        'did you mean "title"?',
        count=1,
    ),
    Case(
        "unknown-key-no-close-match",
        base(append='colour = "red"\n'),
        15,
        "colour",
        "unknown key (known keys:",
        count=1,
    ),
    Case(
        "unknown-top-level-table",
        base(append='[timer]\nwarn = "5m"\n'),
        15,
        "timer",
        'did you mean "timers"?',
        count=1,
    ),
    Case(
        "missing-required-key",
        base(replace=('duration = "30m"\n', "")),
        11,
        "duration",
        "required key is missing",
        count=1,
    ),
    Case(
        "missing-event-title",
        base(replace=('title = "Frontend Night"\n', "")),
        1,
        "title",
        "required key is missing",
        count=1,
    ),
    Case(
        "unknown-speaker",
        base(append='speakers = ["tamar", "dana"]\n'),
        15,
        "speakers[1]",
        'unknown person "dana" (add it under [[people]])',
        count=1,
    ),
    Case(
        "speaker-listed-twice",
        base(append='speakers = [\n  "tamar",\n  "tamar",\n]\n'),
        17,
        "speakers[1]",
        '"tamar" is listed twice',
        count=1,
    ),
    Case(
        "unknown-owner",
        base(append='owner = "tamr"\n'),
        15,
        "owner",
        'unknown person "tamr" (did you mean "tamar"?)',
        count=1,
    ),
    Case(
        "unknown-handoff-by",
        base(append='[segments.handoff]\ncue = "Mic over"\nby = "avi"\n'),
        17,
        "handoff.by",
        'unknown person "avi"',
        count=1,
    ),
    Case(
        "unknown-checklist-by",
        base(append='checklist = [\n  "Slides",\n  { item = "Recording", by = "nobody" },\n]\n'),
        17,
        "checklist[1].by",
        'unknown person "nobody"',
        count=1,
    ),
    Case(
        "handoff-missing-cue",
        base(append='[segments.handoff]\nby = "tamar"\n'),
        15,
        "handoff.cue",
        "required key is missing",
        count=1,
    ),
    Case(
        "checklist-item-misspelled",
        base(append='checklist = [{ itme = "Slides" }]\n'),
        15,
        "checklist[0].itme",
        'did you mean "item"?',
        count=1,
    ),
    Case(
        "duplicate-segment-id",
        base(append=SECOND.replace('"break"', '"talk"', 1)),
        16,
        "id",
        'duplicate segment id "talk" (first used at line 12)',
        count=1,
    ),
    Case(
        "duplicate-person-id",
        base(append='[[people]]\nid = "tamar"\nname = "Another Tamar"\n'),
        16,
        "id",
        'duplicate person id "tamar" (first used at line 8)',
        count=1,
    ),
    Case(
        "bad-slug", base(replace=('id = "talk"', 'id = "Talk One"')), 12, "id", "is not a valid id", count=1
    ),
    Case("person-id-not-string", base(replace=('id = "tamar"', "id = 7")), 8, "id", "valid string", count=1),
    Case(
        "wrap-over-warn-segment",
        base(append='warn = "1m"\nwrap = "2m"\n'),
        16,
        "wrap",
        "wrap (2m) must not exceed warn (1m)",
        count=1,
    ),
    Case(
        "wrap-over-inherited-warn",
        base(append='wrap = "6m"\n'),
        15,
        "wrap",
        "wrap (6m) must not exceed warn (5m)",
        count=1,
    ),
    Case(
        "warn-under-timers-wrap",
        base(replace=("[[people]]", '[timers]\nwrap = "3m"\n\n[[people]]'), append='warn = "2m"\n'),
        18,
        "warn",
        "wrap (3m) must not exceed warn (2m)",
        count=1,
    ),
    Case(
        "wrap-over-warn-timers",
        base(replace=("[[people]]", '[timers]\nwarn = "1m"\nwrap = "2m"\n\n[[people]]')),
        8,
        "warn",
        "wrap (2m) must not exceed warn (1m)",
        count=1,
    ),
    Case(
        "qa-equals-duration",
        base(append='qa = "30m"\n'),
        15,
        "qa",
        "qa (30m) must be shorter than duration (30m)",
        count=1,
    ),
    Case(
        "hard-start-overlap",
        base(append=SECOND.replace('duration = "15m"', 'start = 18:20:00\nduration = "15m"')),
        18,
        "start",
        "segment 'talk' is planned to end at 18:30:00",
        count=1,
    ),
    Case(
        "schedule-past-year-9999",
        base(replace=("2026-12-03", "9999-12-31")).replace("18:00:00", "23:50:00"),
        3,
        "date",
        "outside the calendar",
        count=1,
    ),
    Case(
        "datetime-for-hard-start",
        base(append="start = 2026-12-03T19:00:00\n"),
        15,
        "start",
        "got a date and time",
        count=1,
    ),
    Case(
        "first-hard-start-before-event",
        base(append="start = 17:50:00\n"),
        15,
        "start",
        "the event starts at 18:00",
        count=1,
    ),
    Case(
        "unknown-timezone",
        base(replace=("Europe/Berlin", "Europe/Berln")),
        5,
        "timezone",
        'unknown timezone "Europe/Berln" (did you mean "Europe/Berlin"?)',
        count=1,
    ),
    Case(
        "timezone-is-a-directory",
        base(replace=("Europe/Berlin", "Europe")),
        5,
        "timezone",
        "unknown timezone",
        count=1,
    ),
    Case(
        "bad-kind",
        base(append='kind = "keynote"\n'),
        15,
        "kind",
        "'keynote' is not one of: talk, panel",
        count=1,
    ),
    Case(
        "blocking-not-bool",
        base(append='checklist = [{ item = "Mic", blocking = "yes" }]\n'),
        15,
        "checklist[0].blocking",
        "boolean",
        count=1,
    ),
    Case(
        "checklist-entry-number",
        base(append='checklist = [\n  "Slides",\n  42,\n]\n'),
        17,
        "checklist[1]",
        "expected a table",
        count=1,
    ),
    Case(
        "speakers-not-a-list", base(append='speakers = "tamar"\n'), 15, "speakers", "expected a list", count=1
    ),
    Case(
        "empty-title",
        base(replace=('title = "Design tokens"', 'title = "  "')),
        13,
        "title",
        "must not be empty",
        count=1,
    ),
    Case(
        "segments-as-table",
        base(replace=("[[segments]]", "[segments]")),
        11,
        "plan: segments",
        "write each entry as a [[segments]] table",
    ),
    Case(
        "event-as-array",
        base(replace=("[event]", "[[event]]")),
        1,
        "plan:",
        "[event] must be a table",
        count=1,
    ),
    Case("no-event", BASE[BASE.index("[[people]]") :], 1, "plan:", "missing [event] table", count=1),
    Case("empty-file", "", 1, "plan:", "missing [event] table"),
    Case("only-comments", "# a plan, some day\n\n", 1, "plan:", "missing [event] table"),
    Case(
        "no-segments", BASE[: BASE.index("[[segments]]")], 1, "plan:", "the plan has no [[segments]]", count=1
    ),
    Case("toml-syntax-error", base(append="qa = \n"), 15, "TOML syntax error", column=6, count=1),
    Case(
        "time-without-seconds",
        base(replace=("start = 18:00:00", "start = 18:30")),
        4,
        "start = 18:30:",
        "a TOML time needs seconds: write start = 18:30:00",
        column=9,
        count=1,
    ),
    Case("toml-duplicate-key", base(append='duration = "5m"\n'), 15, "TOML syntax error", count=1),
    Case("not-utf8", BASE.encode() + b'notes = "caf\xe9"\n', 15, "not a UTF-8 text file"),
    Case("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 1, "not a UTF-8 text file"),
    Case("binary-but-utf8", b"\x00\x01\x02PK\x03\x04", 1, "TOML syntax error"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_plan(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    if isinstance(case.text, bytes):
        plan.write_bytes(case.text)
    else:
        plan.write_text(case.text, encoding="utf-8")
    code, problems, out = run_check(capsys, plan)
    assert code == case.exit
    assert out == ""
    assert problems, "no problem reported"
    if case.count is not None:
        assert len(problems) == case.count, problems
    at_line = [p for p in problems if p.line == case.line]
    assert at_line, f"nothing reported at line {case.line}: {problems}"
    needle = case.field if case.field.endswith(":") or " " in case.field else f": {case.field}: "
    matching = [p for p in at_line if needle in f": {p.message}" and case.contains in p.message]
    assert matching, f"no message at line {case.line} names {case.field!r} / {case.contains!r}: {problems}"
    if case.column is not None:
        assert matching[0].column == case.column


def test_there_are_at_least_25_distinct_malformed_plans() -> None:
    assert len({case.text for case in CASES}) >= 25


def test_every_problem_in_a_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = base(replace=('"30m"', '"30 mins"'), append='owner = "nobody"\nkind = "gig"\n')
    text = text.replace("Europe/Berlin", "Mars/Olympus")
    plan = tmp_path / "plan.toml"
    plan.write_text(text)
    code, problems, _ = run_check(capsys, plan)
    assert code == 1
    assert [(p.line, p.message.split(":")[1].strip()) for p in problems] == [
        (5, "timezone"),
        (14, "duration"),
        (15, "owner"),
        (16, "kind"),
    ]


def test_message_names_the_segment_and_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "night.toml"
    plan.write_text(base(replace=('"30m"', '"25 minutes"')))
    main(["check", str(plan)])
    err = capsys.readouterr().err
    assert err == (f'{plan}:14: segment \'talk\': duration: cannot read "25 minutes": write "25m"\n')


def test_overlap_names_both_segments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(base(append=SECOND.replace('duration = "15m"', 'start = 18:20:00\nduration = "15m"')))
    assert main(["check", str(plan)]) == 1
    assert capsys.readouterr().err == (
        f"{plan}:18: segment 'break': start: hard start 18:20:00 overlaps by 10m: "
        "segment 'talk' is planned to end at 18:30:00\n"
    )


def test_segment_without_id_is_named_by_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(base(append=SECOND.replace('id = "break"\n', "")))
    code, problems, _ = run_check(capsys, plan)
    assert code == 1
    assert [(p.line, p.message) for p in problems] == [(15, "segment #2: id: required key is missing")]


def test_syntax_error_has_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[event]\ntitle = "x\n')
    assert main(["check", str(plan)]) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(rf"{re.escape(str(plan))}:2:\d+: TOML syntax error: .+\n", err)


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, problems, _ = run_check(capsys, tmp_path / "nope.toml")
    assert code == 2
    assert [(p.line, p.message) for p in problems] == [(1, "no such file")]


def test_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, problems, _ = run_check(capsys, tmp_path)
    assert code == 2
    assert "is a directory" in problems[0].message


def test_several_plans_exit_with_the_highest_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(BASE)
    bad.write_text(base(replace=('"30m"', '"0m"')))
    missing = tmp_path / "missing.toml"
    code, problems, out = run_check(capsys, good, bad)
    assert code == 1
    assert "good.toml: OK" in out and len(problems) == 1
    assert run_check(capsys, bad, missing, good)[0] == 2
    assert run_check(capsys, missing, bad)[0] == 2
    assert run_check(capsys, good, good)[0] == 0


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert run_check(capsys, plan)[0] == 0


def test_not_utf8_line_is_where_the_bad_byte_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(BASE.replace("Tamar Stern", "Tamar St\xe9rn").encode("latin-1"))
    code, problems, _ = run_check(capsys, plan)
    assert code == 1 and [p.line for p in problems] == [9]


def test_check_warns_when_warn_or_wrap_is_not_shorter_than_the_talk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning, not an error (issue 20 item 7): the plan still runs, exit 0."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        base(append='qa = "26m"\n')
        + SECOND.replace('duration = "15m"', 'duration = "2m"\nwrap = "2m"\nwarn = "3m"')
    )
    code, problems, out = run_check(capsys, plan)
    assert code == 0
    assert "OK" in out
    assert [(p.line, p.message) for p in problems] == [
        (
            14,
            "warning: segment 'talk': warn (5m) (the [timers] default) is not shorter than its talk time "
            "(4m): the warning shows from the start",
        ),
        (
            21,
            "warning: segment 'break': warn (3m) is not shorter than its talk time (2m): "
            "the warning shows from the start",
        ),
        (
            20,
            "warning: segment 'break': wrap (2m) is not shorter than its talk time (2m): "
            "the wrap-up shows from the start",
        ),
    ]


def test_check_has_no_warning_for_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    samples = sorted((Path(__file__).parent.parent / "sample_events").glob("*.toml"))
    code, problems, _ = run_check(capsys, *samples)
    assert (code, problems) == (0, [])
