"""The editor schema (``runofshow schema``) as real TOML editors use it: Taplo (Even Better TOML)
and tombi, both from PyPI (test dependencies), run over every sample plan and over a plan with
a real error. Before, both reported every local time (``start = 18:00:00``) as wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runofshow.plan.schema import plan_json_schema

SAMPLES = sorted((Path(__file__).parent.parent / "sample_events").glob("*.toml"))
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here (pip install {name}: a test dependency)")
    return found


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.schema.json"
    path.write_text(json.dumps(plan_json_schema(), indent=2), encoding="utf-8")
    return path


def _taplo(plan: Path, schema: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("taplo"), "check", "--no-auto-config", "--schema", schema.as_uri(), str(plan)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=plan.parent,
    )


def _tombi(plan: Path, schema: Path) -> subprocess.CompletedProcess:
    # tombi takes a schema from a tombi.toml beside the files; --offline: no catalog download
    (plan.parent / "tombi.toml").write_text(
        f'[[schemas]]\npath = "{schema.as_posix()}"\ninclude = ["*.toml"]\n', encoding="utf-8"
    )
    return subprocess.run(
        [_tool("tombi"), "lint", "--offline", plan.name],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=plan.parent,
    )


def _copy(sample: Path, tmp_path: Path, text: str | None = None) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    plan = folder / sample.name
    plan.write_text(text if text is not None else sample.read_text(encoding="utf-8"), encoding="utf-8")
    return plan


def test_times_are_local_times_in_the_schema():
    text = json.dumps(plan_json_schema())
    assert '"format": "time"' not in text
    event = plan_json_schema()["$defs"]["Event"]["properties"]
    assert event["start"]["format"] == "partial-time"
    assert event["date"]["format"] == "date"
    start = plan_json_schema()["$defs"]["Segment"]["properties"][
        "start"
    ]  # a time, or a later day's date-time
    assert [option["format"] for option in start["anyOf"]] == ["partial-date-time", "partial-time"]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_taplo_accepts_every_sample(sample: Path, schema_file: Path, tmp_path: Path):
    result = _taplo(_copy(sample, tmp_path), schema_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is not a" not in result.stderr


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_tombi_accepts_every_sample(sample: Path, schema_file: Path, tmp_path: Path):
    result = _tombi(_copy(sample, tmp_path), schema_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file linted successfully" in result.stdout + result.stderr


def _broken(tmp_path: Path) -> Path:
    meetup = next(s for s in SAMPLES if s.stem == "meetup")
    text = meetup.read_text(encoding="utf-8")
    assert 'duration = "25m"' in text
    return _copy(meetup, tmp_path, text.replace('duration = "25m"', 'duration = "25 min"', 1))


def test_taplo_flags_a_real_error(schema_file: Path, tmp_path: Path):
    result = _taplo(_broken(tmp_path), schema_file)
    assert result.returncode != 0
    assert '"25 min" does not match' in result.stdout + result.stderr


def test_tombi_flags_a_real_error(schema_file: Path, tmp_path: Path):
    result = _tombi(_broken(tmp_path), schema_file)
    assert result.returncode != 0
    assert '"25 min" does not match the pattern' in result.stdout + result.stderr
