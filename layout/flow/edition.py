"""The flow stage for a whole edition: which box carries which head, every story through its boxes,
every figure placed."""

from __future__ import annotations

from collections.abc import Callable

from layout.flow.figures import place_figure
from layout.flow.paras import BreakFn
from layout.flow.story import FlowFn, Slot, StoryOutcome, flow_story
from layout.flow.table import MetricsFor, flow_tables
from layout.model.flow import FigurePlacement, Flowed, HeadKind
from layout.model.geometry import inset_rect
from layout.model.plan import Edition, HeadlineBox, ImageBox, StoryBox

# grid lines the head of a box takes (measured by the headline stage before flow)
HeadLinesFn = Callable[[StoryBox, HeadKind], int]


def separate_heads(edition: Edition) -> set[str]:
    """Stories whose headline block has a `headline:` box of its own (beside or across the story)."""
    return {b.story for p in edition.pages for b in p.boxes if isinstance(b, HeadlineBox) and b.story}


def slots_by_story(edition: Edition, head_lines: HeadLinesFn) -> dict[str, list[Slot]]:
    """Each story's boxes in plan order, with their heads: a full headline block in the first box (or where
    `head: true`), a continuation head later; none in the first box when the headline has a box of its own."""
    separate = separate_heads(edition)
    out: dict[str, list[Slot]] = {}
    for page in edition.pages:
        for box in page.boxes:
            if not isinstance(box, StoryBox) or not box.story:
                continue
            slots = out.setdefault(box.story, [])
            first = not slots
            if box.vertical or (first and box.story in separate and not box.head):
                kind = HeadKind.NONE  # a vertical box carries no head: its 竖题 has a headline box
            else:
                kind = HeadKind.FULL if first or box.head else HeadKind.CONTINUATION
            slots.append(Slot(box, page.number, kind, head_lines(box, kind) if kind is not HeadKind.NONE else 0))
    return out


def figures(edition: Edition, slots: dict[str, list[Slot]], brk: BreakFn) -> list[FigurePlacement]:
    """Image boxes, and the inset photos of story boxes (under their heads)."""
    heads = {s.box.where: s.head_lines for story in slots.values() for s in story}
    out: list[FigurePlacement] = []
    for page in edition.pages:
        for box in page.boxes:
            match box:
                case ImageBox(image=image):
                    out.append(place_figure(box, page.number, image, box.rect, edition.style, brk))
                case StoryBox(inset=inset) if inset is not None:
                    rect = inset_rect(box, inset, heads.get(box.where, 0), edition.style.grid)
                    out.append(place_figure(box, page.number, inset.image, rect, edition.style, brk))
    return out


def flow_edition(edition: Edition, brk: BreakFn, head_lines: HeadLinesFn,
                 table_metrics: MetricsFor | None = None, flow: FlowFn = flow_story) -> Flowed:
    """Flow every story through its boxes (with `flow`: `layout serve` keeps the stories whose inputs did not
    change); place every figure; every table through its boxes (with the metrics of a font role,
    `table_metrics`)."""
    slots = slots_by_story(edition, head_lines)
    outcomes: list[StoryOutcome] = [flow(edition.articles[slug], story, edition.style, brk)
                                    for slug, story in slots.items()]
    tables, problems = flow_tables(edition, table_metrics) if table_metrics is not None else ([], [])
    return Flowed(tuple(line for o in outcomes for line in o.lines),
                  tuple(o.fit for o in outcomes if o.fit is not None),
                  tuple(w for o in outcomes for w in o.warnings),
                  tuple(p for o in outcomes for p in o.placements),
                  tuple(figures(edition, slots, brk)), tuple(tables), tuple(problems))
