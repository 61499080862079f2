"""Overtime as the speaker sees it (issue 17, item 4): ``[timers] overtime = "count" | "hold"``
and the stage option ``--overtime`` that overrides the plan.

In ``hold`` the speaker's stage view shows ``0:00`` and TIME UP past zero, never a growing
number; the manager's view and the console keep counting (``+01:23``, OVER TIME).
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan, load_plan_text
from runofshow.plan.write import dumps_plan
from runofshow.show import reduce
from runofshow.tui.stage_cmd import stage_command, view_options
from runofshow.tui.stage_view import seconds_to_next_change
from runofshow.tui.widgets.live import LivePanel
from test_stage_scenarios import MEETUP, SCENARIOS, SIZES, console, shown, stage_app

OVERTIME = SCENARIOS["overtime"]  # Dana's talk, 1:23 past its end
WRAP = SCENARIOS["wrap"]  # 30 s before the end


def meetup_with(tmp_path: Path, overtime: str | None) -> Path:
    """A copy of the meetup plan, with ``overtime = ...`` in its [timers] (or none)."""
    text = MEETUP.read_text()
    if overtime is not None:
        text = text.replace("[timers]\n", f'[timers]\novertime = "{overtime}"\n', 1)
    path = tmp_path / "src" / "meetup.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def big_and_words(tmp_path: Path, plan_overtime: str | None, role: str, option: str | None, steps):
    with console(tmp_path, steps, plan=meetup_with(tmp_path, plan_overtime)) as (plan, clock, _show):
        app = stage_app(plan, clock, role)
        app.overtime = option
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            text = await shown(app, pilot)
            first = (app.view.big, app.view.phase_words, text)
            clock.advance(60)  # a minute later: a held timer has not moved
            app.redraw()
            text = await shown(app, pilot)
            later = (app.view.big, app.view.phase_words, text)
    return first, later


async def test_hold_in_the_plan_holds_the_speakers_timer_at_zero(tmp_path):
    first, later = await big_and_words(tmp_path, "hold", "speaker", None, OVERTIME)
    for big, words, text in (first, later):
        assert big == "0:00" and words == "TIME UP"
        assert "TIME UP" in text and "OVER TIME" not in text and "+" not in big


async def test_hold_in_the_plan_leaves_the_manager_counting(tmp_path):
    first, later = await big_and_words(tmp_path, "hold", "manager", None, OVERTIME)
    assert first[:2] == ("+01:23", "OVER TIME") and later[:2] == ("+02:23", "OVER TIME")
    assert "TIME UP" not in first[2] and "OVER TIME" in first[2]


async def test_count_is_the_default_for_the_speaker(tmp_path):
    first, later = await big_and_words(tmp_path, None, "speaker", None, OVERTIME)
    assert first[:2] == ("+01:23", "OVER TIME") and later[:2] == ("+02:23", "OVER TIME")


@pytest.mark.parametrize(
    ("plan_overtime", "option", "held"),
    [("count", "hold", True), ("hold", "count", False), (None, "hold", True), ("hold", None, True)],
)
async def test_the_stage_option_overrides_the_plan(tmp_path, plan_overtime, option, held):
    first, _later = await big_and_words(tmp_path, plan_overtime, "speaker", option, OVERTIME)
    assert first[:2] == (("0:00", "TIME UP") if held else ("+01:23", "OVER TIME"))


async def test_hold_counts_down_as_usual_before_zero(tmp_path):
    first, _later = await big_and_words(tmp_path, "hold", "speaker", None, WRAP)
    assert first[:2] == ("00:30", "WRAP UP")


async def test_the_option_reaches_the_app_from_the_command_line(tmp_path, monkeypatch):
    seen = {}

    def fake_run(self):
        seen["overtime"], seen["hold"] = self.overtime, self.holds_overtime

    monkeypatch.setattr("runofshow.tui.stage.StageApp.run", fake_run)
    monkeypatch.setattr("runofshow.tui.stage_cmd.terminal_problem", lambda: None)
    plan = meetup_with(tmp_path, "count")
    assert main(["stage", str(plan), "--role", "speaker", "--overtime", "hold"]) == 0
    assert seen == {"overtime": "hold", "hold": True}
    assert main(["stage", str(plan), "--role", "manager", "--overtime", "hold"]) == 0
    assert seen == {"overtime": "hold", "hold": False}


def test_a_bad_overtime_option_is_a_one_line_usage_error(tmp_path, capsys):
    for command in ("stage", "serve"):
        with pytest.raises(SystemExit) as exit_:
            main([command, str(MEETUP), "--overtime", "freeze"])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "--overtime" in err and "'freeze'" in err and "Traceback" not in err


def test_serve_passes_the_option_to_the_stage_it_starts(tmp_path):
    args = type("Args", (), {"overtime": "hold"})()
    command = shlex.split(stage_command(MEETUP, "speaker", "dark", None, view_options(args)))
    assert command[-2:] == ["--overtime", "hold"]
    none = type("Args", (), {"overtime": None})()
    assert "--overtime" not in shlex.split(stage_command(MEETUP, "speaker", "dark", None, view_options(none)))


def test_the_console_keeps_counting_with_hold(tmp_path):
    """The console's live panel reads the state, not the stage's option: it counts whatever the plan says."""
    plan = load_plan(meetup_with(tmp_path, "hold")).plan
    assert plan.timers.overtime == "hold"
    from runofshow.show import Go
    from test_console_support import START

    at = [START, START.replace(minute=30), START.replace(minute=35)]
    state = reduce(plan, [Go(at=instant) for instant in at], START + dt.timedelta(minutes=66, seconds=23))
    panel = LivePanel.view(state)
    assert panel["digits"] == "+01:23" and panel["word"] == "OVER TIME +1:23"


def test_a_held_timer_asks_for_no_redraw_each_second(tmp_path):
    from runofshow.show import Go
    from test_console_support import START

    plan = load_plan(MEETUP).plan
    go = [Go(at=START), Go(at=START.replace(minute=30)), Go(at=START.replace(minute=35))]
    now = START + dt.timedelta(minutes=66, seconds=23.5)
    state = reduce(plan, go, now)
    assert seconds_to_next_change(state, now) == pytest.approx(0.5)
    assert seconds_to_next_change(state, now, hold=True) == pytest.approx(36.5)  # the clock's minute


# --- the plan key ----------------------------------------------------------------------------------

PLAN = """\
[event]
title = "Night"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[timers]
{timers}

