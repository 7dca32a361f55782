"""Checking a photo file the plan or an article names: inside the edition, a regular file of sane size,
a picture Pillow can read, not too many pixels (a decompression bomb is refused before it is decoded)."""

from __future__ import annotations

import warnings
from pathlib import Path

from layout.errors import error
from layout.files import LIMITS, Sandbox, regular_file, visible

MAX_PIXELS = 120_000_000  # 120 megapixels: more than any press photo needs


def check_image(path: Path, named: str, sandbox: Sandbox, file: str, line: int | None, col: int | None) -> Path:
    """The photo's real path, checked; else an error at the plan or article line that names it."""
    from PIL import Image  # (imported only for an edition with photos)

    Image.MAX_IMAGE_PIXELS = None  # our own limit below, with our own message
    shown = visible(named)
    if not path.exists() and not path.is_symlink():
        raise error(f"missing image file '{shown}'", file, line, col,
                    f"put it at {visible(str(path))}, or set `placeholder: true`")
    real = sandbox.check(path, f"image '{shown}'", file, line, col)
    regular_file(real, f"image '{shown}'", LIMITS["image"], file, line, col)
    too_big = error(f"image '{shown}' has more than {MAX_PIXELS / 1e6:.0f} megapixels, the limit", file, line, col,
                    "downsample it before placing it (a newspaper photo needs about 200 ppi at its printed size)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(real) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise too_big
                img.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise error(f"cannot read image '{shown}': {visible(str(exc))}", file, line, col,
                    "export it again as JPEG, PNG or TIFF") from None
    return real
