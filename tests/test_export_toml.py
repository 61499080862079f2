"""toml export: a plan of what really happened, which passes `runofshow check`."""

from __future__ import annotations

import tomllib
from dataclasses import replace

from export_scenarios import EVENING, MEETUP, Player, evening, unfinished
from runofshow.cli import main
from runofshow.export import export_text, load_facts
from runofshow.plan import load_plan, load_plan_text
from runofshow.show import AddTime, Go, Insert, Skip


def exported(journal, tmp_path, name="next.toml"):
    text = export_text(load_facts(journal), "toml")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return text, path


def test_passes_check_with_the_real_durations(tmp_path, capsys):
    text, path = exported(evening(tmp_path), tmp_path)
    assert main(["check", str(path)]) == 0
    assert "OK" in capsys.readouterr().out
    plan = load_plan(path).plan
    durations = {s.id: s.duration for s in plan.segments}
    for sid, (_start, duration, _over, status) in EVENING.items():
        if status == "skipped":
            assert sid not in durations
        else:
            assert durations[sid] == duration, sid
    assert [s.id for s in plan.segments] == [
        "doors",
        "welcome",
        "dana-talk",
        "break",
        "surprise",
        "lightning",
        "closing",
        "networking",
    ]
    raw = tomllib.loads(text)
    assert next(s for s in raw["segments"] if s["id"] == "dana-talk")["duration"] == "37m"
    assert next(s for s in raw["segments"] if s["id"] == "welcome")["duration"] == "4m30s"


def test_keeps_the_rest_of_the_plan(tmp_path):
    _, path = exported(evening(tmp_path), tmp_path)
    new, old = load_plan(path).plan, load_plan(MEETUP).plan
    assert new.event == old.event and new.timers == old.timers
    assert set(old.people) <= set(new.people)
    dana_old, dana_new = old.segment_by_id["dana-talk"], new.segment_by_id["dana-talk"]
    assert replace(dana_new, duration=dana_old.duration) == dana_old
    assert new.segment_by_id["break"].start == old.segment_by_id["break"].start  # 19:12:30 < 19:15: kept


def test_inserted_segment_and_its_speaker(tmp_path):
    text, path = exported(evening(tmp_path), tmp_path)
    plan = load_plan(path).plan
    surprise = plan.segment_by_id["surprise"]
    assert (surprise.title, surprise.kind, surprise.duration) == ("Surprise, a lightning talk", "talk", 420)
    assert surprise.speakers == ("ori-cohen",)
    assert plan.person_by_id["ori-cohen"].name == "Ori Cohen"
    assert "# - person 'ori-cohen' added" in text


def test_an_overlapped_hard_start_and_a_qa_that_no_longer_fits_are_dropped(tmp_path):
    p = Player(tmp_path)
    p.at("18:00:00", lambda t: Go(at=t))
    p.at("18:40:00", lambda t: Go(at=t))  # doors 40m: the plan's 18:30 slips
    p.at("18:45:00", lambda t: Go(at=t))  # welcome 5m
    p.at("18:50:00", lambda t: Go(at=t))  # dana-talk 5m: shorter than its 5m of Q&A
    p.at(
        "18:51:00",
        lambda t: Insert(at=t, segment="late", title="Late", duration=60, kind="talk", speakers="9 Lives"),
    )
    p.at("19:05:00", lambda t: AddTime(at=t, seconds=600))
    p.at("19:30:00", lambda t: Go(at=t))  # break 40m (19:15 hard start was kept: 18:50 < 19:15)
    p.at("19:31:00", lambda t: Go(at=t))  # the inserted one, 1m
    p.at("19:40:00", lambda t: Skip(at=t, segment="lightning"))
    text, path = exported(p.close(), tmp_path)
    assert main(["check", str(path)]) == 0
    plan = load_plan(path).plan
    assert plan.segment_by_id["dana-talk"].qa == 0 and plan.segment_by_id["dana-talk"].duration == 300
    assert "'dana-talk': qa dropped" in text
    assert plan.segment_by_id["break"].start is not None  # 18:00 + 40 + 5 + 5 = 18:50, before 19:15
    inserted = next(s for s in plan.segments if s.title == "Late")
    assert inserted.id == "late" and inserted.kind == "talk" and inserted.duration == 60
    assert plan.person_by_id[inserted.speakers[0]].name == "9 Lives"
    assert inserted.speakers[0] == "speaker-9-lives"
    assert "lightning" not in plan.segment_by_id
    # yossi-talk is live (the show is unfinished): planned duration, said in the comment
    assert plan.segment_by_id["yossi-talk"].duration == 25 * 60
    assert "# Note: the show is unfinished" in text