[[segments]]
id = "talk"
title = "Talk"
duration = "20m"
"""


@pytest.mark.parametrize(
    ("timers", "line", "words"),
    [
        ('overtime = "freeze"', 8, "timers: overtime: 'freeze' is not one of: count or hold"),
        ('overtime = "Hold"', 8, "timers: overtime: 'Hold' is not one of: count or hold"),
        ("overtime = true", 8, "timers: overtime: True is not one of: count or hold"),
        ('overtime = ["hold"]', 8, "timers: overtime:"),
        ('warn = "5m"\novertim = "hold"', 9, 'overtim: unknown key (did you mean "overtime"?)'),
    ],
)
def test_malformed_overtime_is_located(tmp_path, capsys, timers, line, words):
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(timers=timers))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:{line}: ") and words in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("value", ["count", "hold"])
def test_overtime_survives_writing_the_plan_back(value):
    plan = load_plan_text(PLAN.format(timers=f'overtime = "{value}"'))
    assert plan.timers.overtime == value
    again = load_plan_text(dumps_plan(plan))
    assert again.timers == plan.timers


def test_the_default_is_count_and_is_not_written_back():
    plan = load_plan_text(PLAN.format(timers=""))
    assert plan.timers.overtime == "count"
    assert "overtime" not in dumps_plan(plan)


def test_the_schema_describes_overtime():
    result = subprocess.run(
        [sys.executable, "-m", "runofshow.cli", "schema"], capture_output=True, text=True, timeout=60
    )
    prop = json.loads(result.stdout)["$defs"]["Timers"]["properties"]["overtime"]
    assert prop["enum"] == ["count", "hold"] and prop["default"] == "count"
    assert "TIME UP" in prop["description"]
