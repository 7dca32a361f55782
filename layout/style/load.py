"""Load a paper style (`styles/<name>.yaml`), following `extends:`, into a PaperStyle."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path
from typing import Any

from layout.errors import Diagnostic, LayoutError, error
from layout.infra.files import LIMITS, Sandbox, regular_file, visible
from layout.infra.imagefiles import check_image
from layout.infra.paths import STYLES
from layout.infra.yamlio.fields import Fields, did_you_mean
from layout.infra.yamlio.read import Located, load_kept_copy
from layout.model.lengths import MM, UnitContext
from layout.model.paper import (
    FolioStyle,
    Grid,
    HeadlineStyle,
    HeadPart,
    MastheadStyle,
    PaperStyle,
    PrintSpec,
    RuleStyle,
)
from layout.model.style import Align, Kinsoku, ParagraphStyles, PunctStyle, Region, Role, TextStyle

TOP_KEYS = ("name", "extends", "paper", "grid", "fonts", "paragraphs", "headline", "masthead", "folio", "rules",
            "print", "region", "convert", "convert_keep")
PARA_KEYS = ("font", "size", "leading", "indent", "align", "kinsoku", "punctuation", "latin_space",
             "hanging", "bold", "latin_font", "hyphenate", "keep_words", "bold_font", "corner_quotes")
BOLD_ROLES = {"song": "song-bold", "hei-regular": "hei", "hei": "hei", "biaosong": "biaosong", "song-bold": "song-bold"}
MAX_DEPTH = 8


STYLE_NAME = re.compile(r"^[\w][\w-]*\Z")


def known_styles(edition_dir: Path | None) -> list[str]:
    """The style names an edition can use: its own styles/ and the project's."""
    found = {p.stem for p in STYLES.glob("*.yaml")}
    if edition_dir and (edition_dir / "styles").is_dir():
        found |= {p.stem for p in (edition_dir / "styles").glob("*.yaml")}
    return sorted(found)


def find_style(name: str, edition_dir: Path | None) -> Path:
    """A style by name (`tianjin-daily`): the edition's styles/ folder first, then the project's. Never a
    path: a style comes from one of those two folders."""
    if not STYLE_NAME.match(name):
        raise error(f"'{visible(name)}' is not a style name", hint="give the name of a style, e.g. tianjin-daily or "
                    "mine for styles/mine.yaml in the edition (a path is not accepted)", code="bad-style-name")
    candidates = [edition_dir / "styles" / f"{name}.yaml"] if edition_dir else []
    candidates.append(STYLES / f"{name}.yaml")
    for path in candidates:
        if path.exists() or path.is_symlink():
            return path  # checked when it is read: inside the sandbox, a regular file
    known = known_styles(edition_dir)
    raise error(f"unknown style '{visible(name)}'{did_you_mean(name, known)}",
                hint="styles available: " + ", ".join(known), code="unknown-style")


def _merge(base: Located, child: Located, path: tuple[str | int, ...] = ()) -> None:
    """Deep-merge child into base in place (child wins), keeping each value's position."""
    bdata, cdata = base.data, child.data
    for key, value in cdata.items():
        sub = (*path, key)
        if isinstance(value, dict) and isinstance(bdata.get(key), dict):
            _merge(Located(bdata[key], base.file, base.values, base.keys),
                   Located(value, child.file, child.values, child.keys), sub)
            continue
        bdata[key] = value
        for table_from, table_to in ((child.values, base.values), (child.keys, base.keys)):
            for p in [p for p in table_to if p[: len(sub)] == sub]:
                del table_to[p]
            for p, pos in table_from.items():
                if p[: len(sub)] == sub:
                    table_to[p] = pos


def load_located(path: Path, sandbox: Sandbox, depth: int = 0) -> Located:
    sandbox.check(path, "style file", str(path))
    doc = load_kept_copy(path)
    if not isinstance(doc.data, dict):
        raise error("a style must be a mapping of keys to values", str(path), 1, 1, code="style-not-mapping")
    parent_name = doc.data.get("extends")
    if parent_name is None:
        return doc
    pos = doc.pos(("extends",))
    if depth >= MAX_DEPTH:
        raise error("styles extend each other in a loop", pos.file, pos.line, pos.col, code="style-loop")
    if not isinstance(parent_name, str):
        raise error("'extends' must be a style's name", pos.file, pos.line, pos.col, code="bad-extends")
    try:
        parent_path = find_style(parent_name, path.parent.parent)
    except LayoutError as exc:
        raise LayoutError(Diagnostic(d.level, d.message, pos.file, pos.line, pos.col, d.hint, code=d.code)
                          for d in exc.diagnostics) from None
    parent = load_located(parent_path, sandbox, depth + 1)
    _merge(parent, doc)
    return parent


