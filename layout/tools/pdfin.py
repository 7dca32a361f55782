"""Opening a PDF that came from outside — a plate, a reference, anybody's file — within named bounds.

`layout preflight`, `layout diff` and `layout proof FILE.pdf` open every PDF here before anything parses,
renders or walks it. One message per file (exit 2), never a traceback, never a hang:

- the path must be a regular file within `MAX_PDF_BYTES` (a folder, a FIFO, a device or a dangling link
  is named as what it is; a name that is not UTF-8 is shown with its bytes as \\xNN);
- its first `HEAD` bytes must hold `%PDF-` (else "not a PDF: starts with …", naming JPEG, PNG …), its
  last `TAIL` bytes `%%EOF` (else "truncated PDF");
- pypdf must read it (any parse error is one message), it must not be encrypted, it has at most
  `MAX_PAGES` pages, each page's MediaBox at most `MAX_PAGE_SIDE` pt a side;
- everything a page draws from (its contents, resources, forms, fonts, annotations' appearances) is walked
  once: at most `MAX_OBJECTS` objects; each stream other than an image decodes to at most
  `MAX_STREAM_BYTES`, and all of them (a page's content counted as often as the page names it) to at most
  `MAX_DECODED_BYTES`, measured by inflating in 1 MB steps without keeping the output (a deflate bomb is
  refused after `MAX_STREAM_BYTES`, whatever it claims); an image has at most `MAX_IMAGE_PIXELS`, an image
  XObject and an inline one (`BI … ID … EI`, its dictionary found while a content stream is inflated) alike;
  a JPEG image's own size (its frame header, `layout.plant.jpeg`) must be its /Width × /Height;
- what a page draws — its content with every form expanded each time it is drawn (`/Name Do`, found while
  inflating) — is at most `MAX_DRAWN_BYTES`: forms drawing forms ten times over, ten deep, are refused
  before a renderer spends hours on them; forms nest at most `MAX_FORM_DEPTH` deep (the bound of the
  preflight's content walk, `layout.plant.walk`: one bound, one meaning); a form that draws itself is an error.

The bounds are documented in docs/errors.md ("The PDF tools") and docs/proofs.md.
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layout.errors import LayoutError, error, escape_controls
from layout.infra.files import LIMITS, MB, read_regular
from layout.plant.jpeg import mismatch
from layout.plant.pdfops import MAX_INLINE_DICT, inline_image
from layout.plant.walk import MAX_FORM_DEPTH  # one bound for the opener and the preflight's walk

MAX_PDF_BYTES = LIMITS["pdf"]  # 500 MB: a file larger than this is not read at all
HEAD = 1024  # `%PDF-` must start within the first 1,024 bytes (as readers accept)
TAIL = 1024  # `%%EOF` must be within the last 1,024 bytes: else the file was cut off
MAX_PAGES = 1_000  # a newspaper edition has at most 999 pages (`pages_total`)
MAX_PAGE_SIDE = 14_400.0  # pt (200 in, 5.08 m): PDF's own limit for a page side (ISO 32000-1, Annex C)
MAX_OBJECTS = 500_000  # objects reached from the pages (a 999-page edition has about 50,000)
MAX_STREAM_BYTES = 128 * MB  # one decoded stream that is not an image (a page's content, a form, a font)
MAX_DECODED_BYTES = 1024 * MB  # all those decoded streams of one file together
MAX_DRAWN_BYTES = 512 * MB  # a page's content with its forms expanded each time they are drawn
MAX_IMAGE_PIXELS = 120_000_000  # an image drawn on a page (as for the edition's photos, layout/infra/imagefiles.py)
CHUNK = 1 * MB  # inflate step
HINT = "ask the sender for the file again, exported as PDF and complete"
KNOWN = ((b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
         (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"PK\x03\x04", "a ZIP archive"),
         (b"%!PS", "a PostScript file"), (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
         (b"{\\rtf", "an RTF document"), (b"<", "HTML or XML"))


def shown(path: Path | str) -> str:
    """A path as a message shows it (`escape_controls`): control characters as \\x1b, bytes that are not
    UTF-8 as \\xff."""
    return escape_controls(str(path), keep_newlines=False)


@dataclass
class Opened:
    """A PDF that passed every bound: its bytes, pypdf's reader and its page count."""

    name: str
    data: bytes
    reader: Any
    pages: int


