"""Broken paragraphs kept on disk, so that a render in a new process breaks only what changed.

The text stage caches broken paragraphs inside one process (`layout.text.break_paragraph`). This module
keeps them between processes: one file per edition folder in the cache's `breaks/` namespace holds the
paragraphs the last render of that edition broke. The file is only where entries are grouped; each entry
has its own key, and an entry is used only when that key matches:

- the paragraph's text, the break parameters of its style (`BreakParams`), the measure, where the
  paragraph resumes (`start`), whether its first line is indented, its bold ranges;
- the fonts, by what decides every advance: each face of the chain (and of the bold chain) by its file's
  sha256 and face index, in chain order (`ChainMetrics.identity`);
- and, in the file's own key, this module's code with every `layout` module it imports (the whole text
  engine) and the libraries' versions (pyphen's among them: its dictionaries decide hyphenation points).

So a bundle written by an older engine, for other fonts, or for another edition can never give a wrong
line: its entries simply miss. Metrics without an identity (the square test font) are never stored.
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from pathlib import Path
from typing import Any

from layout.infra.cache import Memo, Store, make_key
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Glyph, Line, Metrics, Problem, ProblemKind
from layout.text import break_paragraph, break_params

STORE = Store("breaks", ".marshal")
FORMAT = 1
Bold = tuple[tuple[int, int], ...]


def _identity(metrics: Metrics | None) -> tuple[str, ...] | None:
    if metrics is None:
        return ()
    ident = getattr(metrics, "identity", None)
    return ident() if callable(ident) else None


def _encode(p: BrokenParagraph) -> tuple[Any, ...]:
    lines = tuple((tuple(map(tuple, ln.glyphs)), ln.start, ln.end, ln.width, ln.natural, ln.last, ln.overfull)
                  for ln in p.lines)
    return lines, tuple((str(q.kind), q.index, q.detail) for q in p.problems)


def _decode(data: tuple[Any, ...]) -> BrokenParagraph:
    lines, problems = data
    new = tuple.__new__  # Glyph._make, without its length check (the tuples were Glyphs when stored)
    return BrokenParagraph(
        tuple(Line(tuple([new(Glyph, g) for g in glyphs]), s, e, w, n, last, over)
              for glyphs, s, e, w, n, last, over in lines),
        tuple(Problem(ProblemKind(k), i, d) for k, i, d in problems))


class BreakStore:
    """The broken paragraphs of one edition folder: those its last render used, and this render's.

    One per folder per process (`for_folder`): a re-render in the same process (`layout watch`) reads
    nothing from disk again, and a paragraph decoded once is the same object the next time."""

    def __init__(self, folder: Path) -> None:
        self.key = make_key("breaks", __name__, str(folder), FORMAT)
        self._old: dict[str, bytes] = {}
        self._used: dict[str, bytes] = {}
        self._objects: dict[str, BrokenParagraph] = {}
        self._keys: dict[tuple[Any, ...], tuple[TextStyle, Metrics, Metrics | None, str]] = {}
        self._changed = False
        self._load()

    @classmethod
    def for_folder(cls, folder: Path) -> BreakStore:
        resolved = Path(folder).resolve()
        return _STORES.get(str(resolved), lambda: cls(resolved))

    def _load(self) -> None:
        raw = STORE.get(self.key)
        if raw is None:
            return
        try:
            entries = marshal.loads(zlib.decompress(raw))
        except (ValueError, EOFError, TypeError, zlib.error):
            return  # a damaged bundle is a miss
        if isinstance(entries, dict):
            self._old = {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}

    @property
    def empty(self) -> bool:
        """Nothing stored for this edition folder: its first render here, or a fresh one."""
        return not self._old and not self._used

    def brk(self, text: str, style: TextStyle, measure: float, metrics: Metrics, start: int,
            first_indent: bool, bold: Bold = (), bold_metrics: Metrics | None = None) -> BrokenParagraph:
        """`break_paragraph`, from the store when this very paragraph was broken before with these fonts."""
        key = self._key(text, style, measure, metrics, start, first_indent, bold, bold_metrics)
        if key is None:
            return break_paragraph(text, style, measure, metrics, start=start, first_indent=first_indent,
                                   bold=bold, bold_metrics=bold_metrics)
        broken = self._objects.get(key)
        blob = self._used.get(key) or self._old.get(key)
        if broken is None and blob is not None:
            try:
                broken = _decode(marshal.loads(blob))
            except (ValueError, EOFError, TypeError):
                blob = None
        if broken is None or blob is None:
            broken = break_paragraph(text, style, measure, metrics, start=start, first_indent=first_indent,
                                     bold=bold, bold_metrics=bold_metrics)
            blob = marshal.dumps(_encode(broken))
            self._changed = True
        self._objects[key] = broken
        self._used[key] = blob
        return broken

    def _key(self, text: str, style: TextStyle, measure: float, metrics: Metrics, start: int, first_indent: bool,
             bold: Bold, bold_metrics: Metrics | None) -> str | None:
        """The paragraph's key (None: fonts without an identity). The key of the very same style and metrics
        objects (frozen; held by the entry, so their ids stay theirs) is remembered: a kept story's paragraphs,
        handed to the store again on every save (`layout.run.incremental`), cost no repr and sha256 again."""
        seen = (text, id(style), measure, start, first_indent, bold, id(metrics), id(bold_metrics))
        known = self._keys.get(seen)
        if known is not None and known[0] is style and known[1] is metrics and known[2] is bold_metrics:
            return known[3]
        fonts, bold_fonts = _identity(metrics), _identity(bold_metrics)
        if fonts is None or bold_fonts is None:
            return None
        key = hashlib.sha256(repr((text, break_params(style), measure, start, first_indent, bold, fonts,
                                   bold_fonts)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self._keys[seen] = (style, metrics, bold_metrics, key)
        return key

    def save(self, write: bool = True) -> None:
        """Keep this render's paragraphs — only those, so the bundle never outgrows one edition — and
        start the next render's count. Without `write`, only in this process (`layout serve` writes the
        bundle after its first render, not on every save)."""
        if write and (self._changed or set(self._used) != set(self._old)):
            STORE.put(self.key, zlib.compress(marshal.dumps(self._used), 1))
        self._objects = {k: v for k, v in self._objects.items() if k in self._used}
        self._keys = {k: v for k, v in self._keys.items() if v[3] in self._used}
        self._old, self._used, self._changed = self._used, {}, False


_STORES: Memo[str, BreakStore] = Memo()
