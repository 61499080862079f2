"""PDF through headless Chromium, when it is installed.

The html is written to a temporary directory (with a throwaway browser profile beside it) and
printed with Chromium's own ``--print-to-pdf``; its default header and footer (date, file URL)
are turned off, as the sheet prints its own running header with the page number. Nothing is
fetched from the network: the file is self-contained.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .model import SheetError

TIMEOUT = 120  # seconds: a cold start on a busy laptop
NO_BROWSER = (
    "no chromium found to print the PDF with: write the HTML instead (--format html) "
    "and print it from any browser"
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, chromium: str | None = None) -> bytes:
    """The PDF that Chromium prints of ``html``. Raises SheetError (exit 2) without a browser."""
    browser = chromium or find_chromium()
    if browser is None:
        raise SheetError(NO_BROWSER, 2)
    with tempfile.TemporaryDirectory(prefix="runofshow-sheet-") as tmp:
        page, out, profile = Path(tmp, "sheet.html"), Path(tmp, "sheet.pdf"), Path(tmp, "profile")
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=TIMEOUT,
                env={**os.environ, "HOME": tmp},  # chromium writes its crash and cache dirs there
            )
        except subprocess.TimeoutExpired:
            raise SheetError(f"chromium did not print the PDF within {TIMEOUT} s", 1) from None
        except OSError as error:
            raise SheetError(f"cannot run {browser}: {error.strerror or error}", 2) from None
        if not out.exists() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise SheetError(f"chromium printed no PDF (exit {done.returncode}: {tail[0]})", 1)
        return out.read_bytes()
