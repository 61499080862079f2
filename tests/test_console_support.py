"""Helpers for the console tests (no tests here): a show on a copy of the sample, a fake clock, readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runofshow.journal import default_journal_path, read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
UTC = dt.UTC
# The meetup starts at 18:00 in Asia/Jerusalem on 2026-12-03, i.e. 16:00 UTC: ten minutes before.
BEFORE = dt.datetime(2026, 12, 3, 15, 50, tzinfo=UTC)
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=UTC)


def make_show(tmp_path: Path, at: dt.datetime = BEFORE, plan: Path = MEETUP, go_guard: str | None = None):
    """A fresh show on a copy of ``plan``; returns (opened, clock). ``go_guard``: the copy's
    [timers] go_guard (the tests of other keys press GO twice at one fake instant: "0s")."""
    target = tmp_path / plan.name
    if not target.exists():
        text = plan.read_text(encoding="utf-8")
        if go_guard is not None:
            line = f'go_guard = "{go_guard}"\n'
            text = text.replace("[timers]\n", f"[timers]\n{line}", 1) if "[timers]\n" in text else text
            text += "" if line in text else f"\n[timers]\n{line}"
        target.write_text(text, encoding="utf-8")
    clock = FakeClock(at)
    return open_show(target, clock), clock


def make_app(tmp_path: Path, at: dt.datetime = BEFORE, go_guard: str | None = "0s", **kwargs):
    """The console on a copy of the meetup; ``go_guard``: see make_show (None: the plan's own, 1s)."""
    from runofshow.tui.console import ConsoleApp

    opened, clock = make_show(tmp_path, at, go_guard=go_guard)
    kwargs.setdefault("tick", 0)
    app = ConsoleApp(opened.show, clock, notices=opened.notices, resumed=opened.resumed, **kwargs)
    return app, clock


def journal(tmp_path: Path, plan: Path = MEETUP):
    return read_journal(default_journal_path(tmp_path / plan.name)).actions


def types(tmp_path: Path) -> list[str]:
    return [a.type for a in journal(tmp_path)]


def plain(widget) -> str:
    """The text a widget shows now (Static, Digits, OptionList)."""
    from textual.widgets import Digits, OptionList

    if isinstance(widget, Digits):
        return widget.value
    if isinstance(widget, OptionList):
        return "\n".join(str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options)
    content = widget.content
    return getattr(content, "plain", str(content))


def text(app, selector: str) -> str:
    return plain(app.screen_console.query_one(selector))


def row(app, key: str) -> list[str]:
    table = app.screen_console.query_one("#runsheet")
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row(key)]


async def type_text(pilot, words: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in words])


async def advance(app, pilot, clock, seconds: float) -> None:
    clock.advance(seconds)
    app.refresh_views()
    await pilot.pause()


async def go_to(app, pilot, clock, segment: str) -> None:
    """Press GO (twice where blocking items hold it) until ``segment`` is live; each press after
    [timers] go_guard."""
    guard = app.show.plan.timers.go_guard
    for _ in range(20):
        if app.state.live_row is not None and app.state.live_row.id == segment:
            return
        clock.advance(guard)
        await pilot.press("space")
        await pilot.pause()
        if app.state.live_row is None or app.state.live_row.id != segment:
            nxt = app.state.next_row
            if nxt is not None and any(
                i.blocking and not i.done for i in app.state.checklists.get(nxt.id, ())
            ):
                clock.advance(guard)
                await pilot.press("space")
                await pilot.pause()
    raise AssertionError(f"{segment} never went live")


def notices(app) -> list[str]:
    return [message for _, message in app.shown_notices]


__all__ = [
    "BEFORE",
    "MEETUP",
    "START",
    "advance",
    "go_to",
    "journal",
    "make_app",
    "make_show",
    "notices",
    "plain",
    "row",
    "text",
    "type_text",
    "types",
    "default_journal_path",
]
