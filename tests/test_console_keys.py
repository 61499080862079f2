"""The organizer console, driven by Pilot with a fake clock: every key of issue 4, on screen and in the journal."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.color import Color

from runofshow.journal import default_journal_path, read_journal
from runofshow.live import open_show
from runofshow.show import (
    AddTime,
    Blackout,
    CheckItem,
    FakeClock,
    Go,
    HandoffDone,
    Insert,
    Message,
    Note,
    Rehearse,
    Skip,
)
from runofshow.tui.console import ConsoleApp
from runofshow.tui.widgets.dialogs import (
    ConfirmDialog,
    HelpScreen,
    InsertDialog,
    MessageDialog,
    RehearseDialog,
)
from test_console_support import (
    ROOT,
    START,
    advance,
    go_to,
    journal,
    make_app,
    make_show,
    notices,
    plain,
    row,
    text,
    type_text,
    types,
)

SIZE = (100, 30)


async def test_first_screen_before_the_show(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "NOT STARTED" in text(app, "#header-schedule")
        assert "starts 18:00 in 10:00" in text(app, "#header-schedule")
        assert text(app, "#header-clock") == "17:50:00"  # event timezone, not UTC
        assert text(app, "#live-digits") == "10:00"
        assert row(app, "doors")[-1] == "NEXT"
        assert row(app, "doors")[:3] == ["18:00", "18:00", "30m"]
        assert "Registration desk staffed" in text(app, "#checklist")
        assert "Nothing done yet" in text(app, "#feed")
        assert not isinstance(app.screen, RehearseDialog)  # the plan's own day: no rehearsal offered
    assert types(tmp_path) == []


async def test_space_starts_the_show_then_the_next_segment(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await advance(app, pilot, clock, 600)
        await pilot.press("space")
        await pilot.pause()
        assert types(tmp_path) == ["go"]
        assert journal(tmp_path)[0].at == START
        assert text(app, "#live-digits") == "30:00"
        assert "LIVE" in text(app, "#live-heading") and "Doors" in text(app, "#live-heading")
        assert row(app, "doors")[-1] == "▶ LIVE ON TIME"
        assert row(app, "welcome")[-1] == "NEXT"
        assert "ON SCHEDULE" in text(app, "#header-schedule")
        await advance(app, pilot, clock, 25 * 60)
        await pilot.press("space")
        await pilot.pause()
        assert types(tmp_path) == ["go", "go"]
        assert row(app, "doors")[-1] == "✓ 25:00 -5:00"  # done: actual duration and under
        assert row(app, "welcome")[-1].startswith("▶ LIVE")
        assert "GO: Welcome and house rules" in text(app, "#feed")


async def test_space_names_blocking_items_and_goes_on_a_second_press_within_5s(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")
        count = len(journal(tmp_path))
        await pilot.press("space")  # next is Dana's talk: "Recording started" (avi) is blocking
        await pilot.pause()
        assert len(journal(tmp_path)) == count
        assert "Recording started (Avi Mizrahi)" in notices(app)[-1]
        assert "again within 5 s" in notices(app)[-1]
        assert app.state.live_row.id == "welcome"
        await advance(app, pilot, clock, 4)
        await pilot.press("space")
        await pilot.pause()
        assert types(tmp_path)[-1] == "go"
        assert app.state.live_row.id == "dana-talk"


async def test_a_second_press_after_5s_only_names_them_again(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")
        count = len(journal(tmp_path))
        await pilot.press("space")
        await advance(app, pilot, clock, 6)
        await pilot.press("space")
        await pilot.pause()
        assert len(journal(tmp_path)) == count  # too late: armed again, not gone
        assert sum("Not ready for Design tokens at scale" in n for n in notices(app)) == 2
        await pilot.press("space")
        await pilot.pause()
        assert app.state.live_row.id == "dana-talk"


async def test_space_goes_at_once_when_blocking_items_are_checked(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")
        checklist = app.screen_console.query_one("#checklist")
        checklist.highlighted = [o.id for o in checklist.options].index("dana-talk:1")
        await pilot.press("x")
        await pilot.press("space")
        await pilot.pause()
        assert app.state.live_row.id == "dana-talk"
        assert [a.type for a in journal(tmp_path)[-2:]] == ["check_item", "go"]


async def test_p_pauses_and_resumes(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await advance(app, pilot, clock, 60)
        await pilot.press("p")
        await pilot.pause()
        assert types(tmp_path) == ["go", "pause"]
        assert text(app, "#phase-word") == "PAUSED"
        assert "PAUSED" in row(app, "doors")[-1]
        await advance(app, pilot, clock, 120)
        assert text(app, "#live-digits") == "29:00"  # a paused timer stands still
        await pilot.press("p")
        await advance(app, pilot, clock, 30)
        assert types(tmp_path) == ["go", "pause", "resume"]
        assert text(app, "#live-digits") == "28:30"
        assert text(app, "#phase-word") == "ON TIME"


async def test_plus_and_minus_change_the_live_segment_by_a_minute(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "plus")
        await pilot.pause()
        assert journal(tmp_path)[-1] == AddTime(at=START, seconds=60)
        assert text(app, "#live-digits") == "31:00"
        assert row(app, "doors")[2] == "30m+1"
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert [a.seconds for a in journal(tmp_path)[1:]] == [60, -60, -60]
        assert text(app, "#live-digits") == "29:00"
        assert row(app, "doors")[2] == "30m-1"
        assert row(app, "welcome")[1] == "18:29"  # the projection follows


async def test_u_undoes_the_last_go_or_time_change(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "plus")
        await pilot.press("u")
        await pilot.pause()
        assert types(tmp_path) == ["go", "add_time", "undo"]
        assert text(app, "#live-digits") == "30:00"
        await pilot.press("u")
        await pilot.pause()
        assert app.state.show == "before"
        assert row(app, "doors")[-1] == "NEXT"
        await pilot.press("u")  # nothing left: refused, nothing written
        await pilot.pause()
        assert types(tmp_path) == ["go", "add_time", "undo", "undo"]
        assert notices(app)[-1] == "nothing to undo"


async def test_m_writes_a_stage_message_and_escape_cancels(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert types(tmp_path) == []
        await pilot.press("m")
        await type_text(pilot, " 5 min")  # a new message starting with a digit: a space first
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path) == [Message(at=START, text="5 min")]
        assert "Stage: “5 min”" in text(app, "#feed")
        assert 'message "5 min"' in text(app, "#feed")


async def test_m_a_digit_sends_that_preset_and_the_plan_brings_its_own(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        shown = plain(app.screen.query_one("#presets"))
        assert shown.splitlines()[:3] == ["1 Five minutes left", "2 Two minutes left", "3 Please wrap up"]
        await pilot.press("3")  # the defaults: the plan has no [stage] messages
        await pilot.pause()
        assert not isinstance(app.screen, MessageDialog)
        assert journal(tmp_path) == [Message(at=START, text="Please wrap up")]
        await pilot.press("m", "9")  # no ninth preset: the digit is text
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Message(at=START, text="9")
        await pilot.press("m", "w", "1", "enter")  # a digit after the first key is text too
        await pilot.pause()
        assert journal(tmp_path)[-1] == Message(at=START, text="w1")

    plan = tmp_path / "own" / "meetup.toml"
    plan.parent.mkdir()
    plan.write_text(
        (ROOT / "sample_events" / "meetup.toml")
        .read_text(encoding="utf-8")
        .replace(
            "[timers]\n",
            '[stage]\nmessages = ["Mic 2 is live", "Slide clicker on the lectern"]\n\n[timers]\n',
            1,
        ),
        encoding="utf-8",
    )
    opened = open_show(plan, FakeClock(START))
    app = ConsoleApp(opened.show, FakeClock(START), tick=0, offer_rehearsal=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert plain(app.screen.query_one("#presets")) == "1 Mic 2 is live\n2 Slide clicker on the lectern"
        await pilot.press("2")
        await pilot.pause()
    assert read_journal(default_journal_path(plan)).actions == [
        Message(at=START, text="Slide clicker on the lectern")
    ]


async def test_a_second_go_within_the_guard_is_ignored_and_said(tmp_path):
    app, clock = make_app(tmp_path, at=START, go_guard=None)  # the plan's default: 1s
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")  # a nervous double tap
        await pilot.pause()
        assert types(tmp_path) == ["go"]
        assert "GO ignored: pressed again within 1 s" in notices(app)[-1]
        clock.advance(0.9)
        await pilot.press("space")  # still within 1 s of the press that counted
        await pilot.pause()
        assert types(tmp_path) == ["go"]
        clock.advance(0.2)
        await pilot.press("space")
        await pilot.pause()
        assert types(tmp_path) == ["go", "go"]


async def test_the_blocking_override_takes_a_press_after_the_guard(tmp_path):
    app, clock = make_app(tmp_path, at=START, go_guard=None)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")  # next: Dana's talk, "Recording started" is blocking
        before = types(tmp_path)
        clock.advance(5)
        await pilot.press("space")  # names the blocking items
        await pilot.press("space")  # within the guard: ignored, not the override
        await pilot.pause()
        assert types(tmp_path) == before
        clock.advance(1.5)
        await pilot.press("space")  # after the guard, within 5 s: goes anyway
        await pilot.pause()
        assert types(tmp_path) == [*before, "go"]


async def test_f_flashes_the_message_and_needs_one(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert types(tmp_path) == []
        assert "No stage message to flash" in notices(app)[-1]
        await pilot.press("m", "h", "i", "enter", "f")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Message(at=START, text="hi", flash=True)
        assert "FLASH" in text(app, "#feed")
        await pilot.press("f")
        await pilot.pause()
        assert journal(tmp_path)[-1].flash is False
        assert "FLASH" not in text(app, "#feed").splitlines()[0]


async def test_b_toggles_blackout_with_or_without_a_message(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Blackout(at=START, on=True)
        assert "BLACKOUT" in text(app, "#feed") and "blackout on" in text(app, "#feed")
        header = app.screen_console.query_one("#header-blackout")
        assert text(app, "#header-blackout") == " BLACKOUT " and header.display  # in the alert colour
        error, shown = Color.parse(app.current_theme.error), header.styles.background
        assert max(abs(a - b) for a, b in zip(shown.rgb, error.rgb, strict=True)) <= 2  # the error colour
        await pilot.press("b")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Blackout(at=START, on=False)
        assert "no message" in text(app, "#feed") and "blackout off" in text(app, "#feed")
        assert not header.display and text(app, "#header-blackout") == ""
        await pilot.press("m", "h", "i", "enter", "b")
        await pilot.pause()
        assert types(tmp_path) == ["blackout", "blackout", "message", "blackout"]
        assert journal(tmp_path)[-2:] == [Message(at=START, text="hi"), Blackout(at=START, on=True)]
        assert "Stage: “hi”" in text(app, "#feed") and "BLACKOUT" in text(app, "#feed").splitlines()[0]
        await pilot.press("m", "backspace", "backspace", "y", "o", "enter")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Message(at=START, text="yo")  # the blackout stays on
        assert "BLACKOUT" in text(app, "#feed").splitlines()[0]
        await pilot.press("b")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Blackout(at=START, on=False)
        assert "Stage: “yo”" in text(app, "#feed") and "BLACKOUT" not in text(app, "#feed").splitlines()[0]


async def test_c_clears_the_message(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert notices(app)[-1] == "there is no message to clear"
        await pilot.press("m", "h", "i", "enter", "c")
        await pilot.pause()
        assert types(tmp_path) == ["message", "clear_message"]
        assert text(app, "#feed").startswith("Stage: no message")


@pytest.mark.parametrize("key", ["x", "enter"])
async def test_x_and_enter_toggle_the_highlighted_checklist_item(tmp_path, key):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        first = journal(tmp_path)[-1]
        assert first == CheckItem(
            at=START, segment="doors", index=0, item="Registration desk staffed", by=None, done=True
        )
        assert "Registration desk staffed · done 18:00 by organizer" in text(app, "#checklist")
        await pilot.press(key)
        await pilot.pause()
        assert journal(tmp_path)[-1].done is False
        assert "☐ Registration desk staffed" in text(app, "#checklist")


async def test_checked_items_say_who_for_items_that_name_someone(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")
        listing = text(app, "#checklist")
        assert "BLOCKING" in listing and "Recording started · Avi Mizrahi" in listing
        assert "1 BLOCKING not done" in app.screen_console.query_one("#checklist").border_subtitle
        checklist = app.screen_console.query_one("#checklist")
        checklist.highlighted = [o.id for o in checklist.options].index("dana-talk:1")
        await pilot.press("x")
        await pilot.pause()
        assert journal(tmp_path)[-1].by == "avi"
        assert "Recording started · done 18:00 by Avi Mizrahi" in text(app, "#checklist")
        assert checklist.border_subtitle == "x / enter: check"
        # The speaker's needs are on the list too, for the speaker (issue 20 item 8).
        assert "USB-C to HDMI adapter (for Dana Levi)" in text(app, "#checklist")


async def test_h_marks_the_next_handoff_done(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.pause()
        card = text(app, "#handoff")
        assert "Welcome and house rules" in card and "By: Avi Mizrahi" in card and "TO DO" in card
        assert "Cue: Lights down in the back" in card
        await pilot.press("h")
        await pilot.pause()
        assert journal(tmp_path)[-1] == HandoffDone(at=START, segment="welcome", by="avi")
        assert "✔ done 18:00" in text(app, "#handoff")


async def test_past_a_break_the_card_prepares_the_handoff_after_it(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "dana-talk")  # next is the break: nothing to hand over
        card = text(app, "#handoff")
        assert "→ talk at 19:30, after Break" in card and "Talk: “Bundlers are compilers now”" in card
        assert "Yossi Ben-David  /YOH-see ben dah-VEED/" in card
        await pilot.press("h")  # h marks the handoff into the NEXT segment only (issue 20 item 7)
        await pilot.pause()
        assert journal(tmp_path)[-1].type == "go"
        assert notices(app)[-1] == "No handoff planned before Break."
        await go_to(app, pilot, clock, "break")
        await pilot.press("h")
        await pilot.pause()
        assert journal(tmp_path)[-1] == HandoffDone(at=START, segment="yossi-talk", by="tamar")
        await go_to(app, pilot, clock, "lightning")
        await go_to(app, pilot, clock, "networking")  # the last one: no handoff planned
        await pilot.press("h")
        await pilot.pause()
        assert "No next segment" in notices(app)[-1]


async def test_a_segment_without_handoff_says_so(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "closing")  # next: networking, no handoff, no speakers
        assert "No handoff planned." in text(app, "#handoff")
        await pilot.press("h")
        await pilot.pause()
        assert types(tmp_path)[-1] == "go"
        assert "No handoff planned before Networking" in notices(app)[-1]


async def test_the_handoff_card_of_a_talk_is_the_intro_card(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(app, pilot, clock, "welcome")
        card = text(app, "#handoff")
        assert "By: Tamar Stern" in card
        assert "Cue: Read Dana's intro card" in card
        assert "Dana Levi  /DAH-nah LEH-vee/" in card
        assert "Dana leads the design-systems team" in card
        assert "Talk: “Design tokens at scale”" in card


async def test_n_writes_a_note(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "mic 2")
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path) == [Note(at=START, text="mic 2")]
        assert "note: mic 2" in text(app, "#feed")


async def test_s_skips_the_next_segment_after_asking(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert types(tmp_path) == ["go"]
        await pilot.press("s", "y")
        await pilot.pause()
        assert journal(tmp_path)[-1] == Skip(at=START, segment="welcome")
        assert row(app, "welcome")[-1] == "skipped"
        assert row(app, "dana-talk")[-1].startswith("NEXT")
        assert "skipped Welcome and house rules" in text(app, "#feed")


async def test_i_inserts_a_segment_after_the_live_one(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "i")
        await pilot.pause()
        assert isinstance(app.screen, InsertDialog)
        await type_text(pilot, "Pitch")
        await pilot.press("enter")
        await pilot.press("5", "m", "enter")  # title and duration given: enter inserts
        await pilot.pause()
        assert journal(tmp_path)[-1] == Insert(
            at=START,
            segment="insert-1",
            title="Pitch",
            duration=300,
            kind="other",
            speakers="",
            after="doors",
        )
        assert not isinstance(app.screen, InsertDialog)
        ids = [r.id for r in app.state.rows]
        assert ids[:3] == ["doors", "insert-1", "welcome"]
        assert row(app, "insert-1")[0] == "new"
        assert row(app, "insert-1")[3] == "+ Pitch"
        assert row(app, "insert-1")[-1] == "NEXT"
        assert row(app, "welcome")[1] == "18:35"  # pushed by five minutes
        assert [r.id for r in app.state.rows] == [
            str(k.value) for k in app.screen_console.query_one("#runsheet").rows
        ]


async def test_an_inserted_talk_can_name_its_speaker(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "i")
        await type_text(pilot, "Demo")
        await pilot.press("enter", "9", "0", "s", "tab")
        await type_text(pilot, "Noa")
        await pilot.press("enter")
        await pilot.pause()
        inserted = journal(tmp_path)[-1]
        assert (inserted.duration, inserted.kind, inserted.speakers) == (90, "talk", "Noa")
        assert row(app, "insert-1")[2:5] == ["01:30", "+ Demo", "Noa"]
        assert "Speaker: Noa" in text(app, "#handoff")


async def test_the_insert_dialog_rejects_a_bad_duration(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "i")
        await type_text(pilot, "Quiz")
        await pilot.press("enter")
        await type_text(pilot, "five")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InsertDialog)
        assert "cannot read" in str(app.screen.query_one("#insert-error").content)
        await pilot.press("escape")
        await pilot.pause()
        assert types(tmp_path) == ["go"]


async def test_question_mark_opens_help(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = " ".join(str(w.content) for w in app.screen.query(".help-what"))
        for words in ("GO", "pause", "undo", "blackout", "insert", "command palette", "quit"):
            assert words in lines
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
    assert types(tmp_path) == []


async def test_the_command_palette_runs_actions_and_switches_themes(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "ctrl+p")
        await type_text(pilot, "add one")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert types(tmp_path) == ["go", "add_time"]
        await pilot.press("ctrl+p")
        await type_text(pilot, "light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "light"
        assert text(app, "#live-digits") == "31:00"


def test_the_palette_lists_every_key_action(tmp_path):
    from runofshow.tui.console import KEYS

    app, clock = make_app(tmp_path)
    titles = [command.title for command in app.get_system_commands(None)]
    for _, _action, _, title, _ in KEYS:
        assert any(t.startswith(title) for t in titles), title
    assert {"Theme: dark", "Theme: light", "Theme: high-contrast"} <= set(titles)
    assert any(t.startswith("End the show") for t in titles)
    app.show.close()


async def test_q_quits_at_once_before_the_show(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_q_asks_first_while_the_show_is_live(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmDialog)
        await pilot.press("q", "y")
        await pilot.pause()
    assert not app.is_running
    assert types(tmp_path) == ["go"]  # quitting writes nothing and loses nothing


async def test_a_refused_action_warns_and_writes_nothing(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p", "plus")
        await pilot.pause()
    assert types(tmp_path) == []
    assert app.shown_notices[-2:] == [
        ("warning", "pause is only possible while the show is live"),
        ("warning", "add time is only possible while the show is live"),
    ]


async def test_resume_shows_the_live_state_and_says_so(tmp_path):
    opened, clock = make_show(tmp_path, at=START)
    opened.show.do(Go(at=START))
    clock.advance(30 * 60)
    opened.show.do(Go(at=clock.now()))
    opened.show.close()
    clock.advance(90)
    from runofshow.live import open_show
    from runofshow.tui.console import ConsoleApp

    again = open_show(tmp_path / "meetup.toml", clock)
    app = ConsoleApp(again.show, clock, resumed=again.resumed, notices=again.notices, tick=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.state.live_row.id == "welcome"
        assert text(app, "#live-digits") == "03:30"
        assert f"resumed from {tmp_path / 'meetup.journal.jsonl'}, 2 actions" in notices(app)
    again.show.close()


async def test_resuming_a_stale_journal_suggests_fresh(tmp_path):
    opened, clock = make_show(tmp_path, at=START)
    opened.show.do(Go(at=START))
    opened.show.close()
    clock.advance(3 * 86400)
    from runofshow.live import open_show
    from runofshow.tui.console import ConsoleApp

    again = open_show(tmp_path / "meetup.toml", clock)
    app = ConsoleApp(again.show, clock, resumed=again.resumed, tick=0, offer_rehearsal=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "last action was on Thu 03 Dec at 18:00" in notices(app)[-1] and "--fresh" in notices(app)[-1]
    again.show.close()


async def test_rehearsal_is_offered_on_another_day_and_journaled(tmp_path):
    other_day = dt.datetime(2026, 11, 25, 12, 3, 20, tzinfo=dt.UTC)
    app, clock = make_app(tmp_path, at=other_day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RehearseDialog)
        await pilot.press("r")
        await pilot.pause()
        assert journal(tmp_path) == [Rehearse(at=other_day, start=other_day)]
        assert "REHEARSAL" in text(app, "#header-title")
        assert "starts 14:03" in text(app, "#header-schedule")  # 12:03 UTC in Jerusalem
        assert row(app, "welcome")[:2] == ["14:33", "14:33"]


async def test_keep_plan_times_writes_nothing(tmp_path):
    other_day = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    app, clock = make_app(tmp_path, at=other_day)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, RehearseDialog)
        assert "starts Thu 03 Dec 18:00" in text(app, "#header-schedule")
        assert text(app, "#live-digits") == "18:00"
    assert types(tmp_path) == []


async def test_the_timer_only_asks_for_a_redraw(tmp_path):
    app, clock = make_app(tmp_path, at=START, tick=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock.advance(26 * 60)
        await pilot.pause(0.2)
        assert text(app, "#live-digits") == "04:00"
        assert text(app, "#phase-word") == "5 MIN"
        assert app.screen_console.query_one("#live").has_class("phase-warning")
        clock.advance(5 * 60)
        await pilot.pause(0.2)
        assert text(app, "#live-digits") == "+01:00"
        assert text(app, "#phase-word") == "OVER TIME +1:00"
        assert app.screen_console.query_one("#live").has_class("phase-overtime")
        assert row(app, "welcome")[-1] == "NEXT +1m late"
        assert row(app, "dana-talk")[-1] == "+1m late"
        # The ten minutes before the 19:15 break (a hard start) absorb it: the show ends on time.
        assert "ON SCHEDULE" in text(app, "#header-schedule")
    assert types(tmp_path) == ["go"]  # ticks write nothing


async def test_the_live_row_stays_in_view_on_a_long_plan(tmp_path):
    from runofshow.live import open_show
    from runofshow.show import FakeClock
    from runofshow.tui.console import ConsoleApp
    from test_console_support import ROOT

    plan = tmp_path / "conference.toml"
    plan.write_text(
        (ROOT / "sample_events" / "conference.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    clock = FakeClock(dt.datetime(2026, 12, 10, 7, 0, tzinfo=dt.UTC))  # 08:00 in Berlin
    opened = open_show(plan, clock)
    for _ in range(20):
        opened.show.do(Go(at=clock.advance(60)))
    live = opened.show.state().live_index
    app = ConsoleApp(opened.show, clock, tick=0, offer_rehearsal=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        table = app.screen_console.query_one("#runsheet")
        assert table.cursor_row == live
        top = round(table.scroll_y)
        assert top > 0 and top <= live < top + table.scrollable_content_region.height - 1
        await pilot.press("space")  # twice: the next talk has blocking items
        clock.advance(2)  # past [timers] go_guard
        await pilot.press("space")
        await pilot.pause()
        await pilot.pause()
        assert app.state.live_index == live + 1
        assert table.cursor_row == live + 1
        assert (
            round(table.scroll_y)
            <= live + 1
            < round(table.scroll_y) + table.scrollable_content_region.height - 1
        )
    opened.show.close()


async def test_end_the_show_from_the_palette_then_go_is_refused(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await advance(app, pilot, clock, 600)
        app.action_end_show()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert types(tmp_path) == ["go", "end_show"]
        assert "ENDED 18:10" in text(app, "#header-schedule")
        assert text(app, "#phase-word") == "ENDED"
        assert row(app, "doors")[-1] == "✓ 10:00 -20:00"
        await pilot.press("space")
        await pilot.pause()
        assert types(tmp_path) == ["go", "end_show"]
        assert notices(app)[-1].startswith("go is only possible")
        await pilot.press("q")  # the show is over: no question
        await pilot.pause()
    assert not app.is_running


async def test_switching_theme_recolours_the_run_of_show(tmp_path):
    from runofshow.tui.themes import load_themes

    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen_console.query_one("#runsheet")
        dark = table._colours["phase-overtime"]
        app.action_set_theme("high-contrast")
        await pilot.pause()
        wanted = load_themes()["high-contrast"].variables["phase-overtime"]
        assert table._colours["phase-overtime"].lower() == wanted.lower() != dark.lower()


async def test_export_report_from_the_palette_writes_beside_the_journal(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await advance(app, pilot, clock, 300)
        await pilot.press("ctrl+p")
        await type_text(pilot, "export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        written = [tmp_path / f"meetup.report.{ext}" for ext in ("md", "csv", "html")]
        assert all(path.exists() for path in written)
        assert notices(app)[-1] == "report written: " + ", ".join(str(p) for p in written)
        assert "Doors, pizza and networking" in written[0].read_text(encoding="utf-8")
        assert "+972" not in written[0].read_text(encoding="utf-8")  # the public report: no phones
        html = written[2].read_text(encoding="utf-8")
        assert '<svg class="timeline"' in html and "+972" not in html
    assert types(tmp_path) == ["go"]  # exporting writes nothing into the journal


async def test_resizing_switches_between_the_narrow_and_the_wide_layout(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        screen = app.screen_console
        table = screen.query_one("#runsheet")
        assert screen.has_class("-narrow") and table.region.width == 100
        narrow_title = table.columns["title"].width
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert screen.has_class("-wide")
        assert (
            table.region.width < 110 and table.region.height > 40
        )  # the run of show on the left, full height
        assert row(app, "doors")[-1] == "▶ LIVE ON TIME"  # the rows survived the new columns
        assert table.columns["title"].width != narrow_title
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert screen.has_class("-narrow") and table.columns["title"].width == narrow_title


async def test_footer_shows_whole_keys_only_and_the_palette_at_the_right(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = app.screen_console.query_one("#keys")
        line = keys.render().plain
        assert len(line) == SIZE[0]
        assert line.startswith("space GO ? Help p Pause + +1m - -1m u Undo")
        assert line.endswith("▏^p palette")
        assert "Check" not in line  # x: enter does the same
        shown = line.removesuffix("▏^p palette").rstrip()
        assert shown.endswith("c Clear")  # "n Note" does not fit whole at 100 columns: left out, not cut
    (tmp_path / "wide").mkdir()
    wide, _ = make_app(tmp_path / "wide")
    async with wide.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert (
            "c Clear n Note s Skip i Insert q Quit" in wide.screen_console.query_one("#keys").render().plain
        )


async def test_clicking_a_key_in_the_footer_presses_it(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = app.screen_console.query_one("#keys")
        line = keys.render().plain
        await pilot.click("#keys", offset=(line.index("Msg"), 0))
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)  # m: write a stage message
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#keys", offset=(line.index("space GO") + 1, 0))
        await pilot.pause()
        assert types(tmp_path) == ["go"]  # space: the show started
        assert keys.key_at(line.index("palette")) == "ctrl+p"
        assert keys.key_at(line.index("▏") - 1) is None  # the gap between the keys and the palette


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast"])
async def test_a_theme_chosen_at_start_styles_the_first_frame(tmp_path, theme):
    """Both ways register_themes chooses a theme (before the stylesheet is parsed, or through
    App.theme's watcher for a theme as light as Textual's default is dark) give its colours."""
    from textual.color import Color

    from runofshow.tui.themes import load_themes

    app, clock = make_app(tmp_path, theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == theme
        colours = load_themes()[theme]
        header = app.screen_console.query_one("#header-schedule")  # before the show: $phase-pending on it
        assert header.styles.background == Color.parse(colours.variables["phase-pending"])
        assert header.styles.color == Color.parse(colours.background)
        assert app.screen_console.query_one("#header").styles.background == Color.parse(colours.panel)


async def test_after_first_frame_is_called_once_the_first_frame_is_drawn(tmp_path):
    """run_cmd turns the garbage collector back on there (it is off during start-up)."""
    calls = []
    app, clock = make_app(
        tmp_path, after_first_frame=lambda: calls.append(app.screen_console.query_one("#keys").region)
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")  # more frames: still once
        await pilot.pause()
    assert len(calls) == 1 and calls[0].width == SIZE[0]  # laid out by then


def test_run_turns_the_collector_back_on_after_the_first_frame():
    import gc

    from runofshow.tui.run_cmd import _collect_from_now_on

    gc.disable()
    try:
        _collect_from_now_on()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
