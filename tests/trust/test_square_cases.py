"""Small exact cases rendered end to end with the square test font (every role → tests/support/squarefont),
so they do not depend on the installed Noto: positions read back from the PDF are computed by hand.

Grid of the tianjin-daily style: trim 390 × 545 mm, 8 columns of 13 characters of 9 pt with 1-character
gutters (999 pt), centred → left edge 53.256 pt; top 18 mm = 51.024 pt; line pitch 13.5 pt; bleed 3 mm.
A 9-pt glyph on grid line n has its baseline at top + (n − 1)·13.5 + 2.25 + 0.88·9.
"""

from __future__ import annotations

import pytest

from layout.run.options import Options
from layout.run.pipeline import render
from layout.tools.diff import DrawnChar, read_pages
from tests.support.squarefont import install_square_fonts

MM = 72 / 25.4
BLEED = 3 * MM
LEFT = (390 * MM - 999) / 2
TOP = 18 * MM
PITCH = 13.5
IDEOS = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈"

PLAN = """\
style: square
date: 2026-04-23
issue: 1
pages_total: 2
pages:
  - page: 1
    boxes:
      - headline: s
        at: {col: 2, span: 3, line: 11, lines: 8}
      - story: s
        at: {col: 1, span: 1, line: 11, lines: 4}
  - page: 2
    boxes:
      - story: s
        at: {col: 1, span: 4, line: 5, lines: 30}
        columns: 4
"""


def baseline(line: int, size: float = 9.0) -> float:
    return BLEED + TOP + (line - 1) * PITCH + (PITCH - size) / 2 + 0.88 * size


@pytest.fixture(scope="module")
def page_one(tmp_path_factory: pytest.TempPathFactory) -> tuple[DrawnChar, ...]:
    folder = tmp_path_factory.mktemp("square") / "edition"
    (folder / "articles").mkdir(parents=True)
    (folder / "edition.yaml").write_text(PLAN, encoding="utf-8")
    body = IDEOS[:11] + "天地玄黄宇，宙洪荒日月盈昃。辰宿" + IDEOS * 3
    (folder / "articles" / "s.md").write_text(f"---\ntitle: 节能降碳 工作的意见\nkicker: 关于\n---\n{body}\n",
                                               encoding="utf-8")
    install_square_fonts(folder)
    done = render(folder, folder.parent / "out", Options(per_page=False))
    return read_pages(done.pdf.read_bytes())[0].chars


def run(chars: tuple[DrawnChar, ...], text: str) -> list[DrawnChar]:
    s = "".join(c.char for c in chars)
    i = s.index(text)
    return list(chars[i:i + len(text)])


def test_push_in_on_the_page(page_one: tuple[DrawnChar, ...]) -> None:
    """§3 先挤进 on line 2 of the column: ， and 。 at ½ em, 14 characters in 13 em."""
    line = run(page_one, "天地玄黄宇，宙洪荒日月盈昃。")
    x0 = BLEED + LEFT
    want = [0, 9, 18, 27, 36, 45, 49.5, 58.5, 67.5, 76.5, 85.5, 94.5, 103.5, 112.5]
    assert [round(c.x - x0, 2) for c in line] == want
    assert {round(c.y, 2) for c in line} == {round(baseline(12), 2)}


def test_jump_line_flush_right_on_the_boxs_last_line(page_one: tuple[DrawnChar, ...]) -> None:
    """（下转第2版） on grid line 14 (the box's last), flush right in the 13-character column: 6 em (the digit
    is ½ em, the closing bracket's blank half is cut at the line end so its ink meets the column's edge)."""
    jump = run(page_one, "（下转第2版）")
    x0 = BLEED + LEFT + 117 - 54
    assert [round(c.x - x0, 2) for c in jump] == [0, 9, 18, 27, 36, 40.5, 49.5]
    assert {round(c.y, 2) for c in jump} == {round(baseline(14), 2)}


def test_headline_block_sized_centred_and_on_whole_lines(page_one: tuple[DrawnChar, ...]) -> None:
    """主题 at 小初 36 pt (初号 42 × 9 = 378 pt does not fit 369 pt), 引题 at 三号 16 pt, both centred in the
    41-character box; the block (77.58 pt with the space after) takes 6 grid lines and is centred in them."""
    box_x, box_y = BLEED + LEFT + 14 * 9, BLEED + TOP + 10 * PITCH
    slack = (6 * PITCH - 77.58) / 2
    kicker, title = run(page_one, "关于"), run(page_one, "节能降碳工作的意见")
    assert [round(c.x - box_x, 2) for c in kicker] == [168.5, 184.5]
    assert [round(c.x - box_x, 2) for c in title] == [22.5 + 36 * i for i in range(9)]
    assert {round(c.y - box_y, 2) for c in kicker} == {round(16.88 + slack, 2)}
    assert {round(c.y - box_y, 2) for c in title} == {round(56.52 + slack, 2)}
    assert {c.size for c in kicker} == {16.0} and {c.size for c in title} == {36.0}

