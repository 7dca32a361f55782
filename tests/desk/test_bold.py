"""`bold: true` in a paragraph style sets the paragraph in the bold role of its font (`bold_font`, by
default song → song-bold, hei-regular → hei); a bold style whose font has no bold role is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.errors import LayoutError
from layout.model.style import Role
from layout.run.breaks import BreakStore
from layout.run.pipeline import Stages, lay_out
from layout.source.edition import load_edition
from tests.conftest import PLAN, MakeEdition


def with_style(make_edition: MakeEdition, paragraphs: str) -> Path:
    folder = make_edition(PLAN.replace("style: tianjin-daily", "style: bold"))
    (folder / "styles").mkdir()
    (folder / "styles" / "bold.yaml").write_text(f"extends: tianjin-daily\nname: 粗体\nparagraphs:\n{paragraphs}",
                                                 encoding="utf-8")
    return folder


def test_the_default_bold_roles(make_edition: MakeEdition) -> None:
    folder = with_style(make_edition, "  body: {bold: true}\n  jump: {bold: true}\n")
    style = load_edition(folder).style.paragraphs
    assert (style.body.bold, style.body.bold_font) == (True, "song-bold")
    assert (style.jump.bold, style.jump.bold_font) == (True, "hei")  # hei-regular → hei
    assert (style.caption.bold, style.caption.bold_font) == (False, "")  # kai: none known, and not asked for


def test_a_bold_body_is_set_in_the_bold_face(make_edition: MakeEdition) -> None:
    plain = lay_out(load_edition(make_edition()))
    laid = lay_out(load_edition(with_style(make_edition, "  body: {bold: true}\n")))
    song, bold = laid.fonts.face("song").key, laid.fonts.face("song-bold").key
    assert song != bold

    def body_fonts(lines: object) -> set[str]:
        return {g.font for sl in lines if sl.role is Role.BODY for g in sl.line.glyphs  # type: ignore[attr-defined]
                if "\u4e00" <= g.text <= "\u9fff"}

    assert body_fonts(plain.flowed.lines) == {song}
    assert body_fonts(laid.flowed.lines) == {bold}
    stages = Stages(laid.edition, laid.fonts, BreakStore.for_folder(Path(laid.edition.folder)))
    assert stages.style_metrics(laid.edition.style.paragraphs.body) is laid.fonts.text_metrics("song-bold")
    assert stages.style_metrics(laid.edition.style.paragraphs.signature) is laid.fonts.text_metrics("song")
    drawn = {r.font for page in laid.pages for r in page.texts}
    assert bold in drawn


def test_an_explicit_bold_font(make_edition: MakeEdition) -> None:
    folder = with_style(make_edition, "  caption: {bold: true, bold_font: hei}\n")
    assert load_edition(folder).style.paragraphs.caption.bold_font == "hei"


def test_bold_without_a_bold_role_is_an_error(make_edition: MakeEdition) -> None:
    folder = with_style(make_edition, "  byline: {bold: true}\n")
    with pytest.raises(LayoutError) as info:
        load_edition(folder)
    msg = info.value.diagnostics[0].format().replace(str(folder) + "/", "")
    assert msg == ("styles/bold.yaml:4:18: error: paragraph style 'byline' is bold, but font role 'kai' has no known "
                   "bold role\n  hint: add `bold_font: <role>` (a role of the font catalogue, e.g. hei), or remove "
                   "`bold: true`")
