"""Checking a photo file the plan or an article names: inside the edition, a regular file of sane size,
a picture Pillow can read, not too many pixels (a decompression bomb is refused before it is decoded).

The bound on pixels is ours, per image (`open_bounded`), named in the message: Pillow's process-wide
`Image.MAX_IMAGE_PIXELS` is left as Pillow sets it (its warning above its own limit is silenced while an
image is opened here; its error above twice that is our message)."""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from layout.errors import Diagnostic, LayoutError, Level, error
from layout.infra.files import LIMITS, Sandbox, regular_file, visible

if TYPE_CHECKING:
    from PIL import Image as PILImage

    from layout.model.flow import FigurePlacement
    from layout.model.plan import Edition

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


MAX_SIBLINGS = 2000  # names of a photo folder looked at for a did-you-mean


def _siblings(folder: Path) -> list[str]:
    """The names in `folder` (at most MAX_SIBLINGS; none if it cannot be listed)."""
    try:
        with os.scandir(folder) as entries:
            return [e.name for _i, e in zip(range(MAX_SIBLINGS), entries, strict=False)]
    except OSError:
        return []


def did_you_mean(name: str, names: list[str]) -> str:
    """The name in `names` closest to `name` (the same stem with another extension first), or ""."""
    stem = name.rsplit(".", 1)[0]
    same = sorted(n for n in names if n.rsplit(".", 1)[0] == stem and n != name)
    if same:
        return same[0]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return close[0] if close else ""


def check_image(path: Path, named: str, sandbox: Sandbox, file: str, line: int | None, col: int | None,
                placed: str = "") -> Path:
    """The photo's real path, checked; else an error at the plan or article line that names it (`placed`:
    where the plan places it, said in the hint when the error is on an article's line)."""
    shown = visible(named)
    if not path.exists() and not path.is_symlink():
        guess = did_you_mean(path.name, _siblings(path.parent))
        fix = f"did you mean '{visible(str(Path(named).parent / guess))}'? " if guess else ""
        raise error(f"missing image file '{shown}'", file, line, col,
                    f"{fix}put it at {visible(str(path))}, or set `placeholder: true`"
                    + (f" ({placed})" if placed else ""), code="missing-image")
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


ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height (the photo is drawn upright)


def pixel_size(path: Path) -> tuple[int, int]:
    """The photo's width and height in pixels as it is drawn (upright: its EXIF orientation applied); only
    the header is read."""
    with open_bounded(path) as img:
        w, h = img.size
        turned = img.getexif().get(0x0112) in ROTATED
    return (h, w) if turned else (w, h)


def placed_ppi(size: tuple[int, int], box_w: float, box_h: float, fit: bool) -> float:
    """A photo's resolution at its placed size: filling its box (cropped to it) it is scaled by the larger
    of the two ratios; fitted inside it, by the smaller."""
    across, down = size[0] * 72 / box_w, size[1] * 72 / box_h
    return max(across, down) if fit else min(across, down)


def photo_checks(edition: Edition, figures: Iterable[FigurePlacement], final: bool) -> list[Diagnostic]:
    """Every photo as placed, with the style's one pair of thresholds (`print.min_ppi`, `print.warn_ppi`: the
    render, `layout check`, `--json` and the preflight all use them): below `warn_ppi` a warning (below
    `min_ppi` it says that the render's preflight refuses the page, as it then does, naming file and box).
    A placeholder (图片占位) is an error with `final` (the page goes to the plant). Errors are raised together
    (LayoutError); the warnings are returned."""
    spec = edition.style.print
    errors: list[Diagnostic] = []
    warnings_: list[Diagnostic] = []
    for fig in figures:
        ref, w = fig.image, fig.where
        what = f"photo {ref.article}/{ref.photo}" if ref.article else f"photo '{visible(ref.file or '')}'"
        if ref.placeholder or not ref.file:
            if final:
                errors.append(Diagnostic(Level.ERROR, f"box '{fig.box}' on page {fig.page} is a photo placeholder "
                                         f"(图片占位, {what}): --final sends the page to the plant", w.file,
                                         w.line, w.col, "give the box its photo (`placeholder: false` and a file), "
                                                        "or render without --final for a proof"))
            continue
        try:
            size = pixel_size(Path(ref.root or edition.folder) / ref.file)
        except (OSError, ValueError):
            continue  # (checked when the plan was read; the render reports a file that changed since)
        ppi = placed_ppi(size, fig.photo.w, fig.photo.h, ref.fit)
        message = (f"{what} in box '{fig.box}' is {ppi:.0f} ppi at its placed size ({size[0]} × {size[1]} px "
                   f"over {fig.photo.w / 72 * 25.4:.0f} × {fig.photo.h / 72 * 25.4:.0f} mm)")
        if ppi < spec.min_ppi:  # (the render's preflight refuses the page: exit 1, nothing written)
            warnings_.append(Diagnostic(Level.WARNING, f"{message}: the preflight refuses below {spec.min_ppi:g} "
                                        "ppi (print.min_ppi)", w.file, w.line, w.col, PPI_HINT))
        elif ppi < spec.warn_ppi:
            warnings_.append(Diagnostic(Level.WARNING, f"{message}: the style warns below {spec.warn_ppi:g} ppi "
                                        "(print.warn_ppi)", w.file, w.line, w.col, PPI_HINT))
    if errors:
        raise LayoutError(errors + warnings_)
    return warnings_


PPI_HINT = "use a larger original, or a smaller box (a newspaper photo wants about 200 ppi at its printed size)"
