"""Zoned editions (地方版, docs/zones.md): an edition's `zones:` (the family it heads, counted in its imprint),
and the loading of a zone — an edition that names its base (`base: ../tianjin-daily-2026-04-23`), takes the
base's style, date and issue, keeps the base's pages, replaces some (`replaces: true`) and adds its own.

A zone's folder is a sandbox like any edition's; `base:` is the one path that leads out of it, and only to a
sibling edition folder. The base is loaded from its own folder with its own sandbox (its photos are read
there); the zone's own pages read only the zone's folder.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from layout.errors import Diagnostic, LayoutError, Level, error
from layout.infra.files import Sandbox, visible
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.infra.yamlio.read import Located, load_yaml
from layout.model.lengths import UnitContext
from layout.model.plan import (
    AdBox,
    Box,
    Edition,
    HeadlineBox,
    ImageBox,
    ImageRef,
    Inset,
    PagePlan,
    StoryBox,
    Where,
    Zone,
    photos,
)
from layout.source.ads import check_placements, read_bookings
from layout.source.article import ArticleReader, read_article, read_articles
from layout.source.plan import MAX_PAGES_TOTAL, PLAN_FILE, check_folio, check_pages, read_pages
from layout.source.table import link_tables
from layout.text.region import paper_articles

INHERITED = ("style", "date", "issue", "pages_total")  # a zone takes these from its base


def read_zones(f: Fields, total: int) -> tuple[Zone, ...]:
    """The edition's `zones:` (the family it heads). The imprint counts the bracket after 今日N版 from them
    (`layout.compose.imprint.imprint_note`), so `pages_note:` may not be typed as well."""
    zones: list[Zone] = []
    for i in range(len(f.get(("zones",), []) or [])):
        p = ("zones", i)
        code, pos = f.text((*p, "code")), f.doc.pos(p)
        first = next((z for z in zones if z.code == code), None)
        if first is not None:
            raise f.fail((*p, "code"), f"zone '{code}' is listed twice (first at line {first.where.line})",
                         "give each zone its own code", code="zone-listed-twice")
        count = f.integer((*p, "pages_total"), minimum=1)
        if count < total or count > MAX_PAGES_TOTAL:
            raise f.fail((*p, "pages_total"), f"zone '{code}' has {count} pages; it must have {total} to "
                         f"{MAX_PAGES_TOTAL}", f"a zone prints every page of this edition ({total}) and its own",
                         code="zone-page-count")
        zones.append(Zone(code, f.text((*p, "name")), count, Where(pos.file, pos.line, pos.col)))
    if zones and f.has(("pages_note",)):
        raise f.fail(("pages_note",), "pages_note and zones: both give the bracket after the page count",
                     "remove pages_note: the imprint counts the bracket from the zones", code="pages-note-with-zones")
    return tuple(zones)


def base_folder(folder: Path, doc: Located) -> Path:
    """The folder a plan's `base:` names, checked: an existing sibling folder with edition.yaml, not itself."""
    f = Fields(doc)
    text = f.text(("base",))
    pos = doc.pos(("base",))
    target = (folder / text).resolve()
    hint = "a zone's base is the main edition's folder next to the zone's: base: ../<folder>"
    if target == folder:
        raise error("the edition names itself as its base", pos.file, pos.line, pos.col, hint, code="base-is-itself")
    if not target.is_dir():
        siblings = sorted(p.name for p in folder.parent.iterdir() if (p / PLAN_FILE).is_file() and p != folder)
        raise error(f"base edition not found: '{visible(text)}' ({target} is not a folder)"
                    f"{did_you_mean(Path(text).name, siblings)}", pos.file, pos.line, pos.col,
                    hint + (f"; editions next to this one: {', '.join(siblings)}" if siblings else ""),
                    code="base-not-found")
    if target.parent != folder.parent:
        raise error(f"base '{visible(text)}' is not a folder next to this edition (it is {target})",
                    pos.file, pos.line, pos.col, hint + ": an edition reads only its own folder and its base's",
                    code="base-not-sibling")
    if not (target / PLAN_FILE).is_file():
        raise error(f"base '{visible(text)}' has no {PLAN_FILE}", pos.file, pos.line, pos.col, hint,
                    code="base-without-plan")
    return target


