"""The pages of a plan (edition.yaml's `pages:`) read into `PagePlan`s — each box, its place on the grid, its
photo or ad — and the checks of the pages together (numbers, overlaps, the 报眉, story order, every story
placed). Shared by a main edition (`edition.py`) and a zone (`zone.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from layout.errors import Diagnostic, LayoutError, Level, line_of
from layout.infra.files import Sandbox
from layout.infra.imagefiles import check_image
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.infra.yamlio.read import Pos
from layout.model.article import Article
from layout.model.lengths import show_length, unit_written
from layout.model.paper import PaperStyle
from layout.model.plan import (
    AdBox,
    Booking,
    Box,
    GridPlace,
    HeadlineBox,
    ImageBox,
    ImageRef,
    Inset,
    LengthPlace,
    MastheadBox,
    PagePlan,
    Place,
    Rect,
    RuleBox,
    StoryBox,
    TableBox,
    Where,
)
from layout.source.ads import ad_ref
from layout.source.table import table_ref
from layout.text import normalize

PLAN_FILE = "edition.yaml"
MAX_PAGES = 500  # pages one plan may hold (a newspaper has at most a few dozen)
MAX_PAGES_TOTAL = 999


def read_pages(f: Fields, style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox,
           bookings: tuple[Booking, ...] = ()) -> tuple[PagePlan, ...]:
    count = len(f.doc.data["pages"])
    if count > MAX_PAGES:
        raise f.fail(("pages",), f"{count} pages planned: the limit is {MAX_PAGES}", "split the edition into several",
                     code="too-many-pages")
    pages: list[PagePlan] = []
    problems: list[Diagnostic] = []
    for i in range(count):
        try:
            pages.append(_page(f, i, style, articles, sandbox, bookings))
        except LayoutError as exc:  # every box's problems at once, not the first page's first
            problems += exc.diagnostics
    if problems:
        raise LayoutError(problems)
    return tuple(pages)


def _where(pos: Pos) -> Where:
    return Where(pos.file, pos.line, pos.col)


def _page(f: Fields, index: int, style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox,
          bookings: tuple[Booking, ...] = ()) -> PagePlan:
    p = ("pages", index)
    number = f.integer((*p, "page"), minimum=1)
    boxes: list[Box] = []
    problems: list[Diagnostic] = []
    for i in range(len(f.get((*p, "boxes")))):
        try:
            boxes.append(_box(f, (*p, "boxes", i), number, style, articles, sandbox, bookings))
        except LayoutError as exc:
            problems += exc.diagnostics
    if problems:
        raise LayoutError(problems)
    return PagePlan(number, f.text((*p, "section"), ""), f.text((*p, "editors"), ""), tuple(boxes),
                    _where(f.doc.pos(p)))


def _rect(f: Fields, path: tuple[str | int, ...], style: PaperStyle) -> Rect:
    at = f.get((*path, "at"))
    g = style.grid
    if "col" in at:
        col, span, line, lines = at["col"], at["span"], at["line"], at["lines"]
        columns = g.plan_columns if g.mapped else g.columns
        rows = g.plan_lines if g.mapped else g.lines
        if col + span - 1 > columns:
            raise f.fail((*path, "at", "span"), f"box off the page: columns {col}–{col + span - 1}, "
                         f"but the grid has {columns}", f"col + span must be at most {columns + 1}",
                         code="box-off-page")
        if line + lines - 1 > rows:
            raise f.fail((*path, "at", "lines"), f"box off the page: lines {line}–{line + lines - 1}, "
                         f"but the grid has {rows}", f"line + lines must be at most {rows + 1}", code="box-off-page")
        return Rect(*g.plan_rect(col, span, line, lines))
    rect = Rect(f.length((*path, "at", "x")), f.length((*path, "at", "y")),
                f.length((*path, "at", "width")), f.length((*path, "at", "height")))
    tw, th = style.trim
    if rect.x < 0 or rect.y < 0 or rect.right > tw + 0.01 or rect.bottom > th + 0.01 or rect.w <= 0 or rect.h <= 0:
        u = unit_written(at.get("width"))  # said in the unit the plan uses: mm stays mm

        def said(x: float) -> str:
            return show_length(x, u, f.ctx)
        raise f.fail((*path, "at"), f"box off the page: x {said(rect.x)}, y {said(rect.y)}, {said(rect.w)} × "
                     f"{said(rect.h)} on a {said(tw)} × {said(th)} page",
                     "x + width and y + height must stay inside the trim", code="box-off-page")
    return rect


KINDS = ("masthead", "story", "headline", "image", "rule", "ad", "table")  # the key that says a box's kind


def _box(f: Fields, path: tuple[str | int, ...], page: int, style: PaperStyle,
         articles: dict[str, Article], sandbox: Sandbox, bookings: tuple[Booking, ...] = ()) -> Box:
    data: dict[str, Any] = f.get(path)
    rect = _rect(f, path, style)
    where = _where(f.doc.pos(path))
    kind = next(k for k in KINDS if k in data)
    slug = data.get("story") or data.get("headline")
    if slug is not None and slug not in articles:
        key = "story" if "story" in data else "headline"
        raise f.fail((*path, key), f"unknown story '{slug}'{did_you_mean(slug, articles)}",
                     f"articles/{slug}.md does not exist; stories: {', '.join(articles) or 'none'}",
                     code="unknown-story")
    name = data.get("name") or f"p{page}.{kind}" + (f".{slug}" if slug else "")
    columns = int(data.get("columns", 1))
    frame = bool(data.get("frame", False))
    if kind == "story" and columns > 1 and not style.grid.mapped and not data.get("vertical", False):
        _check_columns(f, path, rect, columns, frame, style)
    common = _Common(name, rect, where, _place(f.get((*path, "at"))))
    if kind == "image":
        image = _image(f, path, data, articles, sandbox)
        _keys(f, path, kind, data)
        return ImageBox(*common, image=image)
    if kind == "ad":
        ad = ad_ref(f, path, page, rect, style, sandbox, bookings)
        _keys(f, path, kind, data)
        named = f"p{page}.ad.{ad.booking.id}" if ad.booking is not None and "name" not in data else name
        return AdBox(*common._replace(name=named), ad=ad)
    if kind == "table":
        table = table_ref(f, path, data, rect.w, columns, style, sandbox)
        _keys(f, path, kind, data)
        named = name if "name" in data else f"p{page}.table.{Path(table.file).stem}"
        return TableBox(*common._replace(name=named), table=table, columns=columns)
    inset = _inset(f, path, data, rect, columns, style, articles, sandbox) if kind == "story" and "inset" in data \
        else None
    jump_title = normalize(str(data.get("jump_title", "")), spaces=False)
    vertical, head_order, tcy_digits = _keys(f, path, kind, data)
    if kind == "story":
        return StoryBox(*common, story=str(slug), columns=columns, head=bool(data.get("head", False)),
                        jump_title=jump_title, vertical=vertical, tcy_digits=tcy_digits, inset=inset, frame=frame,
                        column_rules=bool(data.get("column_rules", False)))
    if kind == "headline":
        return HeadlineBox(*common, story=str(slug), vertical=vertical, head_order=head_order)
    return RuleBox(*common, vertical=vertical) if kind == "rule" else MastheadBox(*common)


class _Common(NamedTuple):
    """The fields every box has, in the order of `_Box`."""

    name: str
    rect: Rect
    where: Where
    place: Place


def _place(at: dict[str, Any]) -> Place:
    """The box's `at:` as written: its grid place, or its lengths and their unit."""
    if "col" in at:
        return GridPlace(int(at["col"]), int(at["span"]), int(at["line"]), int(at["lines"]))
    x, y, w, h = (str(at[k]) for k in ("x", "y", "width", "height"))
    return LengthPlace(x, y, w, h, unit_written(at.get("width")))


