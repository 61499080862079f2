"""Property tests: a journal replayed from disk gives the state the live show had, at every prefix.

Random action sequences are built from candidates of every type, keeping only those that
``refusal`` accepts at that point (a refused one must leave the journal untouched), with
instants that move forward by random amounts (microseconds included) and come in several
time zones. The plans include a night across a DST change.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runofshow import journal as journal_module
from runofshow.journal import JournalWriter, read_journal
from runofshow.live import LiveShow, Refused, open_show
from runofshow.show import (
    AddTime,
    Blackout,
    CheckItem,
    ClearMessage,
    EditSegment,
    EndShow,
    FakeClock,
    Go,
    HandoffDone,
    Insert,
    Message,
    Move,
    Note,
    Pause,
    Rehearse,
    Resume,
    Skip,
    Undo,
    fold,
    project,
    reduce,
)

NIGHT = """
[event]
title = "Night"
date = 2026-12-03
start = 18:00:00
timezone = "Europe/Berlin"

[timers]
warn = "2m"
wrap = "1m"

[[people]]
id = "dana"
name = "Dana Levi"
needs = ["clicker", "lapel mic"]

[[people]]
id = "avi"
name = "Avi"

[[segments]]
id = "a"
title = "Doors"
duration = "10m"
checklist = ["Desk staffed", { item = "Mic check", by = "avi", blocking = true }]

[[segments]]
id = "talk"
title = "The talk"
speakers = ["dana"]
duration = "20m"
qa = "5m"
[segments.handoff]
cue = "Hand over"

[[segments]]
id = "brk"
title = "Break"
kind = "break"
start = 18:45:00
duration = "10m"

[[segments]]
id = "c"
title = "Closing"
duration = "5m"
"""

DST_NIGHT = """
[event]
title = "Clock change"
date = 2026-10-25
start = 01:30:00
timezone = "Europe/Berlin"

[[segments]]
id = "a"
title = "A"
duration = "40m"
checklist = ["One", "Two"]

[[segments]]
id = "talk"
title = "Talk"
duration = "30m"
qa = "10m"
warn = "5m"

[[segments]]
id = "brk"
title = "Late"
start = 03:15:00
duration = "20m"

