"""Several stages live: one console and one journal per stage, the stage's journal alone replays to
that stage, ``run`` refuses a plan of several stages without ``--stage``, and HQ follows them all
(pure ``runofshow.hq`` with in-process writers; then three consoles in subprocesses and the hq app)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.hq import Overview
from runofshow.journal import JournalError, read_journal
from runofshow.live import open_show
from runofshow.plan import load_plan
from runofshow.show import AddTime, FakeClock, Go, to_record
from runofshow.show.days import day_behind, stage_and_day
from test_stage_follow import wait_for

FESTIVAL = Path(__file__).resolve().parent.parent / "sample_events" / "festival.toml"
T0 = dt.datetime(2026, 12, 10, 8, 20, tzinfo=dt.UTC)  # 09:20 in Hamburg: ten minutes before the doors
STAGES = ("main", "lab", "garden")


@pytest.fixture
def festival(tmp_path: Path) -> Path:
    path = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, path)
    return path


def test_each_stage_has_its_own_journal_naming_its_stage(festival: Path) -> None:
    clock = FakeClock(T0)
    shows = {stage: open_show(festival, clock, stage=stage).show for stage in STAGES}
    try:
        for stage, show in shows.items():
            assert show.journal_path == festival.with_name(f"festival.{stage}.journal.jsonl")
            header = json.loads(show.journal_path.read_text(encoding="utf-8").splitlines()[0])
            assert header["stage"] == stage
        shows["main"].do(Go(at=clock.now()))
        replay = read_journal(festival.with_name("festival.main.journal.jsonl"))  # the journal alone
        assert [s.id for s in replay.plan.segments] == [
            s.id for s in load_plan(festival).plan.for_stage("main").segments
        ]
        assert replay.plan.one_stage.name == "Main hall" and len(replay.actions) == 1
    finally:
        for show in shows.values():
            show.close()


def test_a_one_stage_journal_header_is_as_before(tmp_path: Path) -> None:
    plan = tmp_path / "meetup.toml"
    shutil.copy(FESTIVAL.with_name("meetup.toml"), plan)
    show = open_show(plan, FakeClock(T0)).show
    try:
        header = json.loads(show.journal_path.read_text(encoding="utf-8").splitlines()[0])
        assert show.journal_path.name == "meetup.journal.jsonl" and "stage" not in header
        assert list(header)[:5] == ["type", "version", "created", "plan_source", "plan_sha256"]
    finally:
        show.close()


def test_a_stage_journal_refuses_another_stage(festival: Path) -> None:
    clock = FakeClock(T0)
    open_show(festival, clock, stage="lab").show.close()
    with pytest.raises(JournalError, match="this journal is of stage lab, not main"):
        open_show(festival, clock, stage="main", journal=festival.with_name("festival.lab.journal.jsonl"))


def test_run_without_stage_exits_2_listing_the_stages(
    festival: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(festival)]) == 2
    err = capsys.readouterr().err
    assert "has 3 stages: choose one with --stage ID" in err
    for line in ("main         Main hall", "lab          Workshop room", "garden       Garden stage"):
        assert line in err
    assert main(["run", str(festival), "--stage", "mian"]) == 2
    assert 'unknown stage "mian"' in capsys.readouterr().err
    assert not list(festival.parent.glob("*.journal.jsonl"))  # nothing was created


def test_stage_and_serve_refuse_an_unknown_stage(festival: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stage", str(festival)]) == 2
    assert "choose one with --stage ID" in capsys.readouterr().err
    assert main(["serve", str(festival), "--stage", "nope"]) == 2
    assert 'unknown stage "nope"' in capsys.readouterr().err


def test_header_words_name_the_stage_and_the_day(festival: Path) -> None:
    clock = FakeClock(T0)
    show = open_show(festival, clock, stage="main").show
    try:
        assert stage_and_day(show.plan, show.state()) == "Main hall · Day 1 of 2"
        clock.advance(600)
        show.do(Go(at=clock.now()))
        clock.advance(20 * 60)  # welcome is 15m: 5 minutes over
        assert day_behind(show.plan, show.state()) == 5 * 60  # day 1's end, not day 2's
        assert show.state().behind == 0  # the whole show: day 2's hard start absorbs it
        for _ in range(7):
            show.do(Go(at=clock.now()))  # through day 1 into day 2's opening
        assert show.state().live_row.id == "day2-open"
        assert stage_and_day(show.plan, show.state()) == "Main hall · Day 2 of 2"
    finally:
        show.close()


def test_hq_rows_and_cross_stage_alerts(festival: Path) -> None:
    clock = FakeClock(T0)
    shows = {stage: open_show(festival, clock, stage=stage).show for stage in STAGES}
    try:
        hq = Overview(festival, present=lambda journal: True)
        hq.poll()
        rows = {row.stage: row for row in hq.rows(clock.now())}
        assert [row.name for row in rows.values()] == ["Main hall", "Workshop room", "Garden stage"]
        assert rows["main"].show == "before" and rows["main"].schedule == "NOT STARTED · plan 09:30"
        assert hq.alerts(clock.now()) == []  # Dana has exactly ten minutes between the rooms

        clock.advance(600)
        shows["main"].do(Go(at=clock.now()))
        assert hq.poll()
        row = hq.rows(clock.now())[0]
        assert (row.live, row.remaining, row.phase, row.schedule) == (
            "Welcome to Harbour Lights",
            "15:00",
            "ON TIME",
            "ON SCHEDULE",
        )
        assert row.next == "~09:45 Lights on the water: building for cities that flood"
        assert row.day == "Day 1 of 2" and row.console == "online"

        shows["main"].do(AddTime(at=clock.now(), seconds=3 * 60))  # the morning runs 3 minutes long
        hq.poll()
        texts = [alert.text for alert in hq.alerts(clock.now())]
        assert texts == ["Dana Levi: Main hall ends ~11:48, Workshop room starts 11:55"]
        assert hq.rows(clock.now())[0].schedule == "BEHIND 3:00"

        hq.present = lambda journal: False
        hq.offline_after = 0
        texts = [alert.text for alert in hq.alerts(clock.now())]
        assert "Main hall: console offline while the show is live" in texts
        assert hq.rows(clock.now())[1].console == "offline"
        assert not any("Workshop room: console offline" in t for t in texts)  # not live: no alert
    finally:
        for show in shows.values():
            show.close()


def test_hq_follows_a_journal_that_appears_after_it_started(festival: Path) -> None:
    clock = FakeClock(T0)
    hq = Overview(festival)
    assert not hq.poll()
    assert [row.show for row in hq.rows(clock.now())] == ["waiting"] * 3
    show = open_show(festival, clock, stage="garden").show
    try:
        assert hq.poll()
        assert [row.show for row in hq.rows(clock.now())] == ["waiting", "waiting", "before"]
    finally:
        show.close()


CONSOLE = """
import datetime as dt, json, sys
from runofshow.live import open_show
from runofshow.show import FakeClock, from_record

