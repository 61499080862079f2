import datetime as dt
import shutil

from runofshow.journal import read_journal
from runofshow.live import open_show
from runofshow.show import FakeClock, Go, reduce


def test_go_is_journaled_and_replays(tmp_path):
    shutil.copy("sample_events/meetup.toml", tmp_path)
    clock = FakeClock(dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC))
    show = open_show(tmp_path / "meetup.toml", clock).show
    show.do(Go(at=clock.now()))
    clock.advance(90)
    live = show.state()
    show.close()
    replay = read_journal(tmp_path / "meetup.journal.jsonl")
    assert reduce(replay.plan, replay.actions, clock.now()) == live
    assert live.live.remaining == 30 * 60 - 90
