"""Load an edition folder: edition.yaml (validated) + articles/*.md + the paper style → Edition. A plan that
names a `base:` is a zone (`zone.py`), loaded on top of its base edition."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from layout.errors import Diagnostic, LayoutError, error
from layout.infra.files import Sandbox, edition_file, visible
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.infra.yamlio.read import load_plan_yaml
from layout.model.article import Article
from layout.model.lengths import UnitContext
from layout.model.paper import PaperStyle
from layout.model.plan import Booking, Edition, PagePlan
from layout.source.ads import check_placements, read_bookings
from layout.source.article import ArticleReader, read_article, read_articles_apart
from layout.source.plan import MAX_PAGES_TOTAL, PLAN_FILE, check_folio, check_pages, read_pages
from layout.source.schema import validate_edition
from layout.source.table import link_tables
from layout.source.zone import load_zone, read_zones, walk_bases
from layout.style.load import find_style, load_style
from layout.text.region import paper_articles

__all__ = ["PLAN_FILE", "edition_folder", "load_edition"]


def edition_folder(given: Path) -> Path:
    """The edition folder `given` names (the folder itself, or its edition.yaml), resolved; a missing folder
    or plan is an error that names what was given and, for a typo, the edition folder it may have meant."""
    if given.is_file() and given.name == PLAN_FILE:
        given = given.parent
    if given.is_dir():
        if (given / PLAN_FILE).is_file():
            return given.resolve()
        raise error(f"no {PLAN_FILE} in {given}", str(given),
                    hint="an edition folder holds edition.yaml and articles/; `layout init DIR` starts one",
                    code="no-plan")
    parent = given.parent
    editions = sorted(p.name for p in parent.iterdir() if (p / PLAN_FILE).is_file()) if parent.is_dir() else []
    what = "is a file, not an edition folder" if given.exists() else "does not exist"
    guess = did_you_mean(given.name, editions)
    here = "this folder" if str(parent) == "." else visible(str(parent))
    hint = (f"edition folders in {here}: {', '.join(editions[:12])}" if editions
            else "an edition folder holds edition.yaml and articles/; `layout init DIR` starts one")
    raise error(f"the edition folder '{visible(str(given))}' {what}{guess}", hint=hint, code="edition-not-found")


def load_edition(folder: Path, allow: tuple[Path, ...] = (), read: ArticleReader = read_article) -> Edition:
    """Read and check an edition folder. Files it names must lie inside it (or the project's styles/ and
    fonts/, or a folder in `allow`). `read` reads each article file (`layout serve` remembers them)."""
    folder = edition_folder(folder)
    plan_path = folder / PLAN_FILE
    sandbox = Sandbox.for_edition(folder, allow)
    edition_file(folder, plan_path, f"the plan {PLAN_FILE}")  # inside the edition, like its articles
    doc = load_plan_yaml(plan_path)
    if not isinstance(doc.data, dict):
        raise error("edition.yaml must be a mapping of keys to values", str(plan_path), 1, 1,
                    "start with `style: tianjin-daily`", code="plan-not-mapping")
    validate_edition(doc)
    f = Fields(doc)
    if "base" in doc.data:  # a zone (地方版): built on its base edition (docs/zones.md)
        return load_zone(folder, f, load_edition(walk_bases(folder, doc), allow, read), allow, read)
    try:
        style = load_style(find_style(f.text(("style",)), folder), sandbox)
    except LayoutError as exc:
        pos = doc.pos(("style",))
        if any(d.file is None for d in exc.diagnostics):
            raise LayoutError(Diagnostic(d.level, d.message, pos.file, pos.line, pos.col, d.hint, code=d.code)
                              for d in exc.diagnostics) from None
        raise
    f.ctx = UnitContext(em=style.grid.char, char=style.grid.char, line=style.grid.line)
    raw, broken = read_articles_apart(folder, read)
    articles, notes = paper_articles(raw, style)
    bookings = read_bookings(doc, folder, f.ctx)
    pages = link_tables(_pages_too(f, style, articles, sandbox, bookings, broken))
    total = f.integer(("pages_total",), minimum=1)
    if total > MAX_PAGES_TOTAL:
        raise f.fail(("pages_total",), f"pages_total {total} is more than {MAX_PAGES_TOTAL}", code="too-many-pages")
    check_pages(f, pages, articles, total)
    check_placements(pages)
    check_folio(pages, style)
    date = doc.data["date"]
    if not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    zones = read_zones(f, total)
    return Edition(
        folder=str(folder), file=str(plan_path), style=style, date=date,
        issue=f.integer(("issue",)), pages_total=total,
        pages_note=f.text(("pages_note",), ""), pages=pages, articles=articles, bookings=bookings, zones=zones,
        notes=notes,
    )


def _pages_too(f: Fields, style: PaperStyle, articles: dict[str, Article], sandbox: Sandbox,
               bookings: tuple[Booking, ...], broken: list[Diagnostic]) -> tuple[PagePlan, ...]:
    """The plan's pages; with articles that did not read (`broken`), their problems and the plan's own at
    once: a story whose file is broken stands in as its name alone (`unknown-photo` of such a stand-in, which
    has no photos, is left for the run after the article is fixed)."""
    if not broken:
        return read_pages(f, style, articles, sandbox, bookings)
    slugs = {Path(d.file).stem for d in broken if d.file and Path(d.file).suffix == ".md"}
    standing = {**articles, **{s: Article(s, str(Path(f.doc.file).parent / "articles" / f"{s}.md"), s)
                               for s in slugs if s not in articles}}
    plan: list[Diagnostic] = []
    try:
        read_pages(f, style, standing, sandbox, bookings)
    except LayoutError as exc:
        plan = [d for d in exc.diagnostics if d.code != "unknown-photo"]
    raise LayoutError([*broken, *plan])
