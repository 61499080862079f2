"""Issue 20 item 8: who is on stage. A segment with an owner and no speakers shows the owner (as
"host: Tamar Stern") in the run of show and the md report; a speaker's needs read "(for Dana)"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from runofshow.export import export_text, load_facts
from runofshow.plan import load_plan
from runofshow.show import Go, reduce
from test_console_support import MEETUP, START, make_app, row, text

SIZE = (160, 45)
PLAN = load_plan(MEETUP).plan


def test_the_row_says_who_is_on_stage():
    state = reduce(PLAN, [], START)
    rows = {r.id: r for r in state.rows}
    assert rows["welcome"].who == "host: Tamar Stern"  # kind host, owner tamar, no speakers
    assert rows["dana-talk"].who == "Dana Levi"
    assert rows["doors"].who == ""  # a break's owner runs it off stage
    raffle = dataclasses.replace(rows["welcome"], kind="sponsor", host="Acme")
    assert raffle.who == "sponsor: Acme"


async def test_the_run_of_show_and_the_checklist(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space")  # doors, then welcome live: Dana's talk is next
        await pilot.pause()
        assert row(app, "welcome")[4] == "host: Tamar Stern"
        assert row(app, "closing")[4] == "host: Tamar Stern"
        assert row(app, "doors")[4] == "break"
        assert "—" not in [row(app, r.id)[4] for r in app.state.rows]
        checklist = text(app, "#checklist")
        assert "☐ clicker (for Dana Levi)" in checklist
        assert "by Dana" not in checklist and "· Dana Levi" not in checklist


def test_the_md_report_names_the_host_and_the_speaker_a_need_is_for(tmp_path):
    app, clock = make_app(tmp_path, at=START)
    show = app.show
    for minutes in (0, 30, 35):
        show.do(Go(at=START + dt.timedelta(minutes=minutes)))
    show.close()
    md = export_text(load_facts(show.journal_path), "md")
    welcome = next(line for line in md.splitlines() if "| Welcome and house rules |" in line)
    assert "| host: Tamar Stern |" in welcome
    assert "- Design tokens at scale: clicker (for Dana Levi)" in md
    assert "(by Dana Levi)" not in md
