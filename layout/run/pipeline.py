"""The one place where the stages are chained:

    source (Edition) → heads and text (HeadBlock, BrokenParagraph) → flow (Flowed) → compose (Page)
    → render (page PDFs) → finish (PDF/X files) → output (preflight, then write)

Each stage lives in its own package; this module only passes one stage's values to the next.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Set
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from layout.compose.page import PageMemo, compose_pages
from layout.errors import Diagnostic, Kind, LayoutError, Level
from layout.flow import flow_edition
from layout.flow.audit import audit_text
from layout.flow.story import FlowFn
from layout.fonts.face import Face
from layout.fonts.fontset import FontSet, search_signature
from layout.infra.cache import Memo, file_digest, prune_now_and_then
from layout.infra.gcpause import gc_paused
from layout.infra.imagefiles import photo_checks
from layout.infra.progress import progress
from layout.infra.workers import shared as shared_workers
from layout.model.flow import Flowed, HeadKind, StoryFit
from layout.model.geometry import text_area
from layout.model.head import HeadBlock
from layout.model.page import Page
from layout.model.plan import Box, Edition, HeadBox, HeadlineBox, StoryBox
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics
from layout.output.commit import preflight_all
from layout.output.finishing import finish, pdfx_of
from layout.output.manifest import Base, Changes, PageFile, write_output
from layout.output.plates import Plate, code, decide, inputs_digest, set_names, title
from layout.plant.ads import check_ads
from layout.plant.preflight import PlacedImages, placed_images
from layout.render.fontuse import font_requests, scan_ahead
from layout.render.pages import draw_jobs
from layout.render.settings import DrawSettings, ImageSpec
from layout.run.breaks import BreakStore
from layout.run.glyphs import check_glyphs
from layout.run.options import Options as Options  # re-exported: callers made before run/options.py
from layout.run.options import Selection as Selection
from layout.run.replay import summary_line
from layout.source.edition import load_edition
from layout.text.headline import head_block
from layout.text.vertical import VerticalMetrics

INK_MARGIN = 5.0  # percent: photos are separated this far under the ink limit, so JPEG noise stays under it


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
    edition_written: bool = True  # False with --pages: edition.pdf was left as it was
    changes: Changes | None = None  # what changed in the output folder (manifest.json), send/ with --changed-only
    checked: Checked | None = None  # the set as written (layout/run/record.py keeps it for a warm render)

    def counts(self) -> tuple[int, int, int]:
        """Pages, stories and characters set (the summary line)."""
        fits = self.laid.flowed.fits
        return len(self.laid.pages), len(fits), sum(b.chars for f in fits for b in f.boxes)

    def summary(self) -> str:
        if not self.edition_written:
            names = ", ".join(p.name for p in self.page_files)
            return (f"{self.pdf.parent}: wrote {names} ({self.seconds:.2f} s); "
                    "edition.pdf left as it was (--pages)")
        return summary_line(self.pdf, *self.counts(), self.seconds, len(self.page_files))


def load(folder: Path, allow: tuple[Path, ...] = ()) -> Edition:
    return load_edition(folder, allow)


_FONT_SETS: Memo[tuple[str, str, tuple[tuple[str, int, int, int], ...], str], FontSet] = Memo()


def font_set(edition: Edition) -> FontSet:
    """One FontSet per (catalogue bytes, edition, font folders' listing with each file's size, mtime and
    ctime) per process: a font added, removed or replaced in place gives a new one. Its metrics objects
    key the line-break cache, so a re-render in the same process (watch, bench) reuses every broken
    paragraph."""
    root = edition
    while root.base is not None:  # a zone is set with its base's fonts (docs/zones.md)
        root = root.base
    catalogue, folder = Path(edition.style.catalogue), Path(root.folder)
    lang = edition.style.region.lang_system
    key = (file_digest(catalogue), str(folder), search_signature(folder), lang)
    return _FONT_SETS.get(key, lambda: FontSet.load(catalogue, edition_dir=folder, lang=lang))


class Kept(Protocol):
    """What a layout keeps from the last one (`layout serve`, `layout watch`: layout/run/incremental.py):
    each stage's function, or its result kept from before when its inputs are the same."""

    def heads(self, stages: Stages) -> Callable[[HeadBox, HeadKind], HeadBlock]: ...

    def flows(self, stages: Stages) -> FlowFn: ...

    def pages(self, stages: Stages, flowed: Flowed) -> PageMemo: ...

    def audited(self, stages: Stages) -> set[str]: ...

    def passed_audit(self, stages: Stages, flowed: Flowed) -> None: ...

    def stories_saved(self, stages: Stages) -> bool: ...


