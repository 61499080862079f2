"""plan.cache: a plan that validated once is read back, without pydantic, and never wrongly."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.plan import PlanError, load_plan, load_plan_text, sha256_text
from runofshow.plan import cache as plan_cache

ROOT = Path(__file__).resolve().parent.parent
MEETUP = ROOT / "sample_events" / "meetup.toml"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("RUNOFSHOW_CACHE_DIR", str(where))
    return where / "plans"


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("*.pickle")) if where.exists() else []


def test_a_plan_is_kept_once_valid_and_read_back_equal(cache_dir):
    first = load_plan(MEETUP)
    assert len(entries(cache_dir)) == 1
    assert entries(cache_dir)[0].name.startswith(first.sha256)
    again = load_plan(MEETUP)
    assert again.plan == first.plan == load_plan_text(MEETUP.read_text(encoding="utf-8"))
    assert again.plan is not first.plan  # read back from the file, not a copy held in memory
    assert [s.start for s in again.plan.schedule] == [s.start for s in first.plan.schedule]


def test_reading_back_a_checked_plan_never_imports_pydantic(cache_dir, tmp_path):
    plan = tmp_path / "meetup.toml"
    plan.write_text(MEETUP.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "RUNOFSHOW_CACHE_DIR": str(cache_dir.parent)}
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "from runofshow.cli import main; raise SystemExit(main())",
            "check",
            str(plan),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    code = (
        "import sys; from runofshow.plan import load_plan; p = load_plan(sys.argv[1]).plan; "
        "print(len(p.segments), 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(plan)], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["8", "False"]
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("Frontend Night #42", "Frontend Night #43"), encoding="utf-8"
    )
    out = subprocess.run([sys.executable, "-c", code, str(plan)], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["8", "True"]  # edited: a new text, validated again


def test_an_invalid_plan_is_never_kept_and_always_reported(cache_dir, tmp_path):
    plan = tmp_path / "bad.toml"
    plan.write_text(
        MEETUP.read_text(encoding="utf-8").replace('duration = "30m"', 'duration = "30 minutes"', 1),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(PlanError) as error:
            load_plan(plan)
        assert "duration" in error.value.render()
    assert entries(cache_dir) == []


@pytest.mark.parametrize("damage", [lambda data: data[:200], lambda data: b"not a pickle at all"])
def test_a_damaged_entry_is_a_miss_then_replaced(cache_dir, damage):
    sha = load_plan(MEETUP).sha256
    [entry] = entries(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))
    assert plan_cache.read(sha) is None
    assert load_plan(MEETUP).plan == load_plan_text(MEETUP.read_text(encoding="utf-8"))  # validated again
    assert plan_cache.read(sha) is not None  # and kept again, whole


CALLED: list[tuple] = []


def _record(*args: object) -> None:
    CALLED.append(args)


class _Boom:
    def __reduce__(self):
        return (_record, ("unpickled",))


def test_an_entry_holding_anything_but_a_plan_is_refused_unopened(cache_dir):
    sha = load_plan(MEETUP).sha256
    [entry] = entries(cache_dir)
    payload = pickle.dumps(_Boom())
    entry.write_bytes(payload)
    assert plan_cache.read(sha) is None
    entry.write_bytes(pickle.dumps({"segments": []}))  # plain data, but not a Plan
    assert plan_cache.read(sha) is None
    assert CALLED == []
    pickle.loads(payload)  # what a plain unpickler would have done
    assert CALLED == [("unpickled",)]


def test_a_change_of_the_validating_code_makes_every_entry_a_miss(cache_dir, monkeypatch):
    sha = load_plan(MEETUP).sha256
    assert plan_cache.read(sha) is not None
    monkeypatch.setattr(plan_cache, "_fingerprint", lambda: "another-version")
    assert plan_cache.read(sha) is None


def test_no_cache_directory_means_no_cache_and_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNOFSHOW_CACHE_DIR", "")
    assert plan_cache.directory() is None
    assert load_plan(MEETUP).plan.segments
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("RUNOFSHOW_CACHE_DIR", str(blocked))  # cannot be created: still no error
    assert load_plan(MEETUP).plan.segments


def test_only_the_most_recently_used_plans_are_kept(cache_dir, monkeypatch):
    monkeypatch.setattr(plan_cache, "KEEP", 3)
    text = MEETUP.read_text(encoding="utf-8")
    for i in range(5):
        variant = text.replace("Frontend Night #42", f"Frontend Night #{i}")
        plan_cache.write(sha256_text(variant), load_plan_text(variant))
    assert len(entries(cache_dir)) == 3


def test_a_kept_plan_carries_no_value_computed_on_this_machine(cache_dir):
    plan = load_plan(MEETUP).plan
    assert plan.schedule and plan.tz  # computed and held by the plan in memory
    state = plan.__getstate__()
    assert set(state) == {"event", "timers", "people", "segments", "tasks"}  # no [[stages]], no [stage]
    restored = pickle.loads(pickle.dumps(plan))
    assert "schedule" not in vars(restored) and "tz" not in vars(restored)
    assert restored == plan
