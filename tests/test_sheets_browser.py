"""A real browser prints the sheets: headless Chromium (Debian's package) makes the PDF, and
poppler's pdftotext reads it back page by page (``-f N -l N``).

Checked on the conference's run sheet, on US Letter (Chromium's default) and on A4: every
segment's title is there; each segment's lines (its heading, handoff cue and checklist) are all
on one page, in the stretch between its heading and the next, and no page begins with the tail
of a segment from the page before; every page has the running header with the event and "page
N of M"; no word reaches into the right margin. Skipped, with the reason, only where chromium or
pdftotext is missing (``make test`` installs chromium where apt-get can; pdftotext comes from
poppler-utils under the same rule).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from runofshow.cli import main
from runofshow.sheets import load_source, render, run_sheet
from runofshow.sheets.pdf import find_chromium, html_to_pdf

ROOT = Path(__file__).resolve().parent.parent
CONFERENCE = ROOT / "sample_events" / "conference.toml"
MEETUP = ROOT / "sample_events" / "meetup.toml"
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.skipif(
        find_chromium() is None,
        reason="Debian's chromium is not installed and could not be (make test installs it as root)",
    ),
    pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian's poppler-utils) is not installed"),
]
POINTS_PER_MM = 72 / 25.4


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: Path) -> list[str]:
    """The text of each page, read one page at a time (pdftotext -f N -l N)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return [
        subprocess.run(
            [PDFTOTEXT, "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups()
    return float(width), float(height)


def words_right_edge(pdf: Path) -> float:
    """The right edge of the rightmost word on any page, in points (pdftotext -bbox)."""
    boxes = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    return max(
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes.stdout)
    )


def check_run_sheet_pdf(pdf: Path) -> None:
    source = load_source(CONFERENCE)
    sheet = run_sheet(source)
    texts = [flat(t) for t in pages(pdf)]
    total = len(texts)
    assert total >= 2  # long enough for page breaks to matter
    for number, page in enumerate(texts, start=1):
        assert page.startswith("Spree Web Conf 2026 · run sheet"), page[:80]
        assert f"page {number} of {total}" in page[:120]

    headings = [f"{seg.start:%H:%M}–{seg.end:%H:%M} {seg.title}" for seg in sheet.segments]
    found_on = {}
    for seg, heading in zip(sheet.segments, headings, strict=True):
        hits = [n for n, page in enumerate(texts) if heading in page]
        assert len(hits) == 1, f"{seg.title!r} found on pages {[h + 1 for h in hits]}"
        found_on[seg.id] = hits[0]
    for index, (seg, heading) in enumerate(zip(sheet.segments, headings, strict=True)):
        page = texts[found_on[seg.id]]
        start = page.index(heading)
        following = [
            page.index(h) for h in headings[index + 1 :] if h in page and page.index(h) > start
        ]  # the next segment's heading on the same page, if any
        stop = min(following, default=len(page))
        block = page[start:stop]
        lines = [f"Owner {seg.owner.name}" if seg.owner else "Owner —"]
        lines += [seg.handoff.cue] if seg.handoff else ["none planned"]
        lines += [check.item for check in seg.checklist]
        for line in lines:
            assert flat(line) in block, (
                f"{seg.title!r}: {line!r} is not with its segment on page {found_on[seg.id] + 1}"
            )
    # No page starts with the tail of a segment: after the running header comes a segment heading
    # (or, on the first page, the sheet's own heading; or the list of people at the end).
    for number, page in enumerate(texts, start=1):
        body = page.split(f"page {number} of {total}", 1)[1].strip()
        assert body.startswith(("Run sheet · ", "People", *headings)), (
            f"page {number} starts with {body[:60]!r}"
        )


def test_chromium_prints_the_conference_run_sheet_on_us_letter(tmp_path):
    pdf = tmp_path / "conference.pdf"
    assert main(["sheet", str(CONFERENCE), "--format", "pdf", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (612, 792)  # US Letter
    check_run_sheet_pdf(pdf)
    assert words_right_edge(pdf) <= width - 12 * POINTS_PER_MM  # inside the 13 mm right margin
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")])


def test_the_same_sheet_fits_a4(tmp_path):
    html = render([run_sheet(load_source(CONFERENCE))], "html")
    a4 = html.replace("@page { margin:", "@page { size: A4; margin:", 1)
    assert a4 != html
    pdf = tmp_path / "conference-a4.pdf"
    pdf.write_bytes(html_to_pdf(a4))
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (595, 842)  # A4
    check_run_sheet_pdf(pdf)
    assert words_right_edge(pdf) <= width - 12 * POINTS_PER_MM


def test_chromium_prints_a_call_sheet(tmp_path):
    pdf = tmp_path / "avi.pdf"
    assert main(["sheet", str(MEETUP), "--person", "avi", "--format", "pdf", "-o", str(pdf)]) == 0
    texts = [flat(t) for t in pages(pdf)]
    assert len(texts) == 1
    page = texts[0]
    assert page.startswith("Frontend Night #42 · call sheet: Avi Mizrahi") and "page 1 of 1" in page
    cues = [
        "Lights down in the back, Tamar's mic live",
        "Recording started",
        "Adapter tested with the projector",
    ]
    assert all(cue in page for cue in cues)
    assert page.index("18:30") < page.index("Lights down") < page.index("Adapter tested")
    assert "+972" not in page


def test_several_call_sheets_in_one_pdf_each_start_a_page_with_their_own_header(tmp_path):
    pdf = tmp_path / "two.pdf"
    assert main(["sheet", str(MEETUP), "--person", "avi", "dana", "--format", "pdf", "-o", str(pdf)]) == 0
    texts = [flat(t) for t in pages(pdf)]
    assert len(texts) == 2
    assert texts[0].startswith("Frontend Night #42 · call sheet: Avi Mizrahi page 1 of 2")
    assert texts[1].startswith(
        "Frontend Night #42 · call sheet: Dana Levi page 2 of 2 Call sheet · Dana Levi"
    )