@dataclass(frozen=True, slots=True)
class Stages:
    """The text stage and the headline stage bound to an edition's fonts, as flow and compose get them."""

    edition: Edition
    fonts: FontSet
    breaks: BreakStore

    def style_metrics(self, style: TextStyle) -> Metrics:
        """The metrics a paragraph style is broken with (its Latin font included); a bold style is set in
        its bold role."""
        role = style.bold_font if style.bold and style.bold_font else style.font
        metrics = self.fonts.text_metrics(role, style.latin_font)
        return VerticalMetrics(metrics, style.tcy_digits) if style.vertical else metrics

    def brk(self, text: str, style: TextStyle, measure: float, start: int, first_indent: bool,
            bold: tuple[tuple[int, int], ...] = ()) -> BrokenParagraph:
        bold_role = self.fonts.bold_role(style.font, style.bold_font)
        bold_metrics: Metrics | None = self.fonts.text_metrics(bold_role, style.latin_font) if bold else None
        if bold_metrics is not None and style.vertical:
            bold_metrics = VerticalMetrics(bold_metrics, style.tcy_digits)
        return self.breaks.brk(text, style, measure, self.style_metrics(style), start, first_indent, bold,
                               bold_metrics)

    def head_for(self) -> Callable[[HeadBox, HeadKind], HeadBlock]:
        edition = self.edition

        @cache
        def head(box: HeadBox, kind: HeadKind) -> HeadBlock:
            article = edition.articles[box.story]
            match box:
                case HeadlineBox(vertical=True):  # a 竖题: lines as long as the box is tall
                    return head_block(article, box.rect.h, edition.style,
                                      lambda role: VerticalMetrics(self.fonts.metrics(role)), vertical=True)
                case StoryBox():
                    width, jump_title = text_area(box, edition.style.grid).w, box.jump_title
                case HeadlineBox():
                    width, jump_title = box.rect.w, ""
            return head_block(article, width, edition.style, self.fonts.metrics,
                              kind is HeadKind.CONTINUATION, jump_title)

        return head


def fit_problems(edition: Edition, flowed: Flowed, head: Callable[[HeadBox, HeadKind], HeadBlock]) -> list[Diagnostic]:
    """Headlines and captions that do not fit their boxes (text is never drawn over other text)."""
    pitch = edition.style.grid.line
    boxes = {b.where: b for p in edition.pages for b in p.boxes}
    stories = {w: b for w, b in boxes.items() if isinstance(b, StoryBox)}
    heads: list[tuple[HeadBox, HeadKind, int]] = [(stories[p.where], p.head, round(p.area.h / pitch) - 1)
                                                  for p in flowed.boxes if p.head is not HeadKind.NONE]
    heads += [(b, HeadKind.FULL, round((b.rect.w if b.vertical else b.rect.h) / pitch))
              for b in boxes.values() if isinstance(b, HeadlineBox)]
    out: list[tuple[Box, str]] = []
    for box, kind, room in heads:
        block = head(box, kind)
        out += [(box, w) for w in block.problems]
        if block.grid_lines > room:
            out.append((box, f"the headline block of story '{box.story}' takes {block.grid_lines} grid lines, the box "
                             f"'{box.name}' has room for {room}"))
    out += [(boxes[f.where], f"the caption of '{f.image.article or f.image.file}' needs {f.overset} more lines than "
                             f"box '{f.box}' has under the photo") for f in flowed.figures if f.overset]
    return [Diagnostic(Level.ERROR, message, b.where.file, b.where.line, b.where.col,
                       "make the box taller or wider, or shorten the text; --allow-overset renders what fits",
                       Kind.LAYOUT, code="does-not-fit") for b, message in out]


