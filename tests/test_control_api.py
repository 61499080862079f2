"""The control API without a network: body validation, commands as actions, the state as JSON, the
Controller on a real LiveShow (fake clock), the token file, OSC messages, and the aiohttp app
in-process (its routing, token, limits and WebSocket)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from control_support import free_port
from runofshow.control.api import BadRequest, Command, parse_body, state_json
from runofshow.control.controller import Controller
from runofshow.control.osc import OscListener, osc_command
from runofshow.control.server import ControlServer
from runofshow.control.setup import SetupError, parse_address, prepare
from runofshow.control.token import TokenError, load_or_create_token, same_token
from runofshow.journal import read_journal
from runofshow.show import Blackout, CheckIn, TaskDone
from test_console_support import START, make_show


def controller(tmp_path, at=START):
    opened, clock = make_show(tmp_path, at)
    changes, log = [], []
    ctl = Controller(
        opened.show, clock, on_change=lambda: changes.append(1), on_log=lambda at, t: log.append(t)
    )
    return ctl, clock, changes, log


def journaled(ctl):
    return read_journal(ctl.show.journal_path).actions


# -- bodies -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "body", "field", "words"),
    [
        ("time", b'{"seconds": "60"}', "seconds", "seconds must be a whole number"),
        ("time", b'{"seconds": 60.0}', "seconds", "whole number"),
        ("time", b'{"seconds": true}', "seconds", "whole number"),
        ("time", b"{}", "seconds", "seconds is required"),
        ("time", b'{"seconds": 999999}', "seconds", "between -86400 and 86400"),
        ("blackout", b'{"on": 1}', "on", "on must be true or false"),
        ("message", b'{"text": "hi", "flash": "yes"}', "flash", "flash must be true or false"),
        ("message", b'{"text": "a\\u001b[2Jb"}', "text", "control character"),
        ("note", b'{"text": "' + b"x" * 1001 + b'"}', "text", "over 1000 characters"),
        ("check", b'{"segment": "doors"}', "item", "item is required"),
        ("go", b'{"now": true}', "now", "unknown field 'now'"),
        ("task", b"{}", "task", "task is required (text)"),
        ("task", b'{"task": 7}', "task", "task must be text"),
        ("task", b'{"task": "pizza", "done": "yes"}', "done", "done must be true or false"),
        ("task", b'{"task": "' + b"p" * 101 + b'"}', "task", "task is over 100 characters"),
        (
            "task",
            b'{"task": "pizza", "by": "tamar"}',
            "by",
            "unknown field 'by' (fields of task: task, done)",
        ),
        ("arrive", b"{}", "person", "person is required (text)"),
        ("arrive", b'{"person": "dana", "here": 1}', "here", "here must be true or false"),
        ("arrive", b'{"person": "da\\u0007na"}', "person", "control character"),
        ("arrive", b'{"who": "dana"}', "who", "unknown field 'who' (fields of arrive: person, here)"),
    ],
)
def test_a_bad_field_is_named(name, body, field, words):
    with pytest.raises(BadRequest) as raised:
        parse_body(name, body)
    assert raised.value.field == field and words in raised.value.message
    assert raised.value.to_json() == {"error": raised.value.message, "field": field}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[1]", "must be a JSON object"),
        (b"nope", "not JSON"),
        (b'{"seconds": NaN}', "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "not JSON"),
        (b'"text"', "must be a JSON object"),
    ],
)
def test_a_bad_body_is_refused_with_words(body, words):
    with pytest.raises(BadRequest) as raised:
        parse_body("time", body)
    assert words in raised.value.message and raised.value.field is None


def test_an_empty_body_is_no_fields_and_defaults_are_filled():
    assert parse_body("go", b"") == Command("go", {})
    assert parse_body("go", b"  \n") == Command("go", {})
    assert parse_body("message", b'{"text": "hi"}').fields == {"text": "hi", "flash": False}
    assert parse_body("check", b'{"segment": "s", "item": 0}').fields == {
        "segment": "s",
        "item": 0,
        "done": True,
    }
    assert parse_body("task", b'{"task": "pizza"}').fields == {"task": "pizza", "done": True}
    assert parse_body("arrive", b'{"person": "dana"}').fields == {"person": "dana", "here": True}


# -- the controller on a real show ----------------------------------------------------------------
def test_accepted_commands_are_journaled_once_with_their_source_and_refusals_not_at_all(tmp_path):
    ctl, clock, changes, log = controller(tmp_path)
    assert ctl.request("pause", b"").status == 409
    assert log == ["refused (API) pause: pause is only possible while the show is live"]
    outcome = ctl.request("go", b"")
    assert outcome.status == 200 and outcome.body["live"]["id"] == "doors" and outcome.seq == 1
    clock.advance(30)
    assert ctl.request("time", b'{"seconds": -60}').body["live"]["remaining"] == 1800 - 30 - 60
    assert ctl.request("time", b'{"seconds": 0}').status == 409
    assert ctl.request("time", b'{"seconds": -99999}').status == 400
    assert ctl.request("time", b'{"seconds": -86400}').body == {
        "error": "cannot remove more time than the segment has"
    }
    actions = journaled(ctl)
    assert [(a.type, a.source) for a in actions] == [("go", "api"), ("add_time", "api")]
    assert len(changes) == 2  # the screen is asked to redraw after each accepted command only


def test_go_into_a_segment_with_blocking_items_needs_a_second_go_within_five_seconds(tmp_path):
    ctl, clock, _, log = controller(tmp_path)
    ctl.request("go", b"")
    ctl.request("go", b"")  # welcome is live; next: Dana's talk, "Recording started" blocks
    outcome = ctl.request("go", b"")
    assert (
        outcome.status == 409
        and "not ready for Design tokens at scale: Recording started" in outcome.body["error"]
    )
    clock.advance(6)
    assert ctl.request("go", b"").status == 409  # too late: armed again
    clock.advance(2)
    assert ctl.request("go", b"").body["live"]["id"] == "dana-talk"
    assert [a.type for a in journaled(ctl)] == ["go", "go", "go"]


def test_blackout_message_check_and_handoff_mean_what_the_keys_mean(tmp_path):
    ctl, clock, _, _ = controller(tmp_path)
    state = ctl.request("blackout", b'{"on": true}').body
    assert state["blackout"] and state["message"] is None  # a bare blackout has no message to show
    assert ctl.request("blackout", b'{"on": false}').body["blackout"] is False
    assert journaled(ctl)[-1] == Blackout(at=journaled(ctl)[-1].at, on=False, source="api")
    assert ctl.request("blackout", b'{"on": false}').body == {"error": "the stage is not blacked out"}
    ctl.request("blackout", b'{"on": true}')
    state = ctl.request("message", b'{"text": "Break in 5"}').body
    assert state["message"] == {"text": "Break in 5", "flash": False} and state["blackout"]  # blackout kept
    assert ctl.run(Command("flash"), source="osc").status == 200
    assert journaled(ctl)[-1].flash and journaled(ctl)[-1].source == "osc"
    assert ctl.request("check", b'{"segment": "dana-talk", "item": 1}').status == 200
    item = journaled(ctl)[-1]
    assert (item.item, item.by, item.done) == ("Recording started", "avi", True)
    assert ctl.request("check", b'{"segment": "ghost", "item": 0}').body == {"error": "no segment 'ghost'"}
    assert ctl.request("handoff", b'{"segment": "dana-talk"}').status == 200
    assert journaled(ctl)[-1].by == "tamar"
    assert ctl.request("note", b'{"text": "   "}').body == {"error": "the note is empty"}


def test_state_json_holds_the_live_and_next_segment_and_nothing_private(tmp_path):
    ctl, clock, _, _ = controller(tmp_path)
    ctl.request("go", b"")
    ctl.request("go", b"")
    clock.advance(200)
    state = ctl.state()
    assert state["live"]["id"] == "welcome" and state["live"]["phase"] == "warning"
    assert state["live"]["remaining"] == 100 and state["live"]["phase_words"] == "2 MIN"
    assert state["next"]["id"] == "dana-talk" and state["next"]["speakers"] == ["Dana Levi"]
    assert [i["text"] for i in state["checklists"]["next"]][:2] == [
        "Slides on the stage laptop",
        "Recording started",
    ]
    assert state["checklists"]["next"][1]["by"] == "Avi Mizrahi"
    text = json.dumps(state)
    plan = ctl.show.plan
    for person in plan.people:
        for private in (getattr(person, "phone", None), getattr(person, "email", None)):
            assert not private or private not in text
    assert "Handheld mic" not in text  # organizer notes
    assert state_json(ctl.show.state(clock.now()), plan) == state


# -- logistics (issue 13): the desk's t and a from outside, and what is due and missing ----------
def test_task_marks_a_task_done_as_the_desk_does_and_false_marks_it_not_done_again(tmp_path):
    ctl, clock, changes, log = controller(tmp_path, START)
    outcome = ctl.request("task", b'{"task": "pizza"}')
    assert outcome.status == 200 and outcome.seq == 1
    # what the desk's t journals: the task's title and its owner, with the source
    assert outcome.action == TaskDone(
        at=START, task="pizza", title="Meet the pizza courier at the lobby", by="tamar", source="api"
    )
    assert ctl.show.state(clock.now()).task_marks["pizza"][0] is True
    clock.advance(60)
    assert ctl.request("task", b'{"task": "pizza", "done": true}').body == {
        "error": "task 'pizza' is already done"
    }
    undone = ctl.request("task", b'{"task": "pizza", "done": false}')
    assert undone.status == 200 and undone.action.done is False and undone.action.by == "tamar"
    assert ctl.request("task", b'{"task": "pizza", "done": false}').body == {
        "error": "task 'pizza' is already not done"
    }
    assert ctl.request("task", b'{"task": "ghost"}').body == {"error": "no task 'ghost' in the plan"}
    assert ctl.request("task", b'{"task": 3}').status == 400
    actions = journaled(ctl)
    assert [(a.type, a.task, a.done, a.source) for a in actions] == [
        ("task_done", "pizza", True, "api"),
        ("task_done", "pizza", False, "api"),
    ]
    assert len(changes) == 2  # a redraw after each accepted command only
    assert log == [
        "refused (API) task: task 'pizza' is already done",
        "refused (API) task: task 'pizza' is already not done",
        "refused (API) task: no task 'ghost' in the plan",
    ]


def test_arrive_checks_a_person_in_as_the_desk_does_and_false_checks_them_out(tmp_path):
    ctl, clock, changes, log = controller(tmp_path, START)
    assert ctl.request("arrive", b'{"person": "dana", "here": false}').body == {
        "error": "Dana Levi is already not checked in"
    }
    outcome = ctl.request("arrive", b'{"person": "dana"}')
    assert outcome.status == 200 and outcome.action == CheckIn(at=START, person="dana", source="api")
    assert ctl.request("arrive", b'{"person": "dana"}').body == {"error": "Dana Levi is already checked in"}
    clock.advance(3600)
    assert ctl.request("arrive", b'{"person": "dana", "here": false}').status == 200
    assert ctl.request("arrive", b'{"person": "ghost"}').body == {"error": "no person 'ghost' in the plan"}
    assert ctl.request("arrive", b'{"person": "dana", "here": null}').body == {
        "error": "here must be true or false",
        "field": "here",
    }
    here, _since, arrived, left = ctl.show.state(clock.now()).presence["dana"]
    assert not here and arrived == START and left == START + dt.timedelta(hours=1)
    assert [(a.type, a.person, a.here, a.source) for a in journaled(ctl)] == [
        ("check_in", "dana", True, "api"),
        ("check_in", "dana", False, "api"),
    ]
    assert len(changes) == 2 and len(log) == 3


def test_the_task_and_arrive_commands_are_refused_in_the_shows_words_after_the_show_too(tmp_path):
    ctl, clock, _, _ = controller(tmp_path, START)
    for _ in range(9):  # through every segment to the end of the show (a second GO passes blockers)
        ctl.request("go", b"")
        ctl.request("go", b"")
    assert ctl.state()["show"] == "ended"
    # a task and a check-in may still be journaled after the show (the desk's keys work then too)
    assert ctl.request("task", b'{"task": "teardown"}').status == 200
    assert ctl.request("arrive", b'{"person": "tamar", "here": false}').body == {
        "error": "Tamar Stern is already not checked in"
    }


def test_state_lists_the_tasks_due_or_late_and_the_people_expected_and_not_here(tmp_path):
    ctl, clock, _, _ = controller(tmp_path, START)  # 18:00 in Jerusalem
    state = ctl.state()
    assert state["tasks_due"] == [
        {
            "id": "doors-open",
            "title": "Unlock the lobby, put up the signs",
            "owner": "tamar",
            "owner_name": "Tamar Stern",
            "due": "2026-12-03T17:50:00+02:00",
            "status": "late",
            "late_s": 600,
        }
    ]
    # Noa is expected at 18:00 exactly: not missing yet; Tamar (17:15) and Avi (17:30) are
    assert [(p["id"], p["expected"], p["late_s"]) for p in state["people_missing"]] == [
        ("tamar", "2026-12-03T17:15:00+02:00", 2700),
        ("avi", "2026-12-03T17:30:00+02:00", 1800),
    ]
    assert state["people_missing"][0] == {
        "id": "tamar",
        "name": "Tamar Stern",
        "expected": "2026-12-03T17:15:00+02:00",
        "late_s": 2700,
        "next_start": "2026-12-03T18:00:00+02:00",
        "next_title": "Doors, pizza and networking",
    }
    clock.advance(599)  # 18:09:59: the pizza (18:15) is not due yet, 5 minutes before it is
    assert [t["id"] for t in ctl.state()["tasks_due"]] == ["doors-open"]
    clock.advance(1)
    due = ctl.state()["tasks_due"]
    assert [(t["id"], t["status"], t["late_s"]) for t in due] == [
        ("doors-open", "late", 1200),
        ("pizza", "due", 0),
    ]
    clock.advance(301)  # 18:15:01
    assert ctl.state()["tasks_due"][1] | {} == {
        "id": "pizza",
        "title": "Meet the pizza courier at the lobby",
        "owner": "tamar",
        "owner_name": "Tamar Stern",
        "due": "2026-12-03T18:15:00+02:00",
        "status": "late",
        "late_s": 1,
    }
    assert [p["id"] for p in ctl.state()["people_missing"]] == ["tamar", "dana", "noa", "avi"]
    # done through the API: gone from the list; checked in (or out again): not missing
    ctl.request("task", b'{"task": "doors-open"}')
    ctl.request("arrive", b'{"person": "tamar"}')
    ctl.request("arrive", b'{"person": "noa"}')
    ctl.request("arrive", b'{"person": "noa", "here": false}')
    state = ctl.state()
    assert [t["id"] for t in state["tasks_due"]] == ["pizza"]
    assert [p["id"] for p in state["people_missing"]] == ["dana", "avi"]
    text = json.dumps(state)
    for person in ctl.show.plan.people:  # nothing private: no phone, e-mail, needs or task notes
        for private in (person.phone, person.email, *person.needs):
            assert not private or private not in text
    for task in ctl.show.plan.tasks:
        assert not task.notes or task.notes not in text


def test_a_task_tied_to_a_segment_is_due_by_its_projected_start(tmp_path):
    ctl, clock, _, _ = controller(tmp_path, START)
    ctl.request("go", b"")  # doors at 18:00, planned until 18:30; Dana's talk at 18:35
    ctl.request("task", b'{"task": "doors-open"}')
    ctl.request("task", b'{"task": "pizza"}')
    clock.advance(20 * 60)  # 18:20: Dana's call (10 minutes before her talk) is due at 18:25
    assert [(t["id"], t["due"], t["status"]) for t in ctl.state()["tasks_due"]] == [
        ("call-dana", "2026-12-03T18:25:00+02:00", "due")
    ]
    clock.advance(25 * 60)  # 18:45: the doors ran 15 minutes over, and the call moved with the talk
    assert [(t["id"], t["due"], t["status"], t["late_s"]) for t in ctl.state()["tasks_due"]] == [
        ("call-dana", "2026-12-03T18:40:00+02:00", "late", 300),
        ("recording", "2026-12-03T18:48:00+02:00", "due", 0),
    ]


# -- Hypothesis: random commands and bodies never crash, never journal anything malformed --------
NAMES = st.sampled_from(
    [
        "go",
        "pause",
        "resume",
        "undo",
        "clear",
        "blackout",
        "time",
        "message",
        "check",
        "handoff",
        "note",
        "task",
        "arrive",
        "warp",
        "",
    ]
)
JSONS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = st.dictionaries(
    st.sampled_from(
        ["seconds", "text", "flash", "on", "segment", "item", "done", "task", "person", "here", "x"]
    ),
    st.integers(-100_000, 100_000)
    | st.booleans()
    | st.text(max_size=30)
    | st.sampled_from(["doors", "welcome", "dana-talk", "pizza", "call-dana", "dana", "tamar"])
    | st.none(),
    max_size=4,
)
BODIES = (
    st.binary(max_size=64)
    | JSONS.map(lambda v: json.dumps(v).encode())
    | FIELDS.map(lambda v: json.dumps(v).encode())
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(NAMES, BODIES, st.integers(0, 400)), min_size=1, max_size=25))
def test_random_commands_never_crash_and_the_journal_holds_exactly_the_accepted_ones(tmp_path_factory, steps):
    ctl, clock, _, _ = controller(tmp_path_factory.mktemp("fuzz"))
    accepted = 0
    for name, body, wait in steps:
        clock.advance(wait)
        outcome = ctl.request(name, body)
        assert outcome.status in (200, 400, 409), outcome
        assert set(outcome.body) <= {"error", "field"} if outcome.status != 200 else "show" in outcome.body
        accepted += outcome.status == 200
    replay = read_journal(ctl.show.journal_path)
    assert replay.problems == [] and len(replay.actions) == accepted
    assert all(a.source == "api" for a in replay.actions)
    ctl.show.close()


# -- token ------------------------------------------------------------------------------------------
def test_the_token_file_is_made_once_with_mode_0600_and_reused(tmp_path):
    path = tmp_path / "show.journal.jsonl.token"
    token = load_or_create_token(path)
    assert len(token) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_token(path) == token
    path.chmod(0o640)
    with pytest.raises(TokenError, match="others can read"):
        load_or_create_token(path)
    path.chmod(0o600)
    path.write_text("short")
    with pytest.raises(TokenError, match="not a token"):
        load_or_create_token(path)
    assert same_token(token, token) and not same_token("", token) and not same_token("é" * 40, token)
    assert not same_token(None, token)


def test_addresses_and_setup_errors(tmp_path):
    assert parse_address("8080", "--control") == ("127.0.0.1", 8080)
    assert parse_address("0.0.0.0:9000", "--osc") == ("0.0.0.0", 9000)
    assert parse_address("[::1]:9000", "--osc") == ("::1", 9000)
    for bad in ("0", "70000", "host:", "x", "[::1]9000", ":80"):
        with pytest.raises(SetupError):
            parse_address(bad, "--control")
    assert prepare(None, None, None, tmp_path / "j.jsonl") is None
    with pytest.raises(SetupError, match="needs --control"):
        prepare(None, None, str(tmp_path / "t"), tmp_path / "j.jsonl")
    tcp, udp = free_port(), free_port(socket.SOCK_DGRAM, "0.0.0.0")
    options = prepare(f"127.0.0.1:{tcp}", f"0.0.0.0:{udp}", None, tmp_path / "j.jsonl")
    try:
        assert options.url.startswith("http://127.0.0.1:") and (tmp_path / "j.jsonl.token").exists()
        assert options.warnings and "OSC has no authentication" in options.warnings[0]
    finally:
        options.close()


# -- OSC ------------------------------------------------------------------------------------------
def test_osc_addresses_and_arguments():
    assert osc_command("/runofshow/go", []) == Command("go")
    assert osc_command("/runofshow/undo", [1]) == Command("undo")  # a button's argument is ignored
    assert osc_command("/runofshow/time", [60]).fields == {"seconds": 60}
    assert osc_command("/runofshow/time", [-60.0]).fields == {"seconds": -60}
    assert osc_command("/runofshow/blackout", [1]).fields == {"on": True}
    assert osc_command("/runofshow/blackout", [False]).fields == {"on": False}
    assert osc_command("/runofshow/message", ["Hi"]).fields == {"text": "Hi", "flash": False}
    for address, params in [
        ("/runofshow/time", [1.5]),
        ("/runofshow/time", []),
        ("/runofshow/blackout", [2]),
        ("/runofshow/blackout", ["1"]),
        ("/runofshow/message", [b"blob"]),
        ("/runofshow/warp", []),
        ("/go", []),
    ]:
        with pytest.raises(BadRequest):
            osc_command(address, params)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(datagrams=st.lists(st.binary(max_size=80), max_size=10))
def test_osc_garbage_is_logged_and_changes_nothing(tmp_path_factory, datagrams):
    ctl, _, _, log = controller(tmp_path_factory.mktemp("osc"))
    listener = OscListener(ctl)
    for datagram in datagrams:
        listener.datagram_received(datagram, ("127.0.0.1", 9))
    listener.datagram_received(b"/runofshow/go\x00\x00\x00,\x00\x00\x00", ("127.0.0.1", 9))
    actions = journaled(ctl)
    assert actions and actions[-1].type == "go" and all(a.source == "osc" for a in actions)
    ctl.show.close()


# -- the aiohttp app in-process ----------------------------------------------------------------------
async def test_the_server_in_process_routes_limits_and_sends_events(tmp_path):
    from aiohttp.test_utils import TestClient, TestServer

    ctl, clock, _, _ = controller(tmp_path)
    ticks = [0.0]
    sock = socket.socket()
    server = ControlServer(ctl, "t" * 32, sock, monotonic=lambda: ticks[0])
    async with TestClient(TestServer(server.make_app())) as client:
        auth = {"Authorization": "Bearer " + "t" * 32}
        assert (await client.get("/api/v1/state")).status == 401
        response = await client.get("/api/v1/state", headers=auth)
        assert response.status == 200 and (await response.json())["show"] == "before"
        assert response.headers["Cache-Control"] == "no-store"
        assert server.clients == 1
        ticks[0] += 10
        assert server.clients == 0  # an HTTP client heard from 10 s ago is gone
        assert (await client.post("/api/v1/go", headers=auth, data=b"x" * 17000)).status == 413
        assert (await client.put("/api/v1/go", headers=auth)).status == 405
        for path in ("/%0A", "/api/v1/go%0A", "/api/v1/"):  # any path: a JSON 404 (a newline too)
            response = await client.get(path, headers=auth)
            assert response.status == 404 and "no such endpoint" in (await response.json())["error"]
        statuses = [(await client.post("/api/v1/resume", headers=auth)).status for _ in range(22)]
        assert statuses == [409] * 19 + [429] * 3  # the 413 above was the first command of this second
        ticks[0] += 1.0
        assert (await client.post("/api/v1/resume", headers=auth)).status == 409
        async with client.ws_connect("/api/v1/events?token=" + "t" * 32) as ws:
            first = json.loads((await ws.receive(timeout=2)).data)
            assert first["actions"] == 0
            assert server.clients == 1
            ticks[0] += 1.0
            assert (await client.post("/api/v1/go", headers=auth)).status == 200
            server.changed()  # what the console's redraw after a command calls
            again = json.loads((await ws.receive(timeout=3)).data)
            assert again["show"] == "live" and again["live"]["elapsed"] == 0
            clock.advance(1)
            tick = json.loads((await ws.receive(timeout=3)).data)  # a timer runs: every second
            assert tick["live"]["elapsed"] == 1
        await asyncio.sleep(0.05)
        assert not server.sockets
    sock.close()
    ctl.show.close()


async def test_the_task_and_arrive_endpoints_in_process_token_errors_limit_and_journal(tmp_path):
    from aiohttp.test_utils import TestClient, TestServer

    ctl, clock, _, _ = controller(tmp_path, START)
    ticks = [0.0]
    sock = socket.socket()
    server = ControlServer(ctl, "k" * 32, sock, monotonic=lambda: ticks[0])
    auth = {"Authorization": "Bearer " + "k" * 32}
    async with TestClient(TestServer(server.make_app())) as client:

        async def post(name, body=None, headers=auth):
            response = await client.post(f"/api/v1/{name}", headers=headers, data=body)
            return response.status, await response.json()

        for name in ("task", "arrive"):
            assert (await post(name, b'{"task": "pizza", "person": "dana"}', headers={}))[0] == 401
            assert (await post(name, headers={"Authorization": "Bearer " + "x" * 32}))[0] == 401
            response = await client.get(f"/api/v1/{name}", headers=auth)
            assert response.status == 405 and response.headers["Allow"] == "POST"
            assert (await post(name, b"x" * 17000))[0] == 413
        status, state = await post("task", b'{"task": "doors-open"}')
        assert status == 200 and state["actions"] == 1 and state["tasks_due"] == []
        status, state = await post("arrive", b'{"person": "tamar"}')
        assert status == 200 and [p["id"] for p in state["people_missing"]] == ["avi"]
        response = await client.post("/api/v1/arrive?token=" + "k" * 32, data=b'{"person": "avi"}')
        assert response.status == 200 and (await response.json())["people_missing"] == []
        assert await post("task", b'{"task": "doors-open"}') == (
            409,
            {"error": "task 'doors-open' is already done"},
        )
        assert await post("task", b'{"task": "ghost", "done": false}') == (
            409,
            {"error": "no task 'ghost' in the plan"},
        )
        assert await post("arrive", b'{"person": "avi"}') == (
            409,
            {"error": "Avi Mizrahi is already checked in"},
        )
        assert await post("arrive", b'{"person": ["avi"]}') == (
            400,
            {"error": "person must be text", "field": "person"},
        )
        assert await post("task", b'{"task": "pizza", "done": 0}') == (
            400,
            {"error": "done must be true or false", "field": "done"},
        )
        assert (await post("task", b"{task: pizza}"))[0] == 400
        status, state = await post("task", b'{"task": "doors-open", "done": false}')
        assert status == 200 and [t["id"] for t in state["tasks_due"]] == ["doors-open"]
        response = await client.get("/api/v1/state", headers=auth)
        assert [t["id"] for t in (await response.json())["tasks_due"]] == ["doors-open"]
        # the same limit as every command: 20 in one second from one client, counted together
        # (12 came before in this second: the two 413s and the ten above; the 401s and 405s do not count)
        statuses = [(await post("arrive", b'{"person": "avi"}'))[0] for _ in range(10)]
        assert statuses == [409] * 8 + [429] * 2
        ticks[0] += 1.0
        assert (await post("arrive", b'{"person": "avi", "here": false}'))[0] == 200
    journal = journaled(ctl)
    assert [(a.type, getattr(a, "task", None) or a.person, a.source) for a in journal] == [
        ("task_done", "doors-open", "api"),
        ("check_in", "tamar", "api"),
        ("check_in", "avi", "api"),
        ("task_done", "doors-open", "api"),
        ("check_in", "avi", "api"),
    ]
    sock.close()
    ctl.show.close()


def test_the_source_is_in_the_record_only_when_not_a_key():
    from runofshow.show import Go, Note, from_record, to_record

    at = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)
    assert "source" not in to_record(Go(at=at))
    record = to_record(Note(at=at, text="hi", source="osc"))
    assert record["source"] == "osc" and from_record(record) == Note(at=at, text="hi", source="osc")
    old = {"type": "note", "at": at.isoformat(), "text": "hi"}  # a record written before sources
    assert from_record(old).source == "key"
    with pytest.raises(ValueError, match="source must be text"):
        from_record({**old, "source": 3})
