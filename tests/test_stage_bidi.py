"""Right-to-left text shown right (issue 17, item 1): Hebrew, Arabic and mixed titles, names and
messages are drawn in visual order with ``--bidi on`` (and ``auto`` where the terminal does no
bidi), left in logical order with ``--bidi off``; the plan, the journal and the exports keep
logical order whatever the screen shows.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.export import export_text, load_facts
from runofshow.journal import default_journal_path, read_journal
from runofshow.show import Message
from runofshow.tui import bidi
from runofshow.tui.bidi import decide, visual
from runofshow.tui.greenroom import GreenRoomApp
from runofshow.tui.stage import StageApp, screen_text
from runofshow.tui.stage_cmd import stage_command, view_options
from test_stage_scenarios import MEETUP, SIZES, T0, TO_DANA, console, shown

HEBREW_TITLE = "טוקנים של עיצוב ב-Python 3.14"  # "design tokens in Python 3.14": mixed
HEBREW_NAME = "דנה לוי"
HEBREW_MESSAGE = "נא לחזור על השאלה"  # "please repeat the question"
ARABIC_MESSAGE = "يرجى الاختتام"  # "please wrap up"
ARABIC_TITLE = "مرحبا بالعالم"


def rtl_plan(directory: Path) -> Path:
    """The meetup plan with Dana's talk and name in Hebrew (and the break in Arabic)."""
    text = (
        MEETUP.read_text()
        .replace('title = "Design tokens at scale"', f'title = "{HEBREW_TITLE}"')
        .replace('name = "Dana Levi"', f'name = "{HEBREW_NAME}"')
        .replace('title = "Break"', f'title = "{ARABIC_TITLE}"', 1)
    )
    path = directory / "src" / "meetup.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _reset_bidi():
    yield
    bidi.configure("auto", {})  # the default for the tests that come after


# --- the decision and the reordering -------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "environ", "on"),
    [
        ("on", {"VTE_VERSION": "7600"}, True),
        ("off", {}, False),
        ("off", {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, False),
        ("auto", {}, True),  # xterm, kitty, alacritty, tmux ...: no bidi of their own
        ("auto", {"TERM": "xterm-256color", "TMUX": "/tmp/tmux-0/default,1,0"}, True),
        ("auto", {"VTE_VERSION": "7600"}, False),  # GNOME Terminal and every VTE-based one
        ("auto", {"KONSOLE_VERSION": "230804"}, False),
        ("auto", {"TERM": "mlterm"}, False),
        ("auto", {"MLTERM": "3.9.3"}, False),
        ("auto", {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, True),  # the browser
        ("auto", {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "VTE_VERSION": "1"}, True),
    ],
)
def test_auto_decides_from_the_terminal(mode, environ, on):
    assert decide(mode, environ) is on


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="auto, on or off"):
        decide("sometimes", {})


def test_visual_order_of_hebrew_mixed_and_arabic_text():
    bidi.configure("on")
    assert visual("שלום") == "םולש"
    mixed = visual(HEBREW_TITLE)
    # a right-to-left line: the Hebrew words read from the right, "Python 3.14" stays as written
    assert mixed == "Python 3.14-ב בוציע לש םינקוט"
    assert visual("Talk by " + HEBREW_NAME) == "Talk by יול הנד"  # a left-to-right line
    arabic = visual(ARABIC_MESSAGE)
    # shaped: presentation forms (initial, medial, final, the lam-alef ligature), joined
    assert all(unicodedata.name(char).endswith("FORM") for char in arabic if char != " ")
    assert "\ufefb" in arabic and arabic[0] == "\ufee1"  # lam-alef; the last letter (meem) leftmost
    assert arabic != ARABIC_MESSAGE[::-1] and len(arabic.split()) == 2
    assert visual("Plain English · 19:15") == "Plain English · 19:15"
    # parts keep their places: title, speaker and time, each part reordered apart
    parts = visual(f"{HEBREW_NAME}  ·  Omer Cohen  ·  19:15", bidi.PARTS)
    assert parts == "יול הנד  ·  Omer Cohen  ·  19:15"
    bidi.configure("off")
    assert visual(HEBREW_TITLE) == HEBREW_TITLE and visual(ARABIC_MESSAGE) == ARABIC_MESSAGE


# --- the stage view ------------------------------------------------------------------------------


def app_for(plan: Path, clock, role: str = "manager", mode: str = "on") -> StageApp:
    return StageApp(plan, clock=clock, role=role, poll_interval=0.05, tick_interval=3600, bidi=mode)