def lay_out(edition: Edition, allow_overset: bool = False, allow_missing: bool = False,
            kept: Kept | None = None) -> Laid:
    """Check the glyphs, flow, check what flowed, compose. With `kept` (`layout serve`, `layout watch`), the
    stories, heads and pages whose inputs are those of the last layout are kept from it (run/incremental.py).
    The fonts are read with the cyclic collector on (reading a face leaves cycles: with it paused, the first
    render of the bench edition peaked at 345 MB instead of 236), the rest with it paused (`_laid`)."""
    fonts = font_set(edition)
    glyph_problems = check_glyphs(edition, fonts, allow_missing)
    if any(d.level is Level.ERROR for d in glyph_problems):
        raise LayoutError(glyph_problems)
    scan_ahead(edition, fonts)  # a render's workers read the body face's outlines meanwhile
    return _laid(edition, fonts, glyph_problems, allow_overset, kept)


@gc_paused()  # what flow and compose make lives on until the pages are drawn (layout/infra/gcpause.py)
def _laid(edition: Edition, fonts: FontSet, glyph_problems: list[Diagnostic], allow_overset: bool,
          kept: Kept | None) -> Laid:
    stages = Stages(edition, fonts, BreakStore.for_folder(Path(edition.folder)))
    head = stages.head_for() if kept is None else kept.heads(stages)
    flowed = flow_edition(edition, stages.brk, lambda box, kind: head(box, kind).grid_lines, fonts.metrics,
                          *(() if kept is None else (kept.flows(stages),)))
    stages.breaks.save(write=kept is None or not kept.stories_saved(stages))
    lost = audit_text(edition, flowed, *(() if kept is None else (kept.audited(stages),)))
    if lost:
        raise LayoutError(lost)
    if kept is not None:
        kept.passed_audit(stages, flowed)
    overset = [overset_diagnostic(edition, f) for f in flowed.fits if f.overset_chars]
    overset += fit_problems(edition, flowed, head)
    overset += flowed.table_problems
    if overset and not allow_overset:
        raise LayoutError(overset)
    warnings = [*edition.notes, *glyph_problems, *flowed.warnings]
    warnings += [Diagnostic(Level.WARNING, d.message, d.file, d.line, d.col, d.hint, Kind.LAYOUT,
                            code=d.code) for d in overset]
    pages = compose_pages(edition, flowed, fonts.metrics, head, stages.style_metrics,
                          None if kept is None else kept.pages(stages, flowed))
    return Laid(edition, pages, flowed, tuple(warnings), fonts)


def overset_diagnostic(edition: Edition, fit: StoryFit) -> Diagnostic:
    last = fit.boxes[-1]
    from layout.run.overset import grid_lines, overset_words

    box = next(b for p in edition.pages for b in p.boxes if b.name == last.box)
    more = -grid_lines(-fit.overset_lines, last.columns)
    rows = box.rect.h / edition.style.grid.line
    taller = f"make the box {more} grid lines taller or more" + (f" (`lines: {round(rows) + more}`)"
                                                        if abs(rows - round(rows)) < 1e-6 else "")
    return Diagnostic(
        Level.ERROR,
        f"overset: story '{fit.story}' does not fit: {overset_words(fit)} "
        f"left after box '{last.box}' on page {last.page}, stopped at “{fit.stopped_at}…”",
        box.where.file, box.where.line, box.where.col,
        f"{taller} or add a box for the story on a later page (the jump lines follow); "
        "--allow-overset renders what fits", Kind.LAYOUT, code="overset")


