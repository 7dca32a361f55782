"""A font class of ours that ReportLab's canvas draws with: the face's own outlines, subset and embedded
as a composite font, named after the subset's content.

For each face a document uses, `addObjects` writes (codes and programs: `layout.render.subset`):

    Type0 font      /BaseFont TAG+PSName (CFF: TAG+PSName-Identity-H), /Encoding /Identity-H,
                    /DescendantFonts [CIDFont], /ToUnicode (code → character)
    CIDFont         /Subtype /CIDFontType0 (CFF) or /CIDFontType2 (TrueType, with a /CIDToGIDMap stream),
                    /CIDSystemInfo (Adobe, Identity, 0), /DW 1000 and /W for the other advances
    FontDescriptor  /FontName TAG+PSName, metrics, /FontFile3 (/Subtype /CIDFontType0C) or /FontFile2

TAG is six capital letters from the sha256 of the PostScript name, the font program and the ToUnicode
map, so one name means one set of glyphs throughout an edition and its page files (pages are drawn in
separate documents and processes). Text is written as 2-byte codes (`splitString`): a character's code
point, or below 256 for the 64 most frequent (`layout.render.lowcodes`: PDFium reads a page faster). Each
character's glyph and advance come with the page (`PageFace`, made from the `Face` the line breaker measured with:
cmap after the `fwid` remap, hmtx), so a drawing process reads no cmap or hmtx of its own.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfdoc

from layout.fonts.face import Face, FaceFile
from layout.infra.cache import on_clear
from layout.render.lowcodes import LOW_CODES
from layout.render.subset import SURROGATES, FaceInfo, cff_program, face_info, glyf_program

DEFAULT_WIDTH = 1000
DASHES = (0x2014, 0x2015)  # their glyphs are stretched to span the em: —— is one unbroken rule
CMAP_CHUNK = 100  # entries per beginbfchar block (the CMap format's limit)
KEPT_FONTS = 64  # font programs (and compressed font streams) kept in the process: a few editions' pages
OWN_CODES = re.compile("[\xa0\ud800-\udfff\U00010000-\U0010ffff]")  # characters `code_of` gives another code


@dataclass(frozen=True, slots=True)
class PageFace:
    """A face as a page draws it: its file; for each character the page draws with it, the glyph number
    and advance (font units) the line breaker measured; the face's dash glyphs."""

    file: FaceFile
    upem: int
    glyphs: dict[str, tuple[int, int]]
    dashes: frozenset[int]


def page_face(face: Face, chars: Iterable[str]) -> PageFace:
    """The face with the glyphs of `chars` (and of the space, which every subset carries)."""
    glyphs = {ch: (face.glyphs[ord(ch)], face.advances[ord(ch)]) for ch in sorted({*chars, " "})
              if ord(ch) in face.glyphs}
    # a vertical face's dashes are its vertical forms: stretched down the em (`layout.render.subset`)
    return PageFace(face.file, face.upem, glyphs, frozenset(face.glyphs[cp] for cp in DASHES if cp in face.glyphs))


@dataclass(slots=True)
class _State:
    """One document's use of the font: code → character, and the font's name in the page resources."""

    used: dict[int, str] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)  # characters beyond the BMP → their codes
    seen: set[str] = field(default_factory=set)  # characters drawn as their own code (`splitString`)
    internal: str | None = None


@dataclass(frozen=True, slots=True)
class _FaceName:
    name: str  # pdfmetrics.registerFont files dynamic fonts by face name


def code_of(state: _State, ch: str) -> int:
    """The character's code: its code point (a no-break space is drawn as a space, as ReportLab does), its
    code below 256 for one of the most frequent characters (`layout.render.lowcodes`), or for a character
    beyond the BMP the next free code of the surrogate range."""
    if ch == "\xa0":
        ch = " "
    code = ord(LOW_CODES.get(ord(ch), ch))
    if code > 0xFFFF or SURROGATES[0] <= code < SURROGATES[1]:
        found = state.extra.get(ch)
        if found is None:
            found = state.extra[ch] = SURROGATES[0] + len(state.extra)
            if found >= SURROGATES[1]:
                raise ValueError("more than 2048 characters beyond the BMP in one font of one page")
        code = found
    state.used.setdefault(code, ch)
    return code