def read_pdf(path: Path, what: str = "PDF") -> bytes:
    """The bytes of the file at `path`, or one error saying what the path is instead of a PDF file."""
    name = shown(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise error(f"{what} not found: {name}", name, hint="check the path") from None
    except OSError as exc:
        raise error(f"cannot read {what} {name}: {exc.strerror}", name) from None
    if stat.S_ISLNK(st.st_mode) and not path.exists():
        target = shown(os.readlink(path))
        raise error(f"the {what} is a link to '{target}', which leads nowhere", name, hint="fix the link or delete it")
    return read_regular(path, what, MAX_PDF_BYTES, name)


def describe_start(data: bytes) -> str:
    """What the first bytes of a file that is not a PDF look like: `starts with "hello" (text)`."""
    head = data[:16]
    kind = next((k for magic, k in KNOWN if data.lstrip()[:len(magic)] == magic), None)
    if kind is None:
        try:
            text = data[:400].decode("utf-8")
            kind = "text" if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text) else None
        except UnicodeDecodeError:
            kind = None
    if kind == "text" or all(32 <= b < 127 for b in head):
        line = data[:400].decode("utf-8", "replace").strip().splitlines()[0][:16]
        start = f'"{escape_controls(line, False)}"'
    else:
        start = " ".join(f"{b:02X}" for b in head[:8])
    return f"starts with {start}" + (f" ({kind})" if kind else "")


def check_framing(data: bytes, name: str) -> None:
    """`%PDF-` near the start, `%%EOF` near the end."""
    if not data:
        raise error("not a PDF: the file is empty (0 bytes)", name, hint=HINT)
    if b"%PDF-" not in data[:HEAD]:
        raise error(f"not a PDF: {describe_start(data)}; a PDF starts with %PDF- within its first {HEAD:,} bytes",
                    name, hint=HINT)
    if b"%%EOF" not in data[-TAIL:]:
        raise error(f"truncated PDF: no %%EOF in its last {TAIL:,} bytes (the file is {len(data):,} bytes): "
                    "it was cut off", name, hint="copy or download it again")


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf's warnings ("EOF marker not found" …) are not printed: the bounds say what is wrong, once."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def open_pdf(path: Path, what: str = "PDF") -> Opened:
    """Read and open the PDF at `path` within every bound, or one error naming the file and the bound."""
    data = read_pdf(path, what)
    return open_pdf_bytes(data, shown(path))


def open_pdf_bytes(data: bytes, name: str) -> Opened:
    check_framing(data, name)
    import pypdf

    with quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise error("the PDF is encrypted (password-protected): it cannot be checked or compared unchanged",
                            name, hint="ask for the file without a password")
            tree_pages(reader, name)
            count = len(reader.pages)
            Walk(name).pages(reader)
            same_count(data, count, name)
        except LayoutError:
            raise
        except Exception as exc:  # whatever pypdf raises on a broken file is one message
            raise error(f"cannot read the PDF ({type(exc).__name__}: {escape_controls(str(exc)[:200], False)})",
                        name, hint=HINT) from None
    return Opened(name, data, reader, count)


def too_many_pages(count: str, name: str) -> LayoutError:
    return error(f"the PDF has {count} pages; the limit is {MAX_PAGES:,} (MAX_PAGES)", name,
                 hint="split it (e.g. qpdf --split-pages) and give the parts")


def tree_pages(reader: Any, name: str) -> int:
    """The pages of the page tree, counted before pypdf gathers them (which it does whatever /Count says):
    over MAX_PAGES by the tree's own /Count, or by counting its leaves, is an error at once."""
    pages = reader.trailer["/Root"].get_object()["/Pages"]
    claimed = pages.get_object().get("/Count", 0)
    if int(claimed) > MAX_PAGES:
        raise too_many_pages(f"{int(claimed):,}", name)
    count, seen, stack = 0, set(), [pages]
    while stack:
        node = stack.pop()
        key = _key(node)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        kids = node.get_object().get("/Kids")
        if kids is None:
            count += 1
            if count > MAX_PAGES:
                raise too_many_pages(f"more than {MAX_PAGES:,}", name)
        else:
            stack += list(kids.get_object())[:MAX_PAGES + 1]
    return count


def same_count(data: bytes, count: int, name: str) -> None:
    """PDFium (which draws the pages) must count the pages pypdf walked: it trusts the page tree's /Count."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        drawn = len(doc)
    finally:
        doc.close()
    if drawn != count:
        raise error(f"the page tree is broken: its /Count says {drawn:,} pages, it holds {count:,}", name, hint=HINT)


def _filters(obj: Any) -> list[str]:
    f = obj.get("/Filter")
    if f is None:
        return []
    f = f.get_object()
    return [str(x) for x in f] if isinstance(f, list) else [str(f)]


def _chunks(raw: bytes) -> Iterator[bytes]:
    for i in range(0, len(raw), CHUNK):
        yield raw[i:i + CHUNK]


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Inflate step by step (at most CHUNK bytes out at a time): nothing is kept."""
    d = zlib.decompressobj(zlib.MAX_WBITS | 32)
    try:
        for chunk in chunks:
            while chunk and not d.eof:
                out = d.decompress(chunk, CHUNK)
                chunk = d.unconsumed_tail
                if out:
                    yield out
            if d.eof:
                return
        rest = d.flush()
        if rest:
            yield rest
    except zlib.error:
        return  # broken data: a reader stops there too


