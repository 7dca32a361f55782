"""JSON for scripts: `layout check --json`, `layout render --json`, errors under --json, and `layout serve`.

Every shape is plain JSON (objects, lists, strings, numbers, booleans, null); lengths are pt from the trim's
top-left corner (y downwards), grid places are the plan's own 1-based numbers, positions are 1-based
file:line:col. docs/desk.md shows each shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.compose.imprint import imprint_note
from layout.errors import Diagnostic, LayoutError
from layout.errors import dumps as dumps  # the one way JSON is written: every string through for_json
from layout.model.flow import StoryFit
from layout.model.plan import Box, Edition, Where

if TYPE_CHECKING:
    from layout.run.pipeline import Laid, Rendered

JSON = dict[str, Any]
GRID_KEYS = ("col", "span", "line", "lines")


def where_json(where: Where | None) -> JSON | None:
    return None if where is None else {"file": where.file, "line": where.line, "col": where.col}


def diagnostic_json(d: Diagnostic) -> JSON:
    return {"level": d.level.value, "message": d.message, "file": d.file, "line": d.line, "col": d.col,
            "hint": d.hint, "kind": d.kind.value, "code": d.code}


def diagnostics_json(diags: Iterable[Diagnostic]) -> list[JSON]:
    return [diagnostic_json(d) for d in diags]


def error_json(exc: LayoutError) -> JSON:
    """What a failed command prints on stdout under --json (the messages also go to stderr as text)."""
    return {"ok": False, "exit_code": exc.exit_code, "errors": diagnostics_json(exc.diagnostics)}


def plan_places(edition: Edition) -> dict[tuple[int, int], dict[str, Any]]:
    """(page index, box index) → the box's `at:` as written in the plan (read again: the model keeps
    only the resolved rectangle)."""
    from layout.infra.yamlio.read import load_plan_yaml

    try:
        data = load_plan_yaml(Path(edition.file)).data
    except LayoutError:
        return {}
    out: dict[tuple[int, int], dict[str, Any]] = {}
    pages = data.get("pages") if isinstance(data, dict) else None
    for i, page in enumerate(pages if isinstance(pages, list) else []):
        boxes = page.get("boxes") if isinstance(page, dict) else None
        for j, box in enumerate(boxes if isinstance(boxes, list) else []):
            at = box.get("at") if isinstance(box, dict) else None
            if isinstance(at, dict):
                out[(i, j)] = at
    return out


def box_json(box: Box, at: dict[str, Any] | None) -> JSON:
    grid = {k: at[k] for k in GRID_KEYS} if at and all(k in at for k in GRID_KEYS) else None
    r = box.rect
    return {"name": box.name, "kind": box.kind.value, "story": box.story, "where": where_json(box.where),
            "grid": grid, "rect_pt": {"x": round(r.x, 3), "y": round(r.y, 3), "width": round(r.w, 3),
                                      "height": round(r.h, 3)},
            "columns": box.columns, "image": (box.image.file or f"{box.image.article}/{box.image.photo}")
            if box.image else None, "article": box.image.article if box.image else None}


def pages_json(edition: Edition) -> list[JSON]:
    places = plan_places(edition)
    return [{"page": p.number, "section": p.section, "where": where_json(p.where),
             "boxes": [box_json(b, places.get((i, j))) for j, b in enumerate(p.boxes)]}
            for i, p in enumerate(edition.pages)]


def story_json(fit: StoryFit, edition: Edition) -> JSON:
    article = edition.articles.get(fit.story)
    return {
        "story": fit.story, "title": article.title if article else "", "source": article.source if article else "",
        "file": article.path if article else None, "chars": fit.chars, "fits": not fit.overset_chars,
        "overset_chars": fit.overset_chars, "overset_lines": fit.overset_lines, "stopped_at": fit.stopped_at,
        "boxes": [{"box": b.box, "page": b.page, "capacity": b.capacity, "used": b.used, "chars": b.chars,
                   "line_chars": b.line_chars, "spare_lines": b.capacity - b.used,
                   "spare_chars": (b.capacity - b.used) * b.line_chars} for b in fit.boxes],
        "jumps": [{"from": a, "to": b} for a, b in fit.jumps],
    }


def edition_json(edition: Edition) -> JSON:
    g, style = edition.style.grid, edition.style
    return {
        "edition": {"folder": edition.folder, "plan": edition.file, "style": style.name, "style_file": style.path,
                    "date": edition.date.isoformat(), "issue": edition.issue, "pages_total": edition.pages_total,
                    "pages_note": imprint_note(edition)},
        "grid": {"columns": g.columns, "chars": g.chars, "gutter": g.gutter, "char_pt": g.char, "line_pt": g.line,
                 "lines": g.lines, "left_pt": round(g.left, 3), "top_pt": round(g.top, 3),
                 "trim_pt": [round(style.trim[0], 3), round(style.trim[1], 3)], "bleed_pt": round(style.print.bleed, 3),
                 "plan": {"columns": g.plan_columns, "lines": g.plan_lines} if g.mapped else None},
    }


def check_json(laid: Laid) -> JSON:
    """`layout check --json`: the edition, every box (page, plan grid place, rectangle in pt), the copyfit
    per story with its jumps, and the warnings with file:line:col."""
    edition = laid.edition
    stories = [story_json(f, edition) for f in laid.flowed.fits]
    return {"ok": all(s["fits"] for s in stories), **edition_json(edition), "pages": pages_json(edition),
            "stories": stories, "warnings": diagnostics_json(laid.warnings)}


def render_json(done: Rendered, pages: set[int] | None) -> JSON:
    """`layout render --json`: what was written, and the summary line's numbers."""
    fits = done.laid.flowed.fits
    files = ([str(done.pdf)] if done.edition_written else []) + [str(p) for p in done.page_files]
    return {"ok": True, "pdf": str(done.pdf) if done.edition_written else None,
            "edition_written": done.edition_written, "files": files,
            "pages": sorted(pages) if pages else [p.number for p in done.laid.pages],
            "stories": len(fits), "chars": sum(b.chars for f in fits for b in f.boxes),
            "seconds": round(done.seconds, 3),
            "warnings": diagnostics_json([*done.laid.warnings, *(done.changes.warnings if done.changes else ())]),
            "changed": [{"file": e.file, "plate": e.plate} for e in done.changes.changed] if done.changes else [],
            "sent": list(done.changes.sent) if done.changes and done.changes.sent is not None else None,
            "summary": done.summary()}
