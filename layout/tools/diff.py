"""`layout diff A.pdf B.pdf`: what changed, page by page.

Two PDFs are the same only when every drawn character is the same character at the same place, size and
colour, every other drawn object (rule, image, path) is the same at the same place and colour, the page
boxes are the same, and the rasterised pages agree within the pixel tolerance. The tolerance governs
anti-aliasing noise only: a changed character, a moved word, a recoloured rule are differences at any
tolerance. Characters are read with PDFium (pypdfium2), one by one with their origins, so the result
does not depend on how a PDF groups its text into operators.
"""

from __future__ import annotations

import ctypes
import difflib
import html
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

from layout.tools.raster import MAX_RASTER_PIXELS, Raster, fitting_dpi, open_document, render_page

CELL = 8  # px: changed pixels are grouped into cells of this size to find regions
THRESHOLD = 40  # grey-level difference that counts as a changed pixel
PLACE = 0.02  # pt: a character further than this from its old origin has moved
CONTEXT = 4  # characters of context shown around a text change
OBJECT_TYPES = {1: "text", 2: "path", 3: "image", 4: "shading", 5: "form"}


@dataclass(frozen=True, slots=True)
class DrawnChar:
    char: str
    x: float  # origin, pt from the MediaBox's left edge
    y: float  # baseline, pt from the MediaBox's top edge
    size: float
    colour: tuple[int, int, int, int]  # as PDFium reports it (RGBA)


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn object other than text: its kind, bounds (pt, rounded to 0.1) and colours."""

    kind: str
    bounds: tuple[float, float, float, float]
    fill: tuple[int, int, int, int]
    stroke: tuple[int, int, int, int]

    def describe(self) -> str:
        x0, y0, x1, y1 = self.bounds
        return f"{self.kind} at {x0:.1f},{y0:.1f}–{x1:.1f},{y1:.1f} fill {self.fill[:3]} stroke {self.stroke[:3]}"


@dataclass(frozen=True, slots=True)
class PageContent:
    chars: tuple[DrawnChar, ...]
    shapes: tuple[Shape, ...]
    boxes: tuple[tuple[str, tuple[float, ...]], ...]  # (name, box) for MediaBox, TrimBox, BleedBox


class Change(StrEnum):
    CHANGED = "changed"  # characters replaced
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # the same characters at another place
    RESTYLED = "restyled"  # the same characters in another size or colour


@dataclass(frozen=True, slots=True)
class TextChange:
    kind: Change
    before: str  # with a little context
    after: str
    x: float  # where (pt from the top-left of the MediaBox), in A (or B for an addition)
    y: float
    detail: str = ""

    def describe(self) -> str:
        at = f"({self.x:.1f}, {self.y:.1f})"
        if self.kind in (Change.MOVED, Change.RESTYLED):
            return f"{self.kind.value} at {at}: “{self.before}” {self.detail}"
        return f"{self.kind.value} at {at}: “{self.before}” → “{self.after}”"


@dataclass
class PageDiff:
    page: int
    share: float  # share of changed pixels
    regions: list[tuple[float, float, float, float]]  # x0, y0, x1, y1 in pt from the page's top-left
    text: list[TextChange] = field(default_factory=list)
    shapes_added: list[Shape] = field(default_factory=list)
    shapes_removed: list[Shape] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)  # page boxes that differ
    image: Image.Image | None = None

    def differs(self, tolerance: float) -> bool:
        return self.share > tolerance or bool(self.text or self.shapes_added or self.shapes_removed or self.boxes)

    @property
    def moved(self) -> int:
        return sum(len(c.before) for c in self.text if c.kind is Change.MOVED)

    def edits(self) -> list[TextChange]:
        """Changes of the text itself (not of its place or style)."""
        return [c for c in self.text if c.kind in (Change.CHANGED, Change.ADDED, Change.REMOVED)]


@dataclass
class Diff:
    pages: list[PageDiff]
    page_count: tuple[int, int]

    def different(self, tolerance: float) -> bool:
        return self.page_count[0] != self.page_count[1] or any(p.differs(tolerance) for p in self.pages)

    def report(self, tolerance: float, limit: int = 12) -> str:
        rows = [f"pages: {self.page_count[0]} → {self.page_count[1]}"]
        for p in self.pages:
            state = "changed" if p.differs(tolerance) else "same"
            boxes = "; ".join(f"{a:.0f},{b:.0f}–{c:.0f},{d:.0f}" for a, b, c, d in p.regions[:6])
            parts = [f"page {p.page}: {state}, {p.share * 100:.3f}% of pixels"]
            if p.regions:
                parts.append(f"regions (pt) {boxes}" + (" …" if len(p.regions) > 6 else ""))
            if p.text:
                counts = Counter(c.kind.value for c in p.text)
                parts.append("text " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
            if p.shapes_added or p.shapes_removed:
                parts.append(f"objects +{len(p.shapes_added)} −{len(p.shapes_removed)}")
            if p.boxes:
                parts.append("boxes " + ", ".join(p.boxes))
            rows.append("; ".join(parts))
            rows += [f"  {c.describe()}" for c in p.text[:limit]]
            if len(p.text) > limit:
                rows.append(f"  … and {len(p.text) - limit} more text changes")
            rows += [f"  + {s.describe()}" for s in p.shapes_added[:limit]]
            rows += [f"  − {s.describe()}" for s in p.shapes_removed[:limit]]
        return "\n".join(rows)


# -- reading a PDF back --------------------------------------------------------------------------------

def _colour(fn: object, handle: object, index: int | None = None) -> tuple[int, int, int, int]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    args = (handle, index) if index is not None else (handle,)
    ok = fn(*args, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))  # type: ignore[operator]
    return (r.value, g.value, b.value, a.value) if ok else (-1, -1, -1, -1)


def _object_order(page: object) -> dict[int | None, int]:
    """Each text object's place in the page's content (forms' objects where the form is drawn)."""
    import pypdfium2.raw as raw

    objects = (obj for obj in page.get_objects(max_depth=8)  # type: ignore[attr-defined]
               if obj.type == raw.FPDF_PAGEOBJ_TEXT)
    return {ctypes.cast(obj.raw, ctypes.c_void_p).value: n for n, obj in enumerate(objects)}


def _chars(page: object, height: float) -> Iterator[DrawnChar]:
    """The drawn characters in the order the content draws them: by text object in content order, then
    as PDFium reads each object. (PDFium's own order sorts separate objects on one line by x, so it would
    depend on how the text is grouped into operators.)"""
    import pypdfium2.raw as raw

    order = _object_order(page)
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        handle = textpage.raw
        x, y = ctypes.c_double(), ctypes.c_double()
        found: list[tuple[int, int, DrawnChar]] = []
        for i in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(handle, i):
                continue
            ch = chr(raw.FPDFText_GetUnicode(handle, i))
            if ch.isspace() or ch == "\0":
                continue
            raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y))
            obj = ctypes.cast(raw.FPDFText_GetTextObject(handle, i), ctypes.c_void_p).value
            found.append((order.get(obj, len(order)), i, DrawnChar(
                ch, round(x.value, 3), round(height - y.value, 3), round(raw.FPDFText_GetFontSize(handle, i), 3),
                _colour(raw.FPDFText_GetFillColor, handle, i))))
        yield from (char for _obj, _i, char in sorted(found, key=lambda f: (f[0], f[1])))
    finally:
        textpage.close()


