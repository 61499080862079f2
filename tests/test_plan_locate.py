"""key_lines: the line of every key, in the TOML a person actually writes."""

from __future__ import annotations

import tomllib

import pytest

from runofshow.plan import PlanError, load_plan_text
from runofshow.plan.locate import key_lines

TRICKY = '''\
# a comment with "quotes" and [brackets] and key = value
[event]   # trailing comment
title = """
A multi-line title with [brackets],
# not a comment, and key = "value"
"""
"date" = 2026-12-03
start = 18:00:00
venue = 'C:\\Users\\venue' # literal string with backslashes

[[segments]]
id = "a"
"ti\\u0074le" = "escaped quoted key"
duration = "5m"
notes = """""quoted"""""
handoff.cue = "dotted key"
checklist = [
  "one, with a comma",   # comment inside an array
  [ "nested", "array" ],
  { item = "inline ] table", by = "x" },
]

[[segments]]
id = "b"
title = \'\'\'literal
multi-line with \'\' two quotes\'\'\'
duration = "5m"
[segments.handoff]
cue = "in a sub-table"
'''


def test_tricky_text_parses():
    tomllib.loads(TRICKY)


@pytest.mark.parametrize(
    "path, line",
    [
        (("event",), 2),
        (("event", "title"), 3),
        (("event", "date"), 7),
        (("event", "start"), 8),
        (("event", "venue"), 9),
        (("segments",), 11),
        (("segments", 0), 11),
        (("segments", 0, "id"), 12),
        (("segments", 0, "title"), 13),
        (("segments", 0, "duration"), 14),
        (("segments", 0, "notes"), 15),
        (("segments", 0, "handoff", "cue"), 16),
        (("segments", 0, "checklist"), 17),
        (("segments", 0, "checklist", 0), 18),
        (("segments", 0, "checklist", 1), 19),
        (("segments", 0, "checklist", 2), 20),
        (("segments", 0, "checklist", 2, "by"), 20),
        (("segments", 1), 23),
        (("segments", 1, "title"), 25),
        (("segments", 1, "duration"), 27),
        (("segments", 1, "handoff"), 28),
        (("segments", 1, "handoff", "cue"), 29),
    ],
)
def test_key_lines_in_tricky_text(path: tuple, line: int):
    assert key_lines(TRICKY)[path] == line


def test_crlf_line_endings():
    text = TRICKY.replace("\n", "\r\n")
    assert tomllib.loads(text) == tomllib.loads(TRICKY)
    assert key_lines(text) == key_lines(TRICKY)


@pytest.mark.parametrize(
    "text", ["", "[", "a = [}", '"', "'''", 'a = """x', "x.\n", "{", "[[a]\n", "= = =", "a = {b = [}"]
)
def test_key_lines_survives_text_that_is_not_toml(text: str):
    key_lines(text)  # never raises, never loops


def test_error_inside_a_multiline_construct_is_located():
    text = '''\
[event]
title = "Night"
date = 2026-12-03
start = 18:00:00

[[segments]]
id = "talk"
title = """Design
tokens"""
checklist = [
  "Slides",
  { item = "Mic", blocking = "yes" },
]
duration = "30m"
'''
    with pytest.raises(PlanError) as error:
        load_plan_text(text, "P")
    assert (
        error.value.render()
        == "P:12: segment 'talk': checklist[1].blocking: input should be a valid boolean, got 'yes'"
    )
