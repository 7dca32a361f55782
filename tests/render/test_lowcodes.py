"""The most frequent characters are drawn with codes below 256 (layout/render/lowcodes.py: PDFium keeps a
glyph's bounding box only for such codes), on both of the font's paths (`splitString`'s usual one and
`code_of`'s, taken by a line with a character that needs a code of its own), and each code stays its
character for whoever reads the text (the ToUnicode map follows the codes the font hands out)."""

from __future__ import annotations

import unicodedata

from layout.fonts.face import FaceFile
from layout.render.cidfont import EmbeddedFont, to_unicode_cmap
from layout.render.lowcodes import FREQUENT, LOW_CODES, SLOTS


class _Doc:
    """A document as the font sees it (its state is kept per document)."""


def _font() -> EmbeddedFont:
    return EmbeddedFont("song", FaceFile("song", "/nonexistent.otf", 0, "0" * 64))


def test_the_table_gives_distinct_frequent_characters_the_control_codes() -> None:
    assert len(FREQUENT) == len(set(FREQUENT)) == len(SLOTS) == len(LOW_CODES) == 64
    assert all(ord(ch) >= 0x2000 for ch in FREQUENT)  # never a character that has a code below 256 itself
    assert all(unicodedata.category(chr(code)) == "Cc" for code in SLOTS)  # no character of a page is drawn so
    assert FREQUENT[:4] == "，。的一"


def test_a_frequent_character_is_shown_with_its_low_code_on_either_path() -> None:
    de = ord(LOW_CODES[ord("的")])
    assert de < 256
    font, doc = _font(), _Doc()
    assert font.splitString("的鲸", doc) == [(0, de.to_bytes(2, "big") + "鲸".encode("utf-16-be"))]
    assert font.state[doc].used == {de: "的", ord("鲸"): "鲸"}  # what the subset and ToUnicode are made of
    # a line with a character beyond the BMP takes `code_of` for each of its characters
    [(_, shown)] = font.splitString("的\U00020000", doc)
    assert shown[:2] == de.to_bytes(2, "big") and shown[2:] == b"\xd8\x00"
    used = font.state[doc].used
    assert used[de] == "的" and used[ord("鲸")] == "鲸" and used[0xD800] == "\U00020000"
    assert f"<{de:04X}> <7684>".encode() in to_unicode_cmap(used)