clock = FakeClock(dt.datetime.fromisoformat(sys.argv[2]))
show = open_show(sys.argv[1], clock, stage=sys.argv[3]).show
print("ready", flush=True)
for line in sys.stdin:
    command = json.loads(line)
    clock.advance(command.get("advance", 0))
    if "do" in command:
        show.do(from_record(dict(command["do"], at=clock.now().isoformat())))
    print("ok", flush=True)
show.close()
"""


class Console:
    """One stage's organizer console, in its own process."""

    def __init__(self, plan: Path, stage: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CONSOLE, str(plan), T0.isoformat(), stage],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def send(self, action=None, advance: float = 0) -> None:
        command = {"advance": advance}
        if action is not None:
            command["do"] = to_record(action)
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "ok"  # journaled and fsynced

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


async def test_hq_shows_what_three_consoles_in_other_processes_do(festival: Path) -> None:
    from runofshow.tui.hq import HqApp

    clock = FakeClock(T0)
    app = HqApp(festival, clock=clock, tick_interval=3600)
    consoles: dict[str, Console] = {}
    count = 0

    async def act(stage: str, action=None, advance: float = 0) -> str:
        nonlocal count
        for name, console in consoles.items():  # every console's clock moves with the room's
            console.send(action if name == stage else None, advance)
        clock.advance(advance)
        if action is not None:
            count += 1
            await wait_for(pilot, lambda: app.records_seen == count, f"record {count}")
        app.redraw()
        await pilot.pause()
        return app.screen_text()

    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        assert app.screen_text().count("(no console yet)") == 3
        try:
            for stage in STAGES:
                consoles[stage] = Console(festival, stage)
            await wait_for(pilot, lambda: "waiting" not in app.screen_text(), "the three headers")

            text = await act("main", Go(at=T0), advance=600)
            assert (
                "Main hall | Day 1 of 2 | Welcome to Harbour Lights |  | 15:00 | ON TIME | ON SCHEDULE"
                in text
            )

            text = await act("lab", Go(at=T0), advance=30 * 60)  # 10:00: the workshop room opens
            lab = text.splitlines()[1]
            assert "Workshop: reading tide data | Noa Katz | 1:30:00 | ON TIME" in lab and "| online" in lab
            assert "Main hall | Day 1 of 2 | Welcome to Harbour Lights |  | -15:00 | OVER" in text

            text = await act("main", Go(at=T0))
            assert "Lights on the water" in text.splitlines()[0] and "BEHIND 15:00" in text.splitlines()[0]
            assert "Dana Levi: Main hall ends ~12:00, Workshop room starts 11:55" in text

            text = await act("lab", AddTime(at=T0, seconds=20 * 60))
            assert "1:50:00" in text.splitlines()[1]
            assert "Dana Levi" not in text  # the workshop room now starts 12:15: fifteen minutes apart

            text = await act("garden", Go(at=T0), advance=2 * 3600)  # 12:00: the garden opens
            garden = text.splitlines()[2]
            assert "Garden stage | Day 1 of 2 | Acoustic set: Elbe Strings" in garden and "45:00" in garden
            assert app.records_seen == count == 5
        finally:
            for console in consoles.values():
                console.close()


async def test_console_header_names_the_stage_and_the_day(festival: Path) -> None:
    from runofshow.tui.console import ConsoleApp
    from test_console_support import text

    clock = FakeClock(T0)
    opened = open_show(festival, clock, stage="lab")
    app = ConsoleApp(opened.show, clock, notices=opened.notices, resumed=opened.resumed, tick=0)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            title = text(app, "#header-title")
            assert "Harbour Lights Festival 2026 · Workshop room · Day 1 of 2 · Thu 10 Dec" in title
            assert "Workshop: reading tide data" in str(
                app.screen_console.query_one("#runsheet").get_row("lab-tides")
            )
            from textual.widgets.data_table import RowDoesNotExist

            with pytest.raises(RowDoesNotExist):  # another stage's segment is not in this console
                app.screen_console.query_one("#runsheet").get_row("keynote")
    finally:
        opened.show.close()
