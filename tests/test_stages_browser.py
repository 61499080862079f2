"""``serve PLAN`` on a plan of several stages: one server, every stage at its own URL (one printed
line each), and headless Chromium finds each stage's own live title on its page (see
test_stage_browser for how the page's terminal output is read)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from runofshow.live import open_show
from runofshow.show import Go, SystemClock
from test_stage_browser import CHROMIUM, TIMEOUT, browse, free_port, pytestmark, stop  # noqa: F401

FESTIVAL = Path(__file__).resolve().parent.parent / "sample_events" / "festival.toml"


def start_stages_server(plan: Path, port: int) -> tuple[subprocess.Popen, dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", "from runofshow.cli import main; raise SystemExit(main())", "serve", str(plan)]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    urls, lines = {}, []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"^(.+) \((\w+)\): (http://\S+)$", line.strip())
        if match:
            urls[match.group(2)] = match.group(3)
        if "Ctrl+C" in line:
            return process, urls
    process.kill()
    raise AssertionError("serve printed no URLs:\n" + "".join(lines))


async def test_serve_shows_every_stage_at_its_own_url(tmp_path: Path) -> None:
    plan = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, plan)
    clock = SystemClock()
    shows = [open_show(plan, clock, stage=stage).show for stage in ("main", "lab")]
    try:
        started = clock.now() - dt.timedelta(minutes=1)
        for show in shows:
            show.do(Go(at=started))
        port = free_port()
        server, urls = start_stages_server(plan, port)
        try:
            assert urls == {
                "main": f"http://127.0.0.1:{port}/main/",
                "lab": f"http://127.0.0.1:{port}/lab/",
                "garden": f"http://127.0.0.1:{port}/garden/",
            }
            main_text, _ = await browse(
                urls["main"], tmp_path / "p1", "Welcome to Harbour", tmp_path / "main.png"
            )
            lab_text, _ = await browse(
                urls["lab"], tmp_path / "p2", "reading tide data", tmp_path / "lab.png"
            )
        finally:
            stop(server)
    finally:
        for show in shows:
            show.close()
    assert "Welcome to Harbour" in main_text and "Main hall" in main_text
    assert "reading tide data" in lab_text and "Workshop room" in lab_text
    assert "reading tide data" not in main_text and "Welcome to Harbour" not in lab_text


async def test_serve_hq_in_a_real_browser(tmp_path: Path) -> None:
    plan = tmp_path / "festival.toml"
    shutil.copy(FESTIVAL, plan)
    clock = SystemClock()
    show = open_show(plan, clock, stage="garden").show
    try:
        show.do(Go(at=clock.now() - dt.timedelta(minutes=1)))
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from runofshow.cli import main; raise SystemExit(main())",
                "serve",
                str(plan),
            ]
            + ["--hq", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            url = None
            while url is None:
                line = process.stdout.readline()
                assert line, "serve --hq printed no URL"
                match = re.search(r"Open (http://\S+) in a browser", line)
                url = match.group(1) if match else None
            text, _ = await browse(url, tmp_path / "p", "Acoustic set", tmp_path / "hq.png")
        finally:
            stop(process)
    finally:
        show.close()
    assert "Main hall" in text and "Workshop room" in text and "Garden stage" in text
    assert "Acoustic set: Elbe" in text  # the garden's live segment (cut to its column)


def test_serve_hq_needs_a_plan(tmp_path: Path, capsys) -> None:
    from runofshow.cli import main

    assert main(["serve", str(tmp_path / "x.journal.jsonl"), "--hq"]) == 2
    assert "--hq follows every stage of a plan" in capsys.readouterr().err
