"""The outline of a story's boxes on the page image: the union of axis-aligned rectangles (whole pixels) as
orthogonal polygons, one per connected part (rectangles that share an edge of some length are one part).

The rectangles are laid on the grid of their own edges; the covered cells' outer edges, walked with the
inside on the left, give the outline. A part whose union has a hole (boxes ringing another story) cannot be
one `<area shape="poly">`: it is given as its rectangles instead, so no area ever covers another story.
"""

from __future__ import annotations

from collections.abc import Sequence

PixelRect = tuple[int, int, int, int]  # left, top, right, bottom
Point = tuple[int, int]
Polygon = tuple[Point, ...]


def _touch(a: PixelRect, b: PixelRect) -> bool:
    """Overlapping, or sharing an edge of positive length (a shared corner alone does not join)."""
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx >= 0 and dy >= 0 and (dx > 0 or dy > 0)


def parts(rects: Sequence[PixelRect]) -> list[list[PixelRect]]:
    """The rectangles grouped into connected parts, each part in the order of its first rectangle."""
    rects = [r for r in rects if r[2] > r[0] and r[3] > r[1]]
    group = list(range(len(rects)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for i in range(len(rects)):
        for j in range(i):
            if _touch(rects[i], rects[j]):
                group[root(i)] = root(j)
    out: dict[int, list[PixelRect]] = {}
    for i, r in enumerate(rects):
        out.setdefault(root(i), []).append(r)
    return list(out.values())


def _edges(rects: Sequence[PixelRect]) -> list[tuple[Point, Point]]:
    """The directed outer edges of the covered cells, inside on the left in image coordinates (y down):
    clockwise on the screen."""
    xs = sorted({v for r in rects for v in (r[0], r[2])})
    ys = sorted({v for r in rects for v in (r[1], r[3])})
    covered = {(i, j) for r in rects for i in range(xs.index(r[0]), xs.index(r[2]))
               for j in range(ys.index(r[1]), ys.index(r[3]))}
    edges: list[tuple[Point, Point]] = []
    for i, j in sorted(covered):
        x0, x1, y0, y1 = xs[i], xs[i + 1], ys[j], ys[j + 1]
        if (i, j - 1) not in covered:
            edges.append(((x0, y0), (x1, y0)))
        if (i + 1, j) not in covered:
            edges.append(((x1, y0), (x1, y1)))
        if (i, j + 1) not in covered:
            edges.append(((x1, y1), (x0, y1)))
        if (i - 1, j) not in covered:
            edges.append(((x0, y1), (x0, y0)))
    return edges


def _loops(edges: list[tuple[Point, Point]]) -> list[list[Point]]:
    nexts: dict[Point, list[Point]] = {}
    for a, b in edges:
        nexts.setdefault(a, []).append(b)
    loops: list[list[Point]] = []
    for start in sorted(nexts):
        while nexts[start]:
            loop, at = [start], nexts[start].pop(0)
            while at != start:
                loop.append(at)
                at = nexts[at].pop(0)
            loops.append(loop)
    return loops


def _simplify(loop: list[Point]) -> Polygon:
    """Drop the points in the middle of a straight run; start at the top-left corner."""
    n = len(loop)
    kept = [p for k, p in enumerate(loop)
            if not (loop[k - 1][0] == p[0] == loop[(k + 1) % n][0] or loop[k - 1][1] == p[1] == loop[(k + 1) % n][1])]
    first = kept.index(min(kept, key=lambda p: (p[1], p[0])))
    return tuple(kept[first:] + kept[:first])


def outline(rects: Sequence[PixelRect]) -> list[Polygon]:
    """One polygon per connected part of the union of `rects`; a part with a hole as its rectangles."""
    out: list[Polygon] = []
    for part in parts(rects):
        loops = _loops(_edges(part))
        if len(loops) == 1:
            out.append(_simplify(loops[0]))
        else:
            out += [((r[0], r[1]), (r[2], r[1]), (r[2], r[3]), (r[0], r[3])) for r in part]
    return out