def _keys(f: Fields, path: tuple[str | int, ...], kind: str, data: dict[str, Any]) -> tuple[bool, str, int]:
    """`vertical`, `head_order` and `tcy_digits`, checked against the kinds of box that may have them."""
    return _vertical(f, path, kind, data), _head_order(f, path, kind, data), _tcy_digits(f, path, kind, data)


def _check_columns(f: Fields, path: tuple[str | int, ...], rect: Rect, columns: int, frame: bool,
                   style: PaperStyle) -> None:
    width_chars = rect.w / style.grid.char - (2 if frame else 0)
    per = (width_chars - (columns - 1) * style.grid.gutter) / columns
    if abs(per - round(per)) > 1e-6 or per < 2:
        raise f.fail((*path, "columns"), f"{columns} text columns do not divide this box on the character grid "
                     f"({width_chars:g} characters wide)",
                     "choose a column count so that (width − gutters) / columns is a whole number",
                     code="columns-off-grid")


def _inset(f: Fields, path: tuple[str | int, ...], data: dict[str, Any], rect: Rect, columns: int,
           style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox) -> Inset:
    spec = data["inset"]
    if spec["span"] > columns:
        raise f.fail((*path, "inset", "span"), f"the inset crosses {spec['span']} text columns but the box has "
                     f"{columns}", "make span at most `columns`", code="inset-too-wide")
    if spec["lines"] >= round(rect.h / style.grid.line):
        raise f.fail((*path, "inset", "lines"), "the inset is as tall as the box", "leave lines for the text",
                     code="inset-too-tall")
    position = str(spec.get("position", "top-right"))
    return Inset(_image(f, (*path, "inset"), spec, articles, sandbox), int(spec["span"]), int(spec["lines"]),
                 position.startswith("top"), position.endswith("left"))


