"""The bottom layer's helpers: one home each for instants, slugs, atomic writes and exit codes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runofshow.base import exits
from runofshow.base.files import write_atomic
from runofshow.base.instants import add_seconds, seconds_between
from runofshow.base.slugs import is_id, slugify

BERLIN = ZoneInfo("Europe/Berlin")


def test_seconds_between_counts_real_time_across_the_night_the_clocks_go_back():
    before = dt.datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)
    after = dt.datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN)
    assert (after - before).total_seconds() == 2 * 3600  # Python's wall-clock answer
    assert seconds_between(before, after) == 3 * 3600
    assert add_seconds(before, 3 * 3600) == after and add_seconds(before, 3 * 3600).tzinfo is BERLIN


@pytest.mark.parametrize(
    ("text", "fallback", "slug"),
    [
        ("Zoë Ångström", "speaker", "zoe-angstrom"),
        ("Ana & Bo", "speaker", "ana-bo"),
        ("2026 keynote", "inserted", "inserted-2026-keynote"),
        ("!!!", "speaker", "speaker"),
        ("Straße Łódź", "x", "strasse-lodz"),
    ],
)
def test_slugify_makes_ids(text, fallback, slug):
    assert slugify(text, fallback) == slug and is_id(slug)


def test_a_long_slug_is_cut_at_a_dash():
    assert slugify("The quick brown fox jumps over the lazy dog", "x", max_length=20) == "the-quick-brown-fox"
    assert len(slugify("a" * 60, "x", max_length=None)) == 60


def test_is_id():
    assert is_id("lt_1") and is_id("a-b") and not is_id("1a") and not is_id("A") and not is_id(None)


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path: Path):
    target = tmp_path / "out.md"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["out.md"]
    assert target.stat().st_mode & 0o777 == 0o644
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, b"x")
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no-such-dir" / "out.md", b"x")
    assert os.listdir(tmp_path) == ["out.md"]


def test_exit_codes_are_one_table():
    assert (exits.EXIT_OK, exits.EXIT_INVALID, exits.EXIT_USAGE) == (0, 1, 2)
