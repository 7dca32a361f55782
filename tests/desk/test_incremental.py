"""The incremental edition of `layout serve` and `layout watch` (layout/run/incremental.py) gives, after any
series of edits, the bytes a fresh render of the same folder gives: the edition's PDF, every page file and
the diagnostics; and it does only what an edit changed (a one-story edit flows one story and draws its
pages, not the edition)."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from layout.errors import LayoutError
from layout.run.incremental import Increment, Incremental
from layout.run.options import Options
from layout.run.pipeline import build
from tests.conftest import SAMPLE

OPTIONS = Options(allow_overset=True, crop_marks=False)  # as the desk renders

PLAN = """\
style: local
date: 2026-04-23
issue: 28122
pages_total: 12
pages:
  - page: 1
    section: 要闻
    boxes:
      - masthead: true
        at: {col: 1, span: 8, line: 1, lines: 9}
      - story: jieneng
        at: {col: 1, span: 4, line: 11, lines: 14}
        columns: 4
      - story: dashuju
        at: {col: 5, span: 4, line: 11, lines: 24}
        columns: 4
      - image: photos/harbour.png
        caption: 港口
        at: {col: 1, span: 4, line: 26, lines: 20}
      - rule: horizontal
        at: {col: 5, span: 4, line: 36, lines: 1}
  - page: 2
    section: 经济
    boxes:
      - story: jieneng
        at: {col: 1, span: 4, line: 5, lines: 40}
        columns: 4
      - story: rongxin
        at: {col: 5, span: 4, line: 5, lines: 30}
        columns: 4
  - page: 3
    section: 文化
    boxes:
      - story: dushu
        at: {col: 1, span: 8, line: 5, lines: 20}
        columns: 8
"""
STYLE = "extends: tianjin-daily\n"


def _edition(tmp_path: Path) -> Path:
    folder = tmp_path / "edition"
    (folder / "articles").mkdir(parents=True)
    for slug in ("jieneng", "dashuju", "rongxin", "dushu"):
        shutil.copy(SAMPLE / "articles" / f"{slug}.md", folder / "articles")
    (folder / "styles").mkdir()
    (folder / "styles" / "local.yaml").write_text(STYLE, encoding="utf-8")
    (folder / "photos").mkdir()
    Image.new("RGB", (300, 200), (200, 40, 40)).save(folder / "photos" / "harbour.png")
    (folder / "edition.yaml").write_text(PLAN, encoding="utf-8")
    return folder


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


Edit = Callable[[Path], None]
ARTICLE = "articles/{}.md"


def _plan(old: str, new: str) -> Edit:
    return lambda folder: _replace(folder / "edition.yaml", old, new)


def _article(slug: str, old: str, new: str) -> Edit:
    return lambda folder: _replace(folder / ARTICLE.format(slug), old, new)


def _append(slug: str, text: str) -> Edit:
    def edit(folder: Path) -> None:
        with (folder / ARTICLE.format(slug)).open("a", encoding="utf-8") as fh:
            fh.write(text)
    return edit


def _swap(a: str, b: str) -> Edit:
    """Two stories change boxes (each moves to the other's)."""
    def edit(folder: Path) -> None:
        plan = folder / "edition.yaml"
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace(f"story: {a}\n", "story: @\n").replace(f"story: {b}\n", f"story: {a}\n")
                        .replace("story: @\n", f"story: {b}\n"), encoding="utf-8")
    return edit


def _photo(colour: tuple[int, int, int]) -> Edit:
    return lambda folder: Image.new("RGB", (300, 200), colour).save(folder / "photos" / "harbour.png")


def _delete(slug: str, keep: dict[str, bytes]) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / ARTICLE.format(slug)
        keep[slug] = path.read_bytes()
        path.unlink()
    return edit


def _restore(slug: str, keep: dict[str, bytes]) -> Edit:
    return lambda folder: (folder / ARTICLE.format(slug)).write_bytes(keep[slug])


