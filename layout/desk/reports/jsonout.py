"""JSON for scripts: `layout check --json`, `layout render --json`, errors under --json, and `layout serve`.

Every shape is plain JSON (objects, lists, strings, numbers, booleans, null); lengths are pt from the trim's
top-left corner (y downwards), grid places are the plan's own 1-based numbers, positions are 1-based
file:line:col. docs/desk.md shows each shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from layout.compose.imprint import imprint_note
from layout.errors import Diagnostic, LayoutError
from layout.errors import dumps as dumps  # the one way JSON is written: every string through for_json
from layout.model.flow import StoryFit
from layout.model.plan import Box, Edition, HeadlineBox, ImageBox, StoryBox, TableBox, Where

if TYPE_CHECKING:
    from layout.run.pipeline import Laid, Rendered

JSON = dict[str, Any]


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


def box_json(box: Box) -> JSON:
    """A box: its name and kind, its place on the plan's grid as written (null for a box placed in lengths),
    its rectangle in pt."""
    g, r = box.grid, box.rect
    image = box.image if isinstance(box, ImageBox) else None
    return {"name": box.name, "kind": box.kind,
            "story": box.story if isinstance(box, StoryBox | HeadlineBox) else None, "where": where_json(box.where),
            "grid": {"col": g.col, "span": g.span, "line": g.line, "lines": g.lines} if g else None,
            "rect_pt": {"x": round(r.x, 3), "y": round(r.y, 3), "width": round(r.w, 3), "height": round(r.h, 3)},
            "columns": box.columns if isinstance(box, StoryBox | TableBox) else 1,
            "image": (image.file or f"{image.article}/{image.photo}") if image else None,
            "article": image.article if image else None}


def pages_json(edition: Edition) -> list[JSON]:
    return [{"page": p.number, "section": p.section, "where": where_json(p.where),
             "boxes": [box_json(b) for b in p.boxes]} for p in edition.pages]


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


def check_json(laid: Laid, findings: Iterable[Diagnostic] | None = None) -> JSON:
    """`layout check --json`: the edition, every box (page, plan grid place, rectangle in pt), the copyfit
    per story with its jumps, and the findings with file:line:col (`findings`: as `check` reports them, overset
    an error unless allowed; default the layout's warnings as they are)."""
    edition = laid.edition
    stories = [story_json(f, edition) for f in laid.flowed.fits]
    return {"ok": all(s["fits"] for s in stories), **edition_json(edition), "pages": pages_json(edition),
            "stories": stories, "warnings": diagnostics_json(laid.warnings if findings is None else findings)}


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
