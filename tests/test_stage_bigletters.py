"""Big text in any script (issue 17, item 2): stage messages and titles in Hebrew, Arabic,
Cyrillic, Greek and accented Latin are drawn in big letters, from a real bitmap font (Unifont's
glyphs, shipped reduced as package data), like ASCII ones; a character no font has falls back
to one line of text as before.
"""

from __future__ import annotations

import unicodedata

import pytest

from runofshow.show import Message
from runofshow.tui import bidi
from runofshow.tui.bigfont import (
    FONT,
    UNIFONT_PATH,
    big_lines,
    big_width,
    can_draw,
    face_of,
    fit_big,
    unifont,
)
from runofshow.tui.stage import StageApp
from test_stage_scenarios import SIZES, T0, TO_DANA, console, shown

MESSAGES = {
    "hebrew": "נא לחזור על השאלה",  # please repeat the question
    "cyrillic": "Пожалуйста, закругляйтесь",  # please wrap up
    "greek": "Παρακαλώ ολοκληρώστε",  # please finish
    "arabic": "يرجى الاختتام",  # please wrap up
    "latin": "Préparez-vous, s'il vous plaît",
}
BLOCKS = set("▀▄█")


@pytest.fixture(autouse=True)
def _reset_bidi():
    yield
    bidi.configure("auto", {})


def test_the_font_covers_the_scripts_of_the_issue():
    glyphs = unifont()
    assert 2500 < len(glyphs) < 4000  # reduced to the needed ranges, not the whole of Unifont
    for name, low, high in [
        ("Hebrew letters", 0x05D0, 0x05EA),
        ("Arabic letters", 0x0621, 0x064A),
        ("Arabic shaped forms", 0xFE80, 0xFEFC),
        ("Cyrillic", 0x0410, 0x044F),
        ("Greek", 0x0391, 0x03C9),
        ("accented Latin", 0x00C0, 0x00FF),
    ]:
        missing = [
            chr(code)
            for code in range(low, high + 1)
            if unicodedata.category(chr(code))[0] == "L" and chr(code) not in glyphs
        ]
        assert not missing, (name, missing)
    assert (UNIFONT_PATH.parent / "LICENSE").read_text().count("SIL Open Font License") >= 1
    # the glyphs are Unifont's own: its capital A, row by row
    assert glyphs["A"][4:14] == (
        "...##...",
        "..#..#..",
        "..#..#..",
        ".#....#.",
        ".#....#.",
        ".######.",
        ".#....#.",
        ".#....#.",
        ".#....#.",
        ".#....#.",
    )


def test_ascii_keeps_the_5x7_font_and_other_scripts_use_unifont():
    assert face_of("WRAP UP 5 MIN!") == "5x7" and face_of("12:34") == "5x7"
    for text in MESSAGES.values():
        assert face_of(text) == "unifont" and can_draw(text), text
    assert face_of("Ελλάδα") == "unifont"
    assert not can_draw("日本語") and fit_big("会議 end", 200, 60) is None  # no font has it: as before
    # combining marks (niqqud) are left out, composed accents drawn: both can be drawn
    assert can_draw("שָׁלוֹם") and can_draw("Cafe\u0301")
    assert big_lines("Café", 1) == big_lines("Cafe\u0301", 1)


def test_unifont_glyphs_are_cropped_to_the_rows_the_text_uses():
    lines = big_lines("ПРИВЕТ", 1)
    assert 4 <= len(lines) <= 6 and lines[0].strip() and lines[-1].strip()
    assert big_width("ПРИВЕТ", 1) == 6 * 8 and len(lines[0]) == 48
    assert len(big_lines("ПРИВЕТ", 3)) == 3 * 10 // 2  # ten pixel rows at scale 3, two a cell row


def test_right_to_left_lines_are_drawn_in_visual_order():
    bidi.configure("on")
    logical = fit_big("שלום", 200, 30, 1)
    visual = fit_big("שלום", 200, 30, 1, reorder=bidi.visual)
    assert logical and visual and logical != visual

    # each glyph is 8 columns: the visual drawing is the logical one, glyph by glyph, mirrored in order
    def glyphs(lines):
        return [tuple(line[i : i + 8] for line in lines) for i in range(0, len(lines[0]), 8)]

    assert glyphs(visual) == glyphs(logical)[::-1]


@pytest.mark.parametrize("script", list(MESSAGES))
async def test_a_message_fills_the_message_area_in_big_letters_at_200x60(tmp_path, script):
    message = MESSAGES[script]
    steps = TO_DANA + [600, Message(at=T0, text=message)]
    with console(tmp_path, steps) as (plan, clock, _show):
        app = StageApp(plan, clock=clock, role="speaker", poll_interval=0.05, tick_interval=3600, bidi="on")
        async with app.run_test(size=SIZES["200x60"]) as pilot:
            text = await shown(app, pilot)
            area = app.query_one("#message")
            kind, lines = area._lines(*area.content_size)
            rows = list(area.render_lines(area.content_region.reset_offset))
            region = area.content_region
    assert kind == "big", f"{script}: drawn as {kind}"
    assert region.height >= 6, f"{script}: the message area is {region.height} rows"
    drawn = [line for line in lines if line.strip()]
    assert len(drawn) >= 6, f"{script}: {len(drawn)} rows of letters"
    assert any(set(line) & BLOCKS for line in drawn)
    assert message not in text and bidi.visual(message) not in text  # not the one-line fallback
    widest = max(len(line.rstrip()) - (len(line) - len(line.lstrip())) for line in lines)
    assert widest >= region.width * 0.5, f"{script}: {widest} of {region.width} columns"
    assert rows  # the widget painted its lines


async def test_an_ascii_message_still_uses_the_5x7_font(tmp_path):
    steps = TO_DANA + [600, Message(at=T0, text="Wrap up now")]
    with console(tmp_path, steps) as (plan, clock, _show):
        app = StageApp(plan, clock=clock, role="speaker", poll_interval=0.05, tick_interval=3600)
        async with app.run_test(size=SIZES["200x60"]) as pilot:
            await shown(app, pilot)
            area = app.query_one("#message")
            kind, lines = area._lines(*area.content_size)
            assert fit_big("Wrap up now", *area.content_size, area.max_scale) == lines
    assert kind == "big" and set("".join(lines)) <= BLOCKS | {" "}
    assert all(char in FONT for char in "WRAP UP NOW")


async def test_a_message_no_font_has_falls_back_to_one_line(tmp_path):
    steps = TO_DANA + [600, Message(at=T0, text="会議は五分後")]
    with console(tmp_path, steps) as (plan, clock, _show):
        app = StageApp(plan, clock=clock, role="speaker", poll_interval=0.05, tick_interval=3600)
        async with app.run_test(size=SIZES["200x60"]) as pilot:
            text = await shown(app, pilot)
            kind, _lines = app.query_one("#message")._lines(*app.query_one("#message").content_size)
    assert kind == "plain" and "会議は五分後" in text.replace(" ", "")
