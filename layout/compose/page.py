"""Assemble each planned page from the flow stage's records: masthead or 报眉, headline blocks, set lines,
figures, rules. Nothing is measured or placed here that flow already decided."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from pathlib import Path

from layout.compose.masthead import folio, masthead
from layout.compose.runs import baseline_in, runs_for_line, runs_for_text, text_width
from layout.compose.table import table_drawing
from layout.compose.vertical import head_order, vertical_head_runs, vertical_runs
from layout.model.flow import FigurePlacement, Flowed, HeadKind, SetLine, StoryBoxPlacement
from layout.model.head import HeadBlock
from layout.model.page import AdItem, Drawing, ImageItem, Page, RuleItem, TextRun
from layout.model.paper import RuleStyle
from layout.model.plan import (
    AdBox,
    AdRef,
    Edition,
    HeadBox,
    HeadlineBox,
    MastheadBox,
    PagePlan,
    Rect,
    RuleBox,
    StoryBox,
)
from layout.model.style import TextStyle
from layout.model.text import Line, Metrics

MetricsFor = Callable[[str], Metrics]
# a page composed by `make`, or the same page kept from before when its inputs (the page's plan, its set
# lines, what flow placed in its boxes) are unchanged: `layout serve` keeps them between renders
PageMemo = Callable[[PagePlan, list[SetLine], Callable[[], Page]], Page]
HeadFor = Callable[[HeadBox, HeadKind], HeadBlock]
StyleMetrics = Callable[[TextStyle], Metrics]


def story_rules(placed: StoryBoxPlacement, rules: RuleStyle) -> list[RuleItem]:
    """A boxed story's frame, and column rules down the middle of its gutters (under the headline)."""
    out: list[RuleItem] = []
    r = placed.frame
    w = rules.story
    if r is not None:
        out += [RuleItem(r.x, r.y, r.right, r.y, w), RuleItem(r.right, r.y, r.right, r.bottom, w),
                RuleItem(r.right, r.bottom, r.x, r.bottom, w), RuleItem(r.x, r.bottom, r.x, r.y, w)]
    if placed.column_rules:
        for a, b in itertools.pairwise(placed.columns):
            mid = (a.right + b.x) / 2
            out.append(RuleItem(mid, a.y, mid, a.bottom, rules.column))
    return out


def head_runs(block: HeadBlock, at: Rect, metrics_for: MetricsFor) -> list[TextRun]:
    return [run for hl in block.lines
            for run in runs_for_line(hl.line, at.x, at.y + hl.baseline, hl.size, metrics_for(hl.font))]


def line_runs(lines: tuple[SetLine, ...] | list[SetLine], pitch: float, style_metrics: StyleMetrics) -> list[TextRun]:
    out: list[TextRun] = []
    for sl in lines:
        if sl.style.vertical:
            out += vertical_runs(sl.line, sl.x, sl.top, pitch, sl.style.size, style_metrics(sl.style),
                                 sl.style.corner_quotes)
            continue
        y = baseline_in(sl.top, pitch, sl.style.size)
        out += kept_runs(sl.line, sl.x, y, sl.style.size, style_metrics(sl.style))
    return out


# The runs of a set line, by the very line and metrics objects they were made from (held here, so an id is
# never another object's) and its place and size: a page composed again after an edit (`layout serve`)
# makes runs only for the lines the edit set anew. Forgotten all at once past MAX_KEPT_RUNS lines.
KEPT_RUNS: dict[tuple[int, float, float, float, int], tuple[Line, Metrics, list[TextRun]]] = {}
MAX_KEPT_RUNS = 40_000


def kept_runs(line: Line, x: float, y: float, size: float, metrics: Metrics) -> list[TextRun]:
    """`runs_for_line`, kept (the list is shared: not to be changed)."""
    key = (id(line), x, y, size, id(metrics))
    found = KEPT_RUNS.get(key)
    if found is not None:  # the entry holds its line and metrics: their ids are theirs while it is kept
        return found[2]
    runs = runs_for_line(line, x, y, size, metrics)
    if len(KEPT_RUNS) >= MAX_KEPT_RUNS:
        KEPT_RUNS.clear()
    KEPT_RUNS[key] = (line, metrics, runs)
    return runs


def figure(edition: Edition, fig: FigurePlacement, style_metrics: StyleMetrics) -> Drawing:
    """A photo (or its marked placeholder) and its caption lines."""
    ref, r = fig.image, fig.photo
    label = f"图片占位 {ref.article}/{ref.photo}" if ref.article else f"图片占位 {ref.file}"
    file = None if ref.placeholder or not ref.file else str(Path(ref.root or edition.folder) / ref.file)
    image = ImageItem(r.x, r.y, r.w, r.h, file, label, ref.focus, ref.fit, edition.style.rules.photo)
    return Drawing(line_runs(fig.caption, edition.style.grid.line, style_metrics), [], [image])


