"""The page-1 masthead (报头) and the inside pages' 报眉, as text runs and rules."""

from __future__ import annotations

from collections.abc import Callable

from layout.compose.imprint import (
    cn_date,
    founded,
    imprint_note,
    issue_no,
    lunar_date,
    page_label,
    pages_today,
    weekday,
)
from layout.compose.runs import ASCENT, runs_for_text, text_width
from layout.model.page import Drawing, ImageItem, RuleItem, TextRun
from layout.model.plan import Edition, PagePlan, Rect
from layout.model.text import Metrics

MetricsFor = Callable[[str], Metrics]


def masthead(edition: Edition, rect: Rect, metrics_for: MetricsFor) -> Drawing:
    style = edition.style
    ms = style.masthead
    runs: list[TextRun] = []
    name_metrics = metrics_for(ms.name_font)
    # the name: as large as fits 60% of the box height and half its width
    name_size = min(rect.h * 0.62, rect.w * 0.5 / max(1, len(ms.name)))
    name_w = text_width(ms.name, name_size, name_metrics)
    tracking = name_size * 0.08
    x0 = rect.x
    y_name = rect.y + name_size * ASCENT + rect.h * 0.04
    images: list[ImageItem] = []
    if ms.logo:  # the paper's own lettering, fitted to where the typeset name would stand
        images.append(ImageItem(x0, rect.y + rect.h * 0.04, rect.w * 0.55, name_size * 1.05, ms.logo, ms.name,
                                fit=True))
    else:
        runs += [TextRun(r.x, r.y, r.text, r.font, r.size, r.char_space, ms.colour)
                 for r in runs_for_text(ms.name, x0, y_name, name_size, name_metrics, tracking)]
    name_w += tracking * (len(ms.name) - 1)
    if ms.latin:
        latin_metrics = metrics_for("hei")
        lsize = name_size * 0.2
        lw = text_width(ms.latin, lsize, latin_metrics)
        track = (name_w - lw) / max(1, len(ms.latin) - 1)
        runs += runs_for_text(ms.latin, x0, y_name + name_size * 0.12 + lsize * 1.1, lsize, latin_metrics,
                              max(0.0, track))
    # imprint block on the right
    song = metrics_for(style.paragraphs.body.font)
    hei = metrics_for(style.folio.font)
    d = edition.date
    lines: list[tuple[str, float, Metrics]] = [
        (f"{cn_date(d)}　{weekday(d)}", 16.0, hei),
        (lunar_date(d), 12.0, song),
        (pages_today(edition.pages_total, imprint_note(edition)), 12.0, hei),
        (ms.serial, 10.5, song),
        (ms.publisher, 10.5, song),
        (f"{founded(ms.founded)}　{issue_no(edition.issue)}", 10.5, song),
    ]
    total_h = sum(size * 1.55 for _t, size, _m in lines)
    if total_h > rect.h * 0.92:  # a shorter masthead box: the imprint scales down to fit it
        scale = rect.h * 0.92 / total_h
        lines = [(t, s * scale, m) for t, s, m in lines]
        total_h *= scale
    y = rect.y + (rect.h - total_h) / 2
    block_w = max(text_width(t, s, m) for t, s, m in lines)
    xr = rect.right - block_w
    for text, size, metrics in lines:
        y += size * 1.55
        runs += runs_for_text(text, xr, y - size * 0.4, size, metrics)
    rules = [RuleItem(xr - 14, rect.y + 6, xr - 14, rect.bottom - 6, style.rules.column)]
    rules.append(RuleItem(rect.x, rect.bottom - 2, rect.right, rect.bottom - 2, style.rules.heavy))
    return Drawing(runs, rules, images)


def folio(edition: Edition, page: PagePlan, metrics_for: MetricsFor) -> Drawing:
    """报眉: page number, section, date, paper name, editors; a rule under it."""
    style = edition.style
    g = style.grid
    fs = style.folio
    metrics = metrics_for(fs.font)
    top = g.top
    height = fs.lines * g.line
    base = top + height * 0.55 + fs.size * 0.35
    runs: list[TextRun] = []
    big = fs.size * 2
    label = page_label(page.number)
    runs += runs_for_text(label, g.left, top + height * 0.55 + big * 0.35, big, metrics)
    x = g.left + text_width(label, big, metrics) + fs.size * 2
    if page.section:
        runs += runs_for_text(page.section, x, base, fs.size * 1.5, metrics)
    centre = f"{cn_date(edition.date)}　{weekday(edition.date)}"
    cw = text_width(centre, fs.size, metrics)
    runs += runs_for_text(centre, g.left + (g.width - cw) / 2, base, fs.size, metrics)
    right = (page.folio_name or style.masthead.name) + (f"　{page.editors}" if page.editors else "")
    rw = text_width(right, fs.size, metrics)
    runs += runs_for_text(right, g.left + g.width - rw, base, fs.size, metrics)
    rule_y = top + height - 3
    return Drawing(runs, [RuleItem(g.left, rule_y, g.left + g.width, rule_y, style.rules.heavy)])

