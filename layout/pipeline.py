"""The one place where the stages are chained: source → style → text → flow → compose → render."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from layout.cache import Memo, Store, bytes_digest, file_digest, make_key, prune_now_and_then
from layout.compose.headline import HeadBlock, head_block
from layout.compose.page import compose_pages
from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.flow.audit import audit_text
from layout.flow.fill import flow_edition, text_area
from layout.fonts import FontSet
from layout.fonts.fontset import search_signature
from layout.model.flow import Flowed, StoryFit
from layout.model.page import Page
from layout.model.plan import Box, BoxKind, Edition
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics
from layout.preflight import Report, preflight
from layout.progress import progress
from layout.render.pages import DrawSettings, draw_pages
from layout.render.pdf import font_requests
from layout.render.pdfx import finish, finish_pages
from layout.source.edition import load_edition
from layout.text import break_paragraph
from layout.writer import write_atomic


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


def edition_texts(edition: Edition) -> Iterable[tuple[str, str, str, int | None, str]]:
    """(role, text, file, line, what) for every text the edition prints, for glyph checks."""
    ps = edition.style.paragraphs
    hs = edition.style.headline
    for a in edition.articles.values():
        for p in a.paragraphs:
            yield ps[p.kind.value].font, p.text, a.path, p.line, a.slug
        for role, text in ((hs.kicker.font, a.kicker), (hs.title.font, a.title), (hs.subtitle.font, a.subtitle),
                           (ps["byline"].font, a.byline)):
            if text:
                yield role, text, a.path, None, a.slug
        for ph in a.photos:
            yield ps["caption"].font, ph.caption + ph.credit, a.path, ph.line, a.slug


def check_glyphs(edition: Edition, fonts: FontSet, allow_missing: bool) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for role, text, file, line, slug in edition_texts(edition):
        metrics = fonts.metrics(role)
        for ch in text:
            if ch.isspace() or (role, ch) in seen:
                continue
            seen.add((role, ch))
            if metrics.lookup(ch) is None:
                out.append(Diagnostic(
                    Level.WARNING if allow_missing else Level.ERROR,
                    f"no font has the character '{ch}' (U+{ord(ch):04X}) used in story '{slug}'",
                    file, line, None,
                    "install a font that has it and add it to the role's fallback chain in fonts/catalogue.yaml, "
                    "or replace the character (--allow-missing-glyphs draws 〓)"))
    return out


def lay_out(edition: Edition, allow_overset: bool = False, allow_missing: bool = False) -> Laid:
    fonts = font_set(edition)
    glyph_problems = check_glyphs(edition, fonts, allow_missing)
    if any(d.level is Level.ERROR for d in glyph_problems):
        raise LayoutError(glyph_problems)
    metrics_for: Callable[[str], Metrics] = fonts.metrics

    def style_metrics(style: TextStyle) -> Metrics:
        return fonts.text_metrics(style.font, style.latin_font)

    def brk(text: str, style: TextStyle, measure: float, start: int, first_indent: bool) -> BrokenParagraph:
        return break_paragraph(text, style, measure, style_metrics(style), start=start, first_indent=first_indent)

    @cache
    def head_for(box: Box, continuation: bool) -> HeadBlock:
        assert box.story is not None
        width = text_area(box, edition.style).w if box.kind is BoxKind.STORY else box.rect.w
        return head_block(edition.articles[box.story], width, edition.style, metrics_for, continuation,
                          box.jump_title)

    def head_lines(box: Box, continuation: bool) -> int:
        return head_for(box, continuation).lines

    flowed = flow_edition(edition, brk, head_lines)
    warnings: list[Diagnostic] = [d for d in glyph_problems]
    warnings += [Diagnostic(Level.WARNING, w, edition.file, kind=Kind.LAYOUT) for w in flowed.warnings]
    heads = [head_for(b, False) for p in edition.pages for b in p.boxes if b.kind is BoxKind.HEADLINE]
    warnings += [Diagnostic(Level.WARNING, w, edition.file, kind=Kind.LAYOUT) for h in heads for w in h.warnings]
    lost = audit_text(edition, flowed)
    if lost:
        raise LayoutError(lost)
    overset = [overset_diagnostic(edition, f.story, f) for f in flowed.fits if f.overset_chars]
    if overset and not allow_overset:
        raise LayoutError(overset)
    warnings += [Diagnostic(Level.WARNING, d.message, d.file, d.line, d.col, d.hint, Kind.LAYOUT) for d in overset]
    pages = compose_pages(edition, flowed, metrics_for, brk, head_for, style_metrics)
    return Laid(edition, pages, flowed, tuple(warnings), fonts)


def overset_diagnostic(edition: Edition, slug: str, fit: StoryFit) -> Diagnostic:
    last = fit.boxes[-1]
    box = next(b for p in edition.pages for b in p.boxes if b.name == last.box)
    return Diagnostic(
        Level.ERROR,
        f"overset: story '{slug}' does not fit: {fit.overset_chars} characters ({fit.overset_lines} lines) "
        f"left after box '{last.box}' on page {last.page}, stopped at “{fit.stopped_at}…”",
        box.where.file, box.where.line, box.where.col,
        "make the box taller or add a box for the story on a later page (the jump lines follow); "
        "--allow-overset renders what fits", Kind.LAYOUT)


PASSED = Store("preflight", ".ok")


def checked(blob: bytes, name: str, tac: float) -> Report:
    """Preflight, remembered by the file's bytes, the limit and the checker's code: an unchanged file is not
    checked twice, and a new check in the checker checks every file again."""
    key = make_key("preflight", "layout.preflight", bytes_digest(blob), tac)
    if PASSED.has(key):
        return Report(name, [])
    report = preflight(blob, name, tac_limit=tac)
    if report.ok:
        PASSED.put(key, b"")
    return report


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder, so two renders of one edition never interleave."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / ".layout.lock").open("a")
    except OSError as exc:
        raise LayoutError(Diagnostic(Level.ERROR, f"cannot write to {folder}: {exc.strerror}", str(folder),
                                     hint="choose another folder with -o, or fix its permissions")) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def render(folder: Path, out_dir: Path | None = None, pages: set[int] | None = None,
           allow_overset: bool = False, allow_missing: bool = False, crop_marks: bool | None = None,
           per_page: bool = True) -> Rendered:
    """Lay out, draw, finish as PDF/X, preflight, and only then write: edition.pdf and one file per page."""
    start = time.perf_counter()
    bar = progress(6, "render")
    edition = load(folder)
    laid = lay_out(edition, allow_overset, allow_missing)
    bar.update()
    selected = [p for p in laid.pages if pages is None or p.number in pages]
    if pages:
        unknown = sorted(pages - {p.number for p in laid.pages})
        if unknown:
            raise LayoutError(Diagnostic(Level.ERROR, f"no page {unknown[0]} in this edition", edition.file,
                                         hint="pages planned: " + ", ".join(str(p.number) for p in laid.pages)))
    name = Path(edition.folder).name
    out = (out_dir or Path("out") / name) / "edition.pdf"
    title = f"{edition.style.name} {edition.date.isoformat()}"
    label_font = laid.fonts.face(edition.style.paragraphs["caption"].font).key
    requests = font_requests(selected, label_font)
    laid.fonts.prepare(requests)
    bar.update()
    paths = {key: str(laid.fonts.ttf_path(key, chars)) for key, chars in requests.items()}
    spec = edition.style.print
    marks = spec.crop_marks if crop_marks is None else crop_marks
    settings = DrawSettings(label_font, spec.bleed, marks, spec.profile)
    page_pdfs = draw_pages(selected, paths, settings)
    bar.update()
    data = finish(page_pdfs, spec, title, edition.date)
    files = [(out, data)]
    if per_page:
        files += [(out.parent / fname, blob) for fname, blob in
                  finish_pages(page_pdfs, spec, title, edition.date, [p.number for p in selected])]
    bar.update()
    reports = [checked(blob, str(path), spec.tac) for path, blob in files]
    bar.update()
    failed = [r for r in reports if not r.ok]
    if failed:
        raise LayoutError(Diagnostic(Level.ERROR, "preflight failed:\n" + "\n".join(r.table() for r in failed),
                                     edition.file, kind=Kind.LAYOUT,
                                     hint="nothing was written; see `layout preflight` for the checks"))
    with output_lock(out.parent):
        for path, blob in files:
            write_atomic(path, blob)
    bar.update()
    bar.close()
    prune_now_and_then()
    return Rendered(laid, out, time.perf_counter() - start, tuple(path for path, _ in files[1:]))