def select_pages(laid: Laid, pages: Set[int] | None) -> list[Page]:
    if pages:
        unknown = sorted(pages - {p.number for p in laid.pages})
        if unknown:
            raise LayoutError(Diagnostic(Level.ERROR, f"--pages {unknown[0]}: no page {unknown[0]} in this edition "
                                         f"({laid.edition.file})",
                                         hint="pages planned: " + ", ".join(str(p.number) for p in laid.pages),
                                         code="unknown-page"))
    return [p for p in laid.pages if pages is None or p.number in pages]


def draw_settings(laid: Laid, crop_marks: bool | None) -> DrawSettings:
    style = laid.edition.style
    spec = style.print
    marks = spec.crop_marks if crop_marks is None else crop_marks
    images = ImageSpec(spec.profile, spec.tac - INK_MARGIN, spec.target_ppi, jpeg_quality=spec.jpeg_quality)
    return DrawSettings(laid.fonts.face(style.paragraphs.caption.font).key, spec.bleed, marks, images,
                        pdfx_of(spec, laid.edition.date))


def faces_for(laid: Laid, settings: DrawSettings) -> dict[str, Face]:
    """The face of each font key the edition's pages draw with (each drawing process subsets what its page
    needs straight from the font files): a page file is the same whether rendered whole or with --pages."""
    return {key: laid.fonts.loaded(key) for key in sorted(font_requests(laid.pages, settings.label_font))}


def lay_out_checked(edition: Edition, options: Options, kept: Kept | None = None) -> Laid:
    """The edition's ads checked first (a refused ad, or with `final` a missing one, stops here: nothing is
    laid out or drawn), then the edition laid out; the ads' warnings join the layout's. `layout render`
    and `layout check` both come this way, so both report the ads alike."""
    ad_warnings = check_ads(edition, options.final)
    laid = lay_out(edition, options.allow_overset, options.allow_missing, kept)
    photo_warnings = photo_checks(edition, laid.flowed.figures, options.final)
    return replace(laid, warnings=(*laid.warnings, *ad_warnings, *photo_warnings))


Layouts = dict[str, tuple[Laid, tuple[Plate, ...]]]  # an edition's plan file → its layout and plates, in one run


def laid_plates(edition: Edition, options: Options, memo: Layouts,
                kept: Kept | None = None) -> tuple[Laid, tuple[Plate, ...]]:
    """Check the ads, lay out an edition and decide its plates; a zone's base is laid out first (once per
    run), so that a page the zone shares with it is the base's plate (layout.output.plates). `kept`: as in
    `lay_out`."""
    if edition.file not in memo:
        base = laid_plates(edition.base, options, memo, kept)[1] if edition.base is not None else ()
        laid = lay_out_checked(edition, options, kept)
        settings = draw_settings(laid, options.crop_marks)
        memo[edition.file] = laid, decide(edition, laid.pages, base, faces_for(laid, settings), settings)
    return memo[edition.file]


@dataclass(frozen=True, slots=True)
class Planned:
    """An edition laid out, its plates decided, nothing drawn yet; `plates` are the selected pages'."""

    laid: Laid
    plates: tuple[Plate, ...]
    seconds: float


def plan(folder: Path, pages: Set[int] | None = None, options: Options = Options(),
         memo: Layouts | None = None) -> Planned:
    start = time.perf_counter()
    laid, plates = laid_plates(load(folder, options.allow), options, {} if memo is None else memo)
    numbers = {p.number for p in select_pages(laid, pages)}
    return Planned(laid, tuple(p for p in plates if p.number in numbers), time.perf_counter() - start)


def draw_planned(planned: list[Planned]) -> tuple[list[list[bytes]], list[int]]:
    """Draw the plates of several editions in one batch of processes (a shared plate once): the page PDFs
    per edition, and how many plates each edition had drawn now (a shared plate counts for the first)."""
    jobs = [plate.job for p in planned for plate in p.plates]
    blobs, drawn = draw_jobs(jobs)
    out: list[list[bytes]] = []
    counts: list[int] = []
    at = 0
    for p in planned:
        out.append(blobs[at:at + len(p.plates)])
        counts.append(sum(drawn[at:at + len(p.plates)]))
        at += len(p.plates)
    return out, counts


