"""The desk's text lines lead to their paragraphs (issue 30): each rectangle of set lines names the story,
the article's line of its paragraph and the editor link there; the desk's page state carries them."""

from __future__ import annotations

from layout.desk.paragraphs import paragraph_places
from layout.run.pipeline import lay_out
from layout.source.edition import load_edition
from tests.conftest import MakeEdition


def test_each_text_line_leads_to_its_paragraph(make_edition: MakeEdition) -> None:
    folder = make_edition()
    laid = lay_out(load_edition(folder), allow_overset=True)
    places = paragraph_places(laid, lambda file, line, col: f"ed://{file}:{line}:{col}")
    runs = [r for r in places[1] if r["story"] == "jieneng"]
    order = [line for i, line in enumerate(r["line"] for r in runs) if i == 0 or runs[i - 1]["line"] != line]
    assert order == [5, 7, 9]  # 节能降碳… (over two columns), ## 一、总体要求, 坚持稳中求进…
    article = str(folder.resolve() / "articles" / "jieneng.md")
    assert runs[0]["link"] == f"ed://{article}:5:1"
    pitch = laid.edition.style.grid.line
    assert runs[0]["height"] >= pitch and runs[0]["height"] % pitch == 0  # the paragraph's lines in one rectangle
    assert {r["line"] for r in places[1] if r["story"] == "dashuju"} == {4}
    lines = sorted(r["y"] for r in runs if r["x"] == runs[0]["x"])
    assert lines == sorted(set(lines))  # no line counted twice
