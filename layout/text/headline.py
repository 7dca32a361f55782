"""Headline blocks: 引题 / 主题 / 副题 (or a continuation head) sized from the style's scale to fit the box's
width, set by the same line breaker as the body — 禁则, punctuation compression, CJK–Latin spacing — and
stacked on whole grid lines (docs/text-engine.md §7).

Where a head may break: a `|` or a space next to Chinese text marks a phrase boundary (the editor's
choice: the head breaks only there when there are any); a space between two Latin words is a word space,
printed, and a break point too. A head without marks breaks wherever 禁则 allows, preferring breaks after
a pause mark and lines of even length, never leaving one character alone. In 引题 and 副题 a phrase
boundary that stays inside a line shows as a full-width gap; in 主题 it shows as nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from layout.model.article import Article
from layout.model.head import HeadBlock, HeadLine
from layout.model.paper import HeadPart, PaperStyle
from layout.model.style import Align, Kinsoku, TextStyle
from layout.model.text import Line, Metrics, ProblemKind
from layout.text import break_paragraph
from layout.text.classes import C, cls
from layout.text.kinsoku import may_break

MetricsFor = Callable[[str], Metrics]
ASCENT = 0.88  # CJK fonts put the ideographic em box from −0.12 em to 0.88 em around the baseline
LINE_GAP = {"kicker": 0.35, "title": 0.18, "subtitle": 0.35, "continuation": 0.2}
EPS = 1e-6
MAX_CANDIDATES = 48  # break points tried per head (enough for any headline; bounds the search)


@dataclass(frozen=True, slots=True)
class Marked:
    """A head's text as printed (phrase marks removed or made gaps) and where it may break: after
    character index i for each i in `phrase` (preferred) or `word` (a Latin word space)."""

    text: str
    phrase: tuple[int, ...]
    word: tuple[int, ...]


def _latin(ch: str) -> bool:
    return cls(ch) is C.LATIN


def mark(text: str, gap: str) -> Marked:
    """Read the editor's phrase marks: `|`, and spaces next to Chinese text (those become `gap`)."""
    out: list[str] = []
    phrase: list[int] = []
    word: list[int] = []
    text = text.strip(" |\u3000")
    for m in re.finditer(r"[ |\u3000]+|[^ |\u3000]+", text):
        piece = m.group()
        if not piece.strip(" \u3000") and "|" not in piece:
            before, after = text[m.start() - 1], text[m.end()]
            if _latin(before) and _latin(after):
                out.append(" ")
                word.append(len("".join(out)) - 1)
                continue
        if piece[0] in " |\u3000":
            if out:
                phrase.append(len("".join(out)))
                out.append(gap if "|" not in piece else "")
            continue
        out.append(piece)
    joined = "".join(out)
    return Marked(joined, tuple(p for p in phrase if 0 < p < len(joined)), tuple(word))


def _legal_breaks(text: str) -> list[int]:
    """Every position between two characters where 禁则 (normal) lets a line break, outside Latin words."""
    return [i for i in range(1, len(text)) if may_break(cls(text[i - 1]), cls(text[i]), Kinsoku.NORMAL)
            and not (_latin(text[i - 1]) and _latin(text[i]))]


def head_style(part: HeadPart, size: float, vertical: bool = False) -> TextStyle:
    """A head part's style; a 竖题's (`vertical`) has no CJK–Latin space (docs/text-engine.md)."""
    style = TextStyle(part.font, size, size, indent=0.0, align=Align.CENTER, punctuation=part.punctuation)
    return replace(style, vertical=True, latin_space=0.0, latin_space_max=0.0) if vertical else style


def _one_line(text: str, style: TextStyle, width: float, metrics: Metrics) -> Line | None:
    """The text set as one line of `width`, or None when it does not fit (or breaks a rule)."""
    got = break_paragraph(text.strip(" \u3000"), style, width, metrics)
    broken = [p for p in got.problems if p.kind in (ProblemKind.OVERFULL, ProblemKind.FORCED_BREAK)]
    return got.lines[0] if len(got.lines) == 1 and not broken else None


def _natural(text: str, style: TextStyle, metrics: Metrics) -> float:
    got = break_paragraph(text.strip(" \u3000"), style, 1e6, metrics)
    return got.lines[0].natural if got.lines else 0.0


def _partitions(marked: Marked, lines: int) -> Iterator[tuple[int, ...]]:
    """Ways to cut the head into `lines` lines: at phrase marks (and word spaces) if it has any, else at
    every legal break; the preferred ones first."""
    if lines == 1:
        yield ()
        return
    cuts = sorted(set(marked.phrase) | set(marked.word)) or _legal_breaks(marked.text)
    yield from itertools.combinations(cuts[:MAX_CANDIDATES], lines - 1)


