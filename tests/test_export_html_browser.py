"""The html report in a real browser: headless Chromium (Debian's package) opens the file, draws
the timeline (a screenshot of the SVG's box is mostly not background), fetches nothing but the
file itself, fits a phone's width, and prints to PDF; pdftotext finds every segment's title.

Driven through the Chrome DevTools protocol as test_stage_browser does. The PNG is decoded with
zlib (no imaging library). Skipped, with the reason, where chromium or pdftotext is missing.
The screenshots and the PDF stay beside the test's temporary files for a human to look at.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from report_scenario import REPORT, report_evening
from runofshow.export import export_text, load_facts
from test_stage_browser import CHROMIUM, TIMEOUT, DevTools, chromium_page, evaluate

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed and could not be "
    "(make test runs apt-get install chromium as root)",
)
PDFTOTEXT = shutil.which("pdftotext")


class Tools(DevTools):
    """DevTools that also keeps every URL the page asked for."""

    def __init__(self, ws) -> None:
        self.requested: list[str] = []
        super().__init__(ws)

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.requestWillBeSent":
                self.requested.append(data["params"]["request"]["url"])


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG, unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        previous = line
    return width, height, rows


def shares(png: bytes) -> tuple[float, float]:
    """(not white, ink): the share of pixels that are not the white background (the row stripes
    count), and of those darker than the stripes (bars, lines, words)."""
    width, height, rows = png_pixels(png)
    darkest = [min(row[k : k + 3]) for row in rows for k in range(0, len(row), 3)]
    total = width * height
    return sum(1 for v in darkest if v < 250) / total, sum(1 for v in darkest if v < 225) / total


async def open_report(url: str, profile: Path, out: Path) -> dict:
    """Open ``url``; screenshots of the timeline (wide and phone), a PDF, and what was measured."""
    async with chromium_page(
        url, profile, tools_class=Tools, window="1000,900", resolver="MAP * ~NOTFOUND"
    ) as (
        tools,
        page,
    ):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if await evaluate(tools, page, "document.readyState") == "complete":
                break
            await asyncio.sleep(0.1)
        measured = {}
        for name, width in (("wide", 1000), ("phone", 390)):
            await tools.call(
                "Emulation.setDeviceMetricsOverride",
                page,
                width=width,
                height=900,
                deviceScaleFactor=1,
                mobile=name == "phone",
            )
            await asyncio.sleep(0.3)
            box = json.loads(
                await evaluate(
                    tools,
                    page,
                    "JSON.stringify((() => { const r = document.querySelector('svg.timeline')"
                    ".getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, "
                    "width: r.width, height: r.height, page: document.documentElement.scrollWidth, "
                    "view: document.documentElement.clientWidth}; })())",
                )
            )
            shot = await tools.call(
                "Page.captureScreenshot",
                page,
                format="png",
                captureBeyondViewport=True,
                clip={**{k: box[k] for k in ("x", "y", "width", "height")}, "scale": 1},
            )
            png = base64.b64decode(shot["data"])
            (out / f"timeline-{name}.png").write_bytes(png)
            measured[name] = {**box, "png": png}
        await tools.call("Emulation.clearDeviceMetricsOverride", page)
        pdf = await tools.call("Page.printToPDF", page, paperWidth=8.27, paperHeight=11.69)
        (out / "report.pdf").write_bytes(base64.b64decode(pdf["data"]))
        measured["requested"] = list(tools.requested)
        return measured


async def test_the_report_in_a_real_browser(tmp_path):
    journal = report_evening(tmp_path)
    facts = load_facts(journal)
    report = tmp_path / "meetup.report.html"
    report.write_text(export_text(facts, "html"), encoding="utf-8")
    url = report.as_uri()
    measured = await open_report(url, tmp_path / "chromium-profile", tmp_path)

    assert measured["requested"] == [url]  # the file itself, nothing else: no font, no image, no script
    wide, phone = measured["wide"], measured["phone"]
    assert wide["width"] == pytest.approx(760, abs=1) and wide["height"] > 400
    drawn, ink = shares(wide["png"])  # measured: 39% and 7%
    assert 0.2 < drawn < 0.9 and 0.04 < ink < 0.5, f"timeline: {drawn:.0%} not white, {ink:.0%} ink"
    # On a phone the drawing scales down to the width and the page does not scroll sideways.
    assert phone["width"] < phone["view"] <= 390 and phone["width"] > 330
    assert phone["height"] / phone["width"] == pytest.approx(wide["height"] / wide["width"], rel=0.01)
    assert phone["page"] <= phone["view"]
    drawn, ink = shares(phone["png"])
    assert 0.2 < drawn < 0.9 and 0.04 < ink < 0.5, f"phone: {drawn:.0%} not white, {ink:.0%} ink"

    pdf = tmp_path / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF was made but cannot be read back")
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    titles = [s.title for s in facts.segments]
    assert len(titles) == len(REPORT)
    missing = [t for t in titles if " ".join(t.split()) not in flat]
    assert not missing, f"not in the printed PDF: {missing}"
    assert "+4:10" in flat and "-5:00" in flat