KEEP: dict[str, bytes] = {}
DASHUJU_BOX = "at: {col: 5, span: 4, line: 11, lines: 24}"
EDITS: list[tuple[str, Edit]] = [
    ("a character of a story", _article("dashuju", "。", "，")),
    ("a paragraph added", _append("dashuju", "\n新增的一段文字，用来检验增量排版的结果与完整排版一致。\n")),
    ("the paragraph removed", _article("dashuju", "\n新增的一段文字，用来检验增量排版的结果与完整排版一致。\n", "")),
    ("a headline", _article("rongxin", "title: ", "title: 新")),
    ("a box resized (its jump moves page 2's text)", _plan("at: {col: 1, span: 4, line: 11, lines: 14}",
                                                           "at: {col: 1, span: 4, line: 11, lines: 15}")),
    ("a box moved", _plan(DASHUJU_BOX, "at: {col: 5, span: 4, line: 12, lines: 23}")),
    ("a section renamed", _plan("section: 经济", "section: 财经")),
    ("the style", lambda folder: (folder / "styles" / "local.yaml").write_text(
        STYLE + "rules:\n  story: 1.2pt\n", encoding="utf-8")),
    ("two stories moved to each other's box", _swap("rongxin", "dushu")),
    ("and back", _swap("rongxin", "dushu")),
    ("a jump created", _plan("      - story: dushu\n        at: {col: 1, span: 8, line: 5, lines: 20}",
                             "      - story: dushu\n        at: {col: 1, span: 8, line: 5, lines: 20}\n"
                             "      - story: dashuju\n        at: {col: 1, span: 8, line: 26, lines: 10}")),
    ("the story's first box shortened: it jumps", _plan("at: {col: 5, span: 4, line: 12, lines: 23}",
                                                        "at: {col: 5, span: 4, line: 12, lines: 6}")),
    ("the jump's page renumbered: its jump line names the new page", _plan("  - page: 3\n", "  - page: 4\n")),
    ("the jump removed", _plan("at: {col: 5, span: 4, line: 12, lines: 6}",
                               "at: {col: 5, span: 4, line: 12, lines: 23}")),
    ("the photo replaced under its name", _photo((40, 40, 200))),
    ("an article deleted", _delete("rongxin", KEEP)),
    ("and restored (nothing changed since the last render)", _restore("rongxin", KEEP)),
    ("a syntax error in the plan", _plan("section: 文化", "section: [文化")),
    ("fixed (nothing changed since the last render)", _plan("section: [文化", "section: 文化")),
    ("a story edited after all that", _article("jieneng", "。", "；")),
]


def _fresh(folder: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    """A fresh build of the folder with a cache of its own: its bytes and diagnostics, or its errors."""
    shutil.rmtree(cache, ignore_errors=True)
    with monkeypatch.context() as m:
        m.setenv("LAYOUT_CACHE_DIR", str(cache))
        try:
            built = build(folder, OPTIONS)
        except LayoutError as exc:
            return ("error", [d.format() for d in exc.diagnostics])
    return ("ok", built.edition, built.pages, [d.format() for d in built.laid.warnings])


def _incremental(edition: Incremental) -> tuple[tuple[object, ...], Increment | None]:
    try:
        done = edition.update()
    except LayoutError as exc:
        return ("error", [d.format() for d in exc.diagnostics]), None
    built = done.built()
    return ("ok", built.edition, built.pages, [d.format() for d in built.laid.warnings]), done


@pytest.mark.slow
def test_after_every_kind_of_edit_the_incremental_edition_is_a_fresh_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    got, _done = _incremental(edition)
    assert got == _fresh(folder, tmp_path / "fresh-cache", monkeypatch)
    for what, edit in EDITS:
        edit(folder)
        got, done = _incremental(edition)
        want = _fresh(folder, tmp_path / "fresh-cache", monkeypatch)
        assert got[0] == want[0], (what, got[0], want[0])
        if got[0] == "error":
            assert got == want, what
            continue
        assert got[3] == want[3], what  # the diagnostics
        assert [n for n, _b in got[2]] == [n for n, _b in want[2]], what  # type: ignore[attr-defined]
        for (name, blob), (_n, fresh) in zip(got[2], want[2], strict=True):  # type: ignore[call-overload]
            assert blob == fresh, (what, name)
        assert got[1] == want[1], what  # the edition's PDF
        assert done is not None and bool(done.changed) == ("nothing changed" not in what), (what, done.changed)


def test_a_story_edit_flows_one_story_and_draws_only_its_pages(tmp_path: Path) -> None:
    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    first = edition.update()
    assert first.first and not first.changed
    assert edition.kept.counts == {"stories": 4, "pages": 3, "drawn": 3}
    unchanged = edition.update()
    assert edition.kept.counts == {"drawn": 0} and not unchanged.changed
    assert unchanged.files == first.files
    _article("dushu", "。", "，")(folder)  # page 3's only story
    done = edition.update()
    assert edition.kept.counts == {"stories": 1, "pages": 1, "drawn": 1}, edition.kept.counts
    assert done.changed == (3,)
    _plan("section: 经济", "section: 财经")(folder)  # page 2's 报眉: no story flows again
    done = edition.update()
    assert edition.kept.counts == {"pages": 1, "drawn": 1}, edition.kept.counts
    assert done.changed == (2,)


def test_an_article_is_parsed_again_only_when_its_text_changes(tmp_path: Path) -> None:
    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    before = edition.update().laid.edition.articles
    path = folder / ARTICLE.format("dushu")
    path.write_bytes(path.read_bytes())  # saved again, the same bytes
    _article("jieneng", "。", "，")(folder)
    parsed = edition.articles.parsed
    after = edition.update().laid.edition.articles
    assert after["jieneng"] != before["jieneng"] and edition.articles.parsed == parsed + 1
    assert after["dushu"] == before["dushu"] and edition.kept.counts.get("stories") == 1
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "，", 1), encoding="utf-8")  # same size, another text
    assert edition.update().laid.edition.articles["dushu"] != before["dushu"]


