"""The plan's commands: check (and what it imports), new, schema, misuse."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from runofshow.cli import main
from runofshow.plan import load_plan

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_events").glob("*.toml"))


# --- check ------------------------------------------------------------------------------------


def test_check_does_not_import_textual():
    code = (
        "import sys\n"
        "from runofshow.cli import main\n"
        f"rc = main(['check', {str(ROOT / 'sample_events' / 'meetup.toml')!r}])\n"
        "assert rc == 0, rc\n"
        "heavy = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'textual_serve')))\n"
        "assert not heavy, heavy\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("clean")


def test_check_of_a_broken_plan_does_not_import_textual(tmp_path: Path):
    plan = tmp_path / "broken.toml"
    plan.write_text('[event]\ntitle = "x"\n')
    code = (
        "import sys\nfrom runofshow.cli import main\n"
        f"rc = main(['check', {str(plan)!r}])\n"
        "assert rc == 1, rc\nassert 'textual' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_all_samples_pass_check_as_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "runofshow.cli", "check", *map(str, SAMPLES)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count(": OK: ") == len(SAMPLES) >= 3


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff\xfe binary", b"[event\n", b"\xef\xbb\xbf"],
    ids=["empty", "binary", "syntax", "bom-only"],
)
def test_check_never_prints_a_traceback(tmp_path: Path, content: bytes):
    plan = tmp_path / "plan.toml"
    plan.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "runofshow.cli", "check", str(plan)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.match(rf"{re.escape(str(plan))}:\d+(:\d+)?: ", result.stderr)


def test_check_without_a_plan_is_misuse(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_:
        main(["check"])
    assert exit_.value.code == 2
    assert "PLAN" in capsys.readouterr().err


def test_no_command_is_misuse(capsys: pytest.CaptureFixture[str]):
    assert main([]) == 2
    assert "check" in capsys.readouterr().out


def test_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    plan = tmp_path / "secret.toml"
    plan.write_text("[event]\n")
    plan.chmod(0)
    assert main(["check", str(plan)]) == 2
    assert "cannot read" in capsys.readouterr().err


# --- new --------------------------------------------------------------------------------------


def test_new_writes_a_plan_that_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "my-event.toml"
    assert main(["new", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().out
    assert main(["check", str(path)]) == 0
    assert ": OK: " in capsys.readouterr().out
    plan = load_plan(path).plan
    assert plan.event.date == dt.date.today()
    assert len(plan.segments) >= 3 and plan.people
    assert any(item.blocking for segment in plan.segments for item in segment.checklist)
    assert any(segment.handoff for segment in plan.segments)


def test_new_writes_plain_toml_a_person_can_edit(tmp_path: Path):
    path = tmp_path / "plan.toml"
    main(["new", str(path)])
    text = path.read_text()
    raw = tomllib.loads(text)
    assert set(raw) <= {"event", "timers", "people", "segments"}
    assert re.search(r"^date = \d{4}-\d\d-\d\d$", text, re.M), "date as a TOML date, not a string"
    assert re.search(r'^duration = "\d+[hms]', text, re.M), "durations spelled as in the docs"
    assert "null" not in text and "blocking = false" not in text


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "plan.toml"
    path.write_text("# my precious plan\n")
    assert main(["new", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "# my precious plan\n"


def test_new_refuses_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["new", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_into_a_missing_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "no" / "such" / "dir" / "plan.toml"
    assert main(["new", str(path)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not path.exists()


def test_new_without_path_is_misuse():
    with pytest.raises(SystemExit) as exit_:
        main(["new"])
    assert exit_.value.code == 2


# --- schema -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "runofshow.cli", "schema"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schema_is_json_with_the_plan_tables(schema: dict[str, Any]):
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"event", "timers", "people", "segments"} <= set(schema["properties"])
    assert schema["required"] == ["event", "segments"]
    assert schema["additionalProperties"] is False
    segment = schema["$defs"]["Segment"]
    assert {
        "id",
        "title",
        "kind",
        "duration",
        "start",
        "speakers",
        "qa",
        "warn",
        "wrap",
        "checklist",
        "handoff",
    } <= set(segment["properties"])
    assert segment["required"] == ["id", "title", "duration"]  # kind has a default
    assert segment["properties"]["duration"]["pattern"] == r"^(\d+h)?(\d+m)?(\d+s)?$"
    assert segment["properties"]["kind"]["enum"] == ["talk", "panel", "break", "host", "sponsor", "other"]
    assert schema["$defs"]["Timers"]["properties"]["warn"]["default"] == "5m"
    assert schema["$defs"]["Event"]["properties"]["date"]["format"] == "date"


def test_schema_has_no_nulls(schema: dict[str, Any]):
    assert '"null"' not in json.dumps(schema)


def test_schema_in_process(capsys: pytest.CaptureFixture[str], schema: dict[str, Any]):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema


def _loosely_valid(value: Any, node: dict[str, Any], defs: dict[str, Any], where: str) -> list[str]:
    """A small JSON Schema check: $ref, anyOf, type, properties, required, additionalProperties,
    items, enum, pattern. TOML dates and times stand for strings with a date/time format."""
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    if "anyOf" in node:
        for option in node["anyOf"]:
            if not _loosely_valid(value, option, defs, where):
                return []
        return [f"{where}: matches none of anyOf"]
    problems: list[str] = []
    kind = node.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        props = node.get("properties", {})
        problems += [f"{where}: missing {key}" for key in node.get("required", []) if key not in value]
        for key, item in value.items():
            if key in props:
                problems += _loosely_valid(item, props[key], defs, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                problems.append(f"{where}: unexpected {key}")
    elif kind == "array":
        if not isinstance(value, list):
            return [f"{where}: not an array"]
        for i, item in enumerate(value):
            problems += _loosely_valid(item, node.get("items", {}), defs, f"{where}[{i}]")
    elif kind == "string":
        fmt = node.get("format")
        if fmt == "date":
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        elif fmt == "partial-time":  # a TOML local time (no offset)
            ok = isinstance(value, dt.time) and value.tzinfo is None
        elif fmt == "partial-date-time":  # a TOML local date-time (a dated hard start)
            ok = isinstance(value, dt.datetime) and value.tzinfo is None
        else:
            ok = isinstance(value, str) and re.search(node.get("pattern", ""), value) is not None
        if not ok:
            problems.append(f"{where}: {value!r} is not a valid {fmt or 'string'}")
    elif kind == "boolean" and not isinstance(value, bool):
        problems.append(f"{where}: not a boolean")
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where}: {value!r} not in enum")
    return problems


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_schema_accepts_the_sample_plans(schema: dict[str, Any], sample: Path):
    raw = tomllib.loads(sample.read_text())
    assert _loosely_valid(raw, schema, schema["$defs"], "plan") == []


def test_schema_rejects_what_check_rejects(schema: dict[str, Any]):
    raw = tomllib.loads((ROOT / "sample_events" / "meetup.toml").read_text())
    raw["segments"][0]["duration"] = "30 minutes"
    raw["segments"][1]["titel"] = "typo"
    raw["segments"][2]["kind"] = "keynote"
    raw["event"]["date"] = "2026-12-03"
    problems = _loosely_valid(raw, schema, schema["$defs"], "plan")
    assert len(problems) == 4, problems