@dataclass
class Measured:
    """A stream as decoded: its size (counted to just over the limit) and the XObjects it draws (`/Name Do`)."""

    size: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    tail: bytes = b""
    inline: tuple[int, int] = (0, 0)  # the inline image (`BI … ID`) with the most pixels: width, height

    def feed(self, out: bytes) -> None:
        """Count a piece of the decoded stream, the `Do` operators in it and its inline images' pixels (one
        split across pieces too)."""
        self.size += len(out)
        text = self.tail + out
        for m in DO.finditer(text):
            if m.end() > len(self.tail):
                self.calls[m.group(1).decode("latin-1")] += 1
        for m in INLINE.finditer(text):
            if m.end() > len(self.tail):
                image = inline_image(m.group(1))
                if image.width * image.height > self.inline[0] * self.inline[1]:
                    self.inline = (image.width, image.height)
        self.tail = text[-OVERLAP:]


DO = re.compile(rb"/([^\s/\[\]()<>{}%]{1,127})\s*Do(?![^\s/\[\]()<>{}%])")
INLINE = re.compile(rb"(?<![^\s\[\]()<>{}/%])BI(?=\s)(.{0," + str(MAX_INLINE_DICT).encode() + rb"}?[\s\])>])ID\s",
                    re.S)
OVERLAP = MAX_INLINE_DICT + 16  # bytes of a decoded piece kept to find a `/Name Do` or a `BI … ID` split in two


def measure(obj: Any, limit: int) -> Measured:
    """Decode the stream step by step without keeping it: its size (up to just over `limit`) and its `Do`s."""
    filters = _filters(obj)
    raw: bytes = obj._data if hasattr(obj, "_data") else b""
    found = Measured()
    if not filters:
        stream: Iterable[bytes] = _chunks(raw)
    elif all(f in ("/FlateDecode", "/Fl") for f in filters):
        stream = _chunks(raw)
        for _ in filters:
            stream = _inflate(stream)
    else:
        from pypdf.errors import LimitReachedError

        try:
            stream = _chunks(obj.get_data())
        except LimitReachedError:  # pypdf's own cap (75 MB) on the other filters
            found.size = limit + 1
            return found
    for out in stream:
        found.feed(out)
        if found.size > limit:
            break
    return found


def decoded_size(obj: Any, limit: int) -> int:
    """How many bytes the stream decodes to, counted up to just over `limit` (then the count stops)."""
    return measure(obj, limit).size