def walk_bases(folder: Path, doc: Located) -> Path:
    """The folder of a zone's base, after following the chain of bases to a main edition: a cycle is an error."""
    chain, current, plan = [folder], folder, doc
    while True:
        nxt = base_folder(current, plan)
        if nxt in chain:
            pos = doc.pos(("base",))
            names = " → ".join(p.name for p in [*chain, nxt])
            raise error(f"the bases form a cycle: {names}", pos.file, pos.line, pos.col,
                        "a family has one main edition, which names no base: remove `base:` from it", code="base-cycle")
        chain.append(nxt)
        plan = load_yaml(nxt / PLAN_FILE)
        if not isinstance(plan.data, dict) or "base" not in plan.data:
            return chain[1]
        current = nxt


def _zone_of(f: Fields, base: Edition) -> Zone:
    for key in INHERITED:
        if f.has((key,)):
            what = "its page count from the base's zones: list" if key == "pages_total" else f"its {key} from its base"
            raise f.fail((key,), f"a zone takes {what}", f"remove `{key}:` from the zone's plan", key=True,
                         code="inherited-key")
    code = f.text(("zone",))
    entry = next((z for z in base.zones if z.code == code), None)
    if entry is None:
        codes = [z.code for z in base.zones]
        raise f.fail(("zone",), f"zone '{code}' is not one of the base's zones{did_you_mean(code, codes)}",
                     f"the base lists {', '.join(codes) or 'no zones'}; add `- {{code: {code}, name: …, "
                     f"pages_total: …}}` to zones: in {base.file}", code="unknown-zone")
    ancestor: Edition | None = base
    while ancestor is not None:
        if ancestor.zone is not None and ancestor.zone.code == code:
            raise f.fail(("zone",), f"zone code '{code}' is already the code of its base {ancestor.folder}",
                         "give the zone a code of its own", code="zone-code-taken")
        ancestor = ancestor.base
    pos = f.doc.pos(("base",))
    return Zone(code, entry.name, entry.pages_total, Where(pos.file, pos.line, pos.col))


def uses(page: PagePlan) -> set[str]:
    """The articles a page draws from: its stories and headlines, and the articles of its photos."""
    slugs = {b.story for b in page.boxes if isinstance(b, StoryBox | HeadlineBox)}
    return slugs | {r.article for b in page.boxes for r in photos(b) if r.article}


def _check_own_pages(f: Fields, own: tuple[PagePlan, ...], base: Edition, zone: Zone) -> set[int]:
    """A zone page numbered like a base page must say `replaces: true`; one above the base's pages must not;
    none is above the zone's page count. Returns the page numbers replaced."""
    replaced: set[int] = set()
    problems: list[Diagnostic] = []
    for i, page in enumerate(own):
        replaces = f.boolean(("pages", i, "replaces"), False)
        w = page.where
        if page.number > zone.pages_total:
            problems.append(Diagnostic(
                Level.ERROR, f"page {page.number} is planned but zone {zone.code} has {zone.pages_total} pages "
                f"(printed as 今日{zone.pages_total}版)", w.file, w.line, w.col,
                f"raise pages_total of {zone.code} in the zones: of {base.file}, or give the page a number up to "
                f"{zone.pages_total}", code="page-beyond-total"))
        elif page.number <= base.pages_total and not replaces:
            problems.append(Diagnostic(
                Level.ERROR, f"page {page.number} collides with page {page.number} of the base edition, which "
                f"the zone does not replace", w.file, w.line, w.col,
                f"add `replaces: true` to print this page instead of the base's, or number it "
                f"{base.pages_total + 1} or higher (the base has {base.pages_total} pages)",
                                       code="page-collides-with-base"))
        elif page.number > base.pages_total and replaces:
            problems.append(Diagnostic(
                Level.ERROR, f"page {page.number} replaces nothing: the base edition has {base.pages_total} pages",
                w.file, w.line, w.col, "remove `replaces: true`: a page above the base's is the zone's own",
                                       code="replaces-nothing"))
        elif replaces:
            replaced.add(page.number)
    if problems:
        raise LayoutError(problems)
    return replaced


