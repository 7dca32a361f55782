"""The edition's file from its page files, without parsing what they draw.

Each page file is one of ours: written by ReportLab (`layout.render.pdf`), or by pypdf where an ad was
placed (`layout.render.ads`): a classic cross-reference table, one page. The join reads each file's
table, follows the references from its page object (not its /Parent) and copies every object it reaches
byte for byte, with only the object numbers in the references renumbered (streams are copied as they
are: compressed content and font programs are never decoded). Strings are skipped when references are
looked for, so a string that reads like `1 0 R` stays as it is. The joined file gets its own Catalog,
page tree, Info, OutputIntent and IDs (`layout.render.pdfxparts`). A file not of that shape raises `NotJoinable`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from layout.plant.pdfops import _skip_string

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_TRAILER_ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_OBJ = re.compile(rb"(\d+)\s+0\s+obj")
# what a dictionary's bytes hold that matters here: strings (skipped), references, the stream keyword
_TOKENS = re.compile(rb"\((?:[^()\\]|\\.)*\)|(?P<nested>\()|<<|<[0-9A-Fa-f\s]*>|(?P<ref>(?P<num>\d+)\s+0\s+R)(?![\w])"
                     rb"|(?P<stream>stream)(?:\r\n|\n)|(?P<end>endobj)", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+0\s+R)?")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_TYPE_PAGES = re.compile(rb"/Type\s*/Pages\b")
_PARENT = re.compile(rb"/Parent\s+\d+\s+0\s+R")
_INHERITED = re.compile(rb"/(Resources|MediaBox|CropBox|Rotate)\b")
_REFS = re.compile(rb"(\d+)\s+0\s+R")


class NotJoinable(ValueError):
    """A page file that is not of the shape the join reads."""


@dataclass(slots=True)
class Parsed:
    """One object: its body split at the references (`parts[i]`, then reference `refs[i]`, …), the raw
    stream (with `stream`…`endstream`) if any."""

    parts: list[bytes]
    refs: list[int]
    stream: bytes = b""


@dataclass(slots=True)
class Source:
    data: bytes
    offsets: dict[int, int]
    cache: dict[int, Parsed] = field(default_factory=dict)

    def get(self, number: int) -> Parsed:
        found = self.cache.get(number)
        if found is None:
            found = self.cache[number] = _parse(self, number)
        return found


def read_source(data: bytes) -> tuple[Source, int]:
    """The file's objects (by number → offset) and its Catalog's number."""
    tail = data[-1024:]
    m = _STARTXREF.search(tail)
    if m is None or b"/Prev" in tail or b"/Encrypt" in tail:
        raise NotJoinable("no single cross-reference table")
    at = int(m.group(1))
    if data[at:at + 4] != b"xref":
        raise NotJoinable("a cross-reference stream")
    offsets: dict[int, int] = {}
    pos = at + 4
    while True:
        while data[pos:pos + 1] in (b"\r", b"\n", b" "):
            pos += 1
        sec = _SECTION.match(data, pos)
        if sec is None:
            break
        first, count = int(sec.group(1)), int(sec.group(2))
        pos = sec.end()
        for n in range(count):
            entry = data[pos + 20 * n:pos + 20 * n + 18]
            if entry.endswith(b"n"):
                offsets[first + n] = int(entry[:10])
        pos += 20 * count
    root = _TRAILER_ROOT.search(data, pos)
    if root is None:
        raise NotJoinable("no /Root in the trailer")
    return Source(data, offsets), int(root.group(1))


def _parse(src: Source, number: int) -> Parsed:
    data = src.data
    at = src.offsets.get(number)
    head = _OBJ.match(data, at) if at is not None else None
    if head is None or int(head.group(1)) != number:
        raise NotJoinable(f"object {number} is not where the table says")
    parsed = Parsed([], [])
    pos = start = head.end()
    while True:
        m = _TOKENS.search(data, pos)
        if m is None:
            raise NotJoinable(f"object {number} does not end")
        if m.group("nested") is not None:
            pos = _skip_string(data, m.start())
            continue
        if m.group("ref") is not None:
            parsed.parts.append(data[start:m.start()])
            parsed.refs.append(int(m.group("num")))
            pos = start = m.end()
            continue
        if m.group("stream") is not None:
            parsed.parts.append(data[start:m.start()])
            end = m.end() + _length(src, data[start:m.start()])
            close = data.find(b"endobj", end)
            if close < 0 or data.find(b"endstream", end, close) < 0:
                raise NotJoinable(f"object {number}: the stream's /Length is wrong")
            parsed.stream = data[m.start():close]
            return parsed
        if m.group("end") is not None:
            parsed.parts.append(data[start:m.start()])
            return parsed
        pos = m.end()


def _length(src: Source, head: bytes) -> int:
    m = _LENGTH.search(head)
    if m is None:
        raise NotJoinable("a stream without /Length")
    if m.group(2) is None:
        return int(m.group(1))
    body = src.get(int(m.group(1))).parts[0].strip()  # an indirect length: `N 0 obj 1234 endobj`
    if not body.isdigit():
        raise NotJoinable("an indirect /Length that is not a number")
    return int(body)


def page_numbers(src: Source, root: int) -> tuple[list[int], set[int]]:
    """The file's pages in order, and its page tree nodes."""
    catalog = _joined(src.get(root))
    pages_ref = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalog)
    if pages_ref is None:
        raise NotJoinable("no page tree")
    out: list[int] = []
    nodes: set[int] = set()
    todo = [int(pages_ref.group(1))]
    while todo:
        number = todo.pop(0)
        body = _joined(src.get(number))
        if _TYPE_PAGES.search(body) is None:
            out.append(number)
            continue
        if _INHERITED.search(body) is not None or number in nodes:
            raise NotJoinable("a page tree node with inherited attributes")
        nodes.add(number)
        kids = _KIDS.search(body)
        todo[:0] = [int(k) for k in _REFS.findall(kids.group(1))] if kids else []
    return out, nodes


