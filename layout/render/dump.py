"""A text back end: every drawing operation of the composed pages, positions rounded to 0.1 pt.

Used for golden-file tests (a reflow shows up as changed lines) and for debugging a plan.
"""

from __future__ import annotations

from layout.model.page import Page


def dump_pages(pages: list[Page]) -> str:
    out: list[str] = []
    for page in pages:
        out.append(f"page {page.number} {page.width:.1f}x{page.height:.1f}")
        for img in page.images:
            out.append(f"  image {img.x:.1f} {img.y:.1f} {img.w:.1f}x{img.h:.1f} {img.file or '-'} {img.label}")
        for rule in page.rules:
            out.append(f"  rule {rule.x1:.1f} {rule.y1:.1f} {rule.x2:.1f} {rule.y2:.1f} w{rule.width:g}")
        for run in page.texts:
            turn = (" turned" if run.turned else "") + (f" scale{run.scale:g}" if run.scale != 1.0 else "")
            out.append(f"  text {run.x:.1f} {run.y:.1f} {run.font} {run.size:g}{turn} {run.text}")
    return "\n".join(out) + "\n"