def _vertical(f: Fields, path: tuple[str | int, ...], kind: str, data: dict[str, Any]) -> bool:
    """A vertical rule; a 竖题 (`headline:` box) or a story set in vertical lines (`story:` box)."""
    if kind == "rule":
        return data.get("rule") == "vertical"
    if not data.get("vertical", False):
        return False
    if kind not in ("story", "headline"):
        raise f.fail((*path, "vertical"), f"`vertical: true` is for story and headline boxes, not a {kind} box",
                     "remove it, or use `rule: vertical` for a vertical rule", code="vertical-wrong-box")
    for key in ("inset", "head", "column_rules"):
        if key in data:
            raise f.fail((*path, key), f"a vertical story box cannot have `{key}`",
                         "give the story a `headline:` box (with `vertical: true` for a 竖题) beside it",
                         code="vertical-box-key")
    return True


def _head_order(f: Fields, path: tuple[str | int, ...], kind: str, data: dict[str, Any]) -> str:
    if "head_order" not in data:
        return ""
    if kind != "headline" or not data.get("vertical", False):
        raise f.fail((*path, "head_order"), "`head_order` is for a vertical headline box (a 竖题)",
                     "add `vertical: true` to the headline box, or remove `head_order`", code="vertical-box-key")
    return str(data["head_order"])


def _tcy_digits(f: Fields, path: tuple[str | int, ...], kind: str, data: dict[str, Any]) -> int:
    if "tcy_digits" not in data:
        return 2
    if kind != "story" or not data.get("vertical", False):
        raise f.fail((*path, "tcy_digits"), "`tcy_digits` is for a vertical story box (纵中横 numbers)",
                     "add `vertical: true` to the story box, or remove `tcy_digits`", code="vertical-box-key")
    return int(data["tcy_digits"])


def _headless_vertical(pages: tuple[PagePlan, ...]) -> list[Diagnostic]:
    """A story whose first box is vertical and has no `headline:` box: its head would be lost (a vertical
    story box carries no headline block)."""
    heads = {b.story for p in pages for b in p.boxes if isinstance(b, HeadlineBox)}
    first: dict[str, StoryBox] = {}
    for page in pages:
        for box in page.boxes:
            if isinstance(box, StoryBox):
                first.setdefault(box.story, box)
    return [Diagnostic(Level.ERROR, f"story '{slug}' starts in a vertical box, which carries no headline block",
                       box.where.file, box.where.line, box.where.col,
                       f"add a box `headline: {slug}` (with `vertical: true` for a 竖题) beside it",
                       code="vertical-without-head")
            for slug, box in first.items() if box.vertical and slug not in heads]

def _image(f: Fields, path: tuple[str | int, ...], data: dict[str, Any], articles: dict[str, Article],
           sandbox: Sandbox) -> ImageRef:
    ref = str(data["image"])
    caption, credit = data.get("caption", ""), data.get("credit", "")
    article = photo = file = None
    named_at: tuple[str, int, int | None] | None = None  # where the file is named, if in an article
    if "/" in ref and ref.split("/", 1)[0] in articles and not ref.lower().endswith((".jpg", ".jpeg", ".png", ".tif")):
        article, photo = ref.split("/", 1)
        photos = {p.id: p for p in articles[article].photos}
        if photo not in photos:
            raise f.fail((*path, "image"), f"article '{article}' has no photo '{photo}'{did_you_mean(photo, photos)}",
                         f"photos of {article}: {', '.join(photos) or 'none'}", code="unknown-photo")
        p = photos[photo]
        caption, credit, file = caption or p.caption, credit or p.credit, p.file
        named_at = (articles[article].path, p.file_line or p.line, p.file_col or None)
    else:
        file = ref
    placeholder = bool(data.get("placeholder", False))
    if file is None and not placeholder:
        raise f.fail((*path, "image"), f"photo '{ref}' has no image file",
                     "give the photo a `file:` in the article, or set `placeholder: true` in the plan",
                     code="photo-without-file")
    if file is not None and not placeholder:
        pos = f.doc.pos((*path, "image"))
        if named_at is None:
            check_image(Path(f.doc.file).parent / file, file, sandbox, pos.file, pos.line, pos.col)
        else:  # a photo of an article: blamed on the article's `file:` line, the plan's line in the hint
            check_image(Path(f.doc.file).parent / file, file, sandbox, *named_at,
                        placed=f"placed by {line_of(pos.file, pos.line)}")
    focus = data.get("focus", [0.5, 0.5])
    if not (isinstance(focus, list) and len(focus) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in focus)):
        raise f.fail((*path, "focus"), "'focus' must be [x, y] between 0 and 1",
                     "the point of the picture to keep when it is cropped, e.g. [0.5, 0.3]", code="bad-focus")
    mode = data.get("mode", "fill")
    if mode not in ("fill", "fit"):
        raise f.fail((*path, "mode"), f"'mode' must be fill or fit, got {mode!r}",
                     "fill crops the picture to the box around `focus`; fit shows all of it", code="bad-image-mode")
    return ImageRef(article, photo, file, str(caption), str(credit), placeholder,
                    (float(focus[0]), float(focus[1])), mode == "fit")


