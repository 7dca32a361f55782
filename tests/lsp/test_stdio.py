"""`layout lsp` driven over stdio as an editor drives it (issue 30): initialize, didOpen and didChange with
unsaved text, publishDiagnostics from the program's own checks, completion, hover and go to definition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PLAN, MakeEdition
from tests.lsp.client import Client


@pytest.fixture
def client() -> Iterator[Client]:
    c = Client()
    try:
        yield c
    finally:
        c.close()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def open_plan(client: Client, folder: Path) -> str:
    client.request("initialize", {"processId": None, "rootUri": uri(folder), "capabilities": {}})
    client.send("initialized", {})
    plan = folder / "edition.yaml"
    client.send("textDocument/didOpen", {"textDocument": {"uri": uri(plan), "languageId": "yaml", "version": 1,
                                                          "text": plan.read_text(encoding="utf-8")}})
    return uri(plan)


def change(client: Client, doc: str, text: str, version: int) -> None:
    client.send("textDocument/didChange", {"textDocument": {"uri": doc, "version": version},
                                           "contentChanges": [{"text": text}]})


def test_diagnostics_as_you_type_from_the_unsaved_buffer(client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition()
    doc = open_plan(client, folder)
    first = client.diagnostics(doc)  # the saved plan has no errors, two warnings of `layout check`
    assert {d["code"] for d in first} == {"empty-lines-at-foot"} and {d["severity"] for d in first} == {2}
    typed = PLAN.replace("story: jieneng", "story: jienng").replace("pages_total: 12", "pages_total：12")
    change(client, doc, typed, 2)
    (slip,) = client.diagnostics(doc)
    assert slip["range"] == {"start": {"line": 3, "character": 11}, "end": {"line": 3, "character": 12}}
    assert slip["message"].startswith("full-width colon") and "hint: write `pages_total: 12`" in slip["message"]
    assert slip["severity"] == 1 and slip["code"] == "ime-slip" and slip["source"] == "layout"
    change(client, doc, PLAN.replace("story: jieneng", "story: jienng"), 3)
    (unknown,) = client.diagnostics(doc)
    assert unknown["code"] == "unknown-story" and "did you mean 'jieneng'?" in unknown["message"]
    assert unknown["range"]["start"] == {"line": 9, "character": 15}
    assert unknown["range"]["end"] == {"line": 9, "character": 21}
    assert "jienng" not in (folder / "edition.yaml").read_text(encoding="utf-8")  # nothing was saved
    change(client, doc, PLAN, 4)
    assert client.diagnostics(doc) == first  # the error cleared


@pytest.mark.slow  # the language server in a fresh process, 1.3 s
def test_completion_of_slugs_units_and_keys(client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition()
    doc = open_plan(client, folder)
    client.diagnostics(doc)
    change(client, doc, PLAN + "      - story: \n", 2)
    client.diagnostics(doc)
    lines = (PLAN + "      - story: \n").splitlines()

    def labels(line: int, character: int) -> dict[str, dict[str, object]]:
        result = client.request("textDocument/completion", {"textDocument": {"uri": doc},
                                                            "position": {"line": line, "character": character}})
        return {i["label"]: i for i in result["items"]}

    slugs = labels(len(lines) - 1, len(lines[-1]))
    assert set(slugs) == {"jieneng", "dashuju"} and slugs["jieneng"]["detail"] == "节能降碳 工作的意见"
    units = labels(8, len("        at: {col: 1, span: 8, line: 1, lines: 9"))
    assert {"mm", "pt", "行"} <= set(units)
    keys = labels(2, 0)
    assert "pages_total" in keys and "Issue number" in str(keys["issue"]["documentation"])


@pytest.mark.slow  # the language server in a fresh process, 1.3 s
def test_hover_on_a_box_and_a_story_and_go_to_the_article(client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition()
    doc = open_plan(client, folder)
    client.diagnostics(doc)

    def hover(line: int, character: int) -> str:
        result = client.request("textDocument/hover", {"textDocument": {"uri": doc},
                                                       "position": {"line": line, "character": character}})
        return str(result["contents"]["value"])

    box = hover(10, 12)  # the `at:` line of jieneng's box
    assert "**p1.story.jieneng**" in box and "grid: col 1, span 4, line 11, lines 20 (grid lines)" in box
    assert "mm: x " in box and "copyfit: " in box and "text lines" in box and "grid lines" in box
    story = hover(9, 18)
    assert "**关于 / 节能降碳 工作的意见**" in story and "characters in 3 paragraphs" in story
    where = client.request("textDocument/definition", {"textDocument": {"uri": doc},
                                                        "position": {"line": 9, "character": 18}})
    assert where["uri"] == uri(folder / "articles" / "jieneng.md")


@pytest.mark.slow  # the language server in a fresh process, 1.3 s
def test_an_articles_diagnostics_are_cleared_when_it_is_fixed(client: Client, make_edition: MakeEdition) -> None:
    folder = make_edition()
    doc = open_plan(client, folder)
    client.diagnostics(doc)
    article = uri(folder / "articles" / "dashuju.md")
    client.send("textDocument/didOpen", {"textDocument": {"uri": article, "languageId": "markdown", "version": 1,
                                                          "text": "---\ntitle：大数据\n---\n正文。\n"}})
    (slip,) = client.diagnostics(article)
    assert slip["code"] == "ime-slip" and slip["range"]["start"] == {"line": 1, "character": 5}
    change(client, article, "---\ntitle: 大数据\n---\n正文。\n", 2)
    assert client.diagnostics(article) == []
