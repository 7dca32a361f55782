"""The GWG 2015 measurements of an ad (docs/print.md, "Advertisements"): the smallest text and the thinnest
line on one separation and on several, and the warnings they give."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from layout.model.lengths import MM

# The GWG 2015 checks of an ad (docs/print.md, "Advertisements", names the sections and says why), on an ad
# before it is placed and on the forms a page places (standalone `layout preflight`): one implementation.
SMALL_TEXT = (5.0, 9.0)  # pt, effective size: text on one separation; on two or more, or white
THIN_LINE = (0.25, 0.5)  # pt, effective width: strokes on one separation; on two or more, or white


@dataclass
class Measures:
    """What an ad's GWG checks measure while its content is walked: text and strokes under the limits, at
    their effective size (Tf × the text matrix × the CTM, w × the CTM: the ad's placed scale included), per
    kind (one separation; several, or white), with the count and the smallest; optional content found."""

    text_one: float  # pt: text printed on one separation smaller than this is reported
    text_multi: float  # pt: text on two or more separations, or white (knocked out), smaller than this
    line_one: float  # pt: strokes on one separation thinner than this
    line_multi: float  # pt: strokes on two or more separations, or white, thinner than this
    small: dict[str, tuple[int, float, str]] = field(default_factory=dict)  # kind → count, smallest, where
    optional: list[str] = field(default_factory=list)

    def _add(self, kind: str, value: float, where: str) -> None:
        count, smallest, at = self.small.get(kind, (0, math.inf, where))
        self.small[kind] = (count + 1, min(smallest, value), at if value >= smallest else where)

    def text(self, size: float, plates: int, where: str) -> None:
        if plates < 0:
            return
        if plates == 1 and size < self.text_one - 0.05:
            self._add("text one", size, where)
        elif plates != 1 and size < self.text_multi - 0.05:
            self._add("text multi", size, where)

    def line(self, width: float, plates: int, where: str) -> None:
        if plates < 0:
            return
        if plates == 1 and width < self.line_one - 0.0005:
            self._add("line one", width, where)
        elif plates != 1 and width < self.line_multi - 0.0005:
            self._add("line multi", width, where)


def gwg_warnings(measures: Measures) -> list[str]:
    """Small text and thin lines, one warning per kind, with the limit applied and where it comes from."""
    out = []
    what = {"text one": ("text run", "on one separation", SMALL_TEXT[0]),
            "text multi": ("text run", "on two or more separations or white", SMALL_TEXT[1]),
            "line one": ("stroke", "on one separation", THIN_LINE[0]),
            "line multi": ("stroke", "on two or more separations or white", THIN_LINE[1])}
    for kind, (count, smallest, where) in sorted(measures.small.items()):
        noun, plates, limit = what[kind]
        if kind.startswith("text"):
            measure = f"smaller than {limit:g} pt at the placed size, the smallest {smallest:.1f} pt"
            section = "Small Text"
        else:
            least = "0 pt (`0 w`: one device pixel)" if smallest == 0 else \
                f"{smallest:.2f} pt ({smallest / MM:.3f} mm)"
            measure = f"thinner than {limit:g} pt at the placed size, the thinnest {least}"
            section = "Effective Line Width"
        out.append(f"{where}: {count} {noun}{'s' if count > 1 else ''} {plates} {measure} (GWG 2015 "
                   f"NewspaperAds, {section}): they may break up or fill in on newsprint")
    return out
