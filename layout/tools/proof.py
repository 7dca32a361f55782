"""`layout proof`: PNG proofs of an edition (or any PDF), an overview sheet, and a plan overlay."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow, the progress bar and the plan are imported when proofs are made (`layout.tools`
    from PIL import Image  # re-exports write_proofs: `layout preflight` imports this module too)

    from layout.model.plan import Edition

THUMB_WIDTH = 260
PER_ROW = 4
SHEET_PAGES = 100  # thumbnails per overview sheet: overview.png, then overview-2.png … (bounded memory)


def write_proofs(pdf: bytes, out_dir: Path, dpi: float, pages: set[int] | None = None,
                 edition: Edition | None = None, boxes: bool = False, bleed: float = 0.0,
                 numbers: list[int] | None = None, notes: list[str] | None = None) -> list[Path]:
    """page-NN.png per page and overview.png; with `boxes`, the grid and the plan's boxes drawn over.

    One page image is held at a time: it is written, then only its thumbnail is kept for the overview
    (a sheet per SHEET_PAGES pages). A page drawn at a lower resolution than `dpi` (too large, see
    layout/tools/raster.py) adds a line to `notes`."""
    from layout.infra.progress import progress
    from layout.tools.raster import iter_pages, open_document

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    thumbs: list[tuple[int, Image.Image]] = []
    doc = open_document(pdf)
    total = len(doc) if pages is None else len([p for p in pages if p <= len(doc)])
    doc.close()
    bar = progress(total, "proof")
    for raster in iter_pages(pdf, dpi, pages):
        bar.update()
        index, image = raster.index, raster.image
        if raster.note and notes is not None:
            notes.append(raster.note)
        number = numbers[index - 1] if numbers and index - 1 < len(numbers) else index
        if boxes and edition is not None:
            overlay(image, edition, number, raster.dpi / 72, bleed)
        path = out_dir / f"page-{number:02d}.png"
        image.save(path, optimize=False)
        written.append(path)
        thumbs.append((number, thumbnail(image)))
        del image, raster
        if len(thumbs) == SHEET_PAGES:
            written.append(_sheet(thumbs, out_dir, written))
            thumbs = []
    bar.close()
    if thumbs:
        written.append(_sheet(thumbs, out_dir, written))
    return written


def thumbnail(image: Image.Image) -> Image.Image:
    from PIL import Image

    h = max(1, round(image.height * THUMB_WIDTH / image.width))
    return image.resize((THUMB_WIDTH, h), Image.Resampling.LANCZOS)


def _sheet(thumbs: list[tuple[int, Image.Image]], out_dir: Path, written: list[Path]) -> Path:
    sheets = sum(1 for p in written if p.name.startswith("overview"))
    path = out_dir / ("overview.png" if sheets == 0 else f"overview-{sheets + 1}.png")
    overview(thumbs).save(path)
    return path


def overview(pages: list[tuple[int, Image.Image]]) -> Image.Image:
    """All pages as thumbnails with their page numbers, readable at a glance."""
    from PIL import Image, ImageDraw

    w = THUMB_WIDTH
    first = pages[0][1]
    h = round(first.height * w / first.width)
    rows = -(-len(pages) // PER_ROW)
    pad, label = 16, 28
    sheet = Image.new("RGB", (PER_ROW * (w + pad) + pad, rows * (h + pad + label) + pad), "#d8d8d8")
    draw = ImageDraw.Draw(sheet)
    for k, (number, image) in enumerate(pages):
        x = pad + (k % PER_ROW) * (w + pad)
        y = pad + (k // PER_ROW) * (h + pad + label)
        small = image if image.size == (w, h) else image.resize((w, h), Image.Resampling.LANCZOS)
        sheet.paste(small, (x, y + label))
        draw.rectangle((x - 1, y + label - 1, x + w, y + label + h), outline="#555555")
        draw.text((x, y + 4), f"page {number}", fill="black", font_size=18)
    return sheet


def overlay(image: Image.Image, edition: Edition, number: int, scale: float, bleed: float) -> None:
    """Draw the character grid (columns and every 10th line) and each box with its name."""
    from PIL import ImageDraw

    page = next((p for p in edition.pages if p.number == number), None)
    if page is None:
        return
    draw = ImageDraw.Draw(image, "RGBA")
    g = edition.style.grid

    def px(v: float) -> float:
        return (v + bleed) * scale

    for col in range(1, g.columns + 1):
        x0, x1 = g.col_x(col), g.col_x(col) + g.span_width(1)
        draw.rectangle((px(x0), px(g.top), px(x1), px(g.top + g.height)), fill=(0, 120, 255, 18))
    for line in range(1, g.lines + 2, 10):
        y = px(g.line_y(line))
        draw.line((px(g.left), y, px(g.left + g.width), y), fill=(0, 120, 255, 90), width=1)
    for box in page.boxes:
        r = box.rect
        draw.rectangle((px(r.x), px(r.y), px(r.right), px(r.bottom)), outline=(230, 0, 90, 255), width=2)
        draw.text((px(r.x) + 3, px(r.y) + 2), box.name, fill=(230, 0, 90, 255), font_size=13)
