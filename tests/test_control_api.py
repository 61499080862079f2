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
from runofshow.show import Blackout
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
    st.sampled_from(["seconds", "text", "flash", "on", "segment", "item", "done", "x"]),
    st.integers(-100_000, 100_000)
    | st.booleans()
    | st.text(max_size=30)
    | st.sampled_from(["doors", "welcome", "dana-talk"])
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