[[segments]]
id = "c"
title = "C"
duration = "15m"
"""

PLANS = {
    "night": (NIGHT, dt.datetime(2026, 12, 3, 17, 50, tzinfo=dt.UTC)),
    "dst": (DST_NIGHT, dt.datetime(2026, 10, 24, 23, 20, tzinfo=dt.UTC)),
}
ZONES = [
    dt.UTC,
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Tokyo"),
    dt.timezone(dt.timedelta(hours=-3)),
]
SEGMENTS = ["a", "talk", "brk", "c", "lt1", "lt2", "nope"]
OPTIONAL = st.one_of(st.none(), st.sampled_from(SEGMENTS))
TEXTS = st.sampled_from(["Five minutes", "Wrap up", 'ünïcode ✓ "quoted"', "two\nlines", "  ", "x" * 300])


def _candidates():
    """Any action at all (the instant is filled in later); most are refused in most states."""
    return st.one_of(
        st.just(Go),
        st.just(Go),
        st.just(Go),
        st.just(Pause),
        st.just(Resume),
        st.just(EndShow),
        st.just(Undo),
        st.just(Undo),
        st.just(ClearMessage),
        st.builds(
            lambda s: ("add_time", {"seconds": s}), st.sampled_from([-900, -120, -1, 0, 1, 45, 60, 300])
        ),
        st.builds(lambda s: ("skip", {"segment": s}), st.sampled_from(SEGMENTS)),
        st.builds(lambda s, a: ("move", {"segment": s, "after": a}), st.sampled_from(SEGMENTS), OPTIONAL),
        st.builds(
            lambda s, d, a, k: (
                "insert",
                {"segment": s, "title": "Lightning", "duration": d, "after": a, "kind": k, "speakers": "Ana"},
            ),
            st.sampled_from(["lt1", "lt2", "talk"]),
            st.sampled_from([0, 60, 300, 601]),
            OPTIONAL,
            st.sampled_from(["talk", "other", "karaoke"]),
        ),
        st.builds(
            lambda s, i, d, b: ("check_item", {"segment": s, "index": i, "done": d, "by": b, "item": "?"}),
            st.sampled_from(SEGMENTS),
            st.integers(-1, 3),
            st.booleans(),
            st.sampled_from([None, "avi"]),
        ),
        st.builds(
            lambda s, b: ("handoff_done", {"segment": s, "by": b}),
            st.sampled_from(SEGMENTS),
            st.sampled_from([None, "tamar"]),
        ),
        st.builds(
            lambda t, f, b: ("message", {"text": t, "flash": f, "blackout": b}),
            TEXTS,
            st.booleans(),
            st.sampled_from([None, None, False, True]),  # True/False: format 1 records
        ),
        st.builds(lambda on: ("blackout", {"on": on}), st.booleans()),
        st.builds(lambda t: ("note", {"text": t}), TEXTS),
        st.builds(lambda m: ("rehearse", {"start": m}), st.sampled_from([-3 * 24 * 60, -90, 0, 7])),
        st.builds(  # a live correction: project must not keep a row made before it
            lambda s, t, d, p: ("edit_segment", {"segment": s, "title": t, "duration": d, "speakers": p}),
            st.sampled_from(SEGMENTS),
            st.sampled_from([None, "Renamed"]),
            st.sampled_from([None, 60, 1200]),
            st.sampled_from([None, "", "Ana"]),
        ),
    )


CANDIDATES = _candidates()  # built once: building strategies is what costs in hypothesis


def make(candidate, at: dt.datetime, plan_start: dt.datetime):
    if isinstance(candidate, type):
        return candidate(at=at)
    kind, fields = candidate
    if kind == "rehearse":  # minutes from the planned start
        fields = {"start": plan_start + dt.timedelta(minutes=fields["start"])}
    cls = {
        "add_time": AddTime,
        "skip": Skip,
        "move": Move,
        "insert": Insert,
        "check_item": CheckItem,
        "handoff_done": HandoffDone,
        "message": Message,
        "blackout": Blackout,
        "note": Note,
        "rehearse": Rehearse,
        "edit_segment": EditSegment,
    }[kind]
    return cls(at=at, **fields)


@contextmanager
def no_fsync():
    """These tests are about what a journal says, not about durability (the crash test covers
    that): skip the fsyncs, which cost milliseconds each on a busy disk."""
    with mock.patch.object(journal_module.os, "fsync", lambda fd: None):
        yield


STEP = st.tuples(st.integers(0, 15 * 60 * 10**6), st.sampled_from(ZONES))  # microseconds to wait, zone


@contextmanager
def live_show(which: str):
    """A show on one of PLANS in a temporary directory, with its fake clock at the plan's start."""
    text, start = PLANS[which]
    with tempfile.TemporaryDirectory() as tmp, no_fsync():
        path = Path(tmp) / "show.toml"
        path.write_text(text)
        clock = FakeClock(start)
        show = open_show(path, clock).show
        try:
            yield show, clock, start
        finally:
            show.close()


def next_action(data, clock: FakeClock, start: dt.datetime):
    """Wait a drawn while, then any action at all, its instant in a drawn timezone."""
    wait, zone = data.draw(STEP)
    clock.advance(microseconds=wait)
    return make(data.draw(CANDIDATES), clock.now().astimezone(zone), start)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), which=st.sampled_from(sorted(PLANS)), steps=st.integers(1, 45))