def _shapes(page: object, height: float) -> Iterator[Shape]:
    import pypdfium2.raw as raw

    for obj in page.get_objects(max_depth=8):  # type: ignore[attr-defined]
        kind = OBJECT_TYPES.get(obj.type, str(obj.type))
        if kind in ("text", "form"):
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        bounds = (round(x0, 1), round(height - y1, 1), round(x1, 1), round(height - y0, 1))
        yield Shape(kind, bounds, _colour(raw.FPDFPageObj_GetFillColor, obj.raw),
                    _colour(raw.FPDFPageObj_GetStrokeColor, obj.raw))


def read_page(page: Any) -> PageContent:
    """One page's drawn characters, other objects and boxes."""
    height = page.get_mediabox()[3]
    boxes = tuple((name, tuple(round(v, 2) for v in get()))
                  for name, get in (("MediaBox", page.get_mediabox), ("TrimBox", page.get_trimbox),
                                    ("BleedBox", page.get_bleedbox)))
    return PageContent(tuple(_chars(page, height)), tuple(_shapes(page, height)), boxes)


def read_pages(pdf: bytes) -> list[PageContent]:
    """Every page's drawn characters, other objects and boxes."""
    doc = open_document(pdf)
    try:
        out: list[PageContent] = []
        for i in range(len(doc)):
            page = doc[i]
            out.append(read_page(page))
            page.close()
        return out
    finally:
        doc.close()


# -- comparing -----------------------------------------------------------------------------------------

def _context(chars: tuple[DrawnChar, ...], start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT), min(len(chars), end + CONTEXT)
    inner = "".join(c.char for c in chars[start:end])
    return "".join(c.char for c in chars[a:start]) + f"[{inner}]" + "".join(c.char for c in chars[end:b])


def _same_place(a: DrawnChar, b: DrawnChar) -> bool:
    return abs(a.x - b.x) <= PLACE and abs(a.y - b.y) <= PLACE


