"""The pages as the browser shows them: each box with its plan entry, its link into the editor and its
marks (overset, warning); the overset stories; the warnings, each tied to its box where it has one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layout.jsonout import JSON

if TYPE_CHECKING:
    from layout.serve.desk import Desk


def page_states(desk: Desk, report: JSON, plan_lines: list[str]) -> tuple[list[JSON], list[JSON], list[JSON]]:
    """(pages, overset, warnings) of a `check_json` report."""
    from layout.serve.desk import plan_entry

    w, h = report["grid"]["trim_pt"]
    bleed = report["grid"]["bleed_pt"]
    fits = {(b["box"], b["page"]): b for s in report["stories"] for b in s["boxes"]}
    boxes: dict[tuple[str, int, int], JSON] = {}
    by_name: dict[tuple[str, int], JSON] = {}
    pages = []
    for page in report["pages"]:
        shown = []
        for j, box in enumerate(page["boxes"]):
            where = box["where"]
            item = {**box, "id": f"{page['page']}-{j + 1}", "page": page["page"], "marks": [],
                    "plan": plan_entry(plan_lines, where["line"], where["col"]),
                    "link": desk.link(where["file"], where["line"], where["col"]),
                    "fit": fits.get((box["name"], page["page"]))}
            shown.append(item)
            boxes[(where["file"], where["line"], where["col"])] = item
            by_name.setdefault((box["name"], page["page"]), item)
        pages.append({"page": page["page"], "section": page["section"], "image": desk.image_url(page["page"]),
                      "size_pt": [w + 2 * bleed, h + 2 * bleed], "bleed_pt": bleed, "boxes": shown})
    return pages, _overset(desk, report, by_name), _warnings(desk, report, boxes)


def _overset(desk: Desk, report: JSON, by_name: dict[tuple[str, int], JSON]) -> list[JSON]:
    out = []
    for story in report["stories"]:
        if story["fits"]:
            continue
        last = story["boxes"][-1]
        box = by_name.get((last["box"], last["page"]))
        if box is not None:
            box["marks"].append("overset")
        where = box["where"] if box else None
        out.append({"story": story["story"], "title": story["title"], "chars": story["overset_chars"],
                    "lines": story["overset_lines"], "box": last["box"], "page": last["page"],
                    "stopped_at": story["stopped_at"], "box_id": box["id"] if box else None, "where": where,
                    "link": desk.link(where["file"], where["line"], where["col"]) if where else None})
    return out


def _warnings(desk: Desk, report: JSON, boxes: dict[tuple[str, int, int], JSON]) -> list[JSON]:
    """The warnings but the overset ones (listed on their own), each with the box it names, if any."""
    out = []
    for d in report["warnings"]:
        if d["message"].startswith("overset: "):
            continue
        box = boxes.get((d["file"], d["line"], d["col"])) if d["line"] else None
        if box is not None and "warning" not in box["marks"]:
            box["marks"].append("warning")
        out.append({**d, "text": _text(d), "link": desk.link(d["file"], d["line"], d["col"]),
                    "box_id": box["id"] if box else None})
    return out


def _text(d: dict[str, Any]) -> str:
    from layout.errors import Diagnostic, Kind, Level

    return Diagnostic(Level(d["level"]), d["message"], d["file"], d["line"], d["col"], d["hint"],
                      Kind(d["kind"])).format()
