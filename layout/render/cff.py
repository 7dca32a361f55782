"""A CFF subsetter for embedding: read a face's CFF table in place, write a small CID-keyed CFF.

fontTools' subsetter decompiles and executes every kept charstring in Python (seconds per face per page
for a CJK page). Here the source table is read where it lies (the font file is memory-mapped; INDEX
entries are found by offset, nothing is parsed that a page does not use), and each kept glyph is scanned
once per process for the subroutines it calls (a scan counts operands and stems; it does not draw). The
kept subroutines are renumbered and the call operands rewritten; glyph programs are otherwise copied byte
for byte, so the outlines and hints are the face's own.

The result: Top DICT (ROS Adobe-Identity-0, CIDCount, FontMatrix and FontBBox as the source), charset
with CID = code (glyph i + 1 draws codes[i]; glyph 0 is .notdef), FDSelect, the CharStrings, and the
FDArray of the Font DICTs the kept glyphs use, each with its Private DICT and pruned local Subrs.
A charstring using the deprecated arithmetic or storage operators raises `Unsupported`.
"""

from __future__ import annotations

import bisect
import mmap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

OP_ROS, OP_CIDCOUNT, OP_FONTMATRIX, OP_FDARRAY, OP_FDSELECT = 1230, 1234, 1207, 1236, 1237
OP_FONTBBOX, OP_CHARSET, OP_CHARSTRINGS, OP_PRIVATE, OP_SUBRS = 5, 15, 17, 18, 19
OP_DEFAULTWIDTH, OP_NOMINALWIDTH = 20, 21
STEMS = {1, 3, 18, 23}  # hstem vstem hstemhm vstemhm
MASKS = {19, 20}  # hintmask cntrmask
FLEX = {34, 35, 36, 37}  # the escaped operators a glyph may use besides arithmetic
PATH = {4, 5, 6, 7, 8, 21, 22, 24, 25, 26, 27, 30, 31}


class Unsupported(Exception):
    """A charstring this scanner does not follow (deprecated arithmetic or storage operators)."""


def bias(count: int) -> int:
    return 107 if count < 1240 else 1131 if count < 33900 else 32768


class Index:
    """A CFF INDEX read in place: entries by number, without reading the others."""

    def __init__(self, buf: mmap.mmap | bytes, pos: int) -> None:
        self.buf = buf
        self.count = int.from_bytes(buf[pos:pos + 2], "big")
        if self.count == 0:
            self.size, self.offsets, self.data, self.end = 0, pos + 2, pos + 2, pos + 2
            return
        self.size = buf[pos + 2]
        self.offsets = pos + 3
        self.data = self.offsets + (self.count + 1) * self.size - 1
        self.end = self.data + self._offset(self.count)

    def _offset(self, i: int) -> int:
        at = self.offsets + i * self.size
        return int.from_bytes(self.buf[at:at + self.size], "big")

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> bytes:
        if not 0 <= i < self.count:
            raise Unsupported(f"INDEX entry {i} of {self.count}")
        return bytes(self.buf[self.data + self._offset(i):self.data + self._offset(i + 1)])


def _real_length(data: bytes, i: int) -> int:
    """Bytes of a DICT real number starting at data[i] (the 30 byte), up to its 0xf nibble."""
    j = i + 1
    while j < len(data) and (data[j] & 0x0F) != 0x0F and (data[j] >> 4) != 0x0F:
        j += 1
    return j + 1 - i


def parse_dict(data: bytes) -> list[tuple[int, bytes, list[int]]]:
    """A DICT's entries: (operator, its operands' bytes, the integer operands; reals count as 0)."""
    out: list[tuple[int, bytes, list[int]]] = []
    values: list[int] = []
    start, i = 0, 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:
            op = 1200 + data[i + 1] if b0 == 12 else b0
            out.append((op, data[start:i], values))
            i += 2 if b0 == 12 else 1
            start, values = i, []
            continue
        if b0 == 28:
            values.append(int.from_bytes(data[i + 1:i + 3], "big", signed=True))
            i += 3
        elif b0 == 29:
            values.append(int.from_bytes(data[i + 1:i + 5], "big", signed=True))
            i += 5
        elif b0 == 30:
            values.append(0)
            i += _real_length(data, i)
        elif 32 <= b0 <= 246:
            values.append(b0 - 139)
            i += 1
        elif 247 <= b0 <= 250:
            values.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b0 <= 254:
            values.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise Unsupported(f"DICT byte {b0}")
    return out


