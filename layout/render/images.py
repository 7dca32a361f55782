"""Photos for newsprint: read with Pillow, cropped to the box, downsampled, separated into CMYK with black
generation (or kept grey), ink-limited, stored as JPEG. docs/print.md gives the formula and the figures.

- Any mode is accepted: 16-bit and 32-bit greys are scaled to 8 bits, palette images expanded, 1-bit
  images made grey, transparency flattened onto white paper.
- Colour without a profile: the grey component of each pixel goes to the black plate (full GCR), the rest of
  the colour stays in C, M, Y; then the total ink is capped at the style's limit by lowering C, M and Y.
- Colour with the plant's CMYK profile: LittleCMS (Pillow's ImageCms) from the photo's own profile (sRGB
  if it has none), perceptual intent with black-point compensation, then the same ink cap.
- Resolution: a photo with more than `downsample_above` × the target ppi at its placed size is resampled
  (Lanczos) to the target; stored as JPEG at `jpeg_quality`, decoded again and capped lower until the
  decoded ink is under the limit too (JPEG's error adds ink).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.infra.imagefiles import open_bounded, quiet_bombs
from layout.render.settings import ImageSpec  # (where the pipeline finds it without numpy)

if TYPE_CHECKING:  # numpy and Pillow's colour modules are imported by the functions that use them, so a drawing
    import numpy as np  # process whose page has no photo never loads them (docs/performance.md, "Lean processes")
    from PIL import Image


@dataclass(frozen=True, slots=True)
class Prepared:
    data: bytes  # JPEG (DeviceCMYK or DeviceGray)
    width: int
    height: int
    mode: str  # "CMYK" or "L"


def to_8bit(img: Image.Image) -> Image.Image:
    """Any mode → L, RGB or CMYK (8 bits per channel, no transparency: flattened onto white)."""
    import numpy as np
    from PIL import Image

    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return Image.fromarray(np.clip(arr / top * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    if img.mode in ("LA", "PA", "RGBA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, rgba).convert("RGB")
        return flat.convert("L") if img.mode in ("LA", "La") else flat
    if img.mode == "1":
        return img.convert("L")
    if img.mode in ("L", "RGB", "CMYK"):
        return img
    return img.convert("RGB")


def ink_limit(cmyk: np.ndarray, tac: float) -> np.ndarray:
    """Lower C, M and Y where C + M + Y + K is over `tac` percent (K is kept: it carries the detail)."""
    import numpy as np

    c = cmyk.astype(np.float64) / 255.0
    limit = tac / 100.0
    total = c.sum(axis=2)
    k = c[..., 3]
    cmy = c[..., :3].sum(axis=2)
    scale = np.where(total > limit, np.clip((limit - k) / np.maximum(cmy, 1e-9), 0.0, 1.0), 1.0)
    c[..., :3] *= scale[..., None]
    # round down, so the cap is never exceeded by rounding
    out: np.ndarray = np.floor(c * 255.0 + 1e-6).astype(np.uint8)
    return out


def separate(rgb: Image.Image, tac: float) -> Image.Image:
    """RGB → CMYK without a profile: full grey-component replacement, then the ink limit.

    c0, m0, y0 = 1 − r, 1 − g, 1 − b;  K = min(c0, m0, y0);  C = (c0 − K) / (1 − K) (M, Y alike; 0 where K = 1)."""
    import numpy as np
    from PIL import Image

    a = np.asarray(rgb, dtype=np.float64) / 255.0
    cmy = 1.0 - a
    k = cmy.min(axis=2)
    rest = np.where(k[..., None] < 1.0, (cmy - k[..., None]) / np.maximum(1.0 - k[..., None], 1e-9), 0.0)
    cmyk = np.concatenate([rest, k[..., None]], axis=2)
    return Image.fromarray(ink_limit(np.floor(cmyk * 255.0 + 0.5).astype(np.uint8), tac), "CMYK")


def with_profile(img: Image.Image, profile: str, tac: float) -> Image.Image:
    """RGB → the plant's CMYK with LittleCMS: perceptual intent, black-point compensation; then the ink limit."""
    import numpy as np
    from PIL import Image, ImageCms

    embedded = img.info.get("icc_profile")
    source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else ImageCms.createProfile("sRGB")
    transform = ImageCms.buildTransform(source, profile, "RGB", "CMYK",
                                        renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    out = ImageCms.applyTransform(img, transform)
    assert out is not None
    return Image.fromarray(ink_limit(np.asarray(out), tac), "CMYK")


def crop(img: Image.Image, box_w: float, box_h: float, focus: tuple[float, float]) -> Image.Image:
    """Crop to the box's proportions around the focus point (the picture fills the box)."""
    target = box_w / box_h
    w, h = img.size
    fx, fy = focus
    if w / h > target:
        new_w = max(1, round(h * target))
        left = min(max(0, round(fx * w - new_w / 2)), w - new_w)
        return img.crop((left, 0, left + new_w, h))
    new_h = max(1, round(w / target))
    top = min(max(0, round(fy * h - new_h / 2)), h - new_h)
    return img.crop((0, top, w, top + new_h))


def downsample(img: Image.Image, placed_w: float, placed_h: float, spec: ImageSpec) -> Image.Image:
    """Resample to the target ppi when the photo has much more than it at its placed size (pt)."""
    from PIL import Image

    ppi = min(img.width / (placed_w / 72), img.height / (placed_h / 72))
    if ppi <= spec.target_ppi * spec.downsample_above:
        return img
    scale = spec.target_ppi / ppi
    size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
    return img.resize(size, Image.Resampling.LANCZOS)


def prepare_image(path: Path, box_w: float, box_h: float, spec: ImageSpec | None = None,
                  focus: tuple[float, float] = (0.5, 0.5), fit: bool = False) -> Prepared:
    """The photo as the plant gets it: cropped to fill the box (or whole, with `fit`), at the target
    resolution, grey or CMYK with black generation and the ink limit, as JPEG. No RGB reaches the PDF."""
    spec = spec or ImageSpec()
    with quiet_bombs():  # (the bound is ours: checked when the plan was read, and again here)
        return _prepare(path, box_w, box_h, spec, focus, fit)


def _prepare(path: Path, box_w: float, box_h: float, spec: ImageSpec, focus: tuple[float, float],
             fit: bool) -> Prepared:
    import numpy as np
    from PIL import Image, ImageOps

    with open_bounded(path) as opened:
        img = ImageOps.exif_transpose(opened)
        img.load()
        info = dict(opened.info)
    img = to_8bit(img)
    if not fit:
        img = crop(img, box_w, box_h, focus)
    scale = min(box_w / img.width, box_h / img.height) if fit else 0.0
    img = downsample(img, img.width * scale if fit else box_w, img.height * scale if fit else box_h, spec)
    if img.mode == "RGB":
        img.info["icc_profile"] = info.get("icc_profile")
        img = with_profile(img, spec.profile, spec.tac) if spec.profile else separate(img, spec.tac)
    elif img.mode == "CMYK":
        img = Image.fromarray(ink_limit(np.asarray(img), spec.tac), "CMYK")
    data = _jpeg(img, spec.jpeg_quality)
    if img.mode == "CMYK":
        data = _ink_checked(img, data, spec)
    return Prepared(data, img.width, img.height, img.mode)


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False, subsampling=0)
    return buf.getvalue()


def _ink_checked(img: Image.Image, data: bytes, spec: ImageSpec) -> bytes:
    """JPEG's error adds ink: in real photographs the decoded C + M + Y + K reaches 10–15 % over the cap
    set before compression. Decode, and while the peak is over `spec.tac`, cap the photo lower by the
    overshoot and compress again (one or two rounds); the plant gets what was checked."""
    import numpy as np
    from PIL import Image

    target = spec.tac
    for _round in range(6):
        with Image.open(io.BytesIO(data)) as decoded:
            peak = float(np.asarray(decoded, dtype=np.float64).sum(axis=2).max()) / 255.0 * 100.0
        if peak <= spec.tac:
            break
        target -= peak - spec.tac + 1.0
        data = _jpeg(Image.fromarray(ink_limit(np.asarray(img), target), "CMYK"), spec.jpeg_quality)
    return data
