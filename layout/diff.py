"""`layout diff A.pdf B.pdf`: what changed, page by page — pixels, regions, and the text layer."""

from __future__ import annotations

import html
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
from PIL import Image, ImageChops

from layout.raster import rasterise

CELL = 8  # px: changed pixels are grouped into cells of this size to find regions
THRESHOLD = 40  # grey-level difference that counts as a change


@dataclass
class PageDiff:
    page: int
    share: float  # share of changed pixels
    regions: list[tuple[float, float, float, float]]  # x0, y0, x1, y1 in pt from the page's top-left
    added: list[str] = field(default_factory=list)  # text runs only in B
    removed: list[str] = field(default_factory=list)  # text runs only in A
    moved: int = 0  # text runs in both, at another place
    image: Image.Image | None = None


@dataclass
class Diff:
    pages: list[PageDiff]
    page_count: tuple[int, int]

    def different(self, tolerance: float) -> bool:
        return self.page_count[0] != self.page_count[1] or any(p.share > tolerance for p in self.pages)

    def report(self, tolerance: float) -> str:
        rows = [f"pages: {self.page_count[0]} → {self.page_count[1]}"]
        for p in self.pages:
            state = "changed" if p.share > tolerance else "same"
            boxes = "; ".join(f"{a:.0f},{b:.0f}–{c:.0f},{d:.0f}" for a, b, c, d in p.regions[:6])
            rows.append(f"page {p.page}: {state}, {p.share * 100:.3f}% of pixels"
                        + (f", regions (pt) {boxes}" + (" …" if len(p.regions) > 6 else "") if p.regions else "")
                        + (f"; text +{len(p.added)} −{len(p.removed)} runs" if p.added or p.removed else "")
                        + (f"; {p.moved} text runs moved" if p.moved else ""))
        return "\n".join(rows)


def _runs(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """The text layer of each page as drawn: (text, x, y) of every text-showing operation."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages: list[list[tuple[str, float, float]]] = []
    for page in reader.pages:
        runs: list[tuple[str, float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object,
                  runs: list[tuple[str, float, float]] = runs) -> None:
            # pypdf may join neighbouring runs of one baseline into one chunk: compare by words
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.extend((word, round(x, 1), round(y, 1)) for word in text.split())

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def _regions(mask: Image.Image, scale: float) -> list[tuple[float, float, float, float]]:
    w, h = mask.size
    cols, rows = -(-w // CELL), -(-h // CELL)
    small = mask.resize((cols, rows), Image.Resampling.BOX).point(lambda v: 255 if v else 0)
    data = small.load()
    assert data is not None
    seen: set[tuple[int, int]] = set()
    out: list[tuple[float, float, float, float]] = []
    for y in range(rows):
        for x in range(cols):
            if not data[x, y] or (x, y) in seen:
                continue
            stack = [(x, y)]
            seen.add((x, y))
            x0 = x1 = x
            y0 = y1 = y
            while stack:
                cx, cy = stack.pop()
                x0, x1, y0, y1 = min(x0, cx), max(x1, cx), min(y0, cy), max(y1, cy)
                for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
                    if 0 <= nx < cols and 0 <= ny < rows and data[nx, ny] and (nx, ny) not in seen:
                        seen.add((nx, ny))
                        stack.append((nx, ny))
            unit = CELL / scale
            out.append((x0 * unit, y0 * unit, (x1 + 1) * unit, (y1 + 1) * unit))
    return sorted(out, key=lambda r: (r[1], r[0]))


def diff_pdfs(a: bytes, b: bytes, dpi: float = 50.0) -> Diff:
    pa, pb = rasterise(a, dpi), rasterise(b, dpi)
    ta, tb = _runs(a), _runs(b)
    scale = dpi / 72
    pages: list[PageDiff] = []
    for i in range(max(len(pa), len(pb))):
        if i >= len(pa) or i >= len(pb):
            pages.append(PageDiff(i + 1, 1.0, []))
            continue
        ia, ib = pa[i][1], pb[i][1]
        if ia.size != ib.size:
            ia = ia.resize(ib.size)
        delta = ImageChops.difference(ia.convert("L"), ib.convert("L")).point(lambda v: 255 if v > THRESHOLD else 0)
        histogram = delta.histogram()
        share = histogram[255] / (delta.width * delta.height)
        regions = _regions(delta, scale) if share else []
        runs_a, runs_b = ta[i] if i < len(ta) else [], tb[i] if i < len(tb) else []
        texts_a = Counter(t for t, _x, _y in runs_a)
        texts_b = Counter(t for t, _x, _y in runs_b)
        removed = sorted((texts_a - texts_b).elements())
        added = sorted((texts_b - texts_a).elements())
        placed_a, placed_b = Counter(runs_a), Counter(runs_b)
        moved = sum((texts_a & texts_b).values()) - sum((placed_a & placed_b).values())
        faded = Image.blend(ib, Image.new("RGB", ib.size, "white"), 0.7)
        red = Image.new("RGB", ib.size, (230, 0, 40))
        pages.append(PageDiff(i + 1, share, regions, added, removed, moved, Image.composite(red, faded, delta)))
    return Diff(pages, (len(pa), len(pb)))


def write_report(diff: Diff, out_dir: Path, a: bytes, b: bytes, dpi: float, tolerance: float) -> Path:
    """diff-NN.png per changed page and report.html with A, B and the diff side by side."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pa, pb = dict(rasterise(a, dpi)), dict(rasterise(b, dpi))
    rows = []
    for p in diff.pages:
        names = {}
        for tag, img in (("a", pa.get(p.page)), ("b", pb.get(p.page)), ("diff", p.image)):
            if img is not None:
                names[tag] = f"{tag}-{p.page:02d}.png"
                img.save(out_dir / names[tag])
        cells = "".join(f'<td><img src="{names[t]}" width="360"></td>' if t in names else "<td>—</td>"
                        for t in ("a", "b", "diff"))
        text = "".join(f"<li>+ {html.escape(s)}</li>" for s in p.added[:20]) + \
            "".join(f"<li>− {html.escape(s)}</li>" for s in p.removed[:20])
        state = "changed" if p.share > tolerance else "same"
        rows.append(f"<tr><th>page {p.page}<br>{state}<br>{p.share * 100:.3f}%</th>{cells}"
                    f"<td><ul>{text}</ul></td></tr>")
    page = ("<!doctype html><meta charset=utf-8><title>layout diff</title>"
            "<style>td,th{vertical-align:top;padding:4px;font:12px sans-serif}</style>"
            f"<pre>{html.escape(diff.report(tolerance))}</pre><table><tr><th></th><th>A</th><th>B</th>"
            f"<th>changes</th><th>text</th></tr>{''.join(rows)}</table>")
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
