"""Load a paper style (`styles/<name>.yaml`), following `extends:`, into a PaperStyle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from layout.errors import error
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
from layout.model.style import Align, Kinsoku, ParagraphStyles, PunctStyle, Role, TextStyle
from layout.paths import STYLES
from layout.units import UnitContext
from layout.yamlio.fields import Fields, did_you_mean
from layout.yamlio.read import Located, load_yaml

TOP_KEYS = ("name", "extends", "paper", "grid", "fonts", "paragraphs", "headline", "masthead", "folio", "rules",
            "print")
PARA_KEYS = ("font", "size", "leading", "indent", "align", "kinsoku", "punctuation", "latin_space",
             "hanging", "bold", "latin_font")
MAX_DEPTH = 8


def find_style(name: str, edition_dir: Path | None) -> Path:
    """A style name (`tianjin-daily`) or a path; the edition's styles/ folder first, then the project's."""
    candidates: list[Path] = []
    if name.endswith((".yaml", ".yml")):
        candidates.append((edition_dir or Path.cwd()) / name)
    else:
        if edition_dir:
            candidates.append(edition_dir / "styles" / f"{name}.yaml")
        candidates.append(STYLES / f"{name}.yaml")
    for path in candidates:
        if path.is_file():
            return path
    known = sorted(p.stem for p in STYLES.glob("*.yaml"))
    raise error(f"unknown style '{name}'{did_you_mean(name, known)}",
                hint="styles available: " + ", ".join(known))


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


def load_located(path: Path, depth: int = 0) -> Located:
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise error("a style must be a mapping of keys to values", str(path), 1, 1)
    parent_name = doc.data.get("extends")
    if parent_name is None:
        return doc
    if depth >= MAX_DEPTH:
        pos = doc.pos(("extends",))
        raise error("styles extend each other in a loop", pos.file, pos.line, pos.col)
    parent = load_located(find_style(str(parent_name), path.parent.parent), depth + 1)
    _merge(parent, doc)
    return parent


def load_style(path: Path) -> PaperStyle:
    doc = load_located(path)
    f = Fields(doc)
    f.mapping((), TOP_KEYS)
    trim = f.get(("paper", "trim"))
    if not isinstance(trim, list) or len(trim) != 2:
        raise f.fail(("paper", "trim"), "'paper.trim' must be [width, height]", "e.g. trim: [390mm, 545mm]")
    trim_w, trim_h = f.length(("paper", "trim", 0)), f.length(("paper", "trim", 1))
    f.mapping(("grid",), ("columns", "chars", "gutter", "body_size", "line", "lines", "plan"))
    char = f.length(("grid", "body_size"))
    line = f.length(("grid", "line"))
    f.ctx = UnitContext(em=char, char=char, line=line)
    columns, chars, gutter = f.integer(("grid", "columns"), minimum=1), f.integer(("grid", "chars"), minimum=1), \
        f.integer(("grid", "gutter"), 1)
    lines = f.integer(("grid", "lines"), minimum=1)
    width = (columns * chars + (columns - 1) * gutter) * char
    if width > trim_w:
        raise f.fail(("grid", "chars"), f"the grid ({width:.1f}pt) is wider than the page ({trim_w:.1f}pt)",
                     "use fewer columns or characters per column")
    top = f.length(("paper", "top"))
    if top + lines * line > trim_h:
        raise f.fail(("grid", "lines"), f"{lines} grid lines do not fit under the top margin on the page",
                     f"at most {int((trim_h - top) // line)} lines fit")
    plan = f.mapping(("grid", "plan"), ("columns", "lines"), required=False)
    plan_columns = f.integer(("grid", "plan", "columns"), minimum=1) if plan else 0
    plan_lines = f.integer(("grid", "plan", "lines"), minimum=1) if plan else 0
    grid = Grid(columns, chars, gutter, char, line, lines, (trim_w - width) / 2, top, plan_columns, plan_lines)
    paragraphs = _paragraphs(f, char, line)
    catalogue = f.text(("fonts", "catalogue"))
    catalogue_path = Path(f.doc.pos(("fonts", "catalogue")).file).parent / catalogue  # relative to its style file
    return PaperStyle(
        name=f.text(("name",)), path=str(path), trim=(trim_w, trim_h), grid=grid,
        catalogue=str(catalogue_path.resolve()),
        paragraphs=paragraphs, headline=_headline(f), masthead=_masthead(f),
        folio=FolioStyle(f.text(("folio", "font")), f.length(("folio", "size")), f.integer(("folio", "lines"))),
        rules=RuleStyle(f.length(("rules", "column")), f.length(("rules", "story")), f.length(("rules", "heavy")),
                        f.length(("rules", "photo"), "0pt")),
        print=_print(f, path),
    )


def _print(f: Fields, path: Path) -> PrintSpec:
    p = ("print",)
    f.mapping(p, ("standard", "condition", "condition_info", "registry", "profile", "page_name", "tac", "bleed",
                  "crop_marks"), required=False)
    d = PrintSpec()
    standard = f.text((*p, "standard"), d.standard)
    if standard not in ("x1a", "x4"):
        raise f.fail((*p, "standard"), f"unknown PDF/X standard '{standard}'", "use x1a (PDF/X-1a:2003) or x4")
    profile = f.text((*p, "profile"), "") or None
    if profile:
        resolved = (path.parent / profile) if not Path(profile).is_absolute() else Path(profile)
        if not resolved.is_file():
            raise f.fail((*p, "profile"), f"ICC profile not found: {resolved}")
        profile = str(resolved)
    page_name = f.text((*p, "page_name"), d.page_name)
    try:
        page_name.format(date=dt.date(2026, 1, 1), page=1)
    except (KeyError, ValueError, IndexError) as exc:
        raise f.fail((*p, "page_name"), f"bad file name pattern: {exc}",
                     "use {date:%Y%m%d} and {page:02d}") from None
    tac = f.get((*p, "tac"), d.tac)
    if isinstance(tac, bool) or not isinstance(tac, int | float):
        raise f.fail((*p, "tac"), "'print.tac' must be a number (percent)")
    return PrintSpec(standard, f.text((*p, "condition"), d.condition), f.text((*p, "condition_info"), d.condition_info),
                     f.text((*p, "registry"), d.registry), profile, page_name, float(tac),
                     f.length((*p, "bleed"), "3mm"), f.boolean((*p, "crop_marks"), d.crop_marks))


def _paragraphs(f: Fields, char: float, line: float) -> ParagraphStyles:
    """One paragraph style per role; every role must have one, and no other name is allowed."""
    names = [r.value for r in Role]
    f.mapping(("paragraphs",), names)
    for needed in names:
        if not f.has(("paragraphs", needed)):
            raise f.fail(("paragraphs",), f"paragraph style '{needed}' is missing",
                         "a style needs: " + ", ".join(names))
    body_font = f.text(("paragraphs", "body", "font"))
    return ParagraphStyles(**{r.value: _para(f, r.value, body_font, char, line) for r in Role})


def _para(f: Fields, name: str, body_font: str, char: float, line: float) -> TextStyle:
    p = ("paragraphs", name)
    f.mapping(p, PARA_KEYS)
    size = f.length((*p, "size"), "小五")
    em_ctx = UnitContext(em=size, char=char, line=line)
    saved, f.ctx = f.ctx, em_ctx
    try:
        indent = f.length((*p, "indent"), "2em") / size
        leading = f.length((*p, "leading"), "1行")
        latin = f.length((*p, "latin_space"), "0.25em") / size
    finally:
        f.ctx = saved
    return TextStyle(
        font=f.text((*p, "font"), body_font), size=size, leading=leading, indent=indent,
        align=_enum(f, (*p, "align"), Align, Align.JUSTIFY),
        kinsoku=_enum(f, (*p, "kinsoku"), Kinsoku, Kinsoku.NORMAL),
        punctuation=_enum(f, (*p, "punctuation"), PunctStyle, PunctStyle.HALF_AT_END),
        latin_space=latin, hanging=f.boolean((*p, "hanging"), False), bold=f.boolean((*p, "bold"), False),
        latin_font=f.text((*p, "latin_font"), ""),
    )


def _enum(f: Fields, path: tuple[str | int, ...], kind: Any, default: Any) -> Any:
    value = f.get(path)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        options = [m.value for m in kind]
        raise f.fail(path, f"'{value}' is not one of {', '.join(options)}{did_you_mean(str(value), options)}") from None


def _head_part(f: Fields, name: str) -> HeadPart:
    p = ("headline", name)
    f.mapping(p, ("font", "sizes", "max_lines"))
    sizes = f.get((*p, "sizes"))
    if not isinstance(sizes, list) or not sizes:
        raise f.fail((*p, "sizes"), f"'headline.{name}.sizes' must be a list of sizes, largest first")
    values = tuple(f.length((*p, "sizes", i)) for i in range(len(sizes)))
    return HeadPart(f.text((*p, "font")), tuple(sorted(values, reverse=True)), f.integer((*p, "max_lines"), 2, 1))


def _headline(f: Fields) -> HeadlineStyle:
    f.mapping(("headline",), ("kicker", "title", "subtitle", "continuation", "space_after"))
    return HeadlineStyle(_head_part(f, "kicker"), _head_part(f, "title"), _head_part(f, "subtitle"),
                         _head_part(f, "continuation"), f.length(("headline", "space_after"), "1行"))


def _masthead(f: Fields) -> MastheadStyle:
    p = ("masthead",)
    f.mapping(p, ("name", "name_font", "latin", "publisher", "serial", "founded", "colour", "logo"))
    logo = f.text((*p, "logo"), "") or None
    if logo is not None:
        source = Path(f.doc.pos((*p, "logo")).file).parent
        resolved = Path(logo) if Path(logo).is_absolute() else source / logo
        if not resolved.is_file():
            raise f.fail((*p, "logo"), f"masthead logo not found: {resolved}", "give a path relative to the style file")
        logo = str(resolved)
    founded = f.get((*p, "founded"))
    if not isinstance(founded, dt.date):
        raise f.fail((*p, "founded"), "'masthead.founded' must be a date like 1949-01-17")
    return MastheadStyle(f.text((*p, "name")), f.text((*p, "name_font")), f.text((*p, "latin"), ""),
                         f.text((*p, "publisher"), ""), f.text((*p, "serial"), ""), founded,
                         cmyk(f, (*p, "colour")), logo)


def cmyk(f: Fields, path: tuple[str | int, ...]) -> tuple[float, float, float, float]:
    """A process colour as four percentages [C, M, Y, K] (never RGB): 0..1 each."""
    value = f.get(path, [0, 0, 0, 100])
    if not isinstance(value, list) or len(value) != 4 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value):
        raise f.fail(path, f"'{f.name(path)}' must be four CMYK percentages like [0, 100, 100, 0]",
                     "colours are process CMYK; RGB is not accepted")
    c, m, y, k = (float(v) / 100 for v in value)
    return c, m, y, k
