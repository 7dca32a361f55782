"""Assemble each planned page: masthead or 报眉, headline blocks, set lines, photos, captions, rules."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from layout.compose.headline import HeadBlock
from layout.compose.masthead import folio, masthead
from layout.compose.runs import baseline_in, runs_for_line
from layout.flow.fill import column_rects, headline_boxed, text_area
from layout.model.flow import Flowed
from layout.model.page import ImageItem, Page, RuleItem, TextRun
from layout.model.paper import PaperStyle
from layout.model.plan import Box, BoxKind, Edition, ImageRef, Rect
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics

MetricsFor = Callable[[str], Metrics]
BreakFn = Callable[[str, TextStyle, float, int, bool], BrokenParagraph]
HeadFor = Callable[[Box, bool], HeadBlock]
CAPTION_GAP = 3.0  # pt between a photo and its caption's grid line


def story_rules(box: Box, style: PaperStyle, head_lines: int) -> list[RuleItem]:
    """A boxed story's frame, and column rules down the middle of its gutters (under the headline)."""
    out: list[RuleItem] = []
    r = box.rect
    w = style.rules.story
    if box.frame:
        out += [RuleItem(r.x, r.y, r.right, r.y, w), RuleItem(r.right, r.y, r.right, r.bottom, w),
                RuleItem(r.right, r.bottom, r.x, r.bottom, w), RuleItem(r.x, r.bottom, r.x, r.y, w)]
    if box.column_rules and box.columns > 1:
        area = text_area(box, style)
        top = area.y + head_lines * style.grid.line
        cols = column_rects(box, style)
        for (x0, w0), (x1, _w1) in itertools.pairwise(cols):
            mid = (x0 + w0 + x1) / 2
            out.append(RuleItem(mid, top, mid, area.bottom, style.rules.column))
    return out


def inset_rect(box: Box, head_lines: int, style: PaperStyle) -> Rect:
    """Where a story box's inset photo sits: over the text columns it crosses, under the headline
    (top) or at the foot of the box (bottom)."""
    assert box.inset is not None
    cols = column_rects(box, style)
    crossed = [cols[i] for i in box.inset_columns()]
    x0, x1 = crossed[0][0], crossed[-1][0] + crossed[-1][1]
    pitch = style.grid.line
    h = box.inset.lines * pitch
    area = text_area(box, style)
    y = area.y + head_lines * pitch if box.inset.top else area.bottom - h
    return Rect(x0, y, x1 - x0, h)


def photo(edition: Edition, ref: ImageRef, rect: Rect, brk: BreakFn,
          style_metrics: Callable[[TextStyle], Metrics]) -> tuple[ImageItem, list[TextRun]]:
    """A photo (or its marked placeholder) filling `rect` above its caption lines, on the grid."""
    style = edition.style
    pitch = style.grid.line
    caption = "　".join(p for p in (ref.caption, ref.credit) if p)
    cstyle = style.paragraphs["caption"]
    clines = brk(caption, cstyle, rect.w, 0, False).lines if caption else ()
    rows = round(rect.h / pitch)
    photo_rows = max(1, rows - len(clines))
    label = f"图片占位 {ref.article}/{ref.photo}" if ref.article else f"图片占位 {ref.file}"
    file = None if ref.placeholder or not ref.file else str(Path(edition.folder) / ref.file)
    image = ImageItem(rect.x, rect.y, rect.w, photo_rows * pitch - CAPTION_GAP, file, label, ref.focus, ref.fit,
                      style.rules.photo)
    metrics = style_metrics(cstyle)
    texts: list[TextRun] = []
    for k, ln in enumerate(clines):
        top = rect.y + (photo_rows + k) * pitch
        texts += runs_for_line(ln, rect.x, baseline_in(top, pitch, cstyle.size), cstyle.size, metrics)
    return image, texts


def compose_pages(edition: Edition, flowed: Flowed, metrics_for: MetricsFor, brk: BreakFn,
                  head_for: HeadFor, style_metrics: Callable[[TextStyle], Metrics]) -> list[Page]:
    """`style_metrics` gives the metrics a paragraph style was broken with (its Latin font included)."""
    style = edition.style
    pitch = style.grid.line
    pages: list[Page] = []
    seen_story: set[str] = set()
    separate = headline_boxed(edition)
    for plan in edition.pages:
        texts: list[TextRun] = []
        rules: list[RuleItem] = []
        images: list[ImageItem] = []
        if plan.number != 1 or not any(b.kind is BoxKind.MASTHEAD for b in plan.boxes):
            r, ru = folio(edition, plan, metrics_for)
            texts += r
            rules += ru
        for box in plan.boxes:
            if box.kind is BoxKind.MASTHEAD:
                r, ru, im = masthead(edition, box.rect, metrics_for)
                texts += r
                rules += ru
                images += im
            elif box.kind is BoxKind.HEADLINE or box.kind is BoxKind.STORY:
                first = box.story not in seen_story
                if box.kind is BoxKind.STORY and box.story:
                    seen_story.add(box.story)
                headless = box.kind is BoxKind.STORY and first and box.story in separate and not box.head
                block = HeadBlock((), 0) if headless else \
                    head_for(box, box.kind is BoxKind.STORY and not first and not box.head)
                area = text_area(box, style) if box.kind is BoxKind.STORY else box.rect
                texts += [TextRun(area.x + t.x, area.y + t.y, t.text, t.font, t.size, t.char_space)
                          for t in block.runs]
                if box.kind is BoxKind.STORY:
                    rules += story_rules(box, style, block.lines)
                if box.inset is not None:
                    image, captions = photo(edition, box.inset.image, inset_rect(box, block.lines, style),
                                            brk, style_metrics)
                    images.append(image)
                    texts += captions
            elif box.kind is BoxKind.IMAGE and box.image:
                image, captions = photo(edition, box.image, box.rect, brk, style_metrics)
                images.append(image)
                texts += captions
            elif box.kind is BoxKind.RULE:
                rect = box.rect
                if box.vertical:
                    mid_x = rect.x + rect.w / 2
                    rules.append(RuleItem(mid_x, rect.y, mid_x, rect.bottom, style.rules.story))
                else:
                    mid_y = rect.y + rect.h / 2
                    rules.append(RuleItem(rect.x, mid_y, rect.right, mid_y, style.rules.story))
        pages.append(Page(plan.number, style.trim[0], style.trim[1], tuple(texts), tuple(rules), tuple(images)))
    by_page: dict[int, list[TextRun]] = {}
    for sl in flowed.lines:
        metrics = style_metrics(sl.style)
        y = baseline_in(sl.top, pitch, sl.style.size)
        by_page.setdefault(sl.page, []).extend(runs_for_line(sl.line, sl.x, y, sl.style.size, metrics))
    return [Page(p.number, p.width, p.height, p.texts + tuple(by_page.get(p.number, ())), p.rules, p.images)
            for p in pages]
