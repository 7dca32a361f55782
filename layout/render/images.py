"""Photos for the PDF: read with Pillow, cropped to fill the box, converted to CMYK or grey."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageCms, ImageOps


def prepare_image(path: Path, box_w: float, box_h: float, profile: str | None = None,
                  focus: tuple[float, float] = (0.5, 0.5), fit: bool = False) -> Image.Image:
    """Fill the box (centre crop) and convert to CMYK (colour) or L (greyscale): no RGB in the PDF.

    With a CMYK ICC `profile` (the style's output condition) colour goes through an sRGB → profile
    transform; without one, Pillow's plain conversion is used."""
    with Image.open(path) as opened:
        img = ImageOps.exif_transpose(opened)
        img.load()
    target = box_w / box_h
    w, h = img.size
    fx, fy = focus
    if fit:
        pass  # the whole picture: the renderer centres it in the box
    elif w / h > target:
        new_w = round(h * target)
        left = min(max(0, round(fx * w - new_w / 2)), w - new_w)
        img = img.crop((left, 0, left + new_w, h))
    else:
        new_h = round(w / target)
        top = min(max(0, round(fy * h - new_h / 2)), h - new_h)
        img = img.crop((0, top, w, top + new_h))
    if img.mode in ("L", "1", "LA"):
        return img.convert("L")
    if img.mode == "CMYK":
        return img
    if profile:
        out = ImageCms.profileToProfile(img.convert("RGB"), ImageCms.createProfile("sRGB"), profile,
                                        outputMode="CMYK")
        if out is not None:
            return out
    return img.convert("RGB").convert("CMYK")
