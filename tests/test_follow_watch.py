"""Following journals through the OS's file notifications (inotify), and polling where there are none.

Each notification test sets the poll interval to an hour: what reaches ``look`` can only have
come from a notification, so these tests fail if notifications are off or broken (they are skipped,
with the reason, where the OS has none)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.base import watch
from runofshow.base.watch import FileWatch, Follow
from runofshow.journal import JournalFollower, default_journal_path
from runofshow.live import open_show
from runofshow.show import FakeClock, Go

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"
T0 = dt.datetime(2026, 11, 14, 17, 0, tzinfo=dt.UTC)
HOUR = 3600.0
TIMEOUT = 10.0

needs_inotify = pytest.mark.skipif(
    watch._libc() is None, reason="no inotify on this OS: only the polling fallback can be tested here"
)


def append_in_another_process(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` and fsync it, as a console in another process does."""
    code = (
        "import os, sys\n"
        "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)\n"
        "os.write(fd, sys.argv[2].encode()); os.fsync(fd); os.close(fd)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path), text], check=True, timeout=30)


class Looks:
    """Records what ``Follow`` passes to ``look`` and lets a test wait for a condition on it."""

    def __init__(self) -> None:
        self.calls: list[set[Path] | None] = []
        self.changed = asyncio.Event()

    def __call__(self, paths: set[Path] | None) -> None:
        self.calls.append(paths)
        self.changed.set()

    async def next(self) -> set[Path] | None:
        await asyncio.wait_for(self.changed.wait(), TIMEOUT)
        self.changed.clear()
        return self.calls[-1]


@needs_inotify
async def test_a_file_appended_by_another_process_is_reported_at_once_without_polling(tmp_path: Path) -> None:
    journal = tmp_path / "show.journal.jsonl"
    journal.write_text("first\n")
    looks = Looks()
    follow = Follow([journal], looks, poll_interval=HOUR)
    follow.start()
    try:
        assert follow.notified and follow.interval == HOUR
        append_in_another_process(tmp_path / "other.txt", "not followed\n")
        append_in_another_process(journal, "second\n")
        assert await looks.next() == {journal}
        assert looks.calls == [{journal}]  # the other file in the directory is not reported
    finally:
        follow.stop()


@needs_inotify
async def test_journal_records_from_another_process_reach_the_follower_without_polling(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    journal = default_journal_path(plan)
    follower = JournalFollower(journal)
    seen: list[str] = []
    looks = Looks()

    def look(paths: set[Path] | None) -> None:
        seen.extend(type(action).__name__ for action in follower.poll())
        looks(paths)

    follow = Follow([journal], look, poll_interval=HOUR)
    follow.start()
    try:  # the journal does not exist yet: its creation is seen too
        code = (
            "import sys, datetime as dt\n"
            "from runofshow.live import open_show\n"
            "from runofshow.show import FakeClock, Go\n"
            "clock = FakeClock(dt.datetime(2026, 11, 14, 17, 0, tzinfo=dt.UTC))\n"
            "show = open_show(sys.argv[1], clock).show\n"
            "show.do(Go(at=clock.now())); show.close()\n"
        )
        subprocess.run([sys.executable, "-c", code, str(plan)], check=True, timeout=60)
        while seen != ["Go"]:
            await looks.next()
        assert follower.replay is not None and len(follower.replay.actions) == 1
    finally:
        follow.stop()


@needs_inotify
async def test_a_replaced_journal_is_reported(tmp_path: Path) -> None:
    journal = tmp_path / "show.journal.jsonl"
    journal.write_text("old\n")
    looks = Looks()
    follow = Follow([journal], looks, poll_interval=HOUR)
    follow.start()
    try:
        (tmp_path / "new").write_text("new\n")
        os.replace(tmp_path / "new", journal)  # as a --fresh run puts a new journal in its place
        paths = await looks.next()
        while paths != {journal}:
            paths = await looks.next()
    finally:
        follow.stop()


@needs_inotify
async def test_with_a_min_interval_changes_close_together_are_looked_at_once(tmp_path: Path) -> None:
    """The first change at once; the ones during the next ``min_interval``, together, after it."""
    journal = tmp_path / "show.journal.jsonl"
    journal.write_text("first\n")
    looks = Looks()
    loop = asyncio.get_running_loop()
    follow = Follow([journal], looks, poll_interval=HOUR, safety_interval=None, min_interval=2.0)
    follow.start()
    try:
        assert follow.interval is None  # no look at all while nothing changes
        append_in_another_process(journal, "second\n")
        assert await looks.next() == {journal}
        first = loop.time()
        append_in_another_process(journal, "third\n")
        append_in_another_process(journal, "fourth\n")
        assert await looks.next() == {journal}
        assert loop.time() - first >= 1.9  # held back until the interval was over
        assert len(looks.calls) == 2  # both changes in one look
        follow.hold()  # the caller looked at everything itself: the next change waits again
        held = loop.time()
        append_in_another_process(journal, "fifth\n")
        assert await looks.next() == {journal}
        assert loop.time() - held >= 1.9
    finally:
        follow.stop()


@needs_inotify
async def test_without_a_safety_look_it_polls_once_notifications_are_lost(tmp_path: Path) -> None:
    folder = tmp_path / "journals"
    folder.mkdir()
    journal = folder / "show.journal.jsonl"
    looks = Looks()
    follow = Follow([journal], looks, poll_interval=0.02, safety_interval=None)
    follow.start()
    try:
        assert follow.notified and follow.interval is None
        shutil.rmtree(folder)  # its watch goes with it
        while looks.calls[-1:] != [None]:
            await looks.next()
        assert not follow.notified and follow.interval == 0.02
        await looks.next()  # and it goes on polling
        assert looks.calls[-1] is None
    finally:
        follow.stop()


async def test_without_notifications_it_polls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNOFSHOW_FOLLOW", "poll")
    journal = tmp_path / "show.journal.jsonl"
    looks = Looks()
    follow = Follow([journal], looks, poll_interval=0.02)
    follow.start()
    try:
        assert not follow.notified and follow.interval == 0.02
        assert await looks.next() is None  # a poll: look at everything
        assert await looks.next() is None
    finally:
        follow.stop()


async def test_where_the_os_has_no_notifications_a_follower_still_gets_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch, "_libc", lambda: None)  # as on macOS or Windows
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    clock = FakeClock(T0)
    show = open_show(plan, clock).show
    follower = JournalFollower(show.journal_path)
    got: list[int] = []
    follow = Follow([show.journal_path], lambda paths: got.append(len(follower.poll())), poll_interval=0.02)
    follow.start()
    try:
        assert FileWatch.open([show.journal_path]) is None and not follow.notified
        show.do(Go(at=clock.now()))
        for _ in range(int(TIMEOUT / 0.02)):
            if sum(got) == 1:
                break
            await asyncio.sleep(0.02)
        assert sum(got) == 1
    finally:
        follow.stop()
        show.close()


@needs_inotify
def test_lost_events_mean_look_at_everything(tmp_path: Path) -> None:
    journal = tmp_path / "show.journal.jsonl"
    opened = FileWatch.open([journal])
    assert opened is not None
    try:
        assert opened.changed() == set()  # nothing happened yet
        journal.write_text("x\n")
        assert opened.changed() == {journal}
        shutil.rmtree(tmp_path)  # the directory itself goes: its watch is gone
        assert opened.changed() is None and opened.lost
    finally:
        opened.close()


@needs_inotify
def test_a_directory_that_cannot_be_watched_means_polling(tmp_path: Path) -> None:
    assert FileWatch.open([tmp_path / "missing" / "show.journal.jsonl"]) is None


# -- the views: a record written by another process is drawn with polling off -----------------

GO_IN_ANOTHER_PROCESS = (
    "import sys, datetime as dt\n"
    "from runofshow.live import open_show\n"
    "from runofshow.show import FakeClock, Go\n"
    "clock = FakeClock(dt.datetime.fromisoformat(sys.argv[3]))\n"
    "show = open_show(sys.argv[1], clock, stage=sys.argv[2] or None).show\n"
    "show.do(Go(at=clock.now())); show.close()\n"
)


def go_in_another_process(plan: Path, stage: str = "", at: dt.datetime = T0) -> None:
    """A console in another process opens the plan's (stage's) journal and presses GO."""
    subprocess.run(
        [sys.executable, "-c", GO_IN_ANOTHER_PROCESS, str(plan), stage, at.isoformat()],
        check=True,
        timeout=60,
    )


async def wait_until(pilot, condition, what: str) -> None:
    waited = 0.0
    while not condition():
        await pilot.pause(0.02)
        waited += 0.02
        if waited > TIMEOUT:
            raise AssertionError(f"never: {what}")


@needs_inotify
async def test_the_stage_view_draws_a_record_from_another_process_without_polling(tmp_path: Path) -> None:
    from runofshow.tui.stage import StageApp

    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    app = StageApp(plan, clock=FakeClock(T0), poll_interval=HOUR, tick_interval=HOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.view is not None and app.view.mode == "before"  # the plan, no journal yet
        assert app._follow is not None and app._follow.notified
        go_in_another_process(plan)
        await wait_until(pilot, lambda: app.records_seen == 1, "the GO drawn")
        assert app.view.mode == "live"


async def test_the_stage_view_polls_where_there_are_no_notifications(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runofshow.tui.stage import StageApp

    monkeypatch.setenv("RUNOFSHOW_FOLLOW", "poll")
    plan = tmp_path / "meetup.toml"
    shutil.copy(MEETUP, plan)
    app = StageApp(plan, clock=FakeClock(T0), poll_interval=0.02, tick_interval=HOUR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._follow is not None and not app._follow.notified
        go_in_another_process(plan)
        await wait_until(pilot, lambda: app.records_seen == 1, "the GO drawn")
        assert app.view is not None and app.view.mode == "live"


FESTIVAL = ROOT / "sample_events" / "festival.toml"
FESTIVAL_T0 = dt.datetime(2026, 12, 10, 8, 20, tzinfo=dt.UTC)


@needs_inotify
async def test_hq_draws_a_record_from_another_process_without_polling(tmp_path: Path) -> None:
    from runofshow.tui.hq import HqApp

    plan = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, plan)
    app = HqApp(plan, clock=FakeClock(FESTIVAL_T0), poll_interval=HOUR, tick_interval=HOUR)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        assert app.screen_text().count("(no console yet)") == 3
        assert app._follow is not None and app._follow.notified
        go_in_another_process(plan, "lab", FESTIVAL_T0)  # a journal that did not exist: created, then a GO
        await wait_until(pilot, lambda: app.records_seen == 1, "the GO read")
        await wait_until(pilot, lambda: app.rows[1].live == "Workshop: reading tide data", "the GO drawn")
        assert app.screen_text().count("(no console yet)") == 2


async def test_hq_polls_where_there_are_no_notifications(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runofshow.tui.hq import HqApp

    monkeypatch.setattr(watch, "_libc", lambda: None)
    plan = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, plan)
    app = HqApp(plan, clock=FakeClock(FESTIVAL_T0), poll_interval=0.02, tick_interval=HOUR)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        assert app._follow is not None and not app._follow.notified
        go_in_another_process(plan, "lab", FESTIVAL_T0)
        await wait_until(pilot, lambda: app.rows[1].live == "Workshop: reading tide data", "the GO drawn")