LABEL_SIZE = 12.0  # pt: the lines on a placeholder


def ad_label(ad: AdRef) -> tuple[str, ...]:
    """The lines on an ad's placeholder: the booking id, the advertiser and the booked size."""
    b = ad.booking
    return (f"广告占位 {b.id}", b.advertiser, b.size) if b else (f"广告占位 {ad.file}",)


def advert(edition: Edition, box: AdBox) -> AdItem:
    """An ad box: the advertiser's PDF, or the booking's placeholder while the file is missing."""
    ad, r = box.ad, box.rect
    file = None if ad.missing or ad.file is None else str(Path(ad.folder(edition.folder)) / ad.file)
    return AdItem(r.x, r.y, r.w, r.h, file, ad.page, ad.fit, ad_label(ad) if file is None else ())


def label_runs(item: AdItem, metrics: Metrics) -> list[TextRun]:
    """A placeholder's lines as text, centred in its box, in the caption role's fonts with their fallbacks
    (an advertiser's name may need a font the caption face lacks). A character no font has was an error
    before layout (`layout.run.glyphs`), or is drawn as 〓 with --allow-missing-glyphs."""
    size = LABEL_SIZE
    n = len(item.label)
    out: list[TextRun] = []
    for i, line in enumerate(item.label):  # runs_for_text draws 〓 for a character no font has (1 em, as here)
        width = text_width(line, size, metrics)
        baseline = item.y + item.h / 2 - (n - 1) * size * 0.75 + size / 3 + i * size * 1.5
        out += runs_for_text(line, item.x + (item.w - width) / 2, baseline, size, metrics)
    return out


def rule(box: RuleBox, width: float) -> RuleItem:
    r = box.rect
    if box.vertical:
        return RuleItem(r.x + r.w / 2, r.y, r.x + r.w / 2, r.bottom, width)
    return RuleItem(r.x, r.y + r.h / 2, r.right, r.y + r.h / 2, width)


def compose_page(edition: Edition, plan: PagePlan, flowed: Flowed, metrics_for: MetricsFor, head_for: HeadFor,
                 style_metrics: StyleMetrics) -> Drawing:
    """Everything on one page except the stories' set lines."""
    placements = {p.where: p for p in flowed.boxes}
    figures = {f.where: f for f in flowed.figures}
    tables = {t.where: t for t in flowed.tables}
    out = Drawing()
    if plan.number != 1 or not any(isinstance(b, MastheadBox) for b in plan.boxes):
        out.add(folio(edition, plan, metrics_for))
    for box in plan.boxes:
        match box:
            case MastheadBox():
                out.add(masthead(edition, box.rect, metrics_for))
            case HeadlineBox(vertical=True):
                out.texts += vertical_head_runs(head_for(box, HeadKind.FULL), box.rect, metrics_for,
                                                head_order(box, plan.boxes))
            case HeadlineBox():
                out.texts += head_runs(head_for(box, HeadKind.FULL), box.rect, metrics_for)
            case StoryBox():
                placed = placements[box.where]
                if placed.head is not HeadKind.NONE:
                    out.texts += head_runs(head_for(box, placed.head), placed.area, metrics_for)
                out.rules += story_rules(placed, edition.style.rules)
            case RuleBox():
                out.rules.append(rule(box, edition.style.rules.story))
            case AdBox():
                item = advert(edition, box)
                out.ads.append(item)
                out.texts += label_runs(item, metrics_for(edition.style.paragraphs.caption.font))
        if box.where in figures:
            out.add(figure(edition, figures[box.where], style_metrics))
        if box.where in tables:
            out.add(table_drawing(tables[box.where], metrics_for))
    return out


def compose_pages(edition: Edition, flowed: Flowed, metrics_for: MetricsFor, head_for: HeadFor,
                  style_metrics: StyleMetrics, memo: PageMemo | None = None) -> list[Page]:
    """`style_metrics` gives the metrics a paragraph style was broken with (its Latin font included)."""
    by_page: dict[int, list[SetLine]] = {}
    for sl in flowed.lines:
        by_page.setdefault(sl.page, []).append(sl)
    w, h = edition.style.trim

    def make(plan: PagePlan, lines: list[SetLine]) -> Page:
        d = compose_page(edition, plan, flowed, metrics_for, head_for, style_metrics)
        d.texts += line_runs(lines, edition.style.grid.line, style_metrics)
        return Page(plan.number, w, h, tuple(d.texts), tuple(d.rules), tuple(d.images), tuple(d.ads))

    pages: list[Page] = []
    for plan in edition.pages:
        lines = by_page.get(plan.number, [])
        pages.append(make(plan, lines) if memo is None else memo(plan, lines, functools.partial(make, plan, lines)))
    return pages