def _joined(parsed: Parsed) -> bytes:
    out = [parsed.parts[0]]
    for ref, part in zip(parsed.refs, parsed.parts[1:], strict=False):
        out += [b"%d 0 R" % ref, part]
    return b"".join(out)


@dataclass(slots=True)
class Writer:
    """The joined file being written: object number → its bytes (from `obj` to `endobj`)."""

    objects: dict[int, bytes] = field(default_factory=dict)
    next: int = 1

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def put(self, number: int, body: bytes) -> None:
        self.objects[number] = b"%d 0 obj\n" % number + body + b"\nendobj\n"


def copy_pages(out: Writer, data: bytes, parent: int) -> list[int]:
    """Copy one file's pages (and all they refer to) into `out`; their new numbers."""
    src, root = read_source(data)
    pages, nodes = page_numbers(src, root)
    new: dict[int, int] = dict.fromkeys(nodes, parent)
    todo: list[int] = []

    def number(old: int) -> int:
        found = new.get(old)
        if found is None:
            found = new[old] = out.reserve()
            todo.append(old)
        return found

    placed = [number(p) for p in pages]
    while todo:
        old = todo.pop()
        _copy(out, src.get(old), new[old], number)
    for old in pages:
        if _PARENT.search(out.objects[new[old]]) is None:
            raise NotJoinable("a page without /Parent")
    return placed


def _copy(out: Writer, parsed: Parsed, to: int, number: Callable[[int], int]) -> None:
    body = [parsed.parts[0]]
    for ref, part in zip(parsed.refs, parsed.parts[1:], strict=False):
        body += [b"%d 0 R" % number(ref), part]
    out.put(to, b"".join(body).strip() + (b"\n" + parsed.stream if parsed.stream else b""))
