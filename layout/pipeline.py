"""The one place where the stages are chained:

    source (Edition) → heads and text (HeadBlock, BrokenParagraph) → flow (Flowed) → compose (Page)
    → render (page PDFs) → finish (PDF/X files) → output (preflight, then write)

Each stage lives in its own package; this module only passes one stage's values to the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from layout.cache import Memo, file_digest, prune_now_and_then
from layout.compose.headline import HeadBlock, head_block
from layout.compose.page import compose_pages
from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.flow import flow_edition
from layout.flow.audit import audit_text
from layout.fonts.fontset import FontSet, search_signature
from layout.geometry import text_area
from layout.glyphs import check_glyphs
from layout.model.flow import Flowed, HeadKind, StoryFit
from layout.model.page import Page
from layout.model.plan import Box, BoxKind, Edition
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics
from layout.output import preflight_all, write_set
from layout.progress import progress
from layout.render.pages import DrawSettings, draw_pages
from layout.render.pdf import font_requests
from layout.render.pdfx import finish, finish_pages
from layout.source.edition import load_edition
from layout.text import break_paragraph


@dataclass(frozen=True, slots=True)
class Laid:
    edition: Edition
    pages: list[Page]
    flowed: Flowed
    warnings: tuple[Diagnostic, ...]
    fonts: FontSet


@dataclass(frozen=True, slots=True)
class Rendered:
    laid: Laid
    pdf: Path
    seconds: float
    page_files: tuple[Path, ...] = ()

    def summary(self) -> str:
        chars = sum(b.chars for f in self.laid.flowed.fits for b in f.boxes)
        stories = len(self.laid.flowed.fits)
        pages = len(self.page_files) or len(self.laid.pages)
        return (f"{self.pdf}: {pages} pages, {stories} stories, {chars} characters set, {self.seconds:.2f} s"
                + (f" (+ {len(self.page_files)} page files)" if self.page_files else ""))


def load(folder: Path) -> Edition:
    return load_edition(folder)


_FONT_SETS: Memo[tuple[str, str, tuple[tuple[str, int, int, int], ...]], FontSet] = Memo()


def font_set(edition: Edition) -> FontSet:
    """One FontSet per (catalogue bytes, edition, font folders' listing with each file's size, mtime and
    ctime) per process: a font added, removed or replaced in place gives a new one. Its metrics objects
    key the line-break cache, so a re-render in the same process (watch, bench) reuses every broken
    paragraph."""
    catalogue, folder = Path(edition.style.catalogue), Path(edition.folder)
    key = (file_digest(catalogue), str(folder), search_signature(folder))
    return _FONT_SETS.get(key, lambda: FontSet.load(catalogue, edition_dir=folder))


@dataclass(frozen=True, slots=True)
class Stages:
    """The text stage and the headline stage bound to an edition's fonts, as flow and compose get them."""

    edition: Edition
    fonts: FontSet

    def style_metrics(self, style: TextStyle) -> Metrics:
        """The metrics a paragraph style is broken with (its Latin font included)."""
        return self.fonts.text_metrics(style.font, style.latin_font)

    def brk(self, text: str, style: TextStyle, measure: float, start: int, first_indent: bool) -> BrokenParagraph:
        return break_paragraph(text, style, measure, self.style_metrics(style), start=start,
                               first_indent=first_indent)

    def head_for(self) -> Callable[[Box, HeadKind], HeadBlock]:
        edition = self.edition

        @cache
        def head(box: Box, kind: HeadKind) -> HeadBlock:
            assert box.story is not None
            width = text_area(box, edition.style.grid).w if box.kind is BoxKind.STORY else box.rect.w
            return head_block(edition.articles[box.story], width, edition.style, self.fonts.metrics,
                              kind is HeadKind.CONTINUATION, box.jump_title)

        return head


def head_warnings(edition: Edition, head: Callable[[Box, HeadKind], HeadBlock]) -> list[Diagnostic]:
    return [Diagnostic(Level.WARNING, w, b.where.file, b.where.line, b.where.col, kind=Kind.LAYOUT)
            for p in edition.pages for b in p.boxes if b.kind is BoxKind.HEADLINE
            for w in head(b, HeadKind.FULL).warnings]


