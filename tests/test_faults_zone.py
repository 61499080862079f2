"""A plan's timezone is fixed when its journal starts (issue 12, item 3): the header keeps the IANA
name, every reader uses it whatever the reading machine's zone; old headers still read; `new`
writes a timezone and `check` warns (not an error) when a plan has none."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.cli import main
from runofshow.journal import JournalFollower, read_journal
from runofshow.live import open_show
from runofshow.plan import load_plan
from runofshow.show import FakeClock, Go

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
def zoneless(tmp_path: Path) -> Path:
    plan = tmp_path / "nz.toml"
    plan.write_text(re.sub(r"(?m)^timezone = .*\n", "", MEETUP.read_text(encoding="utf-8")), encoding="utf-8")
    return plan


def test_the_zone_in_force_goes_into_the_header_and_every_reader_uses_it(zoneless, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # the organizer's laptop
    show = open_show(zoneless, FakeClock(START)).show
    assert show.plan.tz == ZoneInfo("America/New_York")
    show.do(Go(at=START))
    show.close()
    header = json.loads(show.journal_path.read_text(encoding="utf-8").splitlines()[0])
    assert header["timezone"] == "America/New_York"

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # another laptop opens the same journal
    for plan in (read_journal(show.journal_path).plan, open_show(zoneless, FakeClock(START)).show.plan):
        assert plan.tz == ZoneInfo("America/New_York")
    follower = JournalFollower(show.journal_path)
    follower.poll()
    assert follower.replay.plan.tz == ZoneInfo("America/New_York")


def test_a_plan_with_its_own_zone_keeps_it_and_the_header_names_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    plan = tmp_path / "meetup.toml"
    plan.write_bytes(MEETUP.read_bytes())
    show = open_show(plan, FakeClock(START)).show
    show.close()
    assert json.loads(show.journal_path.read_text().splitlines()[0])["timezone"] == "Asia/Jerusalem"
    assert read_journal(show.journal_path).plan.tz == ZoneInfo("Asia/Jerusalem")


def test_an_old_header_without_a_timezone_still_reads(zoneless, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    show = open_show(zoneless, FakeClock(START)).show
    show.close()
    lines = show.journal_path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    del header["timezone"]
    show.journal_path.write_text(json.dumps(header) + "\n", encoding="utf-8")
    replay = read_journal(show.journal_path)
    assert replay.header.timezone == "" and replay.problems == []
    writer_show = open_show(zoneless, FakeClock(START)).show  # and a console resumes it
    writer_show.close()


def test_new_writes_a_timezone_and_check_warns_without_one(zoneless, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TZ", "Europe/Vienna")
    assert main(["new", str(tmp_path / "fresh.toml")]) == 0
    assert load_plan(tmp_path / "fresh.toml").plan.event.timezone == "Europe/Vienna"
    capsys.readouterr()
    assert main(["check", str(zoneless)]) == 0
    out, err = capsys.readouterr()
    assert "OK" in out
    assert err.strip() == (
        f"{zoneless}: warning: [event] has no timezone: a journal started here would use this machine's, "
        'Europe/Vienna (add timezone = "Europe/Vienna" to say so)'
    )
    assert main(["check", str(MEETUP)]) == 0 and capsys.readouterr().err == ""