@dataclass(frozen=True, slots=True)
class Built:
    """A laid-out edition drawn and finished in memory: the whole PDF of the selected pages and each
    page's file for the plant (name, bytes), with the plates they are."""

    laid: Laid
    selected: tuple[int, ...]
    edition: bytes
    pages: tuple[tuple[str, bytes], ...]
    plates: tuple[Plate, ...] = ()


def finish_planned(planned: Planned, page_pdfs: list[bytes]) -> Built:
    """PDF/X: each plate's file is its page as drawn (PDF/X already: `layout.render.pdfxdoc`), the edition's
    file those pages joined (`layout.output.finishing`)."""
    edition = planned.laid.edition
    spec, date = edition.style.print, edition.date
    files = tuple((plate.name, blob) for plate, blob in zip(planned.plates, page_pdfs, strict=True))
    return Built(planned.laid, tuple(p.number for p in planned.plates), finish(page_pdfs, spec, title(edition), date),
                 files, planned.plates)


def _depth(edition: Edition) -> int:
    """0 for a main edition, 1 for its zone, 2 for a zone of a zone: a run takes bases first."""
    return 0 if edition.base is None else 1 + _depth(edition.base)


def _shared_zones(planned: list[Planned]) -> list[Planned]:
    """Every edition of the run lists, for each plate, all the editions of the run that print it: the main
    edition's manifest then names the zones that share its page (a render of the main edition alone knows
    only itself)."""
    serving: dict[str, list[str]] = {}
    for p in planned:
        for plate in p.plates:
            codes = serving.setdefault(plate.name, [])
            codes += [c for c in plate.zones if c not in codes]
    return [replace(p, plates=tuple(replace(plate, zones=tuple(serving[plate.name])) for plate in p.plates))
            for p in planned]


def plan_run(folders: list[Path], options: Options, pages: Set[int] | None = None) -> list[Planned]:
    """Every edition of a run loaded and laid out, its plates decided (a base once, however many zones build on
    it), bases first, else in the order given; any error stops the run here, before anything is drawn."""
    memo: Layouts = {}
    planned = sorted((plan(folder, pages, options, memo) for folder in folders), key=lambda p: _depth(p.laid.edition))
    return _shared_zones(planned)


def build(folder: Path, options: Options = Options(), selection: Selection = Selection()) -> Built:
    """The edition laid out, drawn and finished in memory (the selected pages' files); nothing written."""
    planned = plan_run([folder], options, selection.pages)
    page_pdfs, _drawn = draw_planned(planned)
    return finish_planned(planned[0], page_pdfs[0])


def output_folder(edition: Edition, out_dir: Path | None) -> Path:
    return out_dir or Path("out") / Path(edition.folder).name


def preflight_built(built: Built, out: Path, pages: Set[int] | None = None,
                    per_page: bool = True) -> tuple[list[tuple[str, bytes]], list[PageFile]]:
    """Every file of the set that is to be written passes preflight (each image named by its file and box),
    or a LayoutError: the files (name, bytes), page files included, and the page files."""
    edition = built.laid.edition
    files = [] if pages else [("edition.pdf", built.edition)]
    page_files = [PageFile(plate.number, name, blob, plate.zones)
                  for plate, (name, blob) in zip(built.plates, built.pages, strict=True)] if per_page or pages else []
    files += [(f.file, f.data) for f in page_files]
    images = placed_images(built.laid.pages, built.laid.flowed.figures)
    placed: dict[str, PlacedImages] = {"edition.pdf": [images.get(n, ()) for n in built.selected]}
    placed.update({f.file: [images.get(f.page, ())] for f in page_files})
    preflight_all([(out / name, blob) for name, blob in files], edition.style.print, edition.file, placed)
    return files, page_files


@dataclass(frozen=True, slots=True)
class Checked:
    """An edition of a run drawn, finished and preflighted into the files it is to write; nothing written yet."""

    built: Built
    out: Path
    files: tuple[tuple[str, bytes], ...]  # every file of the set (name, bytes), page files included
    page_files: tuple[PageFile, ...]
    seconds: float  # laying out, finishing and preflighting this edition (drawing is the run's)
    drawn: int  # plates drawn now for this edition (a plate two editions share counts for the first)


