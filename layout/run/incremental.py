"""The incremental edition: one edition kept in the process of `layout serve` and `layout watch`, laid out
again on every save, redoing only what the save changed.

Each stage keeps its last result per item together with the inputs it was made from, and reuses it only
when the new inputs are equal (never by a path, a time or a hash of part of them):

- an article file is parsed again only when its text changes (`Articles`, by path and text; the code is
  this process's own);
- a story is flowed again only when its article, its slots (the boxes it runs through, their pages and
  heads: so the jump lines' page numbers and where a continuation starts follow), the paper style or the
  fonts changed (`Kept.flows`); a head block likewise (`Kept.heads`);
- a page is composed again only when its plan, its set lines, what flow placed in its boxes, the articles
  of its heads, the edition's own fields (date, issue, zones …) or the fonts changed (`Kept.pages`);
- a page is drawn again only when its composed page, its fonts, its settings or the bytes of a photo, ad
  or profile it draws changed (`Incremental._draw`), and finished (PDF/X) only when its drawing changed;
  the edition's whole file is finished only when asked for (`Increment.built`: `layout watch` writes it,
  the desk shows pages).

Everything else (loading the plan and style, the glyph, text, fit, ad and photo checks) runs every time,
so the diagnostics are those of a fresh run. `tests/desk/test_incremental.py` holds the result to a fresh
`pipeline.build` of the same folder after a series of edits of every kind: the same bytes.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layout.compose.page import PageMemo
from layout.flow.paras import BreakFn
from layout.flow.story import FlowFn, Slot, StoryOutcome, flow_story
from layout.infra.cache import file_digest
from layout.infra.yamlio.read import Documents, kept_documents
from layout.model.article import Article
from layout.model.flow import Flowed, HeadKind, SetLine
from layout.model.head import HeadBlock
from layout.model.page import Page
from layout.model.paper import PaperStyle
from layout.model.plan import Box, Edition, HeadBox, PagePlan
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph
from layout.output.finishing import finish
from layout.output.plates import Plate, title
from layout.render.pages import Job, draw_jobs, draw_now, remember
from layout.run.options import Options
from layout.run.pipeline import Built, Laid, Stages, laid_plates
from layout.source.article import article_from_text, read_text_file
from layout.source.edition import load_edition

__all__ = ["Articles", "Increment", "Incremental", "Kept"]

HeadFn = Callable[[HeadBox, HeadKind], HeadBlock]
SETTLE_EVERY = 50
_EDITION_OWN = tuple(f.name for f in dataclasses.fields(Edition) if f.name not in ("pages", "articles", "notes"))


class Articles:
    """Reads article files, parsing each again only when its text differs from the last time it was read."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[str, Article]] = {}
        self._seen: set[str] = set()
        self.parsed = 0  # articles parsed (tests)

    def __call__(self, path: Path) -> Article:
        text = read_text_file(path)
        name = str(path)
        self._seen.add(name)
        found = self._known.get(name)
        if found is not None and found[0] == text:
            return found[1]
        article = article_from_text(path, text)
        self.parsed += 1
        self._known[name] = (text, article)
        return article

    def forget_unseen(self) -> None:
        """Drop the articles not read since the last call (deleted, renamed): memory stays one edition's."""
        self._known = {k: v for k, v in self._known.items() if k in self._seen}
        self._seen = set()


@dataclass
class _Story:
    inputs: tuple[Any, ...]
    outcome: StoryOutcome
    breaks: list[tuple[Any, ...]]  # the paragraphs it broke (replayed when kept, so the break store keeps them)


