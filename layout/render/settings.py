"""How pages are drawn (plain data, no drawing library imported: a render whose pages are all cached never
loads ReportLab, fontTools, Pillow or numpy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """How photos are prepared for the plant (from the style's `print:`)."""

    profile: str | None = None  # the plant's CMYK ICC profile
    tac: float = 240.0  # total ink limit, percent
    target_ppi: float = 200.0  # resolution photos are stored at (at their placed size)
    downsample_above: float = 1.25  # resample only when the photo has more than this × target ppi
    jpeg_quality: int = 80


@dataclass(frozen=True, slots=True)
class PdfX:
    """The PDF/X a page file is drawn as (from the style's `print:`), and the edition's date (its Info dates)."""

    standard: str  # x1a | x4
    condition: str  # OutputConditionIdentifier
    condition_info: str
    registry: str
    profile: str | None  # the output profile embedded in the OutputIntent: the same file as `ImageSpec.profile`,
    # whose bytes the pages key holds (`layout.render.pages.page_key`)
    date: dt.date


@dataclass(frozen=True, slots=True)
class DrawSettings:
    label_font: str
    bleed: float
    crop_marks: bool
    images: ImageSpec  # how photos are prepared (profile, ink limit, resolution, JPEG quality)
    pdfx: PdfX | None = None  # the page file is drawn as PDF/X (None: a plain PDF)
    title: str = ""  # the file's title (a plate's: `Plate.job` sets it)
