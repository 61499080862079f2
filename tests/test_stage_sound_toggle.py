"""The stage sound toggled through the journal (issue 17, item 3): the console's command palette
journals ``stage_sound`` (Stage sound on / off); every stage view following that journal rings, or
stays silent, from then on. Before any such record the stage's ``--sound`` alone decides; once the
journal chose, its latest choice wins over the flag.
"""

from __future__ import annotations

import json
from pathlib import Path

from export_scenarios import validate
from journal_fixtures import AFTER
from runofshow.export import export_text, load_facts
from runofshow.journal import read_journal
from runofshow.plan import load_plan
from runofshow.show import Go, Message, StageSound, fold, project, refusal, to_record
from runofshow.tui.widgets.common import describe_action
from test_console_support import START, make_app, notices, type_text, types
from test_stage_scenarios import SIZES, TO_DANA, console, shown, stage_app
from test_stage_sound import DANA_AT_10, wait_for_records

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
FIXTURE = ROOT / "tests" / "fixtures" / "journals" / "v2-stage_sound.journal.jsonl"
SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text())


# -- the action ---------------------------------------------------------------------------------


def test_the_journal_choice_is_none_until_made_then_the_latest_wins():
    plan = load_plan(MEETUP).plan
    actions = [Go(at=START), StageSound(at=START, on=True), StageSound(at=START, on=False)]
    assert project(fold(plan, actions[:1]), START).stage_sound is None
    assert project(fold(plan, actions[:2]), START).stage_sound is True
    assert project(fold(plan, actions), START).stage_sound is False


def test_choosing_what_is_already_chosen_is_refused_in_words():
    plan = load_plan(MEETUP).plan
    assert refusal(fold(plan, []), StageSound(at=START, on=True)) is None
    assert refusal(fold(plan, []), StageSound(at=START, on=False)) is None  # the flag may have said on
    on = fold(plan, [StageSound(at=START, on=True)])
    assert refusal(on, StageSound(at=START, on=True)) == "the stage sound is already on"
    off = fold(plan, [StageSound(at=START, on=False)])
    assert refusal(off, StageSound(at=START, on=False)) == "the stage sound is already off"
    assert refusal(fold(plan, [Go(at=START)]), StageSound(at=START, on=True)) is None  # live too


def test_the_record_and_the_words():
    action = StageSound(at=START, on=False)
    assert to_record(action) == {"type": "stage_sound", "v": 2, "at": START.isoformat(), "on": False}
    assert not StageSound.undoable  # as the blackout: the other choice is the way back
    state = project(fold(load_plan(MEETUP).plan, []), START)
    assert describe_action(StageSound(at=START, on=True), state) == "stage sound on"
    assert describe_action(action, state) == "stage sound off"


def test_the_fixture_journal_replays_and_exports(tmp_path: Path):
    replay = read_journal(FIXTURE)
    assert replay.problems == [] and [a.type for a in replay.actions] == [
        "stage_sound",
        "go",
        "stage_sound",
        "message",
        "stage_sound",
    ]
    seen = [
        project(fold(replay.plan, replay.actions[:n]), replay.actions[n - 1].at + AFTER).stage_sound
        for n in range(1, len(replay.actions) + 1)
    ]
    assert seen == [True, True, False, False, True]
    facts = load_facts(FIXTURE)
    data = json.loads(export_text(facts, "json"))
    assert validate(data, SCHEMA) == []
    assert [a["on"] for a in data["actions"] if a["type"] == "stage_sound"] == [True, False, True]
    timeline = export_text(facts, "md")
    assert "stage sound on" in timeline and "stage sound off" in timeline


# -- the console's command palette --------------------------------------------------------------


async def palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await type_text(pilot, words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_journals_stage_sound_on_and_off(tmp_path):
    app, _clock = make_app(tmp_path, at=START)
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Stage sound on" in titles and "Stage sound off" in titles
        await palette(pilot, "stage sound on")
        assert types(tmp_path) == ["stage_sound"]
        assert app.show.state(app.now()).stage_sound is True
        assert notices(app)[-1] == "Stage sound on."
        await palette(pilot, "stage sound on")  # again: refused, nothing journaled
        assert types(tmp_path) == ["stage_sound"]
        assert notices(app)[-1] == "the stage sound is already on"
        await palette(pilot, "stage sound off")
        assert types(tmp_path) == ["stage_sound", "stage_sound"]
        assert app.show.state(app.now()).stage_sound is False
        feed = [describe_action(a, app.state) for a in app.show.actions]
    assert feed == ["stage sound on", "stage sound off"]
    assert [a.on for a in app.show.actions] == [True, False]


# -- the stage view -----------------------------------------------------------------------------


async def run_the_stage(tmp_path: Path, sound: bool, choice: bool) -> tuple[list[str], list[str]]:
    """Dana's talk, 10 minutes in; the console journals Stage sound ``choice``; then the warning
    comes, and a flashed message. (why it rang, bell calls)."""
    bells: list[str] = []
    with console(tmp_path, DANA_AT_10) as (plan, clock, show):
        app = stage_app(plan, clock, "speaker")
        app.sound = sound
        app.bell = lambda: bells.append("bell")  # type: ignore[method-assign]
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await shown(app, pilot)
            seen = app.records_seen
            show.do(StageSound(at=clock.now(), on=choice))
            await wait_for_records(app, pilot, seen + 1)
            assert app.sound_on is choice
            clock.advance(10 * 60 + 1)  # to the warning (20:00 in)
            app.redraw()
            await pilot.pause()
            assert app.view.phase_words == "5 MIN"
            show.do(Message(at=clock.now(), text="Wrap up now", flash=True))
            await wait_for_records(app, pilot, seen + 2)
            await pilot.pause()
    return app.rings, bells


async def test_without_sound_it_rings_once_the_journal_turns_sound_on(tmp_path):
    rings, bells = await run_the_stage(tmp_path, sound=False, choice=True)
    assert rings == ["warning", "flash"] and len(bells) == 2


async def test_with_sound_it_stays_silent_once_the_journal_turns_sound_off(tmp_path):
    rings, bells = await run_the_stage(tmp_path, sound=True, choice=False)
    assert rings == [] and bells == []


async def test_turning_sound_on_rings_nothing_for_what_is_already_on_screen(tmp_path):
    """The choice itself is silent: only what happens after it rings."""
    bells: list[str] = []
    with console(tmp_path, TO_DANA + [21 * 60, Message(at=START, text="Mic!", flash=True)]) as (
        plan,
        clock,
        show,
    ):
        app = stage_app(plan, clock, "manager")
        app.bell = lambda: bells.append("bell")  # type: ignore[method-assign]
        async with app.run_test(size=SIZES["80x24"]) as pilot:
            await shown(app, pilot)
            seen = app.records_seen
            show.do(StageSound(at=clock.now(), on=True))
            await wait_for_records(app, pilot, seen + 1)
            clock.advance(1)
            app.redraw()
            await pilot.pause()
            assert app.sound_on and app.view.phase_words == "5 MIN"
    assert bells == [] and app.rings == []