def cs_number(value: int) -> bytes:
    """A Type 2 charstring integer."""
    if -107 <= value <= 107:
        return bytes((value + 139,))
    if 108 <= value <= 1131:
        v = value - 108
        return bytes((v // 256 + 247, v % 256))
    if -1131 <= value <= -108:
        v = -value - 108
        return bytes((v // 256 + 251, v % 256))
    return b"\x1c" + value.to_bytes(2, "big", signed=True)


def dict_int(value: int) -> bytes:
    """A DICT integer in the fixed 5-byte form (so offsets can be laid out before they are known)."""
    return b"\x1d" + value.to_bytes(4, "big", signed=True)


def dict_op(op: int) -> bytes:
    return bytes((12, op - 1200)) if op >= 1200 else bytes((op,))


def write_index(items: list[bytes]) -> bytes:
    if not items:
        return b"\0\0"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = 1 if offsets[-1] < 1 << 8 else 2 if offsets[-1] < 1 << 16 else 3 if offsets[-1] < 1 << 24 else 4
    return (len(items).to_bytes(2, "big") + bytes((size,)) + b"".join(o.to_bytes(size, "big") for o in offsets)
            + b"".join(items))


@dataclass
class FontDict:
    """One Font DICT of the source: its Private DICT's entries, local Subrs, FontMatrix and widths."""

    private: list[tuple[int, bytes, list[int]]]
    subrs: Index | None
    matrix: bytes | None  # the FontMatrix operands' bytes, if the dict has one
    default_width: int = 0
    nominal_width: int = 0


Site = tuple[int, int, bool, int]  # a call's operand: start, end, global?, subroutine number


@dataclass
class Source:
    """A face's CFF table, read in place from the memory-mapped font file."""

    buf: mmap.mmap | bytes
    base: int
    top: dict[int, tuple[bytes, list[int]]]
    gsubrs: Index
    charstrings: Index
    fds: list[FontDict]
    fd_of: Callable[[int], int]
    sites: dict[tuple[int, ...], list[Site]] = field(default_factory=dict)
    ends: dict[tuple[int, ...], int] = field(default_factory=dict)
    uses: dict[int, tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)
    programs: dict[tuple[int, ...], bytes] = field(default_factory=dict)
    cut: dict[tuple[int, ...], tuple[tuple[bytes, ...], tuple[tuple[bool, int], ...]]] = field(default_factory=dict)

    @property
    def has_subroutines(self) -> bool:
        return len(self.gsubrs) > 0 or any(fd.subrs is not None and len(fd.subrs) > 0 for fd in self.fds)

    def pieces(self, key: tuple[int, ...]) -> tuple[tuple[bytes, ...], tuple[tuple[bool, int], ...]]:
        """A scanned program cut at its calls' operands (cut after its last operator that runs), and the calls
        (global?, subroutine number): what `_Renumber.rewrite` joins with the new numbers, once per process."""
        found = self.cut.get(key)
        if found is None:
            code = self.program(key)[:self.ends[key]]
            parts, at = [], 0
            for start, end, _glob, _number in self.sites[key]:
                parts.append(code[at:start])
                at = end
            parts.append(code[at:])
            found = self.cut[key] = tuple(parts), tuple((g, n) for _s, _e, g, n in self.sites[key])
        return found

    def program(self, key: tuple[int, ...]) -> bytes:
        """A charstring by key: (0, gid) a glyph, (1, i) a global subr, (2, fd, i) a local subr."""
        code = self.programs.get(key)
        if code is None:
            if key[0] == 0:
                code = self.charstrings[key[1]]
            elif key[0] == 1:
                code = self.gsubrs[key[1]]
            else:
                subrs = self.fds[key[1]].subrs
                if subrs is None:
                    raise Unsupported("callsubr without local subroutines")
                code = subrs[key[2]]
            self.programs[key] = code
        return code


def _font_dict(buf: mmap.mmap | bytes, base: int, entries: dict[int, tuple[bytes, list[int]]]) -> FontDict:
    size, offset = entries[OP_PRIVATE][1] if OP_PRIVATE in entries else (0, 0)
    private = parse_dict(bytes(buf[base + offset:base + offset + size]))
    found = {op: values for op, _raw, values in private}
    subrs = Index(buf, base + offset + found[OP_SUBRS][0]) if OP_SUBRS in found else None
    matrix = entries[OP_FONTMATRIX][0] if OP_FONTMATRIX in entries else None
    return FontDict([e for e in private if e[0] != OP_SUBRS], subrs, matrix,
                    found.get(OP_DEFAULTWIDTH, [0])[0], found.get(OP_NOMINALWIDTH, [0])[0])


def _fd_select(buf: mmap.mmap | bytes, pos: int, count: int) -> Callable[[int], int]:
    fmt = buf[pos]
    if fmt == 0:
        table = bytes(buf[pos + 1:pos + 1 + count])
        return lambda gid: table[gid]
    if fmt != 3:
        raise Unsupported(f"FDSelect format {fmt}")
    n = int.from_bytes(buf[pos + 1:pos + 3], "big")
    ranges = bytes(buf[pos + 3:pos + 3 + 3 * n])
    firsts = [int.from_bytes(ranges[3 * i:3 * i + 2], "big") for i in range(n)]
    return lambda gid: ranges[3 * (bisect.bisect_right(firsts, gid) - 1) + 2]


def open_source(path: Path, offset: int) -> Source:
    """The CFF table that starts at `offset` in the font file."""
    with path.open("rb") as fh:
        return read_source(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), offset)


def source_from_bytes(data: bytes) -> Source:
    return read_source(data, 0)


def read_source(buf: mmap.mmap | bytes, offset: int) -> Source:
    names = Index(buf, offset + buf[offset + 2])
    tops = Index(buf, names.end)
    strings = Index(buf, tops.end)
    gsubrs = Index(buf, strings.end)
    top = {op: (raw, values) for op, raw, values in parse_dict(tops[0])}
    charstrings = Index(buf, offset + top[OP_CHARSTRINGS][1][0])
    if OP_ROS not in top:  # name-keyed: one Private DICT, in the Top DICT
        return Source(buf, offset, top, gsubrs, charstrings, [_font_dict(buf, offset, top)], lambda gid: 0)
    fdarray = Index(buf, offset + top[OP_FDARRAY][1][0])
    fds = [_font_dict(buf, offset, {op: (raw, v) for op, raw, v in parse_dict(fdarray[i])})
           for i in range(len(fdarray))]
    return Source(buf, offset, top, gsubrs, charstrings, fds,
                  _fd_select(buf, offset + top[OP_FDSELECT][1][0], len(charstrings)))


def _number(code: bytes, i: int) -> tuple[int, int]:
    """The charstring number at code[i] (a 16.16 fixed counts as 0): (value, index after it)."""
    b0 = code[i]
    if b0 <= 246 and b0 != 28:
        return b0 - 139, i + 1
    if b0 <= 250 and b0 != 28:
        return (b0 - 247) * 256 + code[i + 1] + 108, i + 2
    if b0 <= 254 and b0 != 28:
        return -(b0 - 251) * 256 - code[i + 1] - 108, i + 2
    if b0 == 28:
        return int.from_bytes(code[i + 1:i + 3], "big", signed=True), i + 3
    return 0, i + 5


@dataclass
class _Scan:
    """Follows one glyph's charstring through its subroutines: which it calls, and where the calls are."""

    source: Source
    fd: int
    stems: int = 0
    depth: int = 0  # operands on the stack
    nesting: int = 0  # subroutine calls in progress (the Type 2 limit is 10)
    local: set[int] = field(default_factory=set)
    glob: set[int] = field(default_factory=set)

    def run(self, key: tuple[int, ...]) -> bool:
        """Scan one program; True when it ends the glyph (endchar)."""
        code = self.source.program(key)
        sites: list[Site] = []
        i, n, last, number_at, ended = 0, len(code), 0, -1, False
        while i < n:
            b0 = code[i]
            if b0 >= 32 or b0 == 28:
                number_at, (last, i) = i, _number(code, i)
                self.depth += 1
                continue
            op_at, i = i, i + 1
            if b0 in (10, 29):
                if number_at < 0:
                    raise Unsupported("a subroutine number that is not a literal")
                ended = self._call(b0 == 29, last, (number_at, op_at), sites)
                number_at = -1
                if ended:
                    break
                continue  # the subroutine may leave operands for the next operator
            if b0 in (11, 14):
                ended = b0 == 14
                break
            elif b0 in STEMS or b0 in MASKS:
                self.stems += self.depth // 2
                i += (self.stems + 7) // 8 if b0 in MASKS else 0
            elif b0 == 12:
                if i >= n or code[i] not in FLEX:
                    raise Unsupported(f"charstring operator 12 {code[i] if i < n else '?'}")
                i += 1
            elif b0 not in PATH:
                raise Unsupported(f"charstring operator {b0}")
            self.depth, number_at = 0, -1
        self.source.sites.setdefault(key, sites)
        self.source.ends.setdefault(key, min(i, n))  # what follows an endchar or return is never run
        return ended

    def _call(self, glob: bool, value: int, at: tuple[int, int], sites: list[Site]) -> bool:
        subrs = self.source.gsubrs if glob else self.source.fds[self.fd].subrs
        if subrs is None:
            raise Unsupported("callsubr without local subroutines")
        number = value + bias(len(subrs))
        sites.append((at[0], at[1], glob, number))
        self.depth -= 1
        (self.glob if glob else self.local).add(number)
        if self.nesting >= 10:
            raise Unsupported("subroutines nested deeper than 10")
        self.nesting += 1
        ended = self.run((1, number) if glob else (2, self.fd, number))
        self.nesting -= 1
        return ended


def glyph_uses(source: Source, gid: int) -> tuple[frozenset[int], frozenset[int]]:
    """(local, global) subroutines a glyph calls, directly or not; scanned once per process."""
    found = source.uses.get(gid)
    if found is None and not source.has_subroutines:
        source.sites[(0, gid)], source.ends[(0, gid)] = [], len(source.program((0, gid)))
        found = source.uses[gid] = (frozenset(), frozenset())
    if found is None:
        scan = _Scan(source, source.fd_of(gid))
        scan.run((0, gid))
        found = source.uses[gid] = (frozenset(scan.local), frozenset(scan.glob))
    return found


@dataclass
class _Renumber:
    """New numbers of the kept subroutines: global ones, and the local ones of each kept Font DICT; and each
    kept subroutine's call operand as written (old number → the bytes of its new biased number)."""

    glob: dict[int, int]
    local: dict[int, dict[int, int]]
    operands: dict[int | None, dict[int, bytes]] = field(default_factory=dict)  # None: global; else the fd

    def __post_init__(self) -> None:
        tables: dict[int | None, dict[int, int]] = {None: self.glob}
        for fd, table in self.local.items():
            tables[fd] = table
        self.operands = {fd: {old: cs_number(new - bias(len(table))) for old, new in table.items()}
                         for fd, table in tables.items()}

    def rewrite(self, source: Source, key: tuple[int, ...], fd: int) -> bytes:
        """The program with each call's operand renumbered, cut after its last operator that runs."""
        pieces, calls = source.pieces(key)
        if not calls:
            return pieces[0]
        glob, local = self.operands[None], self.operands[fd]
        parts = [pieces[0]]
        for (is_glob, number), piece in zip(calls, pieces[1:], strict=True):
            parts += [(glob if is_glob else local)[number], piece]
        return b"".join(parts)


def _renumber(source: Source, glyphs: list[int], fds: list[int]) -> _Renumber:
    local: dict[int, set[int]] = {fd: set() for fd in fds}
    glob: set[int] = set()
    for gid in glyphs:
        lo, gl = glyph_uses(source, gid)
        local[source.fd_of(gid)] |= lo
        glob |= gl
    if len(fds) > 1 and any(not g for i in glob for _s, _e, g, _n in source.sites[(1, i)]):
        raise Unsupported("a global subroutine that calls local ones, shared by several Font DICTs")
    return _Renumber({old: new for new, old in enumerate(sorted(glob))},
                     {fd: {old: new for new, old in enumerate(sorted(used))} for fd, used in local.items()})


def _private(fd: FontDict, subrs: bytes) -> bytes:
    """The Private DICT as the source has it, with the Subrs offset (right after the dict) if it has any."""
    body = b"".join(raw + dict_op(op) for op, raw, _values in fd.private)
    return body + (dict_int(len(body) + 6) + dict_op(OP_SUBRS) if subrs != b"\0\0" else b"")


def _top_dict(source: Source, cid_count: int, places: list[int]) -> bytes:
    """ROS first (a CIDFont's rule), CIDCount, the source's FontMatrix and FontBBox, then the offsets of
    charset, FDSelect, CharStrings and FDArray (fixed-size, so the layout can be computed first)."""
    out = dict_int(391) + dict_int(392) + dict_int(0) + dict_op(OP_ROS) + dict_int(cid_count) + dict_op(OP_CIDCOUNT)
    for op in (OP_FONTMATRIX, OP_FONTBBOX):
        if op in source.top:
            out += source.top[op][0] + dict_op(op)
    for op, place in zip((OP_CHARSET, OP_FDSELECT, OP_CHARSTRINGS, OP_FDARRAY), places, strict=True):
        out += dict_int(place) + dict_op(op)
    return out


def subset(source: Source, ps_name: str, codes: list[int], gids: list[int], replace: dict[int, bytes]) -> bytes:
    """A CID-keyed CFF whose glyph i + 1 is the source's glyph gids[i] drawn by CID codes[i] (codes in
    ascending order). `replace`: new programs for some glyphs (calling no subroutine)."""
    glyphs = [0, *gids]
    scanned = sorted({g for g in glyphs if g not in replace})
    fds = sorted({source.fd_of(g) for g in glyphs})
    new_fd = {fd: i for i, fd in enumerate(fds)}
    numbers = _renumber(source, scanned, fds)
    strings = [replace[g] if g in replace else numbers.rewrite(source, (0, g), source.fd_of(g)) for g in glyphs]
    gsubrs = write_index([numbers.rewrite(source, (1, i), fds[0]) for i in numbers.glob])
    subrs = [write_index([numbers.rewrite(source, (2, fd, i), fd) for i in numbers.local[fd]]) for fd in fds]
    privates = [_private(source.fds[fd], s) for fd, s in zip(fds, subrs, strict=True)]
    head = bytes((1, 0, 4, 4)) + write_index([ps_name.encode("ascii", "replace")])
    tail = write_index([b"Adobe", b"Identity"]) + gsubrs
    charset = b"\0" + b"".join(code.to_bytes(2, "big") for code in codes)
    fdselect = b"\0" + bytes(new_fd[source.fd_of(g)] for g in glyphs)
    charstrings = write_index(strings)
    cid_count = max(codes, default=0) + 1
    start = len(head) + len(write_index([_top_dict(source, cid_count, [0, 0, 0, 0])])) + len(tail)
    places = [start, start + len(charset), start + len(charset) + len(fdselect)]
    places.append(places[-1] + len(charstrings))
    fd_dicts = [(source.fds[fd].matrix or b"") + (dict_op(OP_FONTMATRIX) if source.fds[fd].matrix else b"")
                for fd in fds]
    fdarray_len = len(write_index([d + dict_int(0) * 2 + dict_op(OP_PRIVATE) for d in fd_dicts]))
    at = places[-1] + fdarray_len
    entries = []
    for d, private, s in zip(fd_dicts, privates, subrs, strict=True):
        entries.append(d + dict_int(len(private)) + dict_int(at) + dict_op(OP_PRIVATE))
        at += len(private) + (len(s) if s != b"\0\0" else 0)
    body = b"".join(p + (s if s != b"\0\0" else b"") for p, s in zip(privates, subrs, strict=True))
    return (head + write_index([_top_dict(source, cid_count, places)]) + tail + charset + fdselect + charstrings
            + write_index(entries) + body)
