"""Two processes: a console in a subprocess appends actions through the engine (LiveShow, fsynced
journal); a StageApp in this process follows the file. After each action the test waits until
the stage has read it, then checks what it shows.

Both sides use a FakeClock started at the same instant and advanced by the same amounts, so the
assertions are exact; the only real-time thing is the wait for the stage to catch up (generous,
not a speed check: the latency target is measured in benchmarks/bench_stage.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

from runofshow.show import AddTime, ClearMessage, EndShow, Go, Message, Pause, Resume, to_record
from runofshow.tui.stage import screen_text
from test_stage_follow import copy_plan, wait_for
from test_stage_scenarios import SIZES, T0, stage_app

CONSOLE = """
import datetime as dt, json, sys
from runofshow.live import open_show
from runofshow.show import FakeClock, from_record

clock = FakeClock(dt.datetime.fromisoformat(sys.argv[2]))
show = open_show(sys.argv[1], clock).show
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
    """The organizer's side, in its own process."""

    def __init__(self, plan) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CONSOLE, str(plan), T0.isoformat()],
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


async def test_stage_follows_a_console_in_another_process(tmp_path):
    plan = copy_plan(tmp_path)
    from runofshow.show import FakeClock

    clock = FakeClock(T0)
    app = stage_app(plan, clock)
    count = 0

    async def act(action=None, advance: float = 0) -> str:
        nonlocal count
        console.send(action, advance)
        clock.advance(advance)
        if action is not None:
            count += 1
            await wait_for(pilot, lambda: app.records_seen == count, f"record {count}")
        app.redraw()
        await pilot.pause()
        return screen_text(app)

    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await pilot.pause()
        assert app.view.status == "waiting for the show to start" and app.view.big == "10:00"
        console = Console(plan)
        try:
            await wait_for(pilot, lambda: app.view.status == "", "the journal's header")
            text = await act(Go(at=T0), advance=600)
            assert "Doors, pizza and networking" in text and "ON TIME" in text and app.view.big == "30:00"
            assert "NEXT  Welcome and house rules  ·  18:30" in text

            text = await act(AddTime(at=T0, seconds=120), advance=60)
            assert app.view.big == "31:00" and "Welcome and house rules  ·  18:32" in text

            await act(Message(at=T0, text="Mic check please", flash=True))
            assert app.view.message == "Mic check please" and app.view.message_flash
            assert app.query_one("#message").display

            text = await act(Pause(at=T0), advance=30)
            assert "PAUSED" in text and app.view.big == "30:30"
            text = await act(Resume(at=T0), advance=45)
            assert "PAUSED" not in text and app.view.big == "30:30"  # the pause did not count

            await act(ClearMessage(at=T0))
            assert app.view.message == "" and not app.query_one("#message").display

            text = await act(Go(at=T0), advance=60)
            assert "Welcome and house rules" in text and "Tamar Stern" not in text  # a host is no speaker
            assert app.view.big == "05:00" and "NEXT  Design tokens at scale  ·  Dana Levi" in text

            text = await act(advance=4 * 60 + 30)  # the warning is 2m before the end, wrap 1m
            assert "WRAP UP" in text and app.view.big == "00:30"

            text = await act(Go(at=T0), advance=60)
            assert "Design tokens at scale" in text and "Dana Levi" in text and app.view.big == "30:00"

            text = await act(Message(at=T0, text="Technical break", blackout=True))
            assert app.view.blackout and "Design tokens" not in text and text.strip() == app.view.clock

            await act(ClearMessage(at=T0))
            text = await act(EndShow(at=T0), advance=60)
            assert "Thank you" in text and "ENDED AT" in text
            assert app.records_seen == count == 11
        finally:
            console.close()
