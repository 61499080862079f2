"""Snapshots of the stage view: every state at both sizes and in both roles, paired to keep the
count down (each state: manager at one size, speaker at the other, alternating between states).

Deterministic: a FakeClock that does not move, no tick during the test (the tick is an hour),
the flashing message caught in its "on" half second. Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import pytest

from test_stage_scenarios import SCENARIOS, SIZES, console, stage_app

STATES = [
    "waiting",
    "before",
    "on_time",
    "warning",
    "qa",
    "wrap",
    "overtime",
    "message",
    "flash",
    "blackout",
    "ended",
]
PAIRS = [(("manager", "80x24"), ("speaker", "200x60")), (("speaker", "80x24"), ("manager", "200x60"))]
CASES = [(state, role, size) for index, state in enumerate(STATES) for role, size in PAIRS[index % 2]]


@pytest.mark.parametrize(("state", "role", "size"), CASES, ids=[f"{s}-{r}-{z}" for s, r, z in CASES])
def test_stage_snapshot(snap_compare, tmp_path, state, role, size):
    with console(tmp_path, SCENARIOS[state]) as (plan, clock, _show):
        assert snap_compare(stage_app(plan, clock, role), terminal_size=SIZES[size])


def test_stage_snapshot_console_offline(snap_compare, tmp_path):
    with console(tmp_path, SCENARIOS["on_time"]) as (plan, clock, show):
        show.close()  # the console is gone: no lock, no records
        app = stage_app(plan, clock, "manager")
        app.offline_after = 0
        assert snap_compare(app, terminal_size=SIZES["80x24"])


def test_stage_snapshot_light_theme(snap_compare, tmp_path):
    with console(tmp_path, SCENARIOS["wrap"]) as (plan, clock, _show):
        assert snap_compare(stage_app(plan, clock, "speaker", theme="light"), terminal_size=SIZES["80x24"])
