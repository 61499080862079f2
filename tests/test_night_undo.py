"""Issue 20 item 2: u undoes the most recent undoable action of any kind, in reverse order, as many
times as pressed; the feed says what was undone; a skipped segment comes back (un-skip).

The acceptance test: twelve different actions done through the console's keys, then u pressed
twelve times walks the show back to the state before them, and a replay of the journal from disk
agrees with the screen at every step."""

from __future__ import annotations

from runofshow.journal import read_journal
from runofshow.show import (
    AddTime,
    CheckItem,
    ClearMessage,
    EditSegment,
    Go,
    HandoffDone,
    HeadCount,
    Insert,
    Message,
    Move,
    Skip,
    Undo,
    Unskip,
    fold,
    project,
)
from runofshow.show.reduce import refusal
from runofshow.tui.widgets.runsheet import RunSheet
from test_console_support import START, journal, make_app, notices, text, type_text

SIZE = (140, 40)


def summary(state) -> tuple:
    """Everything the views show of a state (not its action count, which counts the undos too)."""
    return (
        state.show,
        state.rows,
        state.live,
        state.live_index,
        state.next_index,
        state.message,
        dict(state.handoffs),
        {segment: state.checklists[segment] for segment in state.checklists},
        state.head_counts,
        state.projected_end,
    )


def from_disk(app):
    replay = read_journal(app.show.journal_path)
    return project(fold(replay.plan, replay.actions), app.clock.now())


async def highlight(app, pilot, segment: str) -> None:
    sheet = app.screen_console.query_one(RunSheet)
    sheet.focus()
    await pilot.pause()
    sheet.move_cursor(row=[r.id for r in app.state.rows].index(segment))
    await pilot.pause()


async def unhighlight(app, pilot) -> None:
    app.screen_console.query_one("#checklist").focus()
    await pilot.pause()


async def test_twelve_undos_walk_back_twelve_actions_and_the_disk_agrees(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # doors live: the state before the twelve
        await pilot.pause()
        states = [summary(app.show.state())]

        async def step(*keys: str, words: str | None = None) -> None:
            if keys:
                await pilot.press(*keys)
            if words is not None:
                await type_text(pilot, words)
                await pilot.press("enter")
            await pilot.pause()
            states.append(summary(app.show.state()))

        await step("space")  # 1 GO: welcome
        await step("plus")  # 2 one more minute
        await step("x")  # 3 tick the highlighted checklist item
        await step("m", words="Wrap up please")  # 4 stage message
        await step("h")  # 5 the handoff into Dana's talk
        await step("s", "y")  # 6 skip Dana's talk
        await pilot.press("i")
        await type_text(pilot, "Quiz")
        await pilot.press("tab")
        await step(words="5")  # 7 insert "Quiz" after the live segment
        await highlight(app, pilot, "lightning")
        await step("shift+up")  # 8 move the lightning talks earlier
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#insert-title").value = "Lightning round"
        await step("enter")  # 9 edit its title
        await step("number_sign", words="40")  # 10 head count
        await step("c")  # 11 clear the message
        await highlight(app, pilot, "dana-talk")
        await step("s")  # 12 s on a skipped row: un-skip
        await unhighlight(app, pilot)

        done = journal(tmp_path)[1:]
        assert [type(a) for a in done] == [
            Go,
            AddTime,
            CheckItem,
            Message,
            HandoffDone,
            Skip,
            Insert,
            Move,
            EditSegment,
            HeadCount,
            ClearMessage,
            Unskip,
        ]
        assert all(a != b for a, b in zip(states, states[1:], strict=False))  # each action changed the show

        said = [
            "un-skip 'Design tokens at scale'",
            "clear message",
            "head count 40",
            "edit 'Lightning talks (3 x 5 minutes)'",  # named as it is again
            "move 'Lightning talks (3 x 5 minutes)'",
            "insert 'Quiz'",
            "skip 'Design tokens at scale'",
            "handoff 'Design tokens at scale'",
            "message 'Wrap up please'",
            "check 'Code of conduct slide up'",
            "+1m",
            "GO",
        ]
        for pressed in range(1, 13):
            await pilot.press("u")
            await pilot.pause()
            shown = summary(app.state)
            assert shown == states[12 - pressed], f"after {pressed} undo(s)"
            assert summary(from_disk(app)) == shown, f"the replay disagrees after {pressed} undo(s)"
            assert notices(app)[-1] == f"undid: {said[pressed - 1]}"
            assert f"undid: {said[pressed - 1]}" in text(app, "#feed")
        assert summary(app.state) == states[0]
        assert [type(a) for a in journal(tmp_path)[13:]] == [Undo] * 12
        assert refusal(app.show.folded, Undo(at=clock.now())) is None  # the first GO is still undoable


async def test_un_skip_from_the_palette_and_not_once_its_slot_has_passed(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "s")
        await pilot.pause()
        assert "brings it back" in str(app.screen.query_one(".dialog-detail").content)
        await pilot.press("y")
        await pilot.pause()
        assert app.state.row("welcome").status == "skipped"
        app.action_unskip()  # the palette's "Un-skip segment"
        await pilot.pause()
        assert journal(tmp_path)[-1] == Unskip(at=START, segment="welcome")
        assert app.state.row("welcome").status == "pending" and app.state.next_row.id == "welcome"
        await pilot.press("s", "y")  # skip it again, then let its slot pass
        await pilot.press(
            "space", "space"
        )  # Dana's talk starts (past its blocking item): welcome's slot is gone
        await pilot.pause()
        app.action_unskip()
        await pilot.pause()
        assert notices(app)[-1] == "'Welcome and house rules' cannot come back: its slot has passed"
        assert [a.type for a in journal(tmp_path)] == ["go", "skip", "unskip", "skip", "go"]
        assert app.state.live_row.id == "dana-talk"
