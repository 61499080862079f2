"""Private exports stay private (issue 12, item 6): a file with phones or e-mails is created 0600 or keeps
the mode of the file it replaces; ``-o`` never replaces a symlink or a device."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.live import open_show
from runofshow.show import FakeClock, Go

ROOT = Path(__file__).resolve().parent.parent
START = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    plan = Path(shutil.copy(ROOT / "sample_events" / "meetup.toml", tmp_path / "meetup.toml"))
    show = open_show(plan, FakeClock(START)).show
    show.do(Go(at=START))
    show.close()
    return show.journal_path


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.mark.parametrize(
    ("argv", "expected"), [(["md", "--private"], 0o600), (["toml"], 0o600), (["md"], 0o644)]
)
def test_new_files_with_contacts_are_0600(journal, tmp_path, argv, expected):
    out = tmp_path / "out"
    assert main(["export", str(journal), "--format", *argv, "-o", str(out)]) == 0
    assert mode(out) == expected
    if expected == 0o600:
        assert "+972" in out.read_text(encoding="utf-8") or "@" in out.read_text(encoding="utf-8")


def test_a_replaced_file_keeps_its_mode(journal, tmp_path):
    out = tmp_path / "out.md"
    out.write_text("old")
    os.chmod(out, 0o640)
    assert main(["export", str(journal), "--format", "md", "--private", "-o", str(out)]) == 0
    assert mode(out) == 0o640 and out.read_text() != "old"


def test_a_symlink_or_a_fifo_is_never_replaced(journal, tmp_path, capsys):
    target = tmp_path / "elsewhere.md"
    target.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    for path, words in ((link, "is a symlink"), (fifo, "is not a regular file")):
        assert main(["export", str(journal), "--format", "md", "-o", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"cannot write {path}: {words}" in err and "Traceback" not in err
    assert link.is_symlink() and target.read_text() == "keep me"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left
