"""A square-glyph CJK test font built with fontTools.fontBuilder, so expected lines can be written by hand.

Every ideograph (U+4E00–U+9FFF) and every CJK mark is 1000/1000 em: ideographs are solid squares, pause/stop
marks and closing brackets have their ink in the left half, opening brackets in the right half. ASCII
letters and digits are 500 units, the space 250.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

UPEM = 1000
LEFT_INK = "，。、：；！？）》」』】〕〉”’"
RIGHT_INK = "（《「『【〔〈“‘"
FULL_OTHER = "—…·～％"


def _box(x0: int, y0: int, x1: int, y1: int) -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()
    return pen.glyph()


@cache
def square_font_bytes(ascii_advance: int = 500) -> bytes:
    """The font; `ascii_advance` makes a variant (a font replaced by another under the same file name)."""
    glyphs: dict[str, object] = {".notdef": _box(50, 0, 450, 700), "space": TTGlyphPen(None).glyph(),
                                 "square": _box(0, -120, 1000, 880), "left": _box(80, -100, 420, 200),
                                 "right": _box(580, 300, 920, 800), "full": _box(0, 350, 1000, 450),
                                 "half": _box(50, 0, 450, 700)}
    advances = {".notdef": 500, "space": 250, "square": 1000, "left": 1000, "right": 1000, "full": 1000,
                "half": ascii_advance, "ideospace": 1000}
    glyphs["ideospace"] = TTGlyphPen(None).glyph()
    cmap: dict[int, str] = {0x20: "space", 0x3000: "ideospace", ord("〓"): "square"}
    cmap.update({cp: "square" for cp in range(0x4E00, 0xA000)})
    cmap[ord("〇")] = "square"
    cmap.update({ord(c): "left" for c in LEFT_INK})
    cmap.update({ord(c): "right" for c in RIGHT_INK})
    cmap.update({ord(c): "full" for c in FULL_OTHER})
    cmap.update({cp: "half" for cp in range(0x21, 0x7F)})
    fb = FontBuilder(UPEM, isTTF=True)
    order = list(glyphs)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({g: (advances[g], 0) for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "LayoutSquareTest", "styleName": "Regular",
                       "psName": "LayoutSquareTest-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    out = io.BytesIO()
    fb.font.save(out)
    return out.getvalue()


class SquareMetrics:
    """Metrics (layout.model.text.Metrics) read from the square test font's cmap and hmtx."""

    key = "test"

    def __init__(self) -> None:
        font = TTFont(io.BytesIO(square_font_bytes()))
        self.cmap = font.getBestCmap()
        self.hmtx = font["hmtx"].metrics

    def lookup(self, ch: str) -> tuple[str, float] | None:
        name = self.cmap.get(ord(ch))
        if name is None:
            return None
        return self.key, self.hmtx[name][0] / UPEM


METRICS = SquareMetrics()


ROLES = ("song", "song-bold", "biaosong", "hei", "hei-regular", "kai", "fangsong")


def install_square_fonts(edition: Path, ascii_advance: int = 500) -> str:
    """Give an edition folder the square font for every role: fonts/square.ttf, fonts/catalogue.yaml and a
    style `square` (styles/square.yaml, extending tianjin-daily). Returns the style's name."""
    fonts = edition / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (fonts / "square.ttf").write_bytes(square_font_bytes(ascii_advance))
    roles = "".join(f"  {r}:\n    candidates:\n      - {{file: square.ttf}}\n" for r in ROLES)
    (fonts / "catalogue.yaml").write_text("roles:\n" + roles, encoding="utf-8")
    styles = edition / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "square.yaml").write_text("extends: tianjin-daily\nfonts:\n  catalogue: ../fonts/catalogue.yaml\n",
                                        encoding="utf-8")
    return "square"