def check_folio(pages: tuple[PagePlan, ...], style: PaperStyle) -> None:
    """A page without a masthead carries the 报眉 in its top grid lines: no box may sit there."""
    g = style.grid
    folio = Rect(g.left, g.top, g.width, style.folio.lines * g.line)
    problems = []
    for page in pages:
        if any(isinstance(b, MastheadBox) for b in page.boxes):
            continue
        for box in page.boxes:
            if box.rect.overlaps(folio):
                problems.append(Diagnostic(
                    Level.ERROR, f"box '{box.name}' overlaps the 报眉 of page {page.number} (grid lines 1–"
                    f"{style.folio.lines})", box.where.file, box.where.line, box.where.col,
                    f"start it at line {style.folio.lines + 1} or lower, or put a masthead on this page",
                                           code="box-over-folio"))
    if problems:
        raise LayoutError(problems)


def check_pages(f: Fields, pages: tuple[PagePlan, ...], articles: dict[str, Article], total: int) -> None:
    problems: list[Diagnostic] = []
    seen: dict[int, PagePlan] = {}
    for page in pages:
        if page.number > total:
            problems.append(Diagnostic(Level.ERROR, f"page {page.number} is planned but the edition has "
                                       f"{total} pages (pages_total, printed as 今日{total}版)", page.where.file,
                                       page.where.line, page.where.col,
                                       "raise pages_total, or give the page a number it has", code="page-beyond-total"))
        if page.number in seen:
            problems.append(Diagnostic(Level.ERROR, f"page {page.number} is planned twice (first at line "
                                       f"{seen[page.number].where.line})", page.where.file, page.where.line,
                                       page.where.col, "give each page its own number", code="page-planned-twice"))
        seen[page.number] = page
        solid = [b for b in page.boxes if not isinstance(b, RuleBox)]
        for i, a in enumerate(solid):
            for b in solid[i + 1:]:
                if a.rect.overlaps(b.rect):
                    problems.append(Diagnostic(Level.ERROR, f"box '{b.name}' overlaps box '{a.name}' (line "
                                               f"{a.where.line}) on page {page.number}", b.where.file,
                                               b.where.line, b.where.col, "move or shrink one of them",
                                               code="boxes-overlap"))
    first_page: dict[str, tuple[int, Box]] = {}
    for page in pages:
        for box in page.boxes:
            if not isinstance(box, StoryBox):
                continue
            if box.story in first_page and page.number < first_page[box.story][0]:
                prev_page, prev = first_page[box.story]
                problems.append(Diagnostic(
                    Level.ERROR, f"story '{box.story}' jumps back from page {prev_page} to page {page.number}",
                    box.where.file, box.where.line, box.where.col,
                    f"a story flows through its boxes in plan order; list page {page.number} before page "
                    f"{prev_page}, or move this box (first box at {line_of(prev.where.file, prev.where.line)})",
                    code="story-jumps-back"))
            first_page[box.story] = (page.number, box)
            article = articles.get(box.story)
            if article is not None and not article.paragraphs and not article.byline:
                problems.append(Diagnostic(
                    Level.ERROR, f"story '{box.story}' has no text to set", box.where.file, box.where.line,
                    box.where.col, f"write the article in {article.path}, or use an image box for a photo",
                                           code="story-without-text"))
    problems += _headless_vertical(pages)
    placed: set[str] = set()
    for box in (b for p in pages for b in p.boxes):
        match box:
            case StoryBox(story=slug, inset=inset):
                placed |= {slug, inset.image.article or slug} if inset else {slug}
            case ImageBox(image=image) if image.article:
                placed.add(image.article)
    for slug, article in articles.items():
        if slug not in placed:
            problems.append(Diagnostic(Level.ERROR, f"story '{slug}' is never placed", f.doc.file, None, None,
                                       f"add a box `story: {slug}` to a page, or move {article.path} out of articles/",
                                       code="story-never-placed"))
    if problems:
        raise LayoutError(problems)
