"""The console's command palette: "Print run sheet" and "Print call sheets" write HTML beside the journal."""

from __future__ import annotations

from test_console_support import START, advance, make_app, notices, type_text, types

SIZE = (100, 30)


async def test_print_run_sheet_from_the_palette(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # doors starts on time at 18:00
        await advance(app, pilot, clock, 360)
        await pilot.press("space")  # welcome at 18:06: 24 minutes early
        await pilot.press("ctrl+p")
        await type_text(pilot, "print run")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        path = tmp_path / "meetup.run-sheet.html"
        assert notices(app)[-1] == f"run sheet written: {path} (open it in a browser to print)"
        html = path.read_text(encoding="utf-8")
        assert "As of 18:06, running 24 min early" in html
        assert "Doors, pizza and networking" in html and "+972" not in html
    assert types(tmp_path) == ["go", "go"]  # printing writes nothing into the journal


async def test_print_call_sheets_from_the_palette(tmp_path):
    app, clock = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "print call")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        folder = tmp_path / "meetup.call-sheets"
        assert notices(app)[-1] == f"5 call sheets written into {folder} (open them in a browser to print)"
        assert sorted(p.name for p in folder.iterdir()) == [
            "avi.html",
            "dana.html",
            "noa.html",
            "tamar.html",
            "yossi.html",
        ]
        assert "Call sheet · Avi Mizrahi" in (folder / "avi.html").read_text(encoding="utf-8")
    assert types(tmp_path) == []
