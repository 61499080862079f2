"""The repeated hour (issue 12, item 4): on the night clocks go back (Europe/Berlin, 2026-10-25), a hard
start in the repeated hour is the one after the previous segment's end when only that one fits, and
`check` says which one it took."""

from __future__ import annotations

import datetime as dt

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan_text

PLAN = """
[event]
title = "Long night"
date = 2026-10-25
start = 01:00:00
timezone = "Europe/Berlin"

[[segments]]
id = "set"
title = "Late set"
duration = "{first}"

[[segments]]
id = "after"
title = "After hours"
duration = "30m"
start = 02:15:00
"""


@pytest.mark.parametrize(
    ("first", "utc", "which", "gap"),
    [
        (
            "2h",
            dt.datetime(2026, 10, 25, 1, 15, tzinfo=dt.UTC),
            "second 02:15 (CET)",
            15 * 60,
        ),  # ends 02:00 CET
        (
            "1h",
            dt.datetime(2026, 10, 25, 0, 15, tzinfo=dt.UTC),
            "first 02:15 (CEST)",
            15 * 60,
        ),  # ends 02:00 CEST
    ],
)
def test_a_hard_start_in_the_repeated_hour_is_the_one_that_fits(tmp_path, capsys, first, utc, which, gap):
    text = PLAN.format(first=first)
    plan = load_plan_text(text, "night.toml")
    slot = plan.schedule[1]
    assert slot.start.astimezone(dt.UTC) == utc and slot.gap_before == gap
    path = tmp_path / "night.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"hard start 02:15 of 'after' is the {which} of the night the clocks go back" in out


def test_an_overlap_in_the_repeated_hour_is_still_an_error(tmp_path, capsys):
    path = tmp_path / "night.toml"
    path.write_text(PLAN.format(first="2h30m"), encoding="utf-8")  # ends 02:30 CET: no 02:15 fits
    assert main(["check", str(path)]) == 1
    assert "overlaps by 15m" in capsys.readouterr().err
