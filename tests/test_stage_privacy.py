"""No private data on the stage: a plan full of phones, e-mails, notes, checklists, hand-off cues and
intro cards, and a journal with organizer notes and ticked items. None of it may appear on any
stage screen, in any state, in either role, at either size: not in the rendered text, not in the
value of a big-text widget (the big font hides letters from a text search), not in the view model.
The browser test checks the served stream for the same strings (test_stage_browser.py)."""

from __future__ import annotations

import dataclasses

import pytest

from runofshow.show import CheckItem, HandoffDone, Note
from runofshow.tui.stage import BigText, screen_text
from test_stage_scenarios import SCENARIOS, SIZES, console, stage_app

PRIVATE_PLAN = """
[event]
title = "Open Source Evening"
date = 2026-12-03
start = 18:00:00
timezone = "Asia/Jerusalem"

[timers]
warn = "5m"
wrap = "2m"

[[people]]
id = "host"
name = "Rina Host"
role = "host"
phone = "+972 50 123 4567"
email = "rina.private@example.org"
pronounce = "PRIVATE-PRONOUNCE-RINA"
intro = "PRIVATE-INTRO-RINA"
needs = ["PRIVATE-NEED-RINA"]

[[people]]
id = "speaker1"
name = "Omer Speaker"
phone = "054-765-4321"
email = "omer.secret@example.com"
pronounce = "PRIVATE-PRONOUNCE-OMER"
intro = "PRIVATE-INTRO-OMER"
needs = ["PRIVATE-NEED-OMER"]

[[people]]
id = "speaker2"
name = "Lea Second"
phone = "(03) 555-0199"
email = "lea.hidden@example.net"

[[segments]]
id = "doors"
title = "Doors open"
kind = "break"
duration = "30m"
owner = "host"
notes = "PRIVATE-NOTE-DOORS: call 052-999-8888 if the caterer is late"
checklist = ["PRIVATE-CHECK-DOORS"]

[[segments]]
id = "welcome"
title = "Welcome"
kind = "host"
duration = "5m"
owner = "host"
warn = "2m"
wrap = "1m"
notes = "PRIVATE-NOTE-WELCOME"
checklist = [{ item = "PRIVATE-CHECK-WELCOME", by = "host", blocking = true }]
[segments.handoff]
cue = "PRIVATE-CUE-WELCOME"
by = "host"

[[segments]]
id = "talk1"
title = "Maintaining a compiler"
speakers = ["speaker1"]
duration = "30m"
qa = "5m"
warn = "5m"
wrap = "1m"
notes = "PRIVATE-NOTE-TALK1 omer.secret@example.com"
checklist = ["PRIVATE-CHECK-TALK1"]
[segments.handoff]
cue = "PRIVATE-CUE-TALK1"

[[segments]]
id = "talk2"
title = "Second talk"
speakers = ["speaker2"]
duration = "20m"
notes = "PRIVATE-NOTE-TALK2"
"""

PRIVATE = ["PRIVATE", "@example", "123 4567", "765-4321", "555-0199", "999-8888"]
JOURNAL_PRIVATE = [
    Note(at=None, text="PRIVATE-JOURNAL-NOTE call +972 52 000 1111"),
    CheckItem(at=None, segment="doors", index=0, item="PRIVATE-CHECK-DOORS", by="host"),
    HandoffDone(at=None, segment="welcome", by="host"),
]


def private_hits(text: str) -> list[str]:
    return [secret for secret in PRIVATE + ["000 1111"] if secret.lower() in text.lower()]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_no_private_data_on_any_stage_screen(tmp_path, scenario):
    plan = tmp_path / "src" / "private.toml"
    plan.parent.mkdir()
    plan.write_text(PRIVATE_PLAN, encoding="utf-8")
    steps = list(SCENARIOS[scenario])
    if scenario != "waiting":  # organizer notes, ticked items and hand-offs in the journal, early on
        first = next(index for index, step in enumerate(steps) if step in ("go", "open"))
        steps[first + 1 : first + 1] = JOURNAL_PRIVATE
    seen = 0
    with console(tmp_path, steps, plan=plan) as (plan_copy, clock, _show):
        for role in ("manager", "speaker"):
            for size in SIZES.values():
                app = stage_app(plan_copy, clock, role)
                async with app.run_test(size=size) as pilot:
                    await pilot.pause()
                    texts = [screen_text(app)]
                    texts += [widget.value for widget in app.query(BigText)]
                    texts += [str(value) for value in dataclasses.asdict(app.view).values()]
                for text in texts:
                    assert not private_hits(text), (
                        f"{scenario}/{role}/{size}: {private_hits(text)} in\n{text}"
                    )
                seen += 1
                joined = "\n".join(texts)
                if scenario in ("on_time", "message"):  # the public data is there: the check can see text
                    assert "Maintaining a compiler" in joined
    assert seen == 4
