"""Checking a photo file the plan or an article names: inside the edition, a regular file of sane size,
a picture Pillow can read, not too many pixels (a decompression bomb is refused before it is decoded).

The bound on pixels is ours, per image (`open_bounded`), named in the message: Pillow's process-wide
`Image.MAX_IMAGE_PIXELS` is left as Pillow sets it (its warning above its own limit is silenced while an
image is opened here; its error above twice that is our message)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from layout.errors import error
from layout.files import LIMITS, Sandbox, regular_file, visible

if TYPE_CHECKING:
    from PIL import Image as PILImage

MAX_PIXELS = 120_000_000  # 120 megapixels: more than any press photo needs
MAX_ASPECT = 50  # the longer side at most 50 × the shorter: a panorama is 1:10; 1 × 100 000 px is no photo
BOUND = f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels per image"


class TooManyPixels(ValueError):
    """An image with more pixels than `MAX_PIXELS` (the message names its size and the bound)."""


def pixels_message(width: int, height: int) -> str:
    return f"{width} × {height} px ({width * height / 1e6:.0f} megapixels): {BOUND}"


@contextmanager
def quiet_bombs() -> Iterator[None]:
    """Pillow's decompression-bomb warning silenced (our own bound is checked instead)."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def open_bounded(source: Path | IO[bytes]) -> PILImage.Image:
    """`Image.open` (nothing decoded yet), or TooManyPixels when the header claims more than `MAX_PIXELS`."""
    from PIL import Image

    try:
        with quiet_bombs():
            img = Image.open(source)
    except Image.DecompressionBombError as exc:  # over twice Pillow's own limit: over ours too
        raise TooManyPixels(f"more pixels than Pillow opens ({exc}): {BOUND}") from None
    if img.width * img.height > MAX_PIXELS:
        size = img.size
        img.close()
        raise TooManyPixels(pixels_message(*size))
    return img


def check_image(path: Path, named: str, sandbox: Sandbox, file: str, line: int | None, col: int | None) -> Path:
    """The photo's real path, checked; else an error at the plan or article line that names it."""
    shown = visible(named)
    if not path.exists() and not path.is_symlink():
        raise error(f"missing image file '{shown}'", file, line, col,
                    f"put it at {visible(str(path))}, or set `placeholder: true`")
    real = sandbox.check(path, f"image '{shown}'", file, line, col)
    regular_file(real, f"image '{shown}'", LIMITS["image"], file, line, col)
    try:
        with open_bounded(real) as img, quiet_bombs():
            size = img.size
            img.verify()
    except TooManyPixels as exc:
        raise error(f"image '{shown}' has more than {MAX_PIXELS / 1e6:.0f} megapixels, the limit ({exc})", file, line,
                    col, "downsample it before placing it (a newspaper photo needs about 200 ppi at its printed "
                         "size)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise error(f"cannot read image '{shown}': {visible(str(exc))}", file, line, col,
                    "export it again as JPEG, PNG or TIFF") from None
    if max(size) > MAX_ASPECT * min(size):
        raise error(f"image '{shown}' is {size[0]} × {size[1]} px: the longer side is more than {MAX_ASPECT} × the "
                    "shorter (the limit)", file, line, col, "crop it to the part that is to be printed")
    return real
