"""The pages as the browser shows them: each box with its plan entry, its link into the editor and its
marks (overset, warning); the overset stories; the warnings, each tied to its box where it has one.

Made from the typed result of the render (the fits, the `Diagnostic`s): JSON is made here, at the edge,
and nothing is read back from it or from a message's text. Knows nothing of the desk: what it needs of it
(links, image addresses, a diagnostic as JSON) is passed in as `Shown`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from layout.desk.paragraphs import paragraph_places
from layout.desk.reports.jsonout import JSON
from layout.errors import Diagnostic, Level

if TYPE_CHECKING:
    from layout.model.flow import StoryFit
    from layout.run.pipeline import Laid


@dataclass(frozen=True, slots=True)
class Shown:
    """How the desk shows things: a link into the editor for file:line:col, the address of a page's image,
    and a diagnostic as JSON (with its formatted text and link)."""

    link: Callable[[str | None, int | None, int | None], str | None]
    image_url: Callable[[int], str | None]
    diag: Callable[[Diagnostic], JSON]


def plan_entry(lines: list[str], line: int, col: int) -> str:
    """The plan's lines of the entry (a box, a page) that starts at line:col: that line and the lines below
    it indented at least as far, up to the next entry."""
    if not 1 <= line <= len(lines):
        return ""
    out = [lines[line - 1]]
    for text in lines[line:]:
        stripped = text.lstrip(" ")
        if not stripped or len(text) - len(stripped) < col - 1:
            break
        out.append(text)
    return "\n".join(out)


def page_states(shown: Shown, laid: Laid, report: JSON,
                plan_lines: list[str]) -> tuple[list[JSON], list[JSON], list[JSON]]:
    """(pages, overset, warnings) of a render: `report` is its `check_json` (the boxes as JSON)."""
    w, h = report["grid"]["trim_pt"]
    bleed = report["grid"]["bleed_pt"]
    fits = {(b["box"], b["page"]): b for s in report["stories"] for b in s["boxes"]}
    boxes: dict[tuple[str, int, int], JSON] = {}
    by_name: dict[tuple[str, int], JSON] = {}
    pages = []
    paragraphs = paragraph_places(laid, shown.link)  # a click on a text line opens its article there
    for page in report["pages"]:
        items = []
        for j, box in enumerate(page["boxes"]):
            where = box["where"]
            item = {**box, "id": f"{page['page']}-{j + 1}", "page": page["page"], "marks": [],
                    "plan": plan_entry(plan_lines, where["line"], where["col"]),
                    "link": shown.link(where["file"], where["line"], where["col"]),
                    "fit": fits.get((box["name"], page["page"]))}
            items.append(item)
            boxes[(where["file"], where["line"], where["col"])] = item
            by_name.setdefault((box["name"], page["page"]), item)
        pages.append({"page": page["page"], "section": page["section"], "image": shown.image_url(page["page"]),
                      "size_pt": [w + 2 * bleed, h + 2 * bleed], "bleed_pt": bleed, "boxes": items,
                      "paragraphs": paragraphs.get(page["page"], [])})
    overset = [f for f in laid.flowed.fits if f.overset_chars and f.boxes]
    return pages, _overset(shown, laid, overset, by_name), _warnings(shown, laid, overset, boxes)


def _overset(shown: Shown, laid: Laid, fits: list[StoryFit], by_name: dict[tuple[str, int], JSON]) -> list[JSON]:
    out = []
    for fit in fits:
        last = fit.boxes[-1]
        box = by_name.get((last.box, last.page))
        if box is not None:
            box["marks"].append("overset")
        where = box["where"] if box else None
        article = laid.edition.articles.get(fit.story)
        out.append({"story": fit.story, "title": article.title if article else "", "chars": fit.overset_chars,
                    "lines": fit.overset_lines, "box": last.box, "page": last.page, "stopped_at": fit.stopped_at,
                    "box_id": box["id"] if box else None, "where": where,
                    "link": shown.link(where["file"], where["line"], where["col"]) if where else None})
    return out


def _warnings(shown: Shown, laid: Laid, overset: list[StoryFit],
              boxes: dict[tuple[str, int, int], JSON]) -> list[JSON]:
    """The warnings but the overset ones (listed on their own), each with the box it names, if any."""
    from layout.run.pipeline import overset_diagnostic

    listed = {replace(overset_diagnostic(laid.edition, f), level=Level.WARNING) for f in overset}
    out = []
    for d in laid.warnings:
        if d in listed:
            continue
        box = boxes.get((d.file or "", d.line, d.col or 0)) if d.line else None
        if box is not None and "warning" not in box["marks"]:
            box["marks"].append("warning")
        out.append({**shown.diag(d), "box_id": box["id"] if box else None})
    return out