def lay_out(edition: Edition, allow_overset: bool = False, allow_missing: bool = False) -> Laid:
    fonts = font_set(edition)
    glyph_problems = check_glyphs(edition, fonts, allow_missing)
    if any(d.level is Level.ERROR for d in glyph_problems):
        raise LayoutError(glyph_problems)
    stages = Stages(edition, fonts)
    head = stages.head_for()
    flowed = flow_edition(edition, stages.brk, lambda box, kind: head(box, kind).lines)
    lost = audit_text(edition, flowed)
    if lost:
        raise LayoutError(lost)
    overset = [overset_diagnostic(edition, f) for f in flowed.fits if f.overset_chars]
    if overset and not allow_overset:
        raise LayoutError(overset)
    warnings = [*glyph_problems, *flowed.warnings, *head_warnings(edition, head)]
    warnings += [Diagnostic(Level.WARNING, d.message, d.file, d.line, d.col, d.hint, Kind.LAYOUT) for d in overset]
    pages = compose_pages(edition, flowed, fonts.metrics, head, stages.style_metrics)
    return Laid(edition, pages, flowed, tuple(warnings), fonts)


def overset_diagnostic(edition: Edition, fit: StoryFit) -> Diagnostic:
    last = fit.boxes[-1]
    box = next(b for p in edition.pages for b in p.boxes if b.name == last.box)
    return Diagnostic(
        Level.ERROR,
        f"overset: story '{fit.story}' does not fit: {fit.overset_chars} characters ({fit.overset_lines} lines) "
        f"left after box '{last.box}' on page {last.page}, stopped at “{fit.stopped_at}…”",
        box.where.file, box.where.line, box.where.col,
        "make the box taller or add a box for the story on a later page (the jump lines follow); "
        "--allow-overset renders what fits", Kind.LAYOUT)


def select_pages(laid: Laid, pages: set[int] | None) -> list[Page]:
    if pages:
        unknown = sorted(pages - {p.number for p in laid.pages})
        if unknown:
            raise LayoutError(Diagnostic(Level.ERROR, f"no page {unknown[0]} in this edition", laid.edition.file,
                                         hint="pages planned: " + ", ".join(str(p.number) for p in laid.pages)))
    return [p for p in laid.pages if pages is None or p.number in pages]


def draw(laid: Laid, selected: list[Page], crop_marks: bool | None) -> list[bytes]:
    """One-page PDFs of the selected pages (each drawing process subsets the font files it needs)."""
    style = laid.edition.style
    label_font = laid.fonts.face(style.paragraphs.caption.font).key
    faces = {key: laid.fonts.loaded(key) for key in sorted(font_requests(selected, label_font))}
    marks = style.print.crop_marks if crop_marks is None else crop_marks
    return draw_pages(selected, faces, DrawSettings(label_font, style.print.bleed, marks, style.print.profile))


def render(folder: Path, out_dir: Path | None = None, pages: set[int] | None = None,
           allow_overset: bool = False, allow_missing: bool = False, crop_marks: bool | None = None,
           per_page: bool = True) -> Rendered:
    """Lay out, draw, finish as PDF/X, preflight, and only then write: edition.pdf and one file per page."""
    start = time.perf_counter()
    bar = progress(4, "render")
    edition = load(folder)
    laid = lay_out(edition, allow_overset, allow_missing)
    selected = select_pages(laid, pages)
    bar.update()
    page_pdfs = draw(laid, selected, crop_marks)
    bar.update()
    spec, title = edition.style.print, f"{edition.style.name} {edition.date.isoformat()}"
    out = (out_dir or Path("out") / Path(edition.folder).name) / "edition.pdf"
    files = [(out, finish(page_pdfs, spec, title, edition.date))]
    if per_page:
        files += [(out.parent / fname, blob) for fname, blob in
                  finish_pages(page_pdfs, spec, title, edition.date, [p.number for p in selected])]
    bar.update()
    preflight_all(files, spec.tac, edition.file)
    write_set(files)
    bar.update()
    bar.close()
    prune_now_and_then()
    return Rendered(laid, out, time.perf_counter() - start, tuple(path for path, _ in files[1:]))
