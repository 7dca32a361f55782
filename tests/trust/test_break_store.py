"""Broken paragraphs kept on disk (`layout/run/breaks.py`): used only for the very paragraph, style, measure and
fonts they were broken with, and the same lines as breaking again."""

from __future__ import annotations

import dataclasses
import marshal
import zlib
from pathlib import Path
from typing import Any

import pytest

from layout.fonts.fontset import ChainMetrics, LatinMetrics
from layout.infra.cache import clear_memory
from layout.model.style import TextStyle
from layout.model.text import BrokenParagraph, Metrics
from layout.run.breaks import STORE, BreakStore
from layout.run.pipeline import font_set, lay_out, load
from layout.text import break_paragraph
from tests.conftest import SAMPLE

TEXT = "北京、天津、河北三地协同发展，跨省公交线路已开通「京津冀」一卡通，2025—2026年计划新增debian-edu站点。"


def _fresh_process() -> None:
    """As a new process starts: nothing broken or loaded in memory."""
    clear_memory()
    break_paragraph.cache_clear()


@pytest.fixture
def song() -> tuple[Metrics, TextStyle]:
    edition = load(SAMPLE)
    fonts = font_set(edition)
    style = edition.style.paragraphs.body
    return fonts.text_metrics(style.font, style.latin_font), style


def _bundle(store: BreakStore) -> dict[str, bytes]:
    raw = STORE.get(store.key)
    assert raw is not None
    entries = marshal.loads(zlib.decompress(raw))
    assert isinstance(entries, dict)
    return entries


def _count_breaks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts broken from now on (not read from the store)."""
    calls: list[str] = []
    real = break_paragraph

    def counting(text: str, *args: Any, **kw: Any) -> BrokenParagraph:
        calls.append(text)
        return real(text, *args, **kw)

    monkeypatch.setattr("layout.run.breaks.break_paragraph", counting)
    return calls


def test_a_new_process_reads_the_lines_it_broke_before(tmp_path: Path, song: tuple[Metrics, TextStyle],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    metrics, style = song
    first = BreakStore.for_folder(tmp_path)
    broken = first.brk(TEXT, style, 117.0, metrics, 0, True)
    first.save()
    _fresh_process()
    calls = _count_breaks(monkeypatch)
    again = BreakStore.for_folder(tmp_path).brk(TEXT, style, 117.0, metrics, 0, True)
    assert calls == []  # read, not broken
    assert again == broken  # the same lines, glyph for glyph
    assert all(type(g).__name__ == "Glyph" for ln in again.lines for g in ln.glyphs)
    # any change to what decides the lines is a miss: text, measure, start, indent, style
    store = BreakStore.for_folder(tmp_path)
    store.brk(TEXT + "。", style, 117.0, metrics, 0, True)
    store.brk(TEXT, style, 108.0, metrics, 0, True)
    store.brk(TEXT, style, 117.0, metrics, 3, True)
    store.brk(TEXT, style, 117.0, metrics, 0, False)
    store.brk(TEXT, dataclasses.replace(style, latin_space=0.5), 117.0, metrics, 0, True)
    assert len(calls) == 5


def test_other_fonts_never_get_these_lines(tmp_path: Path, song: tuple[Metrics, TextStyle],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts are in each entry's key by their files' bytes: the same text with a face whose file
    differs is broken again."""
    metrics, style = song
    store = BreakStore.for_folder(tmp_path)
    store.brk(TEXT, style, 117.0, metrics, 0, True)
    store.save()
    _fresh_process()
    chain = metrics.cjk if isinstance(metrics, LatinMetrics) else metrics
    assert isinstance(chain, ChainMetrics)
    faces = chain.faces
    monkeypatch.setattr(faces[0], "digest", "0" * 64)
    calls = _count_breaks(monkeypatch)
    BreakStore.for_folder(tmp_path).brk(TEXT, style, 117.0, metrics, 0, True)
    assert calls == [TEXT]


def test_a_damaged_bundle_is_a_miss_and_the_bundle_holds_one_render(tmp_path: Path) -> None:
    edition = load(SAMPLE)
    lay_out(edition, allow_overset=True)
    store = BreakStore.for_folder(Path(edition.folder))
    used = _bundle(store)
    assert len(used) >= 30  # the sample's paragraphs (and the parts that resume in another box)
    # a damaged file: the next process breaks again and lays out the same edition
    STORE.file(store.key).write_bytes(b"\x78\x9c not zlib")
    _fresh_process()
    again = lay_out(load(SAMPLE), allow_overset=True)
    assert [sl.line for sl in again.flowed.lines]  # laid out all the same
    assert set(_bundle(BreakStore.for_folder(Path(edition.folder)))) == set(used)


def test_a_paragraph_handed_again_with_the_same_style_and_fonts_is_not_keyed_again(
        tmp_path: Path, song: tuple[Metrics, TextStyle], monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's loop hands every kept story's paragraphs to the store on each save: the very same style and
    metrics objects reuse the key they had (no repr and sha256 again); an equal copy of the style is keyed
    again, and any other measure is another key; a key is dropped with the paragraph (memory stays bounded)."""
    import layout.run.breaks as breaks

    metrics, style = song
    store = BreakStore.for_folder(tmp_path)
    first = store.brk(TEXT, style, 117.0, metrics, 0, True)
    keyed: list[int] = []
    real = breaks.break_params
    monkeypatch.setattr(breaks, "break_params", lambda s: (keyed.append(1), real(s))[1])
    calls = _count_breaks(monkeypatch)
    assert store.brk(TEXT, style, 117.0, metrics, 0, True) is first and keyed == []
    assert store.brk(TEXT, dataclasses.replace(style), 117.0, metrics, 0, True) is first and keyed == [1]
    assert store.brk(TEXT, style, 108.0, metrics, 0, True) != first and len(keyed) == 2 and len(calls) == 1
    store.save(write=False)
    store.save(write=False)  # a render that did not use it: its key is dropped with it
    assert store.brk(TEXT, style, 117.0, metrics, 0, True) == first and len(keyed) == 3