def _split(text: str, cuts: tuple[int, ...]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip(" \u3000") for a, b in itertools.pairwise(bounds)]


def _cost(pieces: list[str], style: TextStyle, metrics: Metrics, cuts: tuple[int, ...], marked: Marked) -> float:
    """Uneven lines cost; a break after a pause mark or at a phrase mark is cheaper; a lone character is out."""
    if any(len(p) < 2 for p in pieces):
        return float("inf")
    widths = [_natural(p, style, metrics) for p in pieces]
    cost = max(widths) - min(widths)
    cost += sum(style.size / 10 for a, b in itertools.pairwise(widths) if b > a + EPS)  # longer lines first
    for cut in cuts:
        if cut in marked.phrase or cls(marked.text[cut - 1]) is C.PAUSE:
            cost -= style.size
    return cost


def fit_part(text: str, part: HeadPart, width: float, metrics: Metrics, gap: str = "\u3000",
             vertical: bool = False) -> tuple[float, list[Line], bool]:
    """The largest size of the scale at which `text` fits `width` in as few lines as possible (up to
    max_lines): one line at the largest size that allows it, only then more lines. Returns (size, lines,
    fitted); a head that fits nowhere is set at the smallest size, cut where it must be, and reported."""
    marked = mark(text, gap)
    for allowed in range(1, part.max_lines + 1):
        for size in part.sizes:
            lines = _best(marked, allowed, head_style(part, size, vertical), width, metrics)
            if lines is not None:
                return size, lines, True
    size = part.sizes[-1]
    return size, list(break_paragraph(marked.text, head_style(part, size, vertical), width, metrics).lines), False


def _best(marked: Marked, count: int, style: TextStyle, width: float, metrics: Metrics) -> list[Line] | None:
    best: tuple[float, list[Line]] | None = None
    for cuts in _partitions(marked, count):
        pieces = _split(marked.text, cuts)
        lines = [_one_line(p, style, width, metrics) for p in pieces]
        if any(ln is None for ln in lines):
            continue
        cost = _cost(pieces, style, metrics, cuts, marked) if count > 1 else 0.0
        if cost < float("inf") and (best is None or cost < best[0] - EPS):
            best = (cost, [ln for ln in lines if ln is not None])
    return best[1] if best else None


def _parts(article: Article, style: PaperStyle, continuation: bool, jump_title: str) -> list[tuple[str, str, HeadPart]]:
    hs = style.headline
    if continuation:
        return [("continuation", jump_title or article.jump_title or article.title, hs.continuation)]
    parts = [("kicker", article.kicker, hs.kicker), ("title", article.title, hs.title),
             ("subtitle", article.subtitle, hs.subtitle)]
    return [p for p in parts if p[1]]


def head_block(article: Article, width: float, style: PaperStyle, metrics_for: MetricsFor,
               continuation: bool = False, jump_title: str = "", vertical: bool = False) -> HeadBlock:
    """The block's lines, each centred in `width`, stacked with a little air; the block takes whole grid
    lines (the space after it included) and is centred in them.

    A 竖题 (`vertical`): `width` is the box's height and `metrics_for` gives vertical metrics; each line is a
    column (stacked lines are columns, the first the one the page's reading order meets first) and the
    主题 is one column (docs/text-engine.md, Vertical text)."""
    lines: list[HeadLine] = []
    problems: list[str] = []
    y = 0.0
    for role, text, part in _parts(article, style, continuation, jump_title):
        # in a 主题 a phrase mark only marks where it may break; in 引题/副题 it also shows as a gap
        gap = "" if role in ("title", "continuation") else "\u3000"
        if vertical and role == "title":
            part = replace(part, max_lines=1)
        size, set_lines, fitted = fit_part(text, part, width, metrics_for(part.font), gap, vertical)
        if not fitted:
            problems.append(f"{article.slug}: {role} '{text}' does not fit {part.max_lines} line(s) at "
                            f"{size:g}pt in {width:.0f}pt")
        lead = size * (1 + LINE_GAP[role])
        for ln in set_lines:
            lines.append(HeadLine(ln, part.font, size, y + ASCENT * size + (lead - size) / 2))
            y += lead
    pitch = style.grid.line
    total = y + (0 if continuation else style.headline.space_after)
    needed = int(-(-total // pitch))
    slack = (needed * pitch - total) / 2  # centre the block in its whole grid lines
    shifted = tuple(replace(hl, baseline=hl.baseline + slack) for hl in lines)
    return HeadBlock(shifted, needed, tuple(problems))

