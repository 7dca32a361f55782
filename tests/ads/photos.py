"""Real photographs for the photo tests, from scikit-image's sample data (shipped in its wheel, freely
licensed): astronaut (NASA, public domain), coffee (CC0, Rachel Michetti), chelsea (CC0, Stefan van der
Walt), rocket (SpaceX, public domain; here as a 16-bit greyscale PNG)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

NAMES = ("astronaut", "coffee", "chelsea", "rocket-grey16")


def photo(name: str) -> Image.Image:
    import skimage.data

    if name == "rocket-grey16":
        rgb = skimage.data.rocket().astype(np.float64)
        grey = rgb @ np.array([0.299, 0.587, 0.114])
        return Image.fromarray(np.round(grey * 257).astype(np.uint16))  # mode I;16
    return Image.fromarray(getattr(skimage.data, name)(), "RGB")


def write_photos(folder: Path) -> dict[str, Path]:
    """Each photo as a file in `folder`: JPEG (quality 92) for the colour ones, 16-bit PNG for the grey one."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in NAMES:
        path = folder / (f"{name}.png" if name.endswith("grey16") else f"{name}.jpg")
        img = photo(name)
        if path.suffix == ".png":
            img.save(path)
        else:
            img.save(path, quality=92, subsampling=0)
        out[name] = path
    return out


if __name__ == "__main__":  # writes the reference case's photos: python -m tests.ads.photos
    write_photos(Path(__file__).resolve().parents[1] / "reference" / "editions" / "photos" / "images")