async def stage_text(tmp_path: Path, mode: str, message: str, size=SIZES["200x60"]) -> tuple[StageApp, str]:
    steps = TO_DANA + [600, Message(at=T0, text=message)]
    with console(tmp_path, steps, plan=rtl_plan(tmp_path)) as (plan, clock, _show):
        app = app_for(plan, clock, mode=mode)
        async with app.run_test(size=size) as pilot:
            text = await shown(app, pilot)
    return app, text


@pytest.mark.parametrize("message", [HEBREW_MESSAGE, ARABIC_MESSAGE])
async def test_stage_draws_rtl_titles_names_and_messages_in_visual_order(tmp_path, message):
    bidi.configure("on")
    seen = visual(message)
    app, text = await stage_text(tmp_path, "on", message)
    assert app.view is not None and app.view.message == message  # the view model stays logical
    assert visual(HEBREW_TITLE) in text and HEBREW_TITLE not in text
    assert visual(HEBREW_NAME) in text and HEBREW_NAME not in text
    assert visual(ARABIC_TITLE) in text  # NEXT: the break, in Arabic
    if seen.replace(" ", "") not in text.replace(" ", ""):  # drawn big: the glyphs, not the letters
        assert message not in text


@pytest.mark.parametrize("message", [HEBREW_MESSAGE, ARABIC_MESSAGE])
async def test_bidi_off_leaves_logical_order(tmp_path, message):
    _app, text = await stage_text(tmp_path, "off", message, size=SIZES["80x24"])
    assert HEBREW_TITLE in text and HEBREW_NAME in text and ARABIC_TITLE in text
    bidi.configure("on")
    assert visual(HEBREW_TITLE) not in text


async def test_a_long_rtl_message_is_wrapped_then_each_line_reordered(tmp_path):
    """The first words of a right-to-left message are on the first line, at its right end."""
    long = " ".join(["אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע", "עשר"] * 2)
    steps = TO_DANA + [600, Message(at=T0, text=long)]
    with console(tmp_path, steps, plan=rtl_plan(tmp_path)) as (plan, clock, _show):
        app = app_for(plan, clock, mode="on")
        async with app.run_test(size=(40, 24)) as pilot:
            await shown(app, pilot)
            message = app.query_one("#message")
            lines = [line.strip() for line in message.render().plain.split("\n") if line.strip()]
    assert len(lines) >= 2
    assert lines[0].endswith("תחא")  # "one", the first word, at the right end of the first line
    assert "רשע" in lines[-1]  # "ten", the last word, on the last line


def test_stage_and_serve_take_bidi(tmp_path, monkeypatch):
    seen = {}

    def fake_run(self):
        seen["bidi"] = self.bidi

    monkeypatch.setattr("runofshow.tui.stage.StageApp.run", fake_run)
    monkeypatch.setattr("runofshow.tui.stage_cmd.terminal_problem", lambda: None)
    monkeypatch.delenv("VTE_VERSION", raising=False)
    plan = rtl_plan(tmp_path)
    assert main(["stage", str(plan), "--bidi", "off"]) == 0 and seen == {"bidi": False}
    assert main(["stage", str(plan), "--bidi", "on"]) == 0 and seen == {"bidi": True}
    monkeypatch.setenv("VTE_VERSION", "7600")
    assert main(["stage", str(plan)]) == 0 and seen == {"bidi": False}  # auto in GNOME Terminal
    args = type("Args", (), {"overtime": None, "sound": False, "bidi": "off"})()
    assert stage_command(plan, "manager", "dark", None, view_options(args)).endswith("--bidi off")
    args.bidi = "auto"  # the served stage decides: on, in a browser
    assert "--bidi" not in stage_command(plan, "manager", "dark", None, view_options(args))


