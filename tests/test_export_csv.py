"""csv export: read back with csv.DictReader, the numbers checked row by row."""

from __future__ import annotations

import csv
import datetime as dt
import io

from export_scenarios import EVENING, EVENING_ORDER, evening, unfinished
from runofshow.export import export_text, load_facts
from runofshow.export.csv_ import HEADER

EXACT_HEADER = (
    "segment_id,title,kind,speakers,planned_start,planned_duration_s,actual_start,actual_end,"
    "actual_duration_s,over_under_s,status"
)


def rows(journal, **kw):
    text = export_text(load_facts(journal), "csv", **kw)
    return text, list(csv.DictReader(io.StringIO(text, newline="")))


def test_header_is_exactly_the_contract(tmp_path):
    text, _ = rows(evening(tmp_path))
    assert ",".join(HEADER) == EXACT_HEADER
    assert text.split("\r\n", 1)[0] == EXACT_HEADER


def test_one_row_per_segment_in_running_order_with_the_figures(tmp_path):
    _, table = rows(evening(tmp_path))
    assert [r["segment_id"] for r in table] == EVENING_ORDER
    for row in table:
        start, duration, over, status = EVENING[row["segment_id"]]
        assert row["status"] == status
        if start is None:
            assert (
                row["actual_start"]
                == row["actual_end"]
                == row["actual_duration_s"]
                == row["over_under_s"]
                == ""
            )
            continue
        assert row["actual_start"] == f"2026-12-03T{start}+02:00"
        assert int(row["actual_duration_s"]) == duration
        assert int(row["over_under_s"]) == over
        began, ended = (dt.datetime.fromisoformat(row[k]) for k in ("actual_start", "actual_end"))
        assert (ended - began).total_seconds() == duration
        if row["planned_duration_s"]:
            assert int(row["over_under_s"]) == duration - int(row["planned_duration_s"])


def test_planned_side_inserted_and_speakers(tmp_path):
    _, table = rows(evening(tmp_path))
    by_id = {r["segment_id"]: r for r in table}
    assert by_id["dana-talk"]["planned_start"] == "2026-12-03T18:35:00+02:00"
    assert by_id["dana-talk"]["planned_duration_s"] == "1800"
    assert by_id["dana-talk"]["speakers"] == "Dana Levi"
    assert by_id["dana-talk"]["title"] == "Design tokens at scale"
    assert by_id["doors"]["title"] == "Doors, pizza and networking"  # quoted comma survives
    surprise = by_id["surprise"]
    assert surprise["planned_start"] == ""
    assert surprise["planned_duration_s"] == "300"
    assert surprise["speakers"] == "Ori Cohen"
    assert surprise["kind"] == "talk"
    assert by_id["yossi-talk"]["planned_start"] == "2026-12-03T19:30:00+02:00"


def test_several_speakers_are_joined_with_semicolons(tmp_path):
    plan = tmp_path / "panel.toml"
    plan.write_text(
        '[event]\ntitle = "Panel night"\ndate = 2026-06-01\nstart = 19:00:00\ntimezone = "Europe/Berlin"\n'
        '[[people]]\nid = "a"\nname = "Ada, Countess"\n[[people]]\nid = "b"\nname = "Bo"\n'
        '[[segments]]\nid = "panel"\ntitle = "Panel"\nkind = "panel"\nspeakers = ["a", "b"]\nduration = "40m"\n'
    )
    from runofshow.journal import JournalWriter
    from runofshow.plan import load_plan

    with JournalWriter.create(
        tmp_path / "panel.journal.jsonl", load_plan(plan), dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    ):
        pass
    _, table = rows(tmp_path / "panel.journal.jsonl")
    assert table[0]["speakers"] == "Ada, Countess;Bo"
    assert table[0]["planned_start"] == "2026-06-01T19:00:00+02:00"  # summer time in Berlin
    assert table[0]["status"] == "not_started"


def test_unfinished_show_has_a_live_row_without_end_or_over_under(tmp_path):
    _, table = rows(unfinished(tmp_path, torn=True))
    by_id = {r["segment_id"]: r for r in table}
    live = by_id["lightning"]
    assert live["status"] == "live"
    assert live["actual_start"] == "2026-12-03T19:31:30+02:00"
    assert live["actual_end"] == "" and live["over_under_s"] == ""
    assert live["actual_duration_s"] == str(8 * 60 + 30)  # so far: to the last action, 19:40:00
    assert by_id["closing"]["status"] == by_id["networking"]["status"] == "not_started"
    assert by_id["surprise"]["over_under_s"] == "120"


def test_a_show_through_the_night_the_clocks_go_back(tmp_path):
    """Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET. Durations are real seconds, offsets change."""
    from runofshow.journal import JournalWriter
    from runofshow.plan import load_plan
    from runofshow.show import EndShow, Go

    plan = tmp_path / "night.toml"
    plan.write_text(
        '[event]\ntitle = "Night"\ndate = 2026-10-25\nstart = 01:30:00\ntimezone = "Europe/Berlin"\n'
        + "".join(f'[[segments]]\nid = "s{i}"\ntitle = "S{i}"\nduration = "1h"\n' for i in range(3))
    )
    utc = dt.UTC
    first = dt.datetime(2026, 10, 24, 23, 30, tzinfo=utc)  # 01:30 CEST
    journal = tmp_path / "night.journal.jsonl"
    with JournalWriter.create(journal, load_plan(plan), first) as writer:
        for hour in range(3):
            writer.append(Go(at=first + dt.timedelta(hours=hour, minutes=1)))
        writer.append(EndShow(at=first + dt.timedelta(hours=3, minutes=1)))
    _, table = rows(journal)
    assert [r["actual_start"] for r in table] == [
        "2026-10-25T01:31:00+02:00",
        "2026-10-25T02:31:00+02:00",
        "2026-10-25T02:31:00+01:00",
    ]
    assert [r["planned_start"] for r in table] == [
        "2026-10-25T01:30:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
    ]
    assert [r["actual_duration_s"] for r in table] == ["3600"] * 3
    assert [r["over_under_s"] for r in table] == ["0"] * 3
