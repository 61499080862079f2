"""``runofshow run``: clear errors before any screen, and the wiring from the command line to the console."""

from __future__ import annotations

import shutil

import pytest

from runofshow.cli import main
from runofshow.journal import default_journal_path
from runofshow.live import open_show
from runofshow.show import FakeClock, Go
from runofshow.tui.console import ConsoleApp
from test_console_support import BEFORE, MEETUP, make_show


def copy(tmp_path):
    shutil.copy(MEETUP, tmp_path / "meetup.toml")
    return tmp_path / "meetup.toml"


def test_an_unknown_theme_lists_the_known_ones(tmp_path, capsys):
    assert main(["run", str(copy(tmp_path)), "--theme", "neon"]) == 2
    err = capsys.readouterr().err
    assert 'unknown theme "neon"' in err and "dark" in err and "light" in err and "high-contrast" in err
    assert "Traceback" not in err
    assert not default_journal_path(tmp_path / "meetup.toml").exists()  # nothing opened


@pytest.mark.parametrize(
    "name, content, code, words",
    [
        ("missing.toml", None, 2, "missing.toml"),
        ("broken.toml", "[event\n", 1, "broken.toml:1"),
        ("empty.toml", "", 1, "empty.toml"),
    ],
)
def test_a_bad_plan_is_a_clear_error(tmp_path, capsys, name, content, code, words):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["run", str(path)]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_journal_open_elsewhere_is_exit_2(tmp_path, capsys):
    opened, clock = make_show(tmp_path)
    try:
        assert main(["run", str(tmp_path / "meetup.toml")]) == 2
        err = capsys.readouterr().err
        assert "already open" in err and "Traceback" not in err
    finally:
        opened.show.close()


def test_a_journal_that_is_not_one_is_exit_2(tmp_path, capsys):
    plan = copy(tmp_path)
    journal = tmp_path / "other.jsonl"
    journal.write_text("this is not json\n", encoding="utf-8")
    assert main(["run", str(plan), "--journal", str(journal)]) == 2
    err = capsys.readouterr().err
    assert str(journal) in err and "Traceback" not in err


RECORDED: list[dict] = []


def recording_run(app):
    """Stands in for ConsoleApp.run: records what the command built, then returns."""
    RECORDED.append(
        {
            "theme": app._theme_name,
            "notices": list(app.start_notices),
            "resumed": app.resumed,
            "state": app.show.state().show,
        }
    )


def test_run_opens_resumes_and_closes_the_show(tmp_path, monkeypatch):
    monkeypatch.setattr(ConsoleApp, "run", recording_run)
    monkeypatch.setattr("runofshow.tui.run_cmd.terminal_problem", lambda: None)  # pytest's stdin is no tty
    RECORDED.clear()
    plan = copy(tmp_path)
    assert main(["run", str(plan), "--theme", "light"]) == 0
    first = RECORDED[-1]
    assert first == {"theme": "light", "notices": [], "resumed": None, "state": "before"}
    # The journal was closed (its lock released): open it, GO, close, and run again.
    clock = FakeClock(BEFORE)
    again = open_show(plan, clock)
    again.show.do(Go(at=clock.now()))
    again.show.close()
    assert main(["run", str(plan)]) == 0
    second = RECORDED[-1]
    assert second["resumed"] == 1 and second["state"] == "live" and second["theme"] == "dark"
    assert main(["run", str(plan), "--fresh"]) == 0
    third = RECORDED[-1]
    assert third["resumed"] is None and third["state"] == "before"
    assert any("previous journal kept as" in notice for notice in third["notices"])
