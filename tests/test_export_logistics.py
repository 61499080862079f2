"""Exports of the day around the show (issue 13): json tasks and people, the md Logistics section
(public and --private), toml keeping tasks and arrivals, csv unchanged.

The meetup sample (Asia/Jerusalem, +02:00): the show starts on time, the doors run 5 minutes over,
so Dana's talk (and the tasks tied to it) move 5 minutes later; Yossi's talk is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

from export_scenarios import validate
from runofshow.export import export_text, load_facts
from runofshow.live import open_show
from runofshow.plan import load_plan_text
from runofshow.show import CheckIn, EndShow, FakeClock, Go, Skip, TaskDone

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
SCHEMA = json.loads((ROOT / "docs" / "export.schema.json").read_text())
LOCAL = dt.timezone(dt.timedelta(hours=2))


def at(hhmm: str, second: int = 0) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime(2026, 12, 3, h, m, second, tzinfo=LOCAL)


@pytest.fixture
def journal(tmp_path) -> Path:
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    clock = FakeClock(at("17:00"))
    show = open_show(plan, clock).show
    for action in (
        CheckIn(at=at("17:10"), person="tamar"),  # expected 17:15: early
        TaskDone(
            at=at("17:48"), task="doors-open", title="Unlock the lobby, put up the signs", by="tamar"
        ),  # due 17:50: 2 minutes early
        Go(at=at("18:00")),
        CheckIn(at=at("18:17"), person="dana"),  # expected 18:05: 12 minutes late
        TaskDone(
            at=at("18:21"), task="pizza", title="Meet the pizza courier at the lobby", by="tamar"
        ),  # due 18:15: 6 minutes late
        Go(at=at("18:35")),  # the doors ran 5 minutes over: welcome 18:35, Dana 18:40
        TaskDone(
            at=at("18:37"), task="call-dana", title="Bring Dana from the green room", by="noa"
        ),  # due 18:30 as projected then: 7m late
        Go(at=at("18:40")),
        Skip(at=at("18:41"), segment="yossi-talk"),
        Go(at=at("19:15")),
        CheckIn(at=at("19:20"), person="dana", here=False),
        EndShow(at=at("19:30")),
    ):
        clock.set(action.at)
        show.do(action)
    show.close()
    return show.journal_path


def test_json_tasks_and_people(journal):
    data = json.loads(export_text(load_facts(journal), "json"))
    assert validate(data, SCHEMA) == []
    tasks = {t["id"]: t for t in data["tasks"]}
    assert list(tasks) == [
        "doors-open",
        "pizza",
        "call-dana",
        "recording",
        "refill",
        "call-yossi",
        "signup-sheet",
        "stop-recording",
        "teardown",
    ]
    assert tasks["pizza"] == {
        "id": "pizza",
        "title": "Meet the pizza courier at the lobby",
        "owner": "tamar",
        "due_planned": "2026-12-03T18:15:00+02:00",
        "done_at": "2026-12-03T18:21:00+02:00",
        "done_by": "tamar",
        "late_s": 360,
        "status": "done",
    }
    assert tasks["doors-open"]["late_s"] == -120
    # planned 18:25 (10m before 18:35); projected 18:30 when it was done at 18:37
    assert tasks["call-dana"]["due_planned"] == "2026-12-03T18:25:00+02:00"
    assert tasks["call-dana"]["late_s"] == 420
    assert tasks["call-yossi"]["status"] == "not_needed" and tasks["call-yossi"]["late_s"] is None
    assert tasks["recording"] == {
        **tasks["recording"],
        "status": "not_done",
        "done_at": None,
        "done_by": None,
    }
    assert "notes" not in tasks["pizza"] and "Order #4471" not in json.dumps(data["tasks"])
    people = {p["id"]: p for p in data["people"]}
    assert people["dana"] == {
        "id": "dana",
        "name": "Dana Levi",
        "role": "speaker",
        "expected": "2026-12-03T18:05:00+02:00",
        "arrived_at": "2026-12-03T18:17:00+02:00",
        "left_at": "2026-12-03T19:20:00+02:00",
    }
    assert people["tamar"]["left_at"] is None and people["tamar"]["arrived_at"] == "2026-12-03T17:10:00+02:00"
    assert (
        people["yossi"]["arrived_at"] is None and people["yossi"]["expected"] == "2026-12-03T19:00:00+02:00"
    )
    assert all("phone" not in p and "email" not in p for p in data["people"])
    types = [a["type"] for a in data["actions"]]
    assert types.count("task_done") == 3 and types.count("check_in") == 3


def test_md_logistics_section_public(journal):
    md = export_text(load_facts(journal), "md")
    section = md.split("## Logistics\n", 1)[1].split("\n## ", 1)[0]
    assert "Tasks: 3 of 9 done, 1 not needed (segment skipped)." in section
    assert (
        "- Meet the pizza courier at the lobby (Tamar Stern): done at 18:21:00 by Tamar Stern, 6:00 late"
        in section
    )
    assert "- Bring Dana from the green room (Noa Katz): done at 18:37:00 by Noa Katz, 7:00 late" in section
    assert "Unlock the lobby" not in section.split("### Tasks not done")[0]  # done early: not late
    assert "- Start the recording, check the stream (Avi Mizrahi), due 18:33:00 by the plan" in section
    assert "- Dana Levi, speaker: expected 18:05:00, arrived 18:17:00, 12:00 late" in section
    assert "- Yossi Ben-David, speaker: expected 19:00:00, never checked in" in section
    assert (
        "checked in: Dana Levi" in md and "task done: Meet the pizza courier at the lobby (Tamar Stern)" in md
    )
    plan = load_plan_text(MEETUP.read_text())
    for person in plan.people:
        for private in (person.phone, person.email):
            assert private is None or private not in md
    for task in plan.tasks:
        assert task.notes is None or task.notes not in md


def test_md_private_adds_task_notes_and_phones(journal):
    md = export_text(load_facts(journal), "md", private=True)
    section = md.split("## Logistics\n", 1)[1].split("\n## ", 1)[0]
    assert "6:00 late — notes: Order #4471, paid: 12 pizzas, 4 of them vegan" in section
    assert "- Yossi Ben-David, speaker (+972 52 111 2222): expected 19:00:00, never checked in" in section


def test_toml_keeps_tasks_and_arrivals(journal):
    text = export_text(load_facts(journal), "toml")
    plan = load_plan_text(text)
    assert [t.id for t in plan.tasks] == [t.id for t in load_plan_text(MEETUP.read_text()).tasks]
    yossi = plan.task_by_id["call-yossi"]  # its segment was skipped and left out: planned time kept
    assert (yossi.at, yossi.before, yossi.after) == (dt.time(19, 20), None, None)
    assert "task 'call-yossi': tied to 'yossi-talk', which was skipped; kept at 19:20:00" in text
    assert plan.task_by_id["call-dana"].before == "dana-talk" and plan.task_by_id["call-dana"].offset == 600
    assert plan.task_by_id["pizza"].notes == "Order #4471, paid: 12 pizzas, 4 of them vegan"
    assert plan.person_by_id["tamar"].arrive == dt.time(17, 15)
    assert plan.timers.call == 1800


def test_csv_has_no_logistics_columns(journal):
    rows = list(csv.reader(io.StringIO(export_text(load_facts(journal), "csv"))))
    assert "task" not in ",".join(rows[0]).lower()
    assert {row[0] for row in rows[1:]} >= {"doors", "welcome"}