def _inside(f: Fields, path: tuple[str | int, ...], what: str, sandbox: Sandbox) -> Path:
    """A file a style names, relative to the style file that names it, checked to lie inside the sandbox."""
    pos = f.doc.pos(path)
    named = Path(f.text(path))
    target = named if named.is_absolute() else Path(pos.file).parent / named
    return sandbox.check(target, what, pos.file, pos.line, pos.col)


def load_style(path: Path, sandbox: Sandbox | None = None) -> PaperStyle:
    """A paper style, its `extends:` chain merged; files it names must lie inside `sandbox` (by default the
    project's styles/ and fonts/ and the folder above the style's own)."""
    sandbox = sandbox or Sandbox.for_edition(path.parent.parent)
    f = Fields(load_located(path, sandbox))
    f.mapping((), TOP_KEYS)
    grid, trim = _grid(f)
    catalogue = _inside(f, ("fonts", "catalogue"), "font catalogue", sandbox)
    region = _enum(f, ("region",), Region, Region.CN)
    return PaperStyle(
        name=f.text(("name",)), path=str(path), trim=trim, grid=grid, catalogue=str(catalogue),
        paragraphs=_paragraphs(f, grid.char, grid.line, region), headline=_headline(f, region),
        masthead=_masthead(f, sandbox),
        folio=FolioStyle(f.text(("folio", "font")), f.length(("folio", "size"), above=0, maximum=72),
                         f.integer(("folio", "lines"), minimum=1, maximum=20)),
        rules=RuleStyle(f.length(("rules", "column"), minimum=0, maximum=20),
                        f.length(("rules", "story"), minimum=0, maximum=20),
                        f.length(("rules", "heavy"), minimum=0, maximum=20),
                        f.length(("rules", "photo"), "0pt", minimum=0, maximum=20)),
        print=_print(f, sandbox), region=region, **_convert(f),
    )


def _convert(f: Fields) -> dict[str, Any]:
    """`convert:` (an OpenCC configuration) and `convert_keep:` (phrases left as written)."""
    from layout.text.convert import CONFIGS

    config = f.text(("convert",), "")
    if config and config not in CONFIGS:
        raise f.fail(("convert",), f"'{visible(config)}' is not a conversion{did_you_mean(config, CONFIGS)}",
                     "s2tw (Taiwan), s2twp (Taiwan, with its words: 软件 → 軟體), s2hk (Hong Kong) or s2t",
                     code="unknown-conversion")
    keep = f.get(("convert_keep",), [])
    if not isinstance(keep, list) or not all(isinstance(k, str) and k for k in keep):
        raise f.fail(("convert_keep",), "'convert_keep' must be a list of phrases", "e.g. convert_keep: [天后宫]",
                     code="bad-convert-keep")
    return {"convert": config, "convert_keep": tuple(keep)}


def _grid(f: Fields) -> tuple[Grid, tuple[float, float]]:
    """The page and its character grid, every value checked (sizes above 0, the grid on the page)."""
    trim = f.get(("paper", "trim"))
    if not isinstance(trim, list) or len(trim) != 2:
        raise f.fail(("paper", "trim"), "'paper.trim' must be [width, height]", "e.g. trim: [390mm, 545mm]",
                     code="bad-trim")
    trim_w, trim_h = (f.length(("paper", "trim", i), minimum=50 * MM, maximum=2000 * MM) for i in (0, 1))
    f.mapping(("grid",), ("columns", "chars", "gutter", "body_size", "line", "lines", "plan"))
    char = f.length(("grid", "body_size"), minimum=4, maximum=72)
    line = f.length(("grid", "line"), above=0, maximum=200)
    if line < char:
        raise f.fail(("grid", "line"), f"the line pitch ({line:g}pt) is smaller than the body size ({char:g}pt)",
                     "lines would overlap: the pitch is usually 1.5 × the body size", code="line-below-size")
    f.ctx = UnitContext(em=char, char=char, line=line)
    columns = f.integer(("grid", "columns"), minimum=1, maximum=40)
    chars = f.integer(("grid", "chars"), minimum=2, maximum=200)
    gutter = f.integer(("grid", "gutter"), 1, maximum=10)
    lines = f.integer(("grid", "lines"), minimum=1, maximum=1000)
    width = (columns * chars + (columns - 1) * gutter) * char
    if width > trim_w:
        raise f.fail(("grid", "chars"), f"the grid ({width:.1f}pt) is wider than the page ({trim_w:.1f}pt)",
                     "use fewer columns or characters per column", code="grid-too-wide")
    top = f.length(("paper", "top"), minimum=0)
    if top + lines * line > trim_h:
        raise f.fail(("grid", "lines"), f"{lines} grid lines do not fit under the top margin on the page",
                     f"at most {int((trim_h - top) // line)} lines fit", code="grid-too-tall")
    plan = f.mapping(("grid", "plan"), ("columns", "lines"), required=False)
    plan_columns = f.integer(("grid", "plan", "columns"), minimum=1, maximum=40) if plan else 0
    plan_lines = f.integer(("grid", "plan", "lines"), minimum=1, maximum=1000) if plan else 0
    grid = Grid(columns, chars, gutter, char, line, lines, (trim_w - width) / 2, top, plan_columns, plan_lines)
    return grid, (trim_w, trim_h)