def check_run(planned: list[Planned], outs: list[Path], selection: Selection = Selection(),
              per_page: bool = True) -> tuple[list[Checked], float]:
    """The plates of every edition of a run drawn in one batch of processes (a shared plate once), then each
    edition finished and every file preflighted: a file that fails stops the run before any is written. The
    editions checked, and the seconds drawing took."""
    t = time.perf_counter()
    page_pdfs, drawn = draw_planned(planned)
    draw_seconds = time.perf_counter() - t
    out: list[Checked] = []
    for p, pdfs, folder, count in zip(planned, page_pdfs, outs, drawn, strict=True):
        t = time.perf_counter()
        built = finish_planned(p, pdfs)
        files, page_files = preflight_built(built, folder, selection.pages, per_page)
        out.append(Checked(built, folder, tuple(files), tuple(page_files), p.seconds + time.perf_counter() - t,
                           count))
    return out, draw_seconds


def manifest_header(edition: Edition) -> tuple[dict[str, Any], Base | None]:
    """The manifest's header of an edition's set, and its base if it is a zone."""
    header = {"edition": Path(edition.folder).name, "paper": edition.style.masthead.name,
              "date": edition.date.isoformat(), "issue": edition.issue, "zone": code(edition)}
    base = None
    if edition.base is not None and edition.zone is not None:
        w = edition.zone.where
        base = Base(Path(edition.base.folder).name, inputs_digest(edition.base), (w.file, w.line, w.col))
    return header, base


def write_checked(checked: Checked, pages: Set[int] | None = None, changed_only: bool = False) -> Changes:
    """Write an edition's preflighted set and its manifest as one transaction (layout.output.manifest); with
    `changed_only`, the page files that changed also into its send/."""
    edition = checked.built.laid.edition
    header, base = manifest_header(edition)
    return write_output(checked.out, list(checked.files), list(checked.page_files), header, base,
                        partial=bool(pages), send=changed_only, names=set_names(edition) if pages else None)


def commit(checked: Checked, selection: Selection = Selection(), per_page: bool = True,
           send: bool = False) -> Rendered:
    """Write one checked edition of a run (`send`: its own send/, with `selection.changed_only`)."""
    t = time.perf_counter()
    changes = write_checked(checked, selection.pages, send)
    pages, out = selection.pages, checked.out
    return Rendered(checked.built.laid, out / "edition.pdf", checked.seconds + time.perf_counter() - t,
                    tuple(out / name for name, _b in checked.built.pages if per_page or pages),
                    edition_written=not pages, changes=changes, checked=checked)


def render(folder: Path, out_dir: Path | None = None, options: Options = Options(),
           selection: Selection = Selection()) -> Rendered:
    """The night's run of one edition (`layout.run.night`, the same steps: `plan_run` → `check_run` →
    `commit`), written into `out_dir` itself (default out/<edition>): lay out, draw, finish as PDF/X,
    preflight, and only then write, as one transaction: edition.pdf, one file per page and manifest.json.
    With `selection.pages`, only those pages' files are written and edition.pdf is left as it was; with
    `selection.changed_only`, the page files that changed are also copied into the edition's send/."""
    start = time.perf_counter()
    bar = progress(3, "render")
    # a fresh render (nothing broken before in this folder): the workers start now and import the drawing side
    # while the edition is laid out; a warm one or a re-render draws few pages or none, as before
    with shared_workers(start=BreakStore.for_folder(folder).empty):
        planned = plan_run([folder], options, selection.pages)
        [checked], _draw_seconds = check_run(planned, [output_folder(planned[0].laid.edition, out_dir)], selection,
                                             options.per_page)
    bar.update()
    done = commit(checked, selection, options.per_page, send=selection.changed_only)
    bar.update(2)
    bar.close()
    prune_now_and_then()
    return replace(done, seconds=time.perf_counter() - start)
