"""Does every character the edition prints have a glyph in its role's fonts? Checked before layout, so a
missing glyph is an error with the file and line where the character is (or 〓 with the flag)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from layout.compose.imprint import cn_date, founded, imprint_note, issue_no, lunar_date, weekday
from layout.compose.page import ad_label
from layout.errors import Diagnostic, Level
from layout.fonts.fontset import FontSet
from layout.infra.cache import on_clear
from layout.infra.files import visible
from layout.model.plan import AdBox, AdRef, Booking, Edition, StoryBox, TableBox, photos
from layout.model.style import Role
from layout.model.table import HALTED, MARKS, TableData, TableRef, TableSpec


class TextUse(NamedTuple):
    role: str  # font role
    text: str
    file: str
    line: int | None
    what: str  # the story, or the part of the page, that prints it
    bold: bool = False  # set in the bolder face of the role (`**…**`)
    bold_font: str = ""  # the paragraph style's bold role, if it names one


def _article_texts(edition: Edition) -> Iterator[TextUse]:
    ps, hs = edition.style.paragraphs, edition.style.headline
    for a in edition.articles.values():
        for p in a.paragraphs:
            st = ps[Role(p.kind.value)]
            role = st.bold_font if st.bold and st.bold_font else st.font
            yield TextUse(role, p.text, a.path, p.line, f"story '{a.slug}'")
            for span in p.spans:
                yield TextUse(st.font, p.text[span.start:span.end], a.path, p.line, f"story '{a.slug}'", bold=True,
                              bold_font=st.bold_font)
        for role, key, text in ((hs.kicker.font, "kicker", a.kicker), (hs.title.font, "title", a.title),
                                (hs.subtitle.font, "subtitle", a.subtitle), (ps.byline.font, "byline", a.byline),
                                (hs.continuation.font, "jump_title" if a.jump_title else "title",
                                 a.jump_title or a.title)):
            if text:
                yield TextUse(role, text, a.path, a.line_of(key), f"the {key} of story '{a.slug}'")
        for ph in a.photos:
            yield TextUse(ps.caption.font, ph.caption + ph.credit, a.path, ph.line, f"photo '{a.slug}/{ph.id}'")


def _plan_texts(edition: Edition) -> Iterator[TextUse]:
    ps, style = edition.style.paragraphs, edition.style
    for page in edition.pages:
        where = f"page {page.number}"
        yield TextUse(style.folio.font, page.section + page.editors + page.folio_name + f"第{page.number}版",
                      page.where.file, page.where.line, f"the 报眉 of {where}")
        for box in page.boxes:
            texts = [(ps.caption.font, r.caption + r.credit + f"图片占位 {r.article}/{r.photo}{r.file}")
                     for r in photos(box)]
            if isinstance(box, StoryBox):
                texts.append((style.headline.continuation.font, box.jump_title))
            for role, text in texts:
                if text:
                    yield TextUse(role, text, box.where.file, box.where.line, f"box '{box.name}' on {where}")
            match box:
                case TableBox(table=TableRef(spec=TableSpec() as spec, data=TableData() as data, file=file)):
                    yield from _table_texts(spec, data, f"table '{file}' on {where}")
                case AdBox(ad=AdRef(missing=True, booking=Booking() as b)):
                    # its placeholder prints the booking: the text is the ad list's
                    yield TextUse(ps.caption.font, "".join(ad_label(box.ad)), b.where.file, b.where.line,
                                  f"the placeholder of booking '{b.id}' (box '{box.name}' on {where})")
    pages = "".join(str(n) for n in range(10))
    yield TextUse(ps.jump.font, f"（下转第{pages}版）", edition.file, None, "the jump lines")
    yield TextUse(ps.continued.font, f"（上接第{pages}版）", edition.file, None, "the continuation lines")
    yield TextUse(style.folio.font, imprint_note(edition) + "今日版（）" + pages, edition.file, None, "the imprint")


def _table_texts(spec: TableSpec, data: TableData, what: str) -> Iterator[TextUse]:
    """A table's texts: the cells of its text columns (each at its row), its headings, title and note, and the
    marks and digits its numbers are set with."""
    heads = spec.title + "".join(c.heading for c in spec.columns)
    yield TextUse(spec.head_font, heads, data.file, None, what)
    marks = "".join(MARKS[spec.marks]) + "0123456789.,—～" + HALTED + spec.note
    marks += "".join(c.suffix for c in spec.columns)
    yield TextUse(spec.font, marks, data.file, None, what)
    texts = [i for i, c in enumerate(spec.columns) if not c.kind.numeric]
    for row, line in zip(data.rows, data.lines, strict=True):
        yield TextUse(spec.font, "".join(row[i].text for i in texts), data.file, line, what)


def _style_texts(edition: Edition) -> Iterator[TextUse]:
    style = edition.style
    ms = style.masthead
    d = edition.date
    what = f"the masthead of style '{style.name}'"
    body = style.paragraphs.body.font
    if not ms.logo:
        yield TextUse(ms.name_font, ms.name, *ms.place("name", style.path), f"the name in {what}")
    yield TextUse("hei", ms.latin, *ms.place("latin", style.path), f"the Latin name in {what}")
    yield TextUse(body, ms.serial, *ms.place("serial", style.path), f"the serial number in {what}")
    yield TextUse(body, ms.publisher, *ms.place("publisher", style.path), f"the publisher in {what}")
    yield TextUse(body, founded(ms.founded), *ms.place("founded", style.path), f"the founding date in {what}")
    yield TextUse(body, lunar_date(d) + issue_no(edition.issue), edition.file, None, f"the date and issue in {what}")
    yield TextUse(style.folio.font, cn_date(d) + weekday(d) + ms.name, *ms.place("name", style.path),
                  "the date lines")


def edition_texts(edition: Edition) -> Iterator[TextUse]:
    """Every text the edition prints — articles, plan, masthead and the lines the program computes — with
    the font role it is set in and where it comes from."""
    yield from _article_texts(edition)
    yield from _plan_texts(edition)
    yield from _style_texts(edition)


_MISSING: dict[tuple[int, str, str], tuple[FontSet, tuple[str, ...]]] = {}
REMEMBER_TEXTS = 50_000  # texts whose missing characters are remembered (a re-render looks at the changed ones)
on_clear(_MISSING.clear)


def _missing(fonts: FontSet, role: str, text: str) -> tuple[str, ...]:
    """The characters of `text` no font of `role` has, each once, in the order of their first use."""
    key = (id(fonts), role, text)
    found = _MISSING.get(key)
    if found is not None and found[0] is fonts:  # the font set is held: its id is not reused while here
        return found[1]
    metrics = fonts.metrics(role)
    out = tuple(ch for ch in dict.fromkeys(text)
                if not ch.isspace() and ch not in "\u00ad\u2028" and metrics.lookup(ch) is None)
    if len(_MISSING) >= REMEMBER_TEXTS:
        _MISSING.clear()
    _MISSING[key] = (fonts, out)
    return out


def check_glyphs(edition: Edition, fonts: FontSet, allow_missing: bool) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for use in edition_texts(edition):
        role = fonts.bold_role(use.role, use.bold_font) if use.bold else use.role
        for ch in _missing(fonts, role, use.text):
            if (role, ch) in seen:
                continue
            seen.add((role, ch))
            if (face := fonts.fallback(role, ch)) is not None:
                out.append(Diagnostic(
                    Level.WARNING, f"no font of role '{role}' has '{visible(ch)}' (U+{ord(ch):04X}), used in "
                    f"{use.what}: it is set in {face.family} ({face.path.name}), found on this machine",
                    use.file, use.line, None,
                    f"add {face.path.name} to the role's fallback chain in the font catalogue to make it part "
                    "of the paper's fonts", code="missing-glyph"))
            else:
                out.append(Diagnostic(
                    Level.WARNING if allow_missing else Level.ERROR,
                    f"no font has the character '{visible(ch)}' (U+{ord(ch):04X}) used in {use.what}",
                    use.file, use.line, None,
                    "install a font that has it and add it to the role's fallback chain in fonts/catalogue.yaml, "
                    "or replace the character (--allow-missing-glyphs draws 〓)", code="missing-glyph"))
    return out
