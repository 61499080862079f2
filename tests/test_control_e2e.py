"""The control API from outside: ``runofshow run --control`` in a real terminal (tmux), driven by a
real HTTP client, a real WebSocket client and python-osc's UDP client.

Every endpoint answers as docs/control.md says; the journal holds every accepted command once
(with its source) and no refused one; the console's screen and the stage view follow API commands
as they follow key presses.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
from pythonosc.udp_client import SimpleUDPClient

from control_support import ControlledConsole, free_port, wait_until
from test_console_e2e import RUNOFSHOW, Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed for a real terminal")


@pytest.fixture
def console(tmp_path):
    running = ControlledConsole(tmp_path, osc=True)
    yield running
    running.close()


def test_every_endpoint_and_error_and_the_journal_holds_each_accepted_command_once(console, tmp_path):
    api = console.api
    # The token file: beside the journal, only its owner may read it.
    assert stat.S_IMODE(console.token_path.stat().st_mode) == 0o600
    accepted: list[str] = []

    def post(*args, **kwargs):
        answer = api.post(*args, **kwargs)
        time.sleep(0.055)  # under 20 commands a second: the rate limit is tested below
        return answer

    def ok(name, body=None, **kwargs):
        status, answer = post(name, body, **kwargs)
        assert status == 200, (name, body, status, answer)
        accepted.append(name)
        return answer

    # 401: no token, a wrong one, on loopback too; the query form works.
    assert api.call("GET", "/api/v1/state", token=False)[0] == 401
    assert api.call("GET", "/api/v1/state", token="x" * 32)[0] == 401
    status, answer = post("go", token="not-the-token")
    assert status == 401 and "token" in answer["error"]
    assert api.call("GET", f"/api/v1/state?token={api.token}", token=False)[0] == 200
    # 404 and 405
    assert api.call("GET", "/api/v1/nothing")[0] == 404
    assert api.call("GET", "/")[0] == 404
    assert api.call("POST", "/api/v2/go")[0] == 404
    status, answer = api.call("GET", "/api/v1/go")
    assert status == 405 and "POST" in answer["error"]
    assert api.call("POST", "/api/v1/state")[0] == 405
    # 400 names the field; 413 past 16 KiB
    status, answer = post("time", '{"seconds": "ten"}')
    assert status == 400 and answer["field"] == "seconds"
    status, answer = post("message", {"flash": True})
    assert status == 400 and answer["field"] == "text"
    status, answer = post("go", {"force": True})
    assert status == 400 and answer["field"] == "force"
    assert post("time", b"{not json")[0] == 400
    assert post("note", b"[1, 2]")[0] == 400
    assert post("check", {"segment": "doors", "item": True})[1]["field"] == "item"
    status, answer = post("note", {"text": "x" * 17000})
    assert status == 413, answer
    # 409: the show's refusal, in its words
    status, answer = post("pause")
    assert status == 409 and answer == {"error": "pause is only possible while the show is live"}
    assert post("undo") == (409, {"error": "nothing to undo"})
    assert post("clear") == (409, {"error": "there is no message to clear"})
    assert console.actions() == []
    time.sleep(1.0)  # let the rate window pass

    state = ok("go")
    assert state["show"] == "live" and state["live"]["id"] == "doors"
    assert state["live"]["remaining"] == 1800 and state["next"]["id"] == "welcome"
    assert ok("pause")["live"]["paused"] is True
    assert post("pause") == (409, {"error": "already paused"})
    assert ok("resume")["live"]["paused"] is False
    assert ok("time", {"seconds": 60})["live"]["allotted"] == 1860
    assert ok("time", {"seconds": -120})["live"]["allotted"] == 1740
    state = ok("message", {"text": "  Wrap up please ", "flash": True})
    assert state["message"] == {"text": "Wrap up please", "flash": True} and state["blackout"] is False
    assert ok("blackout", {"on": True})["blackout"] is True
    assert post("blackout", {"on": True}) == (409, {"error": "the stage is already blacked out"})
    state = ok("blackout", {"on": False})
    assert state["blackout"] is False and state["message"]["text"] == "Wrap up please"
    assert ok("clear")["message"] is None
    state = ok("check", {"segment": "doors", "item": 1})
    assert state["checklists"]["live"][1] | {"done": None} == {
        "segment": "doors",
        "item": 1,
        "text": "Pizza delivered",
        "by": None,
        "blocking": False,
        "done": None,
    }
    assert state["checklists"]["live"][1]["done"] is True
    assert post("check", {"segment": "doors", "item": 1})[0] == 409  # already checked
    assert post("check", {"segment": "doors", "item": 9})[0] == 409
    ok("check", {"segment": "doors", "item": 1, "done": False})
    ok("handoff", {"segment": "welcome"})
    assert post("handoff", {"segment": "welcome"})[0] == 409
    assert post("handoff", {"segment": "doors"}) == (
        409,
        {"error": "no handoff planned before Doors, pizza and networking"},
    )
    # the console's screen shows the refusal (before the GO below brings logistics alerts)
    console.terminal.wait_for("refused (API) handoff: the handoff to")
    ok("note", {"text": "mic 2 crackles"})
    assert ok("undo")["live"]["allotted"] == 1860  # undoes the last time change (-120)
    status, answer = post("go", token=False, headers={})
    assert status == 401
    state = ok("go", token=False, headers={"Authorization": f"bearer {api.token}"})
    assert state["live"]["id"] == "welcome"

    # The journal: every accepted command once, in order, with its source; nothing refused.
    actions = console.actions()
    assert [a.type for a in actions] == [
        "go",
        "pause",
        "resume",
        "add_time",
        "add_time",
        "message",
        "blackout",
        "blackout",
        "clear_message",
        "check_item",
        "check_item",
        "handoff_done",
        "note",
        "undo",
        "go",
    ]
    assert {a.source for a in actions} == {"api"}
    records = [json.loads(line) for line in console.journal.read_text().splitlines()[1:]]
    assert all(r["source"] == "api" for r in records)

    # The console's screen shows where the actions came from, and the client count.
    console.terminal.wait_for("GO: Welcome and house rules (API)")
    assert "API: 1 client" in console.terminal.wait_for("API: 1 client")

    # 429: past 20 commands a second from one client; nothing is journaled meanwhile.
    time.sleep(1.1)  # the window of the commands above has passed
    with ThreadPoolExecutor(10) as pool:  # at once: a loaded machine must not spread them over a second
        statuses = list(pool.map(lambda _: api.post("resume")[0], range(40)))
    assert 429 in statuses and set(statuses) <= {409, 429}, statuses
    assert statuses.count(409) >= 20, statuses  # the first 20 of the second went through to the show
    assert len(console.actions()) == len(actions)
    time.sleep(1.1)
    assert api.post("resume")[0] == 409  # the window has passed

    # A key press still journals without a source (absent means key).
    console.terminal.keys("p")
    wait_until(lambda: len(console.actions()) == len(actions) + 1, what="the key's pause")
    last = json.loads(console.journal.read_text().splitlines()[-1])
    assert last["type"] == "pause" and "source" not in last
    assert console.actions()[-1].source == "key"
    assert console.alive()


def test_the_stage_view_follows_api_commands(console, tmp_path):
    stage_dir = tmp_path / "stage"
    stage_dir.mkdir()
    stage = Terminal(stage_dir)
    try:
        stage.start(f"{RUNOFSHOW} stage {console.journal} --role manager")
        stage.wait_for("18:00")
        assert console.api.post("go")[0] == 200
        stage.wait_for("Doors, pizza and networking")
        assert console.api.post("message", {"text": "Five minutes"})[0] == 200
        stage.wait_for("▀▀▀▀▀ ▀▀▀▀")  # the message, in big letters
        assert console.api.post("go")[0] == 200
        stage.wait_for("NEXT  Design tokens at scale")
    finally:
        stage.close()


def test_task_and_arrive_from_outside_reach_the_journal_and_the_desk_screen(console):
    api = console.api
    console.terminal.keys("d")
    console.terminal.wait_for("People (")  # the desk screen
    status, state = api.post("task", {"task": "pizza"})
    assert status == 200 and "pizza" not in [t["id"] for t in state["tasks_due"]]
    console.terminal.wait_for("by Tamar")  # "done 17:42 by Tamar": marked on behalf of its owner
    status, state = api.post("arrive", {"person": "dana"})
    assert status == 200 and "dana" not in [p["id"] for p in state["people_missing"]]
    console.terminal.wait_for("HERE since")
    assert api.post("task", {"task": "pizza"}) == (409, {"error": "task 'pizza' is already done"})
    assert api.post("arrive", {"person": "ghost"}) == (409, {"error": "no person 'ghost' in the plan"})
    assert api.post("arrive", {"person": 5}) == (400, {"error": "person must be text", "field": "person"})
    assert api.post("task", {"task": "pizza", "done": False})[0] == 200
    state = api.state()
    assert isinstance(state["tasks_due"], list) and isinstance(state["people_missing"], list)
    assert [(a.type, getattr(a, "task", None) or a.person, a.source) for a in console.actions()] == [
        ("task_done", "pizza", "api"),
        ("check_in", "dana", "api"),
        ("task_done", "pizza", "api"),
    ]
    assert [a.done for a in console.actions() if a.type == "task_done"] == [True, False]
    assert console.alive()


def test_help_screen_shows_the_token_and_errors_at_start(console, tmp_path):
    console.terminal.keys("?")
    screen = console.terminal.wait_for("Control from outside")
    flat = "".join(screen.split())
    assert console.api.token in flat
    assert f"http://127.0.0.1:{console.port}/api/v1/" in flat


def test_websocket_sends_the_state_after_changes_and_every_second_while_a_timer_runs(console):
    api = console.api

    async def scenario():
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{console.port}/api/v1/events"
            async with session.get(url) as plain:  # without a token: 401; never a traceback
                assert plain.status == 401
            async with session.get(url + f"?token={api.token}") as plain:  # not an upgrade: 400
                assert plain.status == 400
            async with session.ws_connect(url + f"?token={api.token}") as ws:
                first = json.loads((await ws.receive(timeout=5)).data)
                assert first["show"] == "before" and first["actions"] == 0
                # idle before the show: nothing more comes
                with pytest.raises(asyncio.TimeoutError):
                    await ws.receive(timeout=1.5)
                loop = asyncio.get_running_loop()
                status = await loop.run_in_executor(None, lambda: api.post("go")[0])
                assert status == 200
                changed = json.loads((await ws.receive(timeout=5)).data)
                assert changed["show"] == "live" and changed["actions"] == 1
                ticks = [json.loads((await ws.receive(timeout=3)).data) for _ in range(3)]
                assert [t["actions"] for t in ticks] == [1, 1, 1]
                assert ticks[-1]["live"]["elapsed"] >= 1
                console.terminal.keys("p")  # a key press reaches the socket too
                paused = json.loads((await ws.receive(timeout=5)).data)
                while not paused["live"]["paused"]:
                    paused = json.loads((await ws.receive(timeout=5)).data)
                assert paused["actions"] == 2
                with pytest.raises(asyncio.TimeoutError):  # paused: no ticks
                    await ws.receive(timeout=1.5)

    asyncio.run(scenario())
    assert console.alive()


def test_osc_commands_reach_the_journal_and_garbage_changes_nothing(console):
    client = SimpleUDPClient("127.0.0.1", console.osc_port)
    client.send_message("/runofshow/go", [])
    wait_until(lambda: [a.type for a in console.actions()] == ["go"], what="the OSC go")
    client.send_message("/runofshow/message", "Mic check")
    wait_until(lambda: len(console.actions()) == 2, what="the OSC message")
    client.send_message("/runofshow/time", 120)
    client.send_message("/runofshow/blackout", 1)
    client.send_message("/runofshow/flash", [])
    wait_until(lambda: len(console.actions()) == 5, what="time, blackout, flash")
    actions = console.actions()
    assert [a.type for a in actions] == ["go", "message", "add_time", "blackout", "message"]
    assert actions[1].text == "Mic check" and actions[2].seconds == 120
    assert actions[3].on and actions[4].flash
    assert {a.source for a in actions} == {"osc"}
    # Garbage: not OSC at all, unknown addresses, wrong arguments, refused commands.
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        for datagram in (
            b"",
            b"\x00" * 7,
            b"hello world",
            b"/runofshow/go\x00\x00\x00,i\x00",
            os.urandom(64),
        ):
            raw.sendto(datagram, ("127.0.0.1", console.osc_port))
    client.send_message("/runofshow/warp", [])
    client.send_message("/other/go", [])
    client.send_message("/runofshow/time", "ten")
    client.send_message("/runofshow/time", [1, 2])
    client.send_message("/runofshow/blackout", 7)
    client.send_message("/runofshow/message", 3)
    client.send_message("/runofshow/resume", [])  # refused: not paused
    client.send_message("/runofshow/blackout", 1)  # refused: already
    console.terminal.wait_for("refused (OSC) blackout")
    console.terminal.wait_for("OSC from 127.0.0.1")
    assert len(console.actions()) == 5
    client.send_message("/runofshow/clear", [])
    wait_until(lambda: len(console.actions()) == 6, what="the OSC clear after the garbage")
    assert console.alive()
    console.terminal.wait_for("(OSC)")


def test_a_taken_port_or_an_open_token_file_stops_before_the_console(tmp_path):
    from test_console_e2e import plan_for_today

    plan = plan_for_today(tmp_path)
    with socket_listening() as port:
        result = subprocess.run(
            [str(RUNOFSHOW), "run", str(plan), "--control", f"127.0.0.1:{port}"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 2
    assert f"--control: cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "tonight.journal.jsonl").exists()  # nothing touched

    token = tmp_path / "open.token"
    token.write_text("a" * 32)
    token.chmod(0o644)
    result = subprocess.run(
        [str(RUNOFSHOW), "run", str(plan), "--control", str(free_port()), "--control-token-file", str(token)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2 and "others can read this token file" in result.stderr
    for flag in ("--control 99999", "--control nohost:", "--osc 0"):
        result = subprocess.run(
            [str(RUNOFSHOW), "run", str(plan), *flag.split()],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 2 and "port must be a number" in result.stderr, flag


class socket_listening:
    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        return self.sock.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.sock.close()


def test_random_paths_and_bodies_never_crash_the_console_nor_journal_anything_malformed(console):
    """Hypothesis against the real console: any method, path and body gets an HTTP answer from the
    documented set; afterwards the console is alive and the journal holds exactly the accepted
    commands, each a well-formed record."""
    from urllib.parse import quote

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from runofshow.journal import read_journal

    api = console.api
    accepted = []
    known = ["state", "events", "go", "pause", "resume", "undo", "clear", "blackout", "time", "message"]
    known += ["check", "handoff", "note", "", "task", "../state", "go/", "GO"]
    paths = st.one_of(
        st.sampled_from(known).map(lambda name: f"/api/v1/{name}"),
        st.text(max_size=30).map(lambda text: "/" + quote(text, safe="/?=&")),
        st.sampled_from(known).map(lambda name: f"/api/v1/{name}?token=" + quote("x" * 5)),
    )
    fields = st.dictionaries(
        st.sampled_from(["seconds", "text", "flash", "on", "segment", "item", "done", "extra"]),
        st.one_of(
            st.integers(-(10**20), 10**20),
            st.booleans(),
            st.none(),
            st.text(max_size=40),
            st.sampled_from(["doors", "welcome", "dana-talk"]),
            st.floats(allow_nan=False),
        ),
        max_size=4,
    )
    bodies = st.one_of(
        st.binary(max_size=100), fields.map(lambda value: json.dumps(value).encode()), st.just(b"{" * 3000)
    )

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(method=st.sampled_from(["GET", "POST", "POST", "POST", "PUT", "DELETE"]), path=paths, body=bodies)
    def one(method, path, body):
        status, answer = api.call(method, path, body if method != "GET" else None)
        assert status in (200, 400, 401, 404, 405, 409, 413, 429), (method, path, body, status, answer)
        if status != 200:
            assert isinstance(answer.get("error"), str), answer
        elif method == "POST":
            accepted.append(path)
        if method == "POST":
            time.sleep(0.05)  # under the rate limit, most of the time

    one()
    assert console.alive()
    assert api.call("GET", "/api/v1/state")[0] == 200
    replay = read_journal(console.journal)
    assert replay.problems == []
    assert len(replay.actions) == len(accepted)
    assert all(action.source == "api" for action in replay.actions)