def _page_name(f: Fields, path: tuple[str | int, ...], default: str) -> str:
    """The plant's file name per page: only {date:…} and {page:…}, a plain .pdf name (no folder, no ..),
    different for every page and never edition.pdf."""
    pattern = f.text(path, default)
    hint = 'e.g. "{date:%Y%m%d}-{page:02d}.pdf": the fields {date:…} and {page:…} only'
    try:
        fields = [name for _lit, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise f.fail(path, f"bad file name pattern: {visible(str(exc))}", hint, code="bad-page-name") from None
    bad = [n for n in fields if n not in ("date", "page")]
    if bad or "page" not in fields:
        what = f"unknown field {visible(repr(bad[0]))}" if bad else "it has no {page} field"
        raise f.fail(path, f"bad file name pattern {visible(repr(pattern))}: {what}", hint, code="bad-page-name")
    try:
        names = [pattern.format(date=dt.date(2026, 12, 31), page=n) for n in (1, 2, 10, 100)]
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise f.fail(path, f"bad file name pattern: {visible(str(exc))}", hint, code="bad-page-name") from None
    for name in names:
        if (not name.endswith(".pdf") or name.startswith(".") or name == "edition.pdf" or "/" in name
                or "\\" in name or visible(name) != name or len(name) > 200):
            raise f.fail(path, f"page file name {visible(repr(name))} is not a plain .pdf file name", hint,
                         code="bad-page-name")
    if len(set(names)) < len(names):
        raise f.fail(path, "the page file name pattern gives two pages the same name", hint, code="page-names-collide")
    return pattern


def _print(f: Fields, sandbox: Sandbox) -> PrintSpec:
    p = ("print",)
    f.mapping(p, ("standard", "condition", "condition_info", "registry", "profile", "page_name", "tac", "bleed",
                  "crop_marks", "min_ppi", "warn_ppi", "target_ppi", "jpeg_quality", "spot_colours", "ads_pdfx"),
              required=False)
    d = PrintSpec()
    standard = f.text((*p, "standard"), d.standard)
    if standard not in ("x1a", "x4"):
        raise f.fail((*p, "standard"), f"unknown PDF/X standard '{visible(standard)}'",
                     "use x1a (PDF/X-1a:2003) or x4", code="unknown-pdfx")
    profile = None
    if f.text((*p, "profile"), ""):
        real = _inside(f, (*p, "profile"), "ICC profile", sandbox)
        pos = f.doc.pos((*p, "profile"))
        regular_file(real, "ICC profile", LIMITS["profile"], pos.file, pos.line, pos.col)
        profile = str(real)
    if standard == "x4" and profile is None:  # PDF/X-4 embeds its output profile (docs/print.md)
        raise f.fail((*p, "standard"), "PDF/X-4 needs the printing condition's ICC profile: `print.profile` is not set",
                     "set print.profile to the plant's CMYK profile (e.g. ISOnewspaper26v4.icc), or use x1a, "
                     "which may name a registered condition without one", code="pdfx4-without-profile")
    tac = f.get((*p, "tac"), d.tac)
    if isinstance(tac, bool) or not isinstance(tac, int | float) or not 100 <= tac <= 400:
        raise f.fail((*p, "tac"), "'print.tac' must be a number of percent between 100 and 400",
                     "newsprint: 240 (ISOnewspaper26v4) or 220 (newspaper26v5)", code="bad-tac")
    return PrintSpec(standard, f.text((*p, "condition"), d.condition), f.text((*p, "condition_info"), d.condition_info),
                     f.text((*p, "registry"), d.registry), profile, _page_name(f, (*p, "page_name"), d.page_name),
                     float(tac), f.length((*p, "bleed"), "3mm", minimum=0, maximum=20 * MM),
                     f.boolean((*p, "crop_marks"), d.crop_marks), *_resolution(f, p, d),
                     f.boolean((*p, "spot_colours"), d.spot_colours), f.boolean((*p, "ads_pdfx"), d.ads_pdfx))


def _resolution(f: Fields, p: tuple[str | int, ...], d: PrintSpec) -> tuple[float, float, float, int]:
    """min_ppi < warn_ppi ≤ target_ppi, all between 50 and 1200; JPEG quality 50–100."""
    values = [float(f.integer((*p, key), int(default), minimum=50, maximum=1200))
              for key, default in (("min_ppi", d.min_ppi), ("warn_ppi", d.warn_ppi), ("target_ppi", d.target_ppi))]
    if not values[0] < values[1] <= values[2]:
        raise f.fail((*p, "warn_ppi"), "resolutions must rise: min_ppi < warn_ppi ≤ target_ppi",
                     code="resolutions-order")
    return values[0], values[1], values[2], f.integer((*p, "jpeg_quality"), d.jpeg_quality, minimum=50, maximum=100)


def _paragraphs(f: Fields, char: float, line: float, region: Region = Region.CN) -> ParagraphStyles:
    """One paragraph style per role; every role must have one, and no other name is allowed."""
    names = [r.value for r in Role]
    f.mapping(("paragraphs",), names)
    for needed in names:
        if not f.has(("paragraphs", needed)):
            raise f.fail(("paragraphs",), f"paragraph style '{needed}' is missing",
                         "a style needs: " + ", ".join(names), code="missing-paragraph-style")
    body_font = f.text(("paragraphs", "body", "font"))
    return ParagraphStyles(**{r.value: _para(f, r.value, body_font, char, line, region) for r in Role})


def _para(f: Fields, name: str, body_font: str, char: float, line: float, region: Region) -> TextStyle:
    p = ("paragraphs", name)
    f.mapping(p, PARA_KEYS)
    size = f.length((*p, "size"), "小五", minimum=4, maximum=72)
    em_ctx = UnitContext(em=size, char=char, line=line)
    saved, f.ctx = f.ctx, em_ctx
    try:
        indent = f.length((*p, "indent"), "2em", minimum=0, maximum=10 * size) / size
        leading = f.length((*p, "leading"), "1行", above=0, maximum=200)
        latin = f.length((*p, "latin_space"), "0.25em", minimum=0, maximum=size) / size
    finally:
        f.ctx = saved
    font = f.text((*p, "font"), body_font)
    return TextStyle(
        font=font, size=size, leading=leading, indent=indent,
        align=_enum(f, (*p, "align"), Align, Align.JUSTIFY),
        kinsoku=_enum(f, (*p, "kinsoku"), Kinsoku, Kinsoku.NORMAL),
        punctuation=_enum(f, (*p, "punctuation"), PunctStyle, default_punctuation(region)),
        latin_space=latin, hanging=f.boolean((*p, "hanging"), False), bold=f.boolean((*p, "bold"), False),
        latin_font=f.text((*p, "latin_font"), ""), hyphenate=_hyphenate(f, (*p, "hyphenate")),
        keep_words=f.boolean((*p, "keep_words"), False), bold_font=_bold_font(f, p, font),
        corner_quotes=f.boolean((*p, "corner_quotes"), False),
    )


def default_punctuation(region: Region) -> PunctStyle:
    """Mainland papers compress (行末半角); Taiwan and Hong Kong set every mark full (docs/text-engine.md §13)."""
    return PunctStyle.HALF_AT_END if region is Region.CN else PunctStyle.NONE


def _hyphenate(f: Fields, path: tuple[str | int, ...]) -> str:
    """A pyphen language (en_US, de_DE …) for Latin words, or false for none; default en_US."""
    value = f.get(path, "en_US")
    if value is False:
        return ""
    if value == "en_US":
        return "en_US"  # (pyphen is imported only to check another language)
    import pyphen

    if not isinstance(value, str) or value not in pyphen.LANGUAGES:
        suggestion = did_you_mean(str(value), pyphen.LANGUAGES)
        raise f.fail(path, f"'{visible(str(value))}' is not a hyphenation language{suggestion}",
                     "e.g. en_US, en_GB, de_DE, fr_FR, or false for none", code="unknown-hyphenation-language")
    return value


def _bold_font(f: Fields, p: tuple[str | int, ...], font: str) -> str:
    """The role a bold paragraph is set in: `bold_font:`, else the role's usual bold (song → song-bold,
    hei-regular → hei, X-regular → X). `bold: true` with no bold role known is an error, never ignored."""
    default = BOLD_ROLES.get(font) or (font.removesuffix("-regular") if font.endswith("-regular") else "")
    role = f.text((*p, "bold_font"), default)
    if f.boolean((*p, "bold"), False) and not role:
        raise f.fail((*p, "bold"), f"paragraph style '{p[-1]}' is bold, but font role '{visible(font)}' has no "
                     "known bold role", "add `bold_font: <role>` (a role of the font catalogue, e.g. hei), "
                     "or remove `bold: true`", code="no-bold-face")
    return role


def _enum(f: Fields, path: tuple[str | int, ...], kind: Any, default: Any) -> Any:
    value = f.get(path)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        options = [m.value for m in kind]
        raise f.fail(path, f"'{visible(str(value))}' is not one of {', '.join(options)}"
                           f"{did_you_mean(str(value), options)}", code="not-an-option") from None


def _head_part(f: Fields, name: str, region: Region) -> HeadPart:
    p = ("headline", name)
    f.mapping(p, ("font", "sizes", "max_lines"))
    sizes = f.get((*p, "sizes"))
    if not isinstance(sizes, list) or not sizes:
        raise f.fail((*p, "sizes"), f"'headline.{name}.sizes' must be a list of sizes, largest first",
                     code="bad-headline-sizes")
    values = tuple(f.length((*p, "sizes", i), minimum=4, maximum=300) for i in range(len(sizes)))
    return HeadPart(f.text((*p, "font")), tuple(sorted(values, reverse=True)),
                    f.integer((*p, "max_lines"), 2, 1, maximum=6), default_punctuation(region))


def _headline(f: Fields, region: Region) -> HeadlineStyle:
    f.mapping(("headline",), ("kicker", "title", "subtitle", "continuation", "space_after"))
    return HeadlineStyle(_head_part(f, "kicker", region), _head_part(f, "title", region),
                         _head_part(f, "subtitle", region), _head_part(f, "continuation", region),
                         f.length(("headline", "space_after"), "1行", minimum=0, maximum=200))


def _masthead(f: Fields, sandbox: Sandbox) -> MastheadStyle:
    p = ("masthead",)
    f.mapping(p, ("name", "name_font", "latin", "publisher", "serial", "founded", "colour", "logo"))
    logo = None
    if f.text((*p, "logo"), ""):
        pos = f.doc.pos((*p, "logo"))
        named = Path(f.text((*p, "logo")))
        target = named if named.is_absolute() else Path(pos.file).parent / named
        if not target.exists() and not target.is_symlink():
            raise f.fail((*p, "logo"), f"masthead logo not found: {visible(str(target))}",
                         "give a path relative to the style file", code="logo-not-found")
        logo = str(check_image(target, str(named), sandbox, pos.file, pos.line, pos.col))
    founded = f.get((*p, "founded"))
    if not isinstance(founded, dt.date):
        raise f.fail((*p, "founded"), "'masthead.founded' must be a date like 1949-01-17", code="bad-founded-date")
    where = tuple((key, f.doc.pos((*p, key)).file, f.doc.pos((*p, key)).line)
                  for key in ("name", "latin", "publisher", "serial", "founded") if f.has((*p, key)))
    return MastheadStyle(f.text((*p, "name")), f.text((*p, "name_font")), f.text((*p, "latin"), ""),
                         f.text((*p, "publisher"), ""), f.text((*p, "serial"), ""), founded,
                         cmyk(f, (*p, "colour")), logo, where)


def cmyk(f: Fields, path: tuple[str | int, ...]) -> tuple[float, float, float, float]:
    """A process colour as four percentages [C, M, Y, K] (never RGB): 0..1 each."""
    value = f.get(path, [0, 0, 0, 100])
    if not isinstance(value, list) or len(value) != 4 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value):
        raise f.fail(path, f"'{f.name(path)}' must be four CMYK percentages like [0, 100, 100, 0]",
                     "colours are process CMYK; RGB is not accepted", code="bad-cmyk")
    c, m, y, k = (float(v) / 100 for v in value)
    return c, m, y, k