class EmbeddedFont:
    """A dynamic font for ReportLab (`_dynamicFont`: the canvas asks it to split, name and add itself)."""

    _dynamicFont = 1
    _multiByte = 1
    shapable = False

    def __init__(self, name: str, source: FaceFile) -> None:
        self.fontName = name
        self.source = source
        self.face = _FaceName(name)
        self.state: WeakKeyDictionary[Any, _State] = WeakKeyDictionary()
        self.glyphs: dict[str, tuple[int, int]] = {}
        self.dashes: frozenset[int] = frozenset()
        self.upem = 1000
        self._widths: dict[str, float] = {}

    def use(self, face: PageFace) -> None:
        """Learn the glyphs and advances of the characters a page draws (before it is drawn)."""
        self.glyphs.update(face.glyphs)
        self.dashes, self.upem = face.dashes, face.upem

    def glyph(self, ch: str) -> tuple[int, int]:
        """(glyph number, advance in font units); .notdef for a character the face lacks."""
        found = self.glyphs.get(" " if ch == "\xa0" else ch)
        return found if found is not None else (0, face_info(self.source).notdef_advance)

    def _state(self, doc: Any) -> _State:
        state = self.state.get(doc)
        if state is None:
            state = self.state[doc] = _State()
        return state

    def advance(self, ch: str) -> float:
        """The character's advance in thousandths of an em (as /W gives it)."""
        return self._width(ch)

    def width(self, text: str) -> float:
        """The advances of `text`, summed (thousandths of an em)."""
        widths = self._widths
        try:
            return sum(map(widths.__getitem__, text))
        except KeyError:
            return sum(map(self._width, text))

    def _width(self, ch: str) -> float:
        width = self._widths.get(ch)
        if width is None:
            width = self._widths[ch] = self.glyph(ch)[1] * 1000 / self.upem
        return width

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        """Width in points, summed as ReportLab sums a TrueType font's."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        return 0.001 * size * sum(self._width(ch) for ch in text)

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """The text as one run of 2-byte codes (one subset per face per document)."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if not text:
            return []
        state = self._state(doc)
        if OWN_CODES.search(text) is None:  # every character is its own 2-byte code (the usual case)
            new = set(text).difference(state.seen)
            if new:
                state.seen |= new
                for ch in new:
                    state.used.setdefault(ord(LOW_CODES.get(ord(ch), ch)), ch)
            return [(0, text.translate(LOW_CODES).encode("utf-16-be"))]
        return [(0, b"".join(code_of(state, ch).to_bytes(2, "big") for ch in text))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        state = self._state(doc)
        if state.internal is None:
            state.internal = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + state.internal
            doc.delayedFonts.append(self)
        return f"/{state.internal}+{subset}"

    def addObjects(self, doc: Any) -> None:
        state = self.state.pop(doc, None)
        if state is None or state.internal is None:
            return
        internal = f"{state.internal}+0"
        if " " in self.glyphs:  # as in ReportLab's subsets: text extractors size word gaps by the space
            state.used.setdefault(0x20, " ")
        font = pdf_font(self, state.used, doc, internal)
        doc.idToObject["BasicFonts"].dict[internal] = doc.Reference(font, internal)


# -- the PDF objects ----------------------------------------------------------------------------------

def to_unicode_cmap(used: dict[int, str]) -> bytes:
    """A ToUnicode CMap: each 2-byte code → its character (UTF-16BE)."""
    entries = [f"<{code:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for code, ch in sorted(used.items())]
    blocks = []
    for i in range(0, len(entries), CMAP_CHUNK):
        chunk = entries[i:i + CMAP_CHUNK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange", *blocks,
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]).encode("ascii")


def widths_array(font: EmbeddedFont, used: dict[int, str]) -> list[Any]:
    """/W: runs of consecutive codes whose advance is not the default 1000, as `first [w w …]`."""
    out: list[Any] = []
    run: list[float] = []
    first = last = -2
    for code, ch in sorted(used.items()):
        width = font.glyph(ch)[1] * 1000 / font.upem
        if width == DEFAULT_WIDTH:
            continue
        if code != last + 1 and run:
            out += [first, pdfdoc.PDFArray(run)]
            run = []
        if not run:
            first = code
        run.append(width)
        last = code
    if run:
        out += [first, pdfdoc.PDFArray(run)]
    return out


def subset_tag(ps_name: str, program: bytes, to_unicode: bytes) -> str:
    """Six capital letters from the subset's content."""
    digest = hashlib.sha256(b"\0".join((ps_name.encode(), program, to_unicode))).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


class _Kept:
    """The last KEPT_FONTS results of a pure function, by a key that names everything that decides them:
    a page drawn again after a one-story edit mostly embeds the very subsets it embedded before (the desk's
    loop), and subsetting and compressing them again took a fifth of its drawing."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        on_clear(self._entries.clear)

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        found = self._entries[key] = make()
        if len(self._entries) > KEPT_FONTS:
            self._entries.popitem(last=False)
        return found


_PROGRAMS = _Kept()
_DEFLATED = _Kept()


class _KeptFlate:
    """ReportLab's FlateDecode filter (`zlib.compress` at its default level: the same bytes), each result
    kept by the sha256 of the whole stream it compressed."""

    pdfname = "FlateDecode"

    def encode(self, text: bytes | str) -> bytes:
        data = text.encode("utf-8") if isinstance(text, str) else text
        compressed: bytes = _DEFLATED.get(hashlib.sha256(data).digest(), lambda: zlib.compress(data))
        return compressed

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


KEPT_FLATE = _KeptFlate()


def _stream(doc: Any, content: bytes, entries: dict[str, Any], name: str) -> Any:
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary(entries), content)
    if doc.compression:
        stream.filters = [KEPT_FLATE]
    return doc.Reference(stream, name)


def _program(font: EmbeddedFont, info: FaceInfo, used: dict[int, str]) -> tuple[bytes, bytes | None]:
    """The subset's font program (and, for TrueType, its CIDToGIDMap)."""
    codes = sorted(used)
    glyphs = [font.glyph(used[code]) for code in codes]
    gids = [gid for gid, _advance in glyphs]
    key = (font.source, info.is_cff, tuple(codes), tuple(glyphs), font.dashes)  # the file's sha256 is in source
    if info.is_cff:
        made: tuple[bytes, bytes | None] = _PROGRAMS.get(
            key, lambda: (cff_program(font.source, codes, gids, set(font.dashes), dict(glyphs)), None))
    else:
        made = _PROGRAMS.get(key, lambda: glyf_program(font.source, codes, gids, set(font.dashes)))
    return made


def pdf_font(font: EmbeddedFont, used: dict[int, str], doc: Any, internal: str) -> Any:
    """The Type0 font (with its CIDFont, descriptor, program and ToUnicode streams) for `used`; `internal`
    (the font's name in the page resources) names its objects within the document."""
    info = face_info(font.source)
    data, cid_to_gid = _program(font, info, used)
    cmap = to_unicode_cmap(used)
    name = f"{subset_tag(info.ps_name, data, cmap)}+{info.ps_name}"
    if info.is_cff:
        file_key, file_ref = "FontFile3", _stream(doc, data, {"Subtype": pdfdoc.PDFName("CIDFontType0C")},
                                                  f"fontFile:{internal}")
    else:
        file_key, file_ref = "FontFile2", _stream(doc, data, {"Length1": len(data)}, f"fontFile:{internal}")
    d = info.descriptor
    descriptor = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("FontDescriptor"), "FontName": pdfdoc.PDFName(name),
        "Ascent": d["Ascent"], "Descent": d["Descent"], "CapHeight": d["CapHeight"], "Flags": d["Flags"],
        "FontBBox": pdfdoc.PDFArray(d["FontBBox"]), "ItalicAngle": d["ItalicAngle"], "StemV": d["StemV"],
        file_key: file_ref})
    cid_font = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("CIDFontType0" if info.is_cff else "CIDFontType2"),
        "BaseFont": pdfdoc.PDFName(name),
        "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                               "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
        "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{internal}"),
        "DW": DEFAULT_WIDTH, "W": pdfdoc.PDFArray(widths_array(font, used))})
    if cid_to_gid is not None:
        cid_font["CIDToGIDMap"] = _stream(doc, cid_to_gid, {}, f"cidToGidMap:{internal}")
    return pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("Font"), "Subtype": pdfdoc.PDFName("Type0"),
        "BaseFont": pdfdoc.PDFName(f"{name}-Identity-H" if info.is_cff else name),
        "Encoding": pdfdoc.PDFName("Identity-H"),
        "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{internal}")]),
        "ToUnicode": _stream(doc, cmap, {}, f"toUnicodeCMap:{internal}")})