@pytest.mark.parametrize("command", ["run", "stage", "serve", "hq"])
def test_a_bad_bidi_mode_is_a_usage_error(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, str(MEETUP), "--bidi", "sideways"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--bidi" in err and "'sideways'" in err and "Traceback" not in err


# --- the green room, hq and the console -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["on", "off"])
async def test_green_room_in_visual_order(tmp_path, mode):
    with console(tmp_path, TO_DANA + [60], plan=rtl_plan(tmp_path)) as (plan, clock, _show):
        app = GreenRoomApp(plan, clock=clock, poll_interval=0.05, tick_interval=3600, bidi=mode)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            app.redraw()
            text = screen_text(app)
    bidi.configure("on")
    if mode == "on":
        assert f"ON STAGE: {visual(HEBREW_TITLE)} · {visual(HEBREW_NAME)}" in text, text
        assert HEBREW_TITLE not in text
    else:
        assert f"ON STAGE: {HEBREW_TITLE} · {HEBREW_NAME}" in text, text


@pytest.mark.parametrize("mode", ["on", "off"])
async def test_hq_in_visual_order(tmp_path, mode):
    from runofshow.tui.hq import HqApp

    with console(tmp_path, TO_DANA + [60], plan=rtl_plan(tmp_path)) as (plan, clock, _show):
        app = HqApp(plan, clock=clock, poll_interval=0.05, tick_interval=3600, bidi=mode)
        async with app.run_test(size=(200, 20)) as pilot:
            await pilot.pause()
            text = screen_text(app)
    cut = HEBREW_TITLE[:23] + "…"  # the Live column is 24 wide: cut in logical order, then drawn
    bidi.configure("on")
    assert (visual(cut) in text) == (mode == "on") and (cut in text) == (mode == "off"), text
    assert (visual(HEBREW_NAME) in text) == (mode == "on")


@pytest.mark.parametrize("mode", ["on", "off"])
async def test_console_draws_titles_names_and_messages_in_visual_order(tmp_path, mode):
    from runofshow.live import open_show
    from runofshow.show import FakeClock, Go
    from runofshow.tui.console import ConsoleApp

    plan = rtl_plan(tmp_path)
    clock = FakeClock(T0)
    opened = open_show(plan, clock)
    try:
        for seconds in (600, 1200, 60):
            clock.advance(seconds)
            opened.show.do(Go(at=clock.now()))
        opened.show.do(Message(at=clock.now(), text=HEBREW_MESSAGE))
        bidi.configure(mode)
        app = ConsoleApp(opened.show, clock, tick=0, offer_rehearsal=False)
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.pause()
            text = screen_text(app)
    finally:
        opened.show.close()
    bidi.configure("on")
    for logical in (HEBREW_TITLE, HEBREW_NAME, HEBREW_MESSAGE):
        assert (visual(logical) in text) == (mode == "on"), (logical, text)
        assert (logical in text) == (mode == "off"), (logical, text)


# --- what is written keeps logical order ----------------------------------------------------------


def test_plan_journal_csv_and_json_keep_logical_order(tmp_path):
    bidi.configure("on")  # whatever the screen does
    steps = TO_DANA + [600, Message(at=T0, text=HEBREW_MESSAGE), 60, "go"]
    with console(tmp_path, steps, plan=rtl_plan(tmp_path)) as (plan, _clock, _show):
        journal = default_journal_path(plan)
    assert HEBREW_TITLE in plan.read_text(encoding="utf-8")
    # every record as its values read back (the file may escape non-ASCII): logical order only
    records = json.dumps(
        [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()], ensure_ascii=False
    )
    assert HEBREW_TITLE in records and HEBREW_MESSAGE in records
    assert visual(HEBREW_TITLE) not in records and visual(HEBREW_MESSAGE) not in records
    assert any(getattr(action, "text", None) == HEBREW_MESSAGE for action in read_journal(journal).actions)
    facts = load_facts(journal)
    for fmt in ("csv", "json"):
        out = export_text(facts, fmt)
        assert HEBREW_TITLE in out and HEBREW_NAME in out, fmt
        assert visual(HEBREW_TITLE) not in out and visual(HEBREW_NAME) not in out, fmt


# --- snapshots -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["80x24", "200x60"])
def test_stage_snapshot_hebrew_message(snap_compare, tmp_path, size):
    steps = TO_DANA + [600, Message(at=T0, text=HEBREW_MESSAGE)]
    with console(tmp_path, steps, plan=rtl_plan(tmp_path)) as (plan, clock, _show):
        app = app_for(plan, clock, role="speaker" if size == "80x24" else "manager")
        assert snap_compare(app, terminal_size=SIZES[size])


# --- the browser view --------------------------------------------------------------------------------


async def test_served_stage_shows_a_hebrew_title_in_visual_order(tmp_path):
    """``serve`` with a Hebrew live title: what the page's terminal received (and drew) is in visual
    order: auto is on in the browser view (xterm.js does no bidi)."""
    import datetime as dt

    from test_stage_browser import CHROMIUM, browse, free_port, start_server, stop

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed")
    from runofshow.live import open_show
    from runofshow.show import Go, SystemClock

    plan = rtl_plan(tmp_path)
    clock = SystemClock()
    show = open_show(plan, clock).show
    try:
        for minutes in (60, 40, 39):  # doors, welcome: Dana's talk is live, started a minute ago
            show.do(Go(at=clock.now() - dt.timedelta(minutes=minutes)))
        bidi.configure("on")
        want = visual(HEBREW_TITLE)
        server, url = start_server(plan, free_port())
        try:
            text, body = await browse(url, tmp_path / "profile", want, tmp_path / "browser.png")
        finally:
            stop(server)
    finally:
        show.close()
    assert "-first-byte" in body
    assert want in text and HEBREW_TITLE not in text, text[-2000:]
    assert visual(HEBREW_NAME) in text