def _check_jumps(own: tuple[PagePlan, ...], kept: list[PagePlan], base: Edition) -> None:
    """A base story (or photo) may not stand both on a page the zone keeps and on one it replaces: the kept
    page would point to a page the zone does not print (docs/zones.md, "Jumps")."""
    kept_uses = {slug: p.number for p in kept for slug in uses(p)}
    base_pages = {p.number: p for p in base.pages}
    problems: list[Diagnostic] = []
    for page in own:
        replaced = base_pages.get(page.number)
        for slug in sorted(uses(replaced) & kept_uses.keys() if replaced else ()):
            other = kept_uses[slug]
            problems.append(Diagnostic(
                Level.ERROR, f"page {page.number} replaces the base's page {page.number}, but story '{slug}' of "
                f"the base also stands on page {other}, which the zone keeps", page.where.file, page.where.line,
                page.where.col, f"a story cannot jump between a shared page and a replaced one: replace page "
                f"{other} as well, or leave page {page.number} to the base", code="jump-across-replaced-page"))
    if problems:
        raise LayoutError(problems)


def _rooted(ref: ImageRef, root: str) -> ImageRef:
    return ref if ref.root else dataclasses.replace(ref, root=root)


def _kept(page: PagePlan, root: str) -> PagePlan:
    """A base page as the zone keeps it: its photos still read from the base's folder."""
    boxes: list[Box] = []
    for b in page.boxes:
        match b:
            case ImageBox(image=image):
                b = dataclasses.replace(b, image=_rooted(image, root))
            case StoryBox(inset=Inset() as inset):
                b = dataclasses.replace(b, inset=dataclasses.replace(inset, image=_rooted(inset.image, root)))
            case AdBox(ad=ad):
                b = dataclasses.replace(b, ad=dataclasses.replace(ad, root=ad.root or root))
        boxes.append(b)
    return dataclasses.replace(page, boxes=tuple(boxes))


def _own_folders(folder: Path) -> None:
    for name in ("fonts", "styles"):
        if (folder / name).exists():
            raise error(f"a zone is set with its base's style and fonts: its {name}/ folder would not be used",
                        str(folder / name), hint=f"move {name}/ into the base edition's folder, or remove it",
                        code="zone-own-folder")


def load_zone(folder: Path, f: Fields, base: Edition, allow: tuple[Path, ...] = (),
              read: ArticleReader = read_article) -> Edition:
    """Read a zone on its `base` (loaded from its own folder, `walk_bases`): its own pages and articles,
    merged with the base's pages it keeps."""
    zone = _zone_of(f, base)
    _own_folders(folder)
    style = base.style
    f.ctx = UnitContext(em=style.grid.char, char=style.grid.char, line=style.grid.line)
    articles, notes = paper_articles(read_articles(folder, read), style)
    for slug, article in articles.items():
        if slug in base.articles:
            raise error(f"story '{slug}' is also a story of the base edition ({base.articles[slug].path})",
                        article.path, hint=f"rename articles/{slug}.md: a zone's stories and its base's are set "
                        "in one edition", code="story-in-base")
    folio_name = f.text(("folio_name",), "")
    bookings = read_bookings(f.doc, folder, f.ctx)
    sandbox = Sandbox.for_edition(folder, allow)
    planned = link_tables(read_pages(f, style, articles, sandbox, bookings))
    own = tuple(dataclasses.replace(p, folio_name=folio_name) for p in planned)
    replaced = _check_own_pages(f, own, base, zone)
    check_pages(f, own, articles, zone.pages_total)
    check_folio(own, style)
    kept = [_kept(p, base.folder) for p in base.pages if p.number not in {o.number for o in own}]
    _check_jumps(tuple(o for o in own if o.number in replaced), kept, base)
    zones = read_zones(f, zone.pages_total)
    kept_articles = {slug for p in kept for slug in uses(p)}
    merged = {slug: a for slug, a in base.articles.items() if slug in kept_articles} | articles
    pages = tuple(sorted([*kept, *own], key=lambda p: p.number))
    check_placements(pages)
    kept_numbers = {p.number for p in kept}  # the base's bookings that run on pages the zone keeps, then its own
    bookings = tuple(b for b in base.bookings if b.page in kept_numbers) + bookings
    return Edition(folder=str(folder), file=f.doc.file, style=style, date=base.date, issue=base.issue,
                   pages_total=zone.pages_total, pages_note=f.text(("pages_note",), ""), pages=pages, articles=merged,
                   zones=zones,
                   zone=zone, base=base, bookings=bookings, notes=notes)