def test_replay_from_disk_equals_the_live_state_at_every_prefix(data, which, steps):
    with live_show(which) as (show, clock, start):
        live_states = []  # (now, state) after each accepted action
        for _ in range(steps):
            action = next_action(data, clock, start)
            size = show.journal_path.stat().st_size
            if show.refusal(action) is not None:
                try:
                    show.do(action)
                except Refused:
                    pass
                else:
                    raise AssertionError(f"{action} was refused by refusal() but not by do()")
                assert show.journal_path.stat().st_size == size
                continue
            show.do(action)
            later = clock.now() + dt.timedelta(seconds=data.draw(st.integers(0, 3600)))
            live_states.append((clock.now(), show.state(), later, show.state(later)))
            # the incremental fold of the live show is the fold from scratch
            assert project(fold(show.plan, show.actions), clock.now()) == live_states[-1][1]
        replay = read_journal(show.journal_path)
        assert replay.problems == [] and not replay.torn
        assert replay.last_seq == len(live_states) == len(replay.actions)
        for index, (now, state, later, later_state) in enumerate(live_states):
            prefix = replay.actions[: index + 1]
            assert reduce(replay.plan, prefix, now) == state
            assert reduce(replay.plan, prefix, later) == later_state


def _journal_with_actions(tmp: Path, data) -> tuple[Path, FakeClock, int]:
    path = tmp / "show.toml"
    path.write_text(NIGHT)
    clock = FakeClock(PLANS["night"][1])
    with_show = open_show(path, clock).show
    count = 0
    try:
        for _ in range(data.draw(st.integers(1, 25))):
            wait, zone = data.draw(STEP)
            clock.advance(microseconds=wait)
            action = make(data.draw(CANDIDATES), clock.now().astimezone(zone), clock.now())
            if with_show.refusal(action) is None:
                with_show.do(action)
                count += 1
    finally:
        with_show.close()
    if count == 0:  # always at least one action line to tear
        with_show = open_show(path, clock).show
        with_show.do(Note(at=clock.now(), text="only one"))
        with_show.close()
        count = 1
    return with_show.journal_path, clock, count


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_truncating_the_last_line_loses_only_that_line(data):
    with tempfile.TemporaryDirectory() as tmp, no_fsync():
        journal, clock, count = _journal_with_actions(Path(tmp), data)
        whole = read_journal(journal)
        raw = journal.read_bytes()
        last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
        line_length = len(raw) - last_start  # newline included
        cut = data.draw(st.integers(1, line_length), label="bytes cut")
        journal.write_bytes(raw[: len(raw) - cut])

        torn = read_journal(journal)
        assert torn.actions == whole.actions[:-1]
        assert torn.torn == (cut < line_length)
        if torn.torn:
            assert len(torn.problems) == 1 and "torn last line" in torn.problems[0]
        else:
            assert torn.problems == []
        assert torn.last_seq == count - 1

        # The writer reopens, goes on, and the journal replays to exactly what it shows.
        writer, replay = JournalWriter.open(journal)
        show = LiveShow(replay.plan, writer, clock, replay.actions)
        try:
            clock.advance(1)
            note = Note(at=clock.now(), text="after the crash")
            assert show.do(note) == count  # the lost line's number is reused: it never counted
            state = show.state()
        finally:
            show.close()
        after = read_journal(journal)
        assert after.actions == whole.actions[:-1] + [note]
        assert not after.torn and after.last_seq == count
        assert len(after.problems) == (1 if cut < line_length else 0)
        assert all("torn line (a crash mid-write) skipped" in p for p in after.problems)
        assert reduce(after.plan, after.actions, clock.now()) == state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), which=st.sampled_from(sorted(PLANS)), steps=st.integers(1, 30))
def test_projecting_one_fold_again_and_again_equals_projecting_a_fresh_fold(data, which, steps):
    """project keeps the rows around the live one between calls (Folded.rows_cache): at any
    instants, in any order, a fold projected many times says what a fresh fold says."""
    with live_show(which) as (show, clock, start):
        for _ in range(steps):
            action = next_action(data, clock, start)
            if show.refusal(action) is None:
                show.do(action)
            base = clock.now()
            for offset in data.draw(st.lists(st.integers(-3600 * 10**6, 4 * 3600 * 10**6), max_size=6)):
                now = base + dt.timedelta(microseconds=offset)
                assert project(show.folded, now) == project(fold(show.plan, show.actions), now)