def _equal_block(ca: tuple[DrawnChar, ...], cb: tuple[DrawnChar, ...], i: int, j: int, n: int
                 ) -> list[TextChange]:
    """Within characters that match, runs that moved (by one offset) or changed size or colour."""
    out: list[TextChange] = []
    k = 0
    while k < n:
        a, b = ca[i + k], cb[j + k]
        if _same_place(a, b) and a.size == b.size and a.colour == b.colour:
            k += 1
            continue
        moved = not _same_place(a, b)
        dx, dy = b.x - a.x, b.y - a.y
        end = k + 1
        while end < n:
            a2, b2 = ca[i + end], cb[j + end]
            if moved and (abs(b2.x - a2.x - dx) > PLACE or abs(b2.y - a2.y - dy) > PLACE):
                break
            if not moved and (not _same_place(a2, b2) or (a2.size, a2.colour) == (b2.size, b2.colour)):
                break
            end += 1
        text = "".join(c.char for c in ca[i + k:i + end])
        if moved:
            out.append(TextChange(Change.MOVED, text, text, a.x, a.y, f"by {dx:+.2f}, {dy:+.2f} pt"))
        else:
            out.append(TextChange(Change.RESTYLED, text, text, a.x, a.y,
                                  f"size {a.size:g} → {b.size:g}, colour {a.colour[:3]} → {b.colour[:3]}"))
        k = end
    return out


