"""md report: headline figures, table, checklists, timeline; public unless --private."""

from __future__ import annotations

import re

import pytest

from export_scenarios import LIVE_NOTE, MEETUP, STAGE_MESSAGE, evening, unfinished
from runofshow.export import export_text, load_facts
from runofshow.plan import load_plan

PLAN = load_plan(MEETUP).plan
PHONES = [p.phone for p in PLAN.people if p.phone]
EMAILS = [p.email for p in PLAN.people if p.email]
PLAN_NOTES = [s.notes for s in PLAN.segments if s.notes]


@pytest.fixture
def facts(tmp_path):
    return load_facts(evening(tmp_path))


def section(md: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


def test_headline_figures(facts):
    md = export_text(facts, "md")
    head = section(md, "Headline")
    assert "| Start | 18:00:00 | 18:02:00 | 2:00 late |" in head
    assert "| End | 21:05:00 | 20:45:00 | 20:00 early |" in head
    assert "**Total over/under: +8:00**" in head
    assert "**Over by more than 2 minutes (2):** Design tokens at scale (+7:00), Networking (+2:30)" in head
    assert "Skipped: Bundlers are compilers now" in head
    assert "Inserted live: Surprise, a lightning talk" in head
    assert "Checklists: 2 of 17 items done, 15 never done." in head
    assert "Unfinished" not in md


def test_segment_table(facts):
    table = section(export_text(facts, "md"), "Segments")
    assert (
        "| 3 | Design tokens at scale | Dana Levi | 18:35:00 | 30:00 | 18:37:30 | 19:14:30 | 37:00 "
        "| +7:00 (added +2:00) | done |"
    ) in table
    assert (
        "| 5 | Surprise, a lightning talk *(inserted)* | Ori Cohen |  | 5:00 | 19:24:30 | 19:31:30 | 7:00 | +2:00 | done |"
        in table
    )
    assert (
        "| 6 | Bundlers are compilers now | Yossi Ben-David | 19:30:00 | 25:00 |  |  |  |  | skipped |"
        in table
    )
    assert (
        "| 7 | Lightning talks (3 x 5 minutes) | Noa Katz | 19:55:00 | 20:00 | 19:31:30 | 19:51:30 | 20:00 | ±0:00 | done |"
        in table
    )
    assert table.count("\n| ") == 1 + 9  # header row and nine segments (the separator starts with |-)


def test_checklist_items_never_done_and_done_late(facts):
    part = section(export_text(facts, "md"), "Checklist items never done")
    assert "- Design tokens at scale: Recording started (by Avi Mizrahi) **blocking**" in part
    assert (
        "- Bundlers are compilers now: Mini DisplayPort adapter (for Yossi Ben-David) (segment skipped)"
        in part
    )
    assert "Registration desk staffed" not in part.split("###")[0]
    assert (
        "- Doors, pizza and networking: Pizza delivered, at 18:10:00 by Tamar Stern, 8:00 after the start"
        in part
    )


def test_handoffs_and_timeline(facts):
    md = export_text(facts, "md")
    assert (
        "- Welcome and house rules: Lights down in the back, Tamar's mic live (Avi Mizrahi): done at 18:35:00 by Avi Mizrahi"
        in md
    )
    timeline = section(md, "Timeline")
    assert "- 18:02:00 GO: Doors, pizza and networking\n" in timeline
    assert "- 18:40:00 paused\n- 18:42:00 resumed\n- 19:00:00 time added: +2:00\n" in timeline
    assert f"- 19:10:00 stage message: “{STAGE_MESSAGE}” (flashing)" in timeline
    assert "- 19:52:00 GO *(undone)*\n- 19:52:10 undid: GO\n" in timeline
    assert "- 19:57:30 GO: Networking\n" in timeline
    assert timeline.rstrip().endswith("- 20:45:00 show ended")
    assert "18:39:00 unchecked: Recording started (Design tokens at scale) by Avi Mizrahi" in timeline


def test_public_report_has_no_phones_emails_or_notes(facts):
    md = export_text(facts, "md")
    assert PHONES and EMAILS and PLAN_NOTES  # the sample has some of each
    for secret in PHONES + EMAILS + PLAN_NOTES + [LIVE_NOTE]:
        assert secret not in md, secret
    assert "@" not in md and "+972" not in md
    assert "--private" in section(md, "Notes")


def test_private_report_has_them(facts):
    md = export_text(facts, "md", private=True)
    for secret in PHONES + EMAILS + PLAN_NOTES + [LIVE_NOTE]:
        assert secret in md, secret
    assert f"- 19:05:00 {LIVE_NOTE}" in section(md, "Notes")
    assert f"- 19:05:00 note: {LIVE_NOTE}" in section(md, "Timeline")
    assert "| Tamar Stern | host | +972 50 000 0000 | tamar@example.org |" in section(md, "Contacts")


def test_unfinished_show_says_so_in_the_headline(tmp_path):
    md = export_text(load_facts(unfinished(tmp_path, torn=True)), "md")
    first = md.split("## Headline")[0]
    assert (
        "> **Unfinished:** The show is unfinished: 'Lightning talks (3 x 5 minutes)' was still live" in first
    )
    assert "its last line is torn" in first
    assert "| End | 21:05:00 | 20:41:30 (projected) | 23:30 early |" in md
    assert "| 8:30 so far |  | live (unfinished) |" in md


def test_a_journal_without_actions(tmp_path):
    from export_scenarios import Player

    journal = Player(tmp_path).close()
    md = export_text(load_facts(journal), "md")
    assert "The show never started (no actions)" in md
    assert "| Start | 18:00:00 | not started |" in md
    assert "Nothing was done" in md
