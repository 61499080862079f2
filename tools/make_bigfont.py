"""Make the stage's big letters for every script: ``src/runofshow/tui/fonts/bigletters.hex``.

Not run by the build, CI or the app: the data file it writes is committed. Run it again only to
change the ranges:

    npm pack @fontsource/unifontex            # UnifontExMono 15.0.06 (GNU Unifont's glyphs), OFL-1.1
    tar xzf fontsource-unifontex-*.tgz
    pip install fonttools                     # only for this script
    python tools/make_bigfont.py package/files/unifontex-latin-400-normal.woff

The font's outlines are Unifont's 8x16 (or 16x16) pixels drawn as squares, 64 units a pixel,
the baseline two pixels above the bottom: each pixel is read back exactly by testing its centre.
The output is in Unifont's own .hex format (``CODEPOINT:HEX``, 16 rows of 8 or 16 bits), reduced
to the ranges below. Under the SIL Open Font License a reduced font is a Modified Version and may
not keep the Reserved Font Name: it is called "runofshow big letters" (see fonts/LICENSE).
"""

from __future__ import annotations

import sys
from pathlib import Path

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese and more)
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x1F00, 0x1FFF),  # Greek Extended
    (0x0400, 0x052F),  # Cyrillic and its Supplement
    (0x0590, 0x05FF),  # Hebrew
    (0xFB1D, 0xFB4F),  # Hebrew presentation forms
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B (the shaped letters tui/bidi.py draws)
    (0x2010, 0x205E),  # dashes, quotation marks, ellipsis
    (0x20A0, 0x20C0),  # currency signs
]
UNITS = 64  # font units a pixel
ASCENT = 14  # pixels above the baseline


def main(font_path: str, out: Path) -> None:
    from fontTools.pens.pointInsidePen import PointInsidePen
    from fontTools.ttLib import TTFont

    font = TTFont(font_path)
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    lines = []
    for low, high in RANGES:
        for code in range(low, high + 1):
            name = cmap.get(code)
            if name is None:
                continue
            advance = font["hmtx"][name][0]
            width = 16 if advance > 8 * UNITS else 8
            rows = []
            for row in range(16):
                y = (ASCENT - row - 0.5) * UNITS
                bits = 0
                for column in range(width):
                    pen = PointInsidePen(glyphs, ((column + 0.5) * UNITS, y))
                    glyphs[name].draw(pen)
                    bits = bits << 1 | pen.getResult()
                rows.append(f"{bits:0{width // 4}X}")
            lines.append(f"{code:04X}:{''.join(rows)}")
    out.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{out}: {len(lines)} glyphs", file=sys.stderr)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    main(sys.argv[1], here / "src" / "runofshow" / "tui" / "fonts" / "bigletters.hex")
