"""`runofshow export` on the command line, the console's report, and bad input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from export_scenarios import LIVE_NOTE, evening, unfinished
from runofshow.cli import main
from runofshow.export import FORMATS, ExportError
from runofshow.export.report import report_paths, write_report

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from runofshow.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        capture_output=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def journal(tmp_path_factory) -> Path:
    return evening(tmp_path_factory.mktemp("evening"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdout_and_output_file_are_the_same_bytes(journal, tmp_path, fmt, capsysbinary):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", str(journal), "--format", fmt, "-o", str(out)]) == 0
    assert capsysbinary.readouterr().out == b""
    assert main(["export", str(journal), "--format", fmt]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out == out.read_bytes() and captured.out
    assert captured.err == b""  # a finished show: nothing to say


def test_ics_keeps_crlf_on_stdout(journal):
    result = run_cli("export", str(journal), "--format", "ics")
    assert result.returncode == 0
    assert result.stdout.count(b"\r\n") == result.stdout.count(b"\n") > 50


def test_unfinished_show_is_noted_on_stderr(tmp_path):
    result = run_cli("export", str(unfinished(tmp_path, torn=True)), "--format", "csv")
    assert result.returncode == 0
    err = result.stderr.decode()
    assert "torn last line" in err
    assert "the show is unfinished: 'Lightning talks (3 x 5 minutes)' was still live" in err
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode(), newline="")))
    assert [r["status"] for r in rows].count("live") == 1


@pytest.mark.parametrize(
    "make,code,words",
    [
        (lambda d: d / "missing.journal.jsonl", 2, "no such journal"),
        (lambda d: d, 2, "is a directory"),
        (lambda d: ROOT / "sample_events" / "meetup.toml", 1, "not a runofshow journal"),
        (lambda d: _write(d / "empty.jsonl", b""), 1, "empty or torn header"),
        (lambda d: _write(d / "bin.jsonl", b"\xff\xfe\x00garbage\n"), 1, "not a runofshow journal"),
        (lambda d: _write(d / "v9.jsonl", b'{"type":"header","version":9}\n'), 1, "format version 9"),
    ],
)
def test_bad_input_is_a_clear_message_and_an_exit_code(tmp_path, make, code, words):
    result = run_cli("export", str(make(tmp_path)), "--format", "md")
    assert result.returncode == code
    err = result.stderr.decode()
    assert words in err and "Traceback" not in err
    assert err.startswith("runofshow export: ") and err.count("\n") <= 3
    assert result.stdout == b""


def test_output_that_cannot_be_written(journal, tmp_path, capsys):
    assert (
        main(["export", str(journal), "--format", "md", "-o", str(tmp_path / "no" / "such" / "dir.md")]) == 2
    )
    assert "cannot write" in capsys.readouterr().err
    assert main(["export", str(journal), "--format", "md", "-o", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_private_flag_reaches_md(journal, capsys):
    assert main(["export", str(journal), "--format", "md"]) == 0
    assert LIVE_NOTE not in capsys.readouterr().out
    assert main(["export", str(journal), "--format", "md", "--private"]) == 0
    assert LIVE_NOTE in capsys.readouterr().out


def test_write_report_beside_the_journal(tmp_path):
    journal = evening(tmp_path)
    paths = write_report(journal)
    assert (
        paths
        == [tmp_path / "meetup.report.md", tmp_path / "meetup.report.csv", tmp_path / "meetup.report.html"]
        == list(report_paths(journal))
    )
    md = paths[0].read_text()
    assert md.startswith("# Frontend Night #42: what happened") and LIVE_NOTE not in md  # public
    rows = list(csv.DictReader(io.StringIO(paths[1].read_text(), newline="")))
    assert len(rows) == 9
    html = paths[2].read_text()
    assert html.startswith("<!DOCTYPE html>") and '<svg class="timeline"' in html and LIVE_NOTE not in html
    assert write_report(journal) == paths  # again: replaced, not duplicated
    assert sorted(p.name for p in tmp_path.iterdir() if "report" in p.name) == [
        "meetup.report.csv",
        "meetup.report.html",
        "meetup.report.md",
    ]


def test_write_report_of_a_bad_journal_raises_export_error(tmp_path):
    with pytest.raises(ExportError) as error:
        write_report(tmp_path / "nope.journal.jsonl")
    assert error.value.exit_code == 2 and "no such journal" in error.value.message


def test_export_never_imports_textual(journal, tmp_path):
    code = (
        "import sys\n"
        "from runofshow.cli import main\n"
        "from runofshow.export.report import write_report\n"
        f"for fmt in ('csv', 'json', 'md', 'ics', 'toml', 'html', 'svg'):\n"
        f"    assert main(['export', {str(journal)!r}, '--format', fmt, '-o', {str(tmp_path / 'x')!r}]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'textual_serve')))\n"
        "assert not heavy, heavy\n"
        "print('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
