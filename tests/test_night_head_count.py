"""Issue 20 item 9: '#' asks for the head count and journals it; several counts, the last and the
highest kept; the md and json reports show it in their headline."""

from __future__ import annotations

import datetime as dt
import json

from runofshow.export import export_text, load_facts
from runofshow.live import Refused
from runofshow.show import Go, HeadCount, from_record, reduce, to_record
from runofshow.tui.widgets.dialogs import TextPrompt
from test_console_support import MEETUP, START, journal, make_app, notices, text, type_text

SIZE = (120, 34)


def test_the_last_and_the_highest_are_kept():
    from runofshow.plan import load_plan

    plan = load_plan(MEETUP).plan
    counts = [
        HeadCount(at=START + dt.timedelta(minutes=m), count=c) for m, c in ((0, 30), (20, 47), (90, 41))
    ]
    state = reduce(plan, counts, START + dt.timedelta(hours=2))
    assert (state.head_count, state.head_count_max) == (41, 47)
    assert reduce(plan, [], START).head_count is None
    assert from_record(to_record(counts[1])) == counts[1]
    assert to_record(counts[1])["type"] == "head_count"


async def _count(pilot, typed: str) -> None:
    await pilot.press("number_sign")
    await pilot.pause()
    await type_text(pilot, typed)
    await pilot.press("enter")
    await pilot.pause()


async def test_hash_asks_and_journals_and_the_reports_show_it(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.press("number_sign")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "how many people" in str(app.screen.query_one(".dialog-title").content)
        await type_text(pilot, "52")
        await pilot.press("enter")
        await pilot.pause()
        assert journal(tmp_path)[-1] == HeadCount(at=START, count=52)
        assert "head count: 52" in text(app, "#feed")
        clock.advance(minutes=40)
        await _count(pilot, "48")
        assert notices(app)[-1] == "head count: 48 (highest tonight: 52)"
        await _count(pilot, "lots")  # not a number: nothing journaled
        assert "whole number" in notices(app)[-1]
        assert [a.count for a in journal(tmp_path) if isinstance(a, HeadCount)] == [52, 48]
        try:
            app.show.do(HeadCount(at=clock.now(), count=-3))
        except Refused as refused:
            assert refused.reason == "a head count is a whole number, zero or more"
        else:
            raise AssertionError("a negative head count was journaled")
        app.show.do(Go(at=clock.now()))
    facts = load_facts(app.show.journal_path)
    md = export_text(facts, "md")
    assert "- **Head count: 48** (highest 52, at 18:00:00), counted 2 times" in md
    assert "head count: 52" in md  # the timeline
    show = json.loads(export_text(facts, "json"))["show"]
    assert (show["head_count"], show["head_count_max"]) == (48, 52)
