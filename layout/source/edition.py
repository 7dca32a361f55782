"""Load an edition folder: edition.yaml (validated) + articles/*.md + the paper style → Edition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from layout.errors import Diagnostic, LayoutError, Level, error
from layout.files import Sandbox, visible
from layout.imagefiles import check_image
from layout.model.article import Article
from layout.model.paper import PaperStyle
from layout.model.plan import Booking, Box, BoxKind, Edition, ImageRef, Inset, PagePlan, Rect, Where
from layout.source.ads import ad_ref, check_placements, read_bookings
from layout.source.articles import read_article
from layout.source.schema import validate_edition
from layout.source.table import link_tables, table_ref
from layout.style.load import find_style, load_style
from layout.text import normalize
from layout.units import UnitContext
from layout.yamlio.fields import Fields, did_you_mean
from layout.yamlio.read import Pos, load_yaml

PLAN_FILE = "edition.yaml"


MAX_PAGES = 500  # pages one plan may hold (a newspaper has at most a few dozen)
MAX_PAGES_TOTAL = 999


def edition_folder(given: Path) -> Path:
    """The edition folder `given` names (the folder itself, or its edition.yaml), resolved; a missing folder
    or plan is an error that names what was given and, for a typo, the edition folder it may have meant."""
    if given.is_file() and given.name == PLAN_FILE:
        given = given.parent
    if given.is_dir():
        if (given / PLAN_FILE).is_file():
            return given.resolve()
        raise error(f"no {PLAN_FILE} in {given}", str(given),
                    hint="an edition folder holds edition.yaml and articles/; `layout init DIR` starts one")
    parent = given.parent
    editions = sorted(p.name for p in parent.iterdir() if (p / PLAN_FILE).is_file()) if parent.is_dir() else []
    what = "is a file, not an edition folder" if given.exists() else "does not exist"
    guess = did_you_mean(given.name, editions)
    here = "this folder" if str(parent) == "." else visible(str(parent))
    hint = (f"edition folders in {here}: {', '.join(editions[:12])}" if editions
            else "an edition folder holds edition.yaml and articles/; `layout init DIR` starts one")
    raise error(f"the edition folder '{visible(str(given))}' {what}{guess}", hint=hint)


def load_edition(folder: Path, allow: tuple[Path, ...] = ()) -> Edition:
    """Read and check an edition folder. Files it names must lie inside it (or the project's styles/ and
    fonts/, or a folder in `allow`)."""
    folder = edition_folder(folder)
    plan_path = folder / PLAN_FILE
    sandbox = Sandbox.for_edition(folder, allow)
    doc = load_yaml(plan_path)
    if not isinstance(doc.data, dict):
        raise error("edition.yaml must be a mapping of keys to values", str(plan_path), 1, 1,
                    "start with `style: tianjin-daily`")
    validate_edition(doc)
    f = Fields(doc)
    if "base" in doc.data:  # a zone (地方版): built on its base edition (docs/zones.md)
        from layout.source.zone import load_zone

        return load_zone(folder, f, allow)
    try:
        style = load_style(find_style(f.text(("style",)), folder), sandbox)
    except LayoutError as exc:
        pos = doc.pos(("style",))
        if any(d.file is None for d in exc.diagnostics):
            raise LayoutError(Diagnostic(d.level, d.message, pos.file, pos.line, pos.col, d.hint)
                              for d in exc.diagnostics) from None
        raise
    f.ctx = UnitContext(em=style.grid.char, char=style.grid.char, line=style.grid.line)
    articles = _read_articles(folder)
    bookings = read_bookings(doc, folder, f.ctx)
    pages = link_tables(_pages(f, style, articles, sandbox, bookings))
    total = f.integer(("pages_total",), minimum=1)
    if total > MAX_PAGES_TOTAL:
        raise f.fail(("pages_total",), f"pages_total {total} is more than {MAX_PAGES_TOTAL}")
    _check_pages(f, pages, articles, total)
    check_placements(pages)
    _check_folio(pages, style)
    date = doc.data["date"]
    if not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    from layout.source.zone import family

    zones, note = family(f, total)
    return Edition(
        folder=str(folder), file=str(plan_path), style=style, date=date,
        issue=f.integer(("issue",)), pages_total=total,
        pages_note=note, pages=pages, articles=articles, bookings=bookings, zones=zones,
    )


def _pages(f: Fields, style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox,
           bookings: tuple[Booking, ...] = ()) -> tuple[PagePlan, ...]:
    count = len(f.doc.data["pages"])
    if count > MAX_PAGES:
        raise f.fail(("pages",), f"{count} pages planned: the limit is {MAX_PAGES}", "split the edition into several")
    return tuple(_page(f, i, style, articles, sandbox, bookings) for i in range(count))


def _read_articles(folder: Path) -> dict[str, Article]:
    """Every `articles/<slug>.md`: hidden files and editor leftovers are skipped; anything that is not a
    regular file inside the edition folder, and a slug that is not a plain name, is an error."""
    import os  # local: this function is the only part of the module that needs them
    import stat

    from layout.source.articles import file_kind

    adir = folder / "articles"
    if not adir.is_dir():
        raise error("the edition has no articles/ folder", str(folder), hint="put one <slug>.md per story in articles/")
    root = folder.resolve()
    articles: dict[str, Article] = {}
    seen: dict[str, Path] = {}  # casefolded slug → its file
    names = sorted(name for name in os.listdir(adir) if name.endswith(".md")
                   and not name.startswith((".", "#")) and not name.endswith("~"))
    for name in names:
        path, slug = adir / name, name[:-3]
        try:
            mode = os.stat(path).st_mode  # follows a symlink; never opens the file
            target = path.resolve()
        except OSError as exc:  # a broken or looping symlink, or no permission
            if path.is_symlink():
                raise error(f"the article is a link to '{os.readlink(path)}', which leads nowhere ({exc.strerror})",
                            str(path), hint="fix the link or delete it") from None
            raise error(f"cannot read the article: {exc.strerror}", str(path),
                        hint="check the file's permissions") from None
        if not stat.S_ISREG(mode):
            raise error(f"the article is {file_kind(mode)}, not a file", str(path),
                        hint="an article is a regular UTF-8 file: move this out of articles/")
        if not target.is_relative_to(root):
            raise error(f"the article is a link to {target}, outside the edition folder", str(path),
                        hint=f"copy the file into {adir}: an edition reads only its own files")
        if not slug or not all(ch.isalnum() or ch in "-_" for ch in slug):
            raise error(f"'{slug}' is not a usable story name", str(path),
                        hint="name the file with letters, digits, - and _ only (Chinese characters are fine), "
                        "e.g. articles/jieneng.md")
        if slug.casefold() in seen:
            raise error(f"'{name}' and '{seen[slug.casefold()].name}' differ only in upper/lower case", str(path),
                        hint="rename one of them: story names must differ in more than case")
        seen[slug.casefold()] = path
        articles[slug] = read_article(path)
    return articles


def _where(pos: Pos) -> Where:
    return Where(pos.file, pos.line, pos.col)


def _page(f: Fields, index: int, style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox,
          bookings: tuple[Booking, ...] = ()) -> PagePlan:
    p = ("pages", index)
    number = f.integer((*p, "page"), minimum=1)
    boxes = tuple(_box(f, (*p, "boxes", i), number, style, articles, sandbox, bookings)
                  for i in range(len(f.get((*p, "boxes")))))
    return PagePlan(number, f.text((*p, "section"), ""), f.text((*p, "editors"), ""), boxes, _where(f.doc.pos(p)))


def _rect(f: Fields, path: tuple[str | int, ...], style: PaperStyle) -> Rect:
    at = f.get((*path, "at"))
    g = style.grid
    if "col" in at:
        col, span, line, lines = at["col"], at["span"], at["line"], at["lines"]
        columns = g.plan_columns if g.mapped else g.columns
        rows = g.plan_lines if g.mapped else g.lines
        if col + span - 1 > columns:
            raise f.fail((*path, "at", "span"), f"box off the page: columns {col}–{col + span - 1}, "
                         f"but the grid has {columns}", f"col + span must be at most {columns + 1}")
        if line + lines - 1 > rows:
            raise f.fail((*path, "at", "lines"), f"box off the page: lines {line}–{line + lines - 1}, "
                         f"but the grid has {rows}", f"line + lines must be at most {rows + 1}")
        return Rect(*g.plan_rect(col, span, line, lines))
    rect = Rect(f.length((*path, "at", "x")), f.length((*path, "at", "y")),
                f.length((*path, "at", "width")), f.length((*path, "at", "height")))
    tw, th = style.trim
    if rect.x < 0 or rect.y < 0 or rect.right > tw + 0.01 or rect.bottom > th + 0.01 or rect.w <= 0 or rect.h <= 0:
        raise f.fail((*path, "at"), f"box off the page: {rect.x:.1f},{rect.y:.1f} {rect.w:.1f}×{rect.h:.1f}pt "
                     f"on a {tw:.1f}×{th:.1f}pt page", "x + width and y + height must stay inside the trim")
    return rect


def _box(f: Fields, path: tuple[str | int, ...], page: int, style: PaperStyle,
         articles: dict[str, Article], sandbox: Sandbox, bookings: tuple[Booking, ...] = ()) -> Box:
    data: dict[str, Any] = f.get(path)
    rect = _rect(f, path, style)
    where = _where(f.doc.pos(path))
    kind = next(BoxKind(k) for k in ("masthead", "story", "headline", "image", "rule", "ad", "table") if k in data)
    slug = data.get("story") or data.get("headline")
    if slug is not None and slug not in articles:
        key = "story" if "story" in data else "headline"
        raise f.fail((*path, key), f"unknown story '{slug}'{did_you_mean(slug, articles)}",
                     f"articles/{slug}.md does not exist; stories: {', '.join(articles) or 'none'}")
    name = data.get("name") or f"p{page}.{kind.value}" + (f".{slug}" if slug else "")
    columns = int(data.get("columns", 1))
    frame = bool(data.get("frame", False))
    if kind is BoxKind.STORY and columns > 1 and not style.grid.mapped:
        width_chars = rect.w / style.grid.char - (2 if frame else 0)
        per = (width_chars - (columns - 1) * style.grid.gutter) / columns
        if abs(per - round(per)) > 1e-6 or per < 2:
            raise f.fail((*path, "columns"), f"{columns} text columns do not divide this box on the character grid "
                         f"({width_chars:g} characters wide)",
                         "choose a column count so that (width − gutters) / columns is a whole number")
    image = _image(f, path, data, articles, sandbox) if kind is BoxKind.IMAGE else None
    ad = ad_ref(f, path, page, rect, style, sandbox, bookings) if kind is BoxKind.AD else None
    if ad is not None and ad.booking is not None and "name" not in data:
        name = f"p{page}.ad.{ad.booking.id}"
    table = table_ref(f, path, data, rect.w, columns, style, sandbox) if kind is BoxKind.TABLE else None
    if table is not None and "name" not in data:
        name = f"p{page}.table.{Path(table.file).stem}"
    inset = None
    if kind is BoxKind.STORY and "inset" in data:
        spec = data["inset"]
        if spec["span"] > columns:
            raise f.fail((*path, "inset", "span"), f"the inset crosses {spec['span']} text columns but the box has "
                         f"{columns}", "make span at most `columns`")
        if spec["lines"] >= round(rect.h / style.grid.line):
            raise f.fail((*path, "inset", "lines"), "the inset is as tall as the box", "leave lines for the text")
        position = str(spec.get("position", "top-right"))
        inset = Inset(_image(f, (*path, "inset"), spec, articles, sandbox), int(spec["span"]), int(spec["lines"]),
                      position.startswith("top"), position.endswith("left"))
    return Box(name=name, kind=kind, rect=rect, where=where, story=slug, columns=columns,
               head=bool(data.get("head", False)), jump_title=normalize(str(data.get("jump_title", "")), spaces=False),
               image=image, vertical=data.get("rule") == "vertical", inset=inset, frame=frame,
               column_rules=bool(data.get("column_rules", False)), ad=ad, table=table)


def _image(f: Fields, path: tuple[str | int, ...], data: dict[str, Any], articles: dict[str, Article],
           sandbox: Sandbox) -> ImageRef:
    ref = str(data["image"])
    caption, credit = data.get("caption", ""), data.get("credit", "")
    article = photo = file = None
    if "/" in ref and ref.split("/", 1)[0] in articles and not ref.lower().endswith((".jpg", ".jpeg", ".png", ".tif")):
        article, photo = ref.split("/", 1)
        photos = {p.id: p for p in articles[article].photos}
        if photo not in photos:
            raise f.fail((*path, "image"), f"article '{article}' has no photo '{photo}'{did_you_mean(photo, photos)}",
                         f"photos of {article}: {', '.join(photos) or 'none'}")
        p = photos[photo]
        caption, credit, file = caption or p.caption, credit or p.credit, p.file
    else:
        file = ref
    placeholder = bool(data.get("placeholder", False))
    if file is None and not placeholder:
        raise f.fail((*path, "image"), f"photo '{ref}' has no image file",
                     "give the photo a `file:` in the article, or set `placeholder: true` in the plan")
    if file is not None and not placeholder:
        pos = f.doc.pos((*path, "image"))
        check_image(Path(f.doc.file).parent / file, file, sandbox, pos.file, pos.line, pos.col)
    focus = data.get("focus", [0.5, 0.5])
    if not (isinstance(focus, list) and len(focus) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in focus)):
        raise f.fail((*path, "focus"), "'focus' must be [x, y] between 0 and 1",
                     "the point of the picture to keep when it is cropped, e.g. [0.5, 0.3]")
    mode = data.get("mode", "fill")
    if mode not in ("fill", "fit"):
        raise f.fail((*path, "mode"), f"'mode' must be fill or fit, got {mode!r}",
                     "fill crops the picture to the box around `focus`; fit shows all of it")
    return ImageRef(article, photo, file, str(caption), str(credit), placeholder,
                    (float(focus[0]), float(focus[1])), mode == "fit")


def _check_folio(pages: tuple[PagePlan, ...], style: PaperStyle) -> None:
    """A page without a masthead carries the 报眉 in its top grid lines: no box may sit there."""
    g = style.grid
    folio = Rect(g.left, g.top, g.width, style.folio.lines * g.line)
    problems = []
    for page in pages:
        if any(b.kind is BoxKind.MASTHEAD for b in page.boxes):
            continue
        for box in page.boxes:
            if box.rect.overlaps(folio):
                problems.append(Diagnostic(
                    Level.ERROR, f"box '{box.name}' overlaps the 报眉 of page {page.number} (grid lines 1–"
                    f"{style.folio.lines})", box.where.file, box.where.line, box.where.col,
                    f"start it at line {style.folio.lines + 2} or lower, or put a masthead on this page"))
    if problems:
        raise LayoutError(problems)


def _check_pages(f: Fields, pages: tuple[PagePlan, ...], articles: dict[str, Article], total: int) -> None:
    problems: list[Diagnostic] = []
    seen: dict[int, PagePlan] = {}
    for page in pages:
        if page.number > total:
            problems.append(Diagnostic(Level.ERROR, f"page {page.number} is planned but the edition has "
                                       f"{total} pages (pages_total, printed as 今日{total}版)", page.where.file,
                                       page.where.line, page.where.col,
                                       "raise pages_total, or give the page a number it has"))
        if page.number in seen:
            problems.append(Diagnostic(Level.ERROR, f"page {page.number} is planned twice (first at line "
                                       f"{seen[page.number].where.line})", page.where.file, page.where.line,
                                       page.where.col, "give each page its own number"))
        seen[page.number] = page
        solid = [b for b in page.boxes if b.kind is not BoxKind.RULE]
        for i, a in enumerate(solid):
            for b in solid[i + 1:]:
                if a.rect.overlaps(b.rect):
                    problems.append(Diagnostic(Level.ERROR, f"box '{b.name}' overlaps box '{a.name}' (line "
                                               f"{a.where.line}) on page {page.number}", b.where.file,
                                               b.where.line, b.where.col, "move or shrink one of them"))
    first_page: dict[str, tuple[int, Box]] = {}
    for page in pages:
        for box in page.boxes:
            if box.kind is not BoxKind.STORY or box.story is None:
                continue
            if box.story in first_page and page.number < first_page[box.story][0]:
                prev_page, prev = first_page[box.story]
                problems.append(Diagnostic(
                    Level.ERROR, f"story '{box.story}' jumps back from page {prev_page} to page {page.number}",
                    box.where.file, box.where.line, box.where.col,
                    f"a story flows through its boxes in plan order; list page {page.number} before page "
                    f"{prev_page}, or move this box (first box at line {prev.where.line})"))
            first_page[box.story] = (page.number, box)
            article = articles.get(box.story)
            if article is not None and not article.paragraphs and not article.byline:
                problems.append(Diagnostic(
                    Level.ERROR, f"story '{box.story}' has no text to set", box.where.file, box.where.line,
                    box.where.col, f"write the article in {article.path}, or use an image box for a photo"))
    placed = {b.story for p in pages for b in p.boxes if b.kind is BoxKind.STORY}
    placed |= {b.image.article for p in pages for b in p.boxes if b.image and b.image.article}
    placed |= {b.inset.image.article for p in pages for b in p.boxes if b.inset and b.inset.image.article}
    for slug, article in articles.items():
        if slug not in placed:
            problems.append(Diagnostic(Level.ERROR, f"story '{slug}' is never placed", f.doc.file, None, None,
                                       f"add a box `story: {slug}` to a page, or move {article.path} out of articles/"))
    if problems:
        raise LayoutError(problems)