@dataclass
class Walk:
    """Every object a page draws from, once; streams measured, images' pixels counted; what a page draws,
    its forms expanded as often as they are drawn, bounded by MAX_DRAWN_BYTES."""

    name: str
    seen: set[tuple[int, int]] = field(default_factory=set)
    streams: dict[tuple[int, int], Measured] = field(default_factory=dict)
    drawn_memo: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # bytes, forms below
    objects: int = 0
    decoded: int = 0

    def pages(self, reader: Any) -> None:
        for number, page in enumerate(reader.pages, 1):
            self.page(page, number)

    def page(self, page: Any, number: int) -> None:
        box = page.mediabox
        w, h = abs(float(box.width)), abs(float(box.height))
        if max(w, h) > MAX_PAGE_SIDE:
            raise error(f"page {number} is {w:,.0f} × {h:,.0f} pt; a page side is at most {MAX_PAGE_SIDE:,.0f} pt "
                        "(MAX_PAGE_SIDE, 5.08 m: PDF's own limit)", self.name, hint=HINT)
        if min(w, h) < 1:
            raise error(f"page {number} is {w:g} × {h:g} pt: its MediaBox is empty", self.name, hint=HINT)
        contents = page.get("/Contents")
        refs = contents.get_object() if contents is not None else []
        resources = page.get("/Resources")  # pypdf has copied inherited /Resources into the page
        self.visit(resources, number)
        self.visit(page.get("/Annots"), number)
        drawn = 0
        for ref in refs if isinstance(refs, list) else [contents]:
            key = _key(ref)
            if key is not None and key in self.seen:  # a content named twice is decoded twice
                self.count(self.streams[key].size if key in self.streams else 0, number)
            else:
                self.visit(ref, number)
            if key is not None:
                drawn += self.drawn(key, _xobjects(resources), (), number)
            if drawn > MAX_DRAWN_BYTES:
                raise self.too_much_drawn(number)

    def too_much_drawn(self, number: int) -> LayoutError:
        return error(f"page {number}: its content with its forms drawn as often as they are used is more than "
                     f"{MAX_DRAWN_BYTES // MB:,} MB (MAX_DRAWN_BYTES): forms that draw forms many times over",
                     self.name, hint=HINT)

    def drawn(self, key: tuple[int, int], xobjects: Any, trail: tuple[tuple[int, int], ...], number: int) -> int:
        """The bytes a reader parses for this stream, each form it draws counted each time it is drawn. `trail`:
        the streams drawing it, the page's content first (its length is how many forms deep this one is)."""
        if key in self.drawn_memo:
            total, below = self.drawn_memo[key]
            if len(trail) + below > MAX_FORM_DEPTH:  # drawn deeper here than where it was first measured
                raise self.too_deep(number)
            return total
        if key in trail:
            raise error(f"page {number}: a form draws itself (directly or through other forms)", self.name, hint=HINT)
        if len(trail) > MAX_FORM_DEPTH:
            raise self.too_deep(number)
        found = self.streams.get(key)
        total, below = (found.size if found else 0), 0
        for name, times in (found.calls.items() if found else ()):
            target = xobjects.get("/" + name) if xobjects is not None else None
            inner = _key(target)
            if target is None or inner is None or inner not in self.streams:  # an image, or nothing
                continue
            own = _xobjects(target.get_object().get("/Resources"))
            total += times * self.drawn(inner, own if own is not None else xobjects, (*trail, key), number)
            below = max(below, 1 + self.drawn_memo[inner][1])
            if total > MAX_DRAWN_BYTES:
                raise self.too_much_drawn(number)
        self.drawn_memo[key] = (total, below)
        return total

    def too_deep(self, number: int) -> LayoutError:
        return error(f"page {number}: a form is nested more than {MAX_FORM_DEPTH} forms deep (MAX_FORM_DEPTH): "
                     "a renderer follows forms inside forms only so far", self.name, hint=HINT)

    def count(self, size: int, number: int) -> None:
        self.decoded += size
        if self.decoded > MAX_DECODED_BYTES:
            raise error(f"page {number}: the file's streams decode to more than {MAX_DECODED_BYTES // MB:,} MB "
                        "(MAX_DECODED_BYTES): a decompression bomb, or far more than a page needs",
                        self.name, hint=HINT)

    def visit(self, start: Any, number: int) -> None:
        from pypdf.generic import StreamObject

        stack = [start] if start is not None else []
        while stack:
            item = stack.pop()
            key = _key(item)
            if key is not None:
                if key in self.seen:
                    continue
                self.seen.add(key)
            self.objects += 1
            if self.objects > MAX_OBJECTS:
                raise error(f"page {number}: more than {MAX_OBJECTS:,} objects (MAX_OBJECTS)", self.name, hint=HINT)
            obj = item.get_object()
            if isinstance(obj, StreamObject):
                self.stream(obj, key, number)
            if isinstance(obj, dict):
                stack += [v for k, v in obj.items() if k not in ("/Parent", "/P")]
            elif isinstance(obj, list):
                stack += list(obj)

    def stream(self, obj: Any, key: tuple[int, int] | None, number: int) -> None:
        if obj.get("/Subtype") == "/Image":
            w, h = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            self.pixels(w, h, "an image", number)
            own = mismatch(w, h, obj)
            if own is not None:
                raise error(f"page {number}: an image says it is {w:,} × {h:,} pixels, its JPEG data is "
                            f"{own[0]:,} × {own[1]:,}: a broken image, drawn garbled or not at all", self.name,
                            hint=HINT)
            return
        found = measure(obj, MAX_STREAM_BYTES)
        if found.size > MAX_STREAM_BYTES:
            raise error(f"page {number}: a stream decodes to more than {MAX_STREAM_BYTES // MB} MB "
                        "(MAX_STREAM_BYTES): a decompression bomb, or far more than a page needs",
                        self.name, hint=HINT)
        self.pixels(*found.inline, "an inline image (BI … ID … EI)", number)
        if key is not None:
            found.tail = b""
            self.streams[key] = found
        self.count(found.size, number)

    def pixels(self, w: int, h: int, what: str, number: int) -> None:
        """An image (an XObject, or an inline one in a content stream) has at most MAX_IMAGE_PIXELS."""
        if w * h > MAX_IMAGE_PIXELS:
            raise error(f"page {number}: {what} of {w:,} × {h:,} pixels; an image has at most "
                        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels (MAX_IMAGE_PIXELS)", self.name, hint=HINT)


def _xobjects(resources: Any) -> Any:
    """The /XObject dictionary of a resource dictionary (or None)."""
    if resources is None:
        return None
    xobjects = resources.get_object().get("/XObject")
    return xobjects.get_object() if xobjects is not None else None


def _key(item: Any) -> tuple[int, int] | None:
    from pypdf.generic import IndirectObject

    return (item.idnum, item.generation) if isinstance(item, IndirectObject) else None
