"""Fuzzing with hypothesis: the YAML loader, the article reader and the whole layout on small random
editions raise nothing but LayoutError, lose no text (the flow audit would raise) and are deterministic.
2,100 examples in all."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from layout.errors import LayoutError
from layout.infra.yamlio.read import load_yaml_text
from layout.run.pipeline import lay_out
from layout.source.article import read_article
from layout.source.edition import load_edition

pytestmark = pytest.mark.slow  # 2,100 hypothesis examples: `make test` runs them, `make test-fast` not

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_CHARS = st.sampled_from([*list("abc: -[]{}'\"#&*!|>%@`\t\n ,.0123456789中文"), "\u3000", "\ufeff", "\x00"])
RARE = ["\u0301", "\U0001f600", "\U00020000", "\u05d0", "\u0627", "\u200b", "Å", "ﬁ", "\u3000"]
TEXT_CHARS = st.sampled_from([*"天地玄黄宇宙洪荒日月盈昃，。、：；！？“”‘’（）《》——……·%0123456789.abcXYZ \n", *RARE])


@FAST
@given(st.text(alphabet=YAML_CHARS, max_size=80))
def test_yaml_loader_never_crashes(text: str) -> None:
    try:
        load_yaml_text(text, "fuzz.yaml")
    except LayoutError as exc:
        assert exc.diagnostics and exc.diagnostics[0].file == "fuzz.yaml"


@FAST
@given(st.binary(max_size=200) | st.text(alphabet=TEXT_CHARS | YAML_CHARS, max_size=200).map(
    lambda t: ("---\ntitle: 题\n---\n" + t).encode("utf-8")))
def test_article_reader_never_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except LayoutError as exc:
            assert exc.diagnostics[0].file == str(path)
        else:
            assert all(p.text == p.text.strip() for p in article.paragraphs)


# boxes in separate bands of lines, so most random plans are valid and get laid out
boxes = st.tuples(st.integers(1, 8), st.integers(1, 4), st.integers(0, 5), st.integers(1, 15), st.integers(1, 3))


@settings(max_examples=1100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=TEXT_CHARS, min_size=1, max_size=120), min_size=1, max_size=3),
       st.lists(boxes, min_size=1, max_size=3))
def test_random_editions_lay_out_or_fail_cleanly(paras: list[str], geometry: list[tuple[int, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "articles").mkdir()
        (folder / "articles" / "s.md").write_text("---\ntitle: 测试\n---\n" + "\n\n".join(paras) + "\n",
                                                  encoding="utf-8")
        lines = []
        for k, (col, span, line, height, columns) in enumerate(geometry):
            first_line = 5 + 33 * k + line
            at = f"{{col: {min(col, 9 - span)}, span: {span}, line: {first_line}, lines: {height}}}"
            lines.append(f"      - story: s\n        at: {at}\n        columns: {columns}")
        (folder / "edition.yaml").write_text(
            "style: tianjin-daily\ndate: 2026-04-23\nissue: 1\npages_total: 1\npages:\n  - page: 1\n    boxes:\n"
            + "\n".join(lines) + "\n", encoding="utf-8")
        try:
            first = lay_out(load_edition(folder), allow_overset=True, allow_missing=True)
        except LayoutError as exc:
            event(f"rejected: {exc.diagnostics[0].message.split(':')[0][:40]}")
            return
        event("laid out")
        again = lay_out(load_edition(folder), allow_overset=True, allow_missing=True)
        assert first.flowed == again.flowed and first.pages == again.pages