@dataclass
class Kept:
    """The last layout's stories, heads and pages, each with the inputs it was made from."""

    stories: dict[tuple[str, str], _Story] = field(default_factory=dict)
    head_blocks: dict[tuple[str, Box, HeadKind], tuple[tuple[Any, ...], HeadBlock]] = field(default_factory=dict)
    composed: dict[tuple[str, int], tuple[tuple[Any, ...], Page]] = field(default_factory=dict)
    used: set[tuple[Any, ...]] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # what the last layout made anew (tests, the bench)
    saved: set[str] = field(default_factory=set)  # editions whose broken paragraphs were written to disk
    audit_passed: set[tuple[str, str]] = field(default_factory=set)  # kept stories whose text audit passed

    def _made(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def flows(self, stages: Stages) -> FlowFn:
        """`flow_story`, kept per story while its article, slots, style and fonts are the same."""
        file = stages.edition.file

        def flow(article: Article, slots: list[Slot], style: PaperStyle, brk: BreakFn) -> StoryOutcome:
            inputs = (article, tuple(slots), style, stages.fonts)
            slot = (file, article.slug)
            self.used.add(slot)
            found = self.stories.get(slot)
            if found is not None and found.inputs == inputs:
                for args in found.breaks:
                    brk(*args)  # the break store keeps what this render uses: these paragraphs too
                return found.outcome
            calls: list[tuple[Any, ...]] = []

            def recorded(text: str, style: TextStyle, measure: float, start: int, first_indent: bool,
                         bold: tuple[tuple[int, int], ...] = ()) -> BrokenParagraph:
                calls.append((text, style, measure, start, first_indent, bold))
                return brk(text, style, measure, start, first_indent, bold)

            outcome = flow_story(article, slots, style, recorded)
            self.stories[slot] = _Story(inputs, outcome, calls)
            self.audit_passed.discard(slot)
            self._made("stories")
            return outcome

        return flow

    def heads(self, stages: Stages) -> HeadFn:
        """The head blocks, kept per box and kind while the box's article, the style and the fonts are the same."""
        made = stages.head_for()
        edition = stages.edition

        def head(box: HeadBox, kind: HeadKind) -> HeadBlock:
            slot = (edition.file, box, kind)
            inputs = (edition.articles.get(box.story), edition.style, stages.fonts)
            self.used.add(slot)
            found = self.head_blocks.get(slot)
            if found is not None and found[0] == inputs:
                return found[1]
            block = made(box, kind)
            self.head_blocks[slot] = (inputs, block)
            return block

        return head

    def pages(self, stages: Stages, flowed: Flowed) -> PageMemo:
        """Composed pages, kept per page number while everything the page is composed from is the same."""
        edition = stages.edition
        own = tuple(getattr(edition, name) for name in _EDITION_OWN)
        placed = {p.where: p for p in flowed.boxes}
        figures = {f.where: f for f in flowed.figures}
        tables = {t.where: t for t in flowed.tables}

        def page(plan: PagePlan, lines: list[SetLine], make: Callable[[], Page]) -> Page:
            wheres = [b.where for b in plan.boxes]
            inputs = (own, plan, tuple(lines), stages.fonts,
                      tuple(edition.articles.get(story) for b in plan.boxes if (story := getattr(b, "story", None))),
                      tuple(placed.get(w) for w in wheres), tuple(figures.get(w) for w in wheres),
                      tuple(tables.get(w) for w in wheres))
            slot = (edition.file, plan.number)
            self.used.add(slot)
            found = self.composed.get(slot)
            if found is not None and found[0] == inputs:
                return found[1]
            made = make()
            self.composed[slot] = (inputs, made)
            self._made("pages")
            return made

        return page

    def audited(self, stages: Stages) -> set[str]:
        """The stories whose kept layout passed the text audit (a story flowed again is audited again)."""
        return {slug for file, slug in self.audit_passed if file == stages.edition.file}

    def passed_audit(self, stages: Stages, flowed: Flowed) -> None:
        self.audit_passed |= {(stages.edition.file, f.story) for f in flowed.fits}

    def stories_saved(self, stages: Stages) -> bool:
        """Whether the broken paragraphs of this edition were written to the disk cache before (once per
        process is enough: a later process re-breaks only the paragraphs edited since)."""
        done = stages.edition.file in self.saved
        self.saved.add(stages.edition.file)
        return done

    def start(self) -> None:
        self.used = set()
        self.counts = {}

    def forget_unused(self) -> None:
        """Drop what the last layout did not use (a story deleted, a page removed): memory stays one edition's."""
        self.stories = {k: v for k, v in self.stories.items() if k in self.used}
        self.audit_passed &= set(self.stories)
        self.head_blocks = {k: v for k, v in self.head_blocks.items() if k in self.used}
        self.composed = {k: v for k, v in self.composed.items() if k in self.used}


def _files_drawn(page: Page) -> tuple[str | None, ...]:
    """The digest of every photo and ad file the page draws (a file replaced under its name keeps the tree)."""
    files = [*(i.file for i in page.images), *(a.file for a in page.ads)]
    return tuple(file_digest(Path(f)) if f and Path(f).is_file() else None for f in files)


@dataclass(frozen=True, slots=True)
class Increment:
    """One update of the incremental edition: the layout, its plates, each page as drawn and as its finished
    file, and the pages whose file changed since the update before (none on the first)."""

    laid: Laid
    plates: tuple[Plate, ...]
    drawn: tuple[bytes, ...]
    files: tuple[tuple[str, bytes], ...]
    changed: tuple[int, ...]
    first: bool
    source: Incremental

    def built(self) -> Built:
        """As `pipeline.build` makes it: the edition's whole PDF/X file too (finished now, or kept)."""
        return Built(self.laid, tuple(p.number for p in self.plates), self.source.edition_pdf(self),
                     self.files, self.plates)


class Incremental:
    """An edition folder laid out, drawn and finished in memory, again on each `update`, keeping what did not
    change (see the module's docstring). Not thread-safe: one worker updates it."""

    def __init__(self, folder: Path, options: Options = Options()) -> None:
        self.folder = folder
        self.options = options
        self.articles = Articles()
        self.documents: Documents = {}  # the plan: parsed again only when its bytes change
        self.kept = Kept()
        self._drawn: dict[str, tuple[tuple[Any, ...], bytes]] = {}  # plate name → (inputs, page PDF)
        self._edition: tuple[tuple[Any, ...], bytes] | None = None
        self._files: dict[int, bytes] | None = None  # the last update's page files, by page number
        self._settled = 0
        self._unsaved: list[tuple[Job, bytes]] = []  # pages drawn by `update` that `settle` puts in the disk cache

    def settle(self) -> None:
        """Between renders (after the result is out): the pages drawn again are put in the disk cache (for
        a later process), and what the process keeps is frozen out of the garbage collector's passes, which
        would otherwise walk the whole kept edition (~0.1–0.3 s) inside the next save's render; every
        SETTLE_EVERY-th time everything is collected first (cycles among kept objects that were dropped are
        freed then)."""
        unsaved, self._unsaved = self._unsaved, []
        remember([job for job, _blob in unsaved], [blob for _job, blob in unsaved])
        self._settled += 1
        if self._settled % SETTLE_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()

    def update(self) -> Increment:
        """Load, lay out, draw and finish the edition as it is on disk now (a LayoutError as a fresh run has it)."""
        self.kept.start()
        with kept_documents(self.documents):
            edition = load_edition(self.folder, self.options.allow, self.articles)
            laid, plates = laid_plates(edition, self.options, {}, self.kept)
        self.articles.forget_unseen()
        self.kept.forget_unused()
        drawn = self._draw(plates)
        files = tuple((p.name, blob) for p, blob in zip(plates, drawn, strict=True))  # a page is PDF/X as drawn
        before, first = self._files or {}, self._files is None
        self._files = {p.number: blob for p, (_n, blob) in zip(plates, files, strict=True)}
        changed = () if first else tuple(n for n, blob in self._files.items() if before.get(n) != blob)
        return Increment(laid, plates, tuple(drawn), files, changed, first, self)

    def _draw(self, plates: tuple[Plate, ...]) -> list[bytes]:
        """Each plate's page PDF: kept when its page, fonts, settings and drawn files are the same, else drawn
        (from the disk cache where it has the page)."""
        inputs = [(p.page, p.fonts, p.settings, _files_drawn(p.page)) for p in plates]
        out: list[bytes | None] = []
        for plate, key in zip(plates, inputs, strict=True):
            found = self._drawn.get(plate.name)
            out.append(found[1] if found is not None and found[0] == key else None)
        todo = [i for i, blob in enumerate(out) if blob is None]
        jobs = [plates[i].job for i in todo]
        if self._files is None:  # the first update: from the disk cache where it has the page
            made, _fresh = draw_jobs(jobs)
        else:  # a page drawn again after an edit: drawn now, put in the disk cache by `settle`
            made = draw_now(jobs)
            self._unsaved = [*self._unsaved, *zip(jobs, made, strict=True)][-SETTLE_EVERY:]
        self.kept.counts["drawn"] = len(todo)
        for i, blob in zip(todo, made, strict=True):
            out[i] = blob
        self._drawn = {p.name: (key, blob) for p, key, blob in zip(plates, inputs, out, strict=True)
                       if blob is not None}
        return [blob for blob in out if blob is not None]

    def edition_pdf(self, increment: Increment) -> bytes:
        """The whole edition as one PDF/X file, finished once per set of page drawings."""
        edition = increment.laid.edition
        key = (increment.drawn, edition.style.print, title(edition), edition.date)
        if self._edition is None or self._edition[0] != key:
            self._edition = (key, finish(list(increment.drawn), edition.style.print, title(edition), edition.date))
        return self._edition[1]


def write_update(edition: Incremental, out_dir: Path | None = None) -> tuple[Increment, Path]:
    """`layout watch`'s render: the edition updated, then preflighted and written as `layout render` writes
    it (edition.pdf, one file per page, manifest.json, as one transaction); returns the update and edition.pdf."""
    from layout.infra.cache import prune_now_and_then
    from layout.run.pipeline import Checked, output_folder, preflight_built, write_checked

    done = edition.update()
    built = done.built()
    out = output_folder(built.laid.edition, out_dir)
    files, page_files = preflight_built(built, out)
    write_checked(Checked(built, out, tuple(files), tuple(page_files), 0.0, 0))
    prune_now_and_then()
    return done, out / "edition.pdf"