def test_a_story_flowed_again_is_audited_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text audit skips only the kept stories that passed it: a story flowed again (here by a flow that
    loses its last line, as a bug would) is audited again and the loss is the error a fresh run gives."""
    import layout.run.incremental as incremental
    from layout.flow.story import StoryOutcome

    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    edition.update()
    real = incremental.flow_story

    def lossy(*args: Any) -> StoryOutcome:
        out = real(*args)
        return dataclasses.replace(out, lines=out.lines[:-1]) if args[0].slug == "dushu" else out

    monkeypatch.setattr(incremental, "flow_story", lossy)
    _article("dushu", "。", "，")(folder)
    with pytest.raises(LayoutError) as info:
        edition.update()
    assert [d.code for d in info.value.diagnostics] == ["text-not-set-exactly"]


def test_a_page_drawn_again_embeds_the_kept_subsets_and_they_are_a_fresh_processs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts of a page drawn again are subset once per set of glyphs in the process (the desk's loop): an
    edit that brings no new character subsets nothing; one that brings a new character subsets again, and
    the page is the bytes a fresh build (nothing kept in memory) draws."""
    import layout.render.cidfont as cidfont
    from layout.infra.cache import clear_memory

    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    edition.update()
    made: list[int] = []
    real = cidfont.cff_program

    def counted(*args: Any) -> bytes:
        made.append(1)
        return real(*args)

    monkeypatch.setattr(cidfont, "cff_program", counted)
    _article("dushu", "。", "，")(folder)  # page 3 drawn here: its subsets kept in this process
    edition.update()
    _append("dushu", "\n\n鼹鼠。\n")(folder)  # a character no page drew before
    made.clear()
    edition.update()
    assert edition.kept.counts.get("drawn") == 1 and made, edition.kept.counts
    _article("dushu", "鼹鼠。", "鼠鼹。")(folder)  # the same characters in another order
    made.clear()
    done = edition.update()
    assert edition.kept.counts.get("drawn") == 1 and not made, edition.kept.counts
    clear_memory()
    fresh = _fresh(folder, tmp_path / "fresh-cache", monkeypatch)
    assert fresh[0] == "ok" and dict(fresh[2]) == dict(done.files)  # type: ignore[call-overload]


def test_a_page_drawn_again_is_put_in_the_disk_cache_once_the_result_is_out(tmp_path: Path) -> None:
    """After an edit the page is drawn without looking in the disk cache (its key, a repr of the page tree,
    costs ~10 ms a save); `settle` puts it there, under the key a later process looks it up by."""
    from layout.render.pages import draw_jobs

    folder = _edition(tmp_path)
    edition = Incremental(folder, OPTIONS)
    edition.update()
    _article("dushu", "。", "，")(folder)  # page 3's only story
    done = edition.update()
    job = next(p.job for p in done.plates if p.number == 3)
    blob = dict(zip((p.number for p in done.plates), done.drawn, strict=True))[3]
    edition.settle()
    found, drawn_now = draw_jobs([job])
    assert drawn_now == [False] and found == [blob]  # from the disk cache: the bytes drawn in the loop
