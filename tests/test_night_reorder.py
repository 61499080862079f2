"""Issue 20 item 3: with a row of the run of show highlighted, shift+up / shift+down move a
pending segment, i inserts after it, e edits its title, duration or speakers. All journaled;
projected times and checklists follow. Pilot, fake clock, screen and journal."""

from __future__ import annotations

from runofshow.journal import read_journal
from runofshow.show import EditSegment, Insert, Move
from runofshow.tui.widgets.dialogs import InsertDialog
from runofshow.tui.widgets.runsheet import RunSheet
from test_console_support import START, journal, make_app, notices, row, type_text

SIZE = (140, 40)


def order(app) -> list[str]:
    return [r.id for r in app.state.rows]


async def highlight(app, pilot, segment: str) -> None:
    sheet = app.screen_console.query_one(RunSheet)
    sheet.focus()
    await pilot.pause()
    sheet.move_cursor(row=order(app).index(segment))
    await pilot.pause()
    assert sheet.highlighted_id() == segment


async def test_shift_up_and_down_move_the_highlighted_pending_segment(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # doors live
        await highlight(app, pilot, "lightning")
        await pilot.press("shift+up")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Move(at=START, segment="lightning", after="break")
        assert order(app)[3:6] == ["break", "lightning", "yossi-talk"]
        assert app.screen_console.query_one(RunSheet).highlighted_id() == "lightning"  # it follows
        await pilot.press("shift+up")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Move(at=START, segment="lightning", after="dana-talk")
        assert order(app)[2:5] == ["dana-talk", "lightning", "break"]
        # The projected times follow: lightning (20m) now starts when Dana ends.
        assert row(app, "lightning")[1] == "19:05"
        assert app.state.row("lightning").start.strftime("%H:%M") == "19:05"
        assert app.state.checklists["lightning"][0].item == "Sign-up sheet collected"  # its checklist too
        await pilot.press("shift+down")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Move(at=START, segment="lightning", after="break")
        await highlight(app, pilot, "welcome")
        await pilot.press("shift+up")  # already the next one: nothing journaled
        await pilot.pause()
        assert "already the next segment" in notices(app)[-1]
        await highlight(app, pilot, "doors")  # live: cannot move
        await pilot.press("shift+down")
        await pilot.pause()
        assert "only a pending segment can move" in notices(app)[-1]
        assert [a.type for a in journal(tmp_path)] == ["go", "move", "move", "move"]
        # Without a highlighted row the keys say how to get one.
        app.screen_console.query_one("#checklist").focus()
        await pilot.press("shift+up")
        await pilot.pause()
        assert "Highlight a pending segment in the run of show first" in notices(app)[-1]
    replayed = read_journal(app.show.journal_path)
    assert [a.type for a in replayed.actions] == ["go", "move", "move", "move"]


async def test_i_inserts_after_the_highlighted_segment(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await highlight(app, pilot, "closing")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InsertDialog)
        assert "after: Closing" in str(app.screen.query_one(".dialog-title").content)
        await type_text(pilot, "Raffle")
        await pilot.press("tab")
        await type_text(pilot, "5 min")
        await pilot.press("enter")
        await pilot.pause()
        last = journal(tmp_path)[-1]
        assert isinstance(last, Insert) and last.after == "closing" and last.duration == 300
        assert order(app)[-3:] == ["closing", "insert-1", "networking"]
        assert row(app, "insert-1")[3] == "+ Raffle"


async def test_e_edits_a_pending_segment(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await highlight(app, pilot, "yossi-talk")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InsertDialog)
        assert str(app.screen.query_one(".dialog-title").content) == "Edit “Bundlers are compilers now”"
        duration = app.screen.query_one("#insert-duration")
        assert duration.value == "25m"
        duration.value = ""
        duration.focus()
        await type_text(pilot, "20 min")
        speakers = app.screen.query_one("#insert-speakers")
        speakers.value = "Yossi Ben-David & Ori"
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path)[-1] == EditSegment(
            at=START, segment="yossi-talk", duration=1200, speakers="Yossi Ben-David & Ori"
        )
        assert row(app, "yossi-talk")[2] == "20m" and row(app, "yossi-talk")[4] == "Yossi Ben-David & Ori"
        assert app.state.row("yossi-talk").duration == 1200
        await highlight(app, pilot, "doors")  # live: not editable
        await pilot.press("e")
        await pilot.pause()
        assert "only a pending segment can be edited" in notices(app)[-1]
    replayed = read_journal(app.show.journal_path).actions
    assert replayed[-1] == EditSegment(
        at=START, segment="yossi-talk", duration=1200, speakers="Yossi Ben-David & Ori"
    )