def compare_text(ca: tuple[DrawnChar, ...], cb: tuple[DrawnChar, ...]) -> list[TextChange]:
    matcher = difflib.SequenceMatcher(None, "".join(c.char for c in ca), "".join(c.char for c in cb),
                                      autojunk=False)
    out: list[TextChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += _equal_block(ca, cb, i1, j1, i2 - i1)
            continue
        kind = {"replace": Change.CHANGED, "delete": Change.REMOVED, "insert": Change.ADDED}[op]
        where = ca[i1] if i1 < len(ca) else (cb[j1] if j1 < len(cb) else DrawnChar("", 0, 0, 0, (0, 0, 0, 0)))
        if kind is Change.ADDED and j1 < len(cb):
            where = cb[j1]
        out.append(TextChange(kind, _context(ca, i1, i2), _context(cb, j1, j2), where.x, where.y))
    return out


def _regions(mask: Image.Image, scale: float) -> list[tuple[float, float, float, float]]:
    w, h = mask.size
    cols, rows = -(-w // CELL), -(-h // CELL)
    small = mask.resize((cols, rows), Image.Resampling.BOX).point(lambda v: 255 if v else 0)
    data = small.load()
    assert data is not None
    seen: set[tuple[int, int]] = set()
    out: list[tuple[float, float, float, float]] = []
    for y in range(rows):
        for x in range(cols):
            if not data[x, y] or (x, y) in seen:
                continue
            stack = [(x, y)]
            seen.add((x, y))
            x0 = x1 = x
            y0 = y1 = y
            while stack:
                cx, cy = stack.pop()
                x0, x1, y0, y1 = min(x0, cx), max(x1, cx), min(y0, cy), max(y1, cy)
                for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                    if 0 <= nx < cols and 0 <= ny < rows and data[nx, ny] and (nx, ny) not in seen:
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            unit = CELL / scale
            out.append((x0 * unit, y0 * unit, (x1 + 1) * unit, (y1 + 1) * unit))
    return sorted(out, key=lambda r: (r[1], r[0]))


def _pixels(ia: Image.Image, ib: Image.Image, scale: float, draw: bool = True
            ) -> tuple[float, list[tuple[float, ...]], Image.Image | None]:
    """The share of changed pixels, the changed regions, and (if `draw`) the changes in red over faded B."""
    if ia.size != ib.size:
        ia = ia.resize(ib.size)
    delta = ImageChops.difference(ia.convert("L"), ib.convert("L")).point(lambda v: 255 if v > THRESHOLD else 0)
    share = delta.histogram()[255] / (delta.width * delta.height)
    regions = _regions(delta, scale) if share else []
    if not draw:
        return share, regions, None  # type: ignore[return-value]
    faded = Image.blend(ib, Image.new("RGB", ib.size, "white"), 0.7)
    red = Image.new("RGB", ib.size, (230, 0, 40))
    return share, regions, Image.composite(red, faded, delta)  # type: ignore[return-value]


def compare_page(number: int, a: PageContent, b: PageContent, ia: Image.Image, ib: Image.Image,
                 scale: float, draw: bool = True) -> PageDiff:
    share, regions, image = _pixels(ia, ib, scale, draw)
    shapes_a, shapes_b = Counter(a.shapes), Counter(b.shapes)
    boxes = [name for (name, box_a), (_n, box_b) in zip(a.boxes, b.boxes, strict=True) if box_a != box_b]
    return PageDiff(number, share, regions, compare_text(a.chars, b.chars),  # type: ignore[arg-type]
                    sorted((shapes_b - shapes_a).elements(), key=repr),
                    sorted((shapes_a - shapes_b).elements(), key=repr), boxes, image)


def _pair(docs: tuple[Any, Any], i: int, dpi: float) -> tuple[Raster, Raster, str]:
    """Page i of A and of B drawn at the same resolution (the lower one if either is too large)."""
    sizes = [docs[k][i].get_size() for k in (0, 1)]
    used = min(fitting_dpi(w, h, dpi) for w, h in sizes)
    ra, rb = render_page(docs[0], i, used), render_page(docs[1], i, used)
    note = "" if used == dpi else (f"page {i + 1}: compared at {used:g} dpi instead of {dpi:g} (a page image has "
                                   f"at most {MAX_RASTER_PIXELS:,} pixels, MAX_RASTER_PIXELS)")
    return ra, rb, note


def diff_pdfs(a: bytes, b: bytes, dpi: float = 50.0, names: tuple[str, str] = ("A", "B"),
              notes: list[str] | None = None) -> Diff:
    """Page by page, one pair of page images at a time (nothing but the findings is kept)."""
    docs = (open_document(a, names[0]), open_document(b, names[1]))
    try:
        counts = (len(docs[0]), len(docs[1]))
        pages: list[PageDiff] = []
        for i in range(max(counts)):
            if i >= min(counts):
                pages.append(PageDiff(i + 1, 1.0, []))
                continue
            ra, rb, note = _pair(docs, i, dpi)
            if note and notes is not None:
                notes.append(note)
            ca, cb = (_content(d, i) for d in docs)
            pages.append(compare_page(i + 1, ca, cb, ra.image, rb.image, ra.dpi / 72, draw=False))
            del ra, rb  # one pair of page images at a time; the report draws them again
        return Diff(pages, counts)
    finally:
        for d in docs:
            d.close()


def _content(doc: Any, i: int) -> PageContent:
    page = doc[i]
    try:
        return read_page(page)
    finally:
        page.close()


def write_report(diff: Diff, out_dir: Path, a: bytes, b: bytes, dpi: float, tolerance: float) -> Path:
    """a-NN.png, b-NN.png and diff-NN.png per page and report.html with A, B, the diff and the text changes side
    by side; the pages are drawn again one pair at a time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = (open_document(a), open_document(b))
    rows = []
    try:
        for p in diff.pages:
            names = _page_images(docs, p.page, dpi, out_dir)
            cells = "".join(f'<td><img src="{names[t]}" width="360"></td>' if t in names else "<td>—</td>"
                            for t in ("a", "b", "diff"))
            items = [c.describe() for c in p.text] + [f"+ {s.describe()}" for s in p.shapes_added] + \
                [f"− {s.describe()}" for s in p.shapes_removed] + [f"{b} differs" for b in p.boxes]
            text = "".join(f"<li>{html.escape(item)}</li>" for item in items[:200])
            state = "changed" if p.differs(tolerance) else "same"
            rows.append(f"<tr><th>page {p.page}<br>{state}<br>{p.share * 100:.3f}%</th>{cells}"
                        f"<td><ul>{text}</ul></td></tr>")
    finally:
        for d in docs:
            d.close()
    page = ("<!doctype html><meta charset=utf-8><title>layout diff</title>"
            "<style>td,th{vertical-align:top;padding:4px;font:12px sans-serif}</style>"
            f"<pre>{html.escape(diff.report(tolerance))}</pre><table><tr><th></th><th>A</th><th>B</th>"
            f"<th>changes</th><th>text and objects</th></tr>{''.join(rows)}</table>")
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _page_images(docs: tuple[Any, Any], number: int, dpi: float, out_dir: Path) -> dict[str, str]:
    """Write page `number`'s images (A, B, and the diff when both have the page); their file names."""
    i = number - 1
    names: dict[str, str] = {}
    if i < min(len(docs[0]), len(docs[1])):
        ra, rb, _note = _pair(docs, i, dpi)
        drawn = _pixels(ra.image, rb.image, ra.dpi / 72)[2]
        images: dict[str, Image.Image] = {"a": ra.image, "b": rb.image}
        if drawn is not None:
            images["diff"] = drawn
    else:
        images = {tag: render_page(d, i, dpi).image for tag, d in (("a", docs[0]), ("b", docs[1])) if i < len(d)}
    for tag, img in images.items():
        names[tag] = f"{tag}-{number:02d}.png"
        img.save(out_dir / names[tag])
    return names
