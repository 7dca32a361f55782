"""Headline blocks: 引题 / 主题 / 副题 sized from the style's scale to fit the box, on whole grid lines.

Measuring only: the block is built before flow (which needs its height) and drawn by compose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from layout.compose.runs import ASCENT, runs_for_text, text_width
from layout.model.article import Article
from layout.model.page import TextRun
from layout.model.paper import HeadPart, PaperStyle
from layout.model.text import Metrics

MetricsFor = Callable[[str], Metrics]
LINE_GAP = {"kicker": 0.35, "title": 0.18, "subtitle": 0.35, "continuation": 0.2}


@dataclass(frozen=True, slots=True)
class HeadBlock:
    runs: tuple[TextRun, ...]  # relative to the block's top-left
    lines: int  # grid lines the block takes, including the space after it
    warnings: tuple[str, ...] = ()


def phrases(text: str) -> list[str]:
    """A space or `|` in a headline marks where it may break."""
    return [p for p in re.split(r"[ |\u3000]+", text.strip()) if p]


def fit_part(text: str, part: HeadPart, width: float, metrics: Metrics,
             gap: str = "\u3000") -> tuple[float, list[str], bool]:
    """The largest size of the scale at which `text` fits `width` in at most max_lines lines.

    Lines break only between phrases. Returns (size, lines, fitted)."""
    words = phrases(text)
    # one line at the largest size that allows it; only then more lines (up to max_lines)
    for allowed in range(1, part.max_lines + 1):
        for size in part.sizes:
            lines = _pack(words, size, width, metrics, gap=gap)
            if lines is not None and len(lines) <= allowed:
                return size, lines, True
    size = part.sizes[-1]
    return size, _pack(words, size, width, metrics, force=True, gap=gap) or [text], False


def _pack(words: list[str], size: float, width: float, metrics: Metrics, force: bool = False,
          gap: str = "\u3000") -> list[str] | None:
    lines: list[str] = []
    cur = ""
    for w in words:
        trial = f"{cur}{gap}{w}" if cur else w
        if text_width(trial, size, metrics) <= width + 1e-6:
            cur = trial
            continue
        if cur:
            lines.append(cur)
        if text_width(w, size, metrics) > width + 1e-6:
            if not force:
                return None
            per = max(1, int(width // size))
            chunks = [w[i:i + per] for i in range(0, len(w), per)]
            lines.extend(chunks[:-1])
            w = chunks[-1]
        cur = w
    if cur:
        lines.append(cur)
    return lines


def head_block(article: Article, width: float, style: PaperStyle, metrics_for: MetricsFor,
               continuation: bool = False, jump_title: str = "") -> HeadBlock:
    hs = style.headline
    parts: list[tuple[str, str, HeadPart]] = []
    if continuation:
        parts.append(("continuation", jump_title or article.jump_title or article.title, hs.continuation))
    else:
        if article.kicker:
            parts.append(("kicker", article.kicker, hs.kicker))
        parts.append(("title", article.title, hs.title))
        if article.subtitle:
            parts.append(("subtitle", article.subtitle, hs.subtitle))
    runs: list[TextRun] = []
    warnings: list[str] = []
    y = 0.0
    for role, text, part in parts:
        metrics = metrics_for(part.font)
        # in a 主题 a space only marks where it may break; in 引题/副题 it also shows as a gap
        gap = "" if role in ("title", "continuation") else "\u3000"
        size, lines, fitted = fit_part(text, part, width, metrics, gap)
        if not fitted:
            warnings.append(f"{article.slug}: {role} '{text}' does not fit {part.max_lines} line(s) at "
                            f"{size:g}pt in {width:.0f}pt")
        lead = size * (1 + LINE_GAP[role])
        for ln in lines:
            w = text_width(ln, size, metrics)
            x = (width - w) / 2
            runs.extend(runs_for_text(ln, x, y + ASCENT * size + (lead - size) / 2, size, metrics))
            y += lead
    pitch = style.grid.line
    total = y + (0 if continuation else hs.space_after)
    lines_needed = int(-(-total // pitch))
    # centre the block vertically in its whole grid lines (minus the space after)
    slack = lines_needed * pitch - total
    shifted = tuple(TextRun(r.x, r.y + slack / 2, r.text, r.font, r.size, r.char_space) for r in runs)
    return HeadBlock(shifted, lines_needed, tuple(warnings))