def test_hard_start_dropped_when_the_new_durations_overlap_it(tmp_path):
    p = Player(tmp_path)
    p.at("18:00:00", lambda t: Go(at=t))
    p.at("18:30:00", lambda t: Go(at=t))
    p.at("18:35:00", lambda t: Go(at=t))
    p.at("19:25:00", lambda t: Go(at=t))  # dana-talk 50m: now ends 19:25, past the break's 19:15
    p.at("19:40:00", lambda t: Go(at=t))
    text, path = exported(p.close(), tmp_path)
    assert main(["check", str(path)]) == 0
    plan = load_plan(path).plan
    assert plan.segment_by_id["break"].start is None
    assert "'break': hard start 19:15:00 dropped" in text
    assert (
        plan.segment_by_id["yossi-talk"].start is None and plan.schedule[3].start.strftime("%H:%M") == "19:25"
    )


def test_unfinished_and_torn_exports_a_valid_plan(tmp_path):
    text, path = exported(unfinished(tmp_path, torn=True), tmp_path)
    assert main(["check", str(path)]) == 0
    plan = load_plan_text(text)
    assert plan.segment_by_id["lightning"].duration == 20 * 60  # live at the end: as planned
    assert plan.segment_by_id["surprise"].duration == 7 * 60


def test_an_insert_the_engine_would_now_refuse_still_exports(tmp_path):
    """A journal written by hand or by an older version: an insert with a bad id and kind is
    skipped on replay with a note (issue 12: records are validated on replay), and the export
    holds the valid one."""
    import datetime as dt

    from export_scenarios import at
    from runofshow.journal import JournalWriter
    from runofshow.show import EndShow

    journal = tmp_path / "old.journal.jsonl"
    with JournalWriter.create(journal, load_plan(MEETUP), at("17:00:00")) as writer:
        writer.append(Go(at=at("18:00:00")))
        writer.append(
            Insert(at=at("18:01:00"), segment="Late Talk!", title="Late", duration=60, kind="weird")
        )
        writer.append(Insert(at=at("18:01:01"), segment="late-talk", title="Again", duration=60, kind="talk"))
        writer.append(Go(at=at("18:10:00")))
        writer.append(Go(at=at("18:12:00")))
        writer.append(EndShow(at=at("18:13:00")))
    text, path = exported(journal, tmp_path)
    assert main(["check", str(path)]) == 0
    plan = load_plan(path).plan
    assert [(s.id, s.title) for s in plan.segments[:2]] == [
        ("doors", plan.segments[0].title),
        ("late-talk", "Again"),
    ]
    assert "Late Talk!" not in text and "weird" not in text
    assert [s.duration for s in plan.segments[:2]] == [600, 120]
    assert dt.timedelta(0) < plan.end - plan.start


def test_a_rehearsal_exports_the_planned_durations_and_says_so(tmp_path, capsys):
    """Issue 20 item 11: a rehearsal's 55-second talks are not a plan for next time."""
    import datetime as dt

    from export_scenarios import at
    from runofshow.journal import JournalWriter
    from runofshow.show import EndShow, Rehearse

    week_before = at("20:00:00") - dt.timedelta(days=7)
    journal = tmp_path / "meetup.journal.jsonl"
    with JournalWriter.create(journal, load_plan(MEETUP), week_before) as writer:
        writer.append(Rehearse(at=week_before, start=week_before))
        for minute in range(4):
            writer.append(Go(at=week_before + dt.timedelta(seconds=55 * minute + 1)))
        writer.append(Skip(at=week_before + dt.timedelta(minutes=4), segment="yossi-talk"))
        writer.append(EndShow(at=week_before + dt.timedelta(minutes=5)))
    text, path = exported(journal, tmp_path)
    assert text.startswith("# Plan written by `runofshow export` from meetup.journal.jsonl, a REHEARSAL")
    assert "every duration here is the PLANNED one" in text
    assert "# - 'welcome': ran 55s (planned 5m)" in text
    assert "# - 'yossi-talk': skipped" in text
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    new, old = load_plan(path).plan, load_plan(MEETUP).plan
    assert new.segments == old.segments and new.event == old.event
