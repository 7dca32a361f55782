"""Generate a deterministic 12-page broadsheet benchmark edition from the sample's text.

    .venv/bin/python bench/make_edition.py OUT_DIR [--scale 1] [--seed 2026]

Each page has four 4-column story boxes (two rows of two) under the masthead or the 报眉; the story
that opens in a page's top-right box jumps to the next page's bottom-right box, so 11 stories of 12
pages jump. Every story has a headline block. The text is the sample articles' paragraphs, shuffled
and repeated; about 96,000 characters at scale 1 (`--scale 2` makes 24 pages and twice the text).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from layout.source.articles import read_article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "tianjin-daily-2026-04-23" / "articles"
FILL = 0.93  # share of a box's character slots a fitting story takes (paragraph ends, heads, keeps)
CHARS_PER_ROW = 4 * 13


def paragraphs() -> list[str]:
    return [p.text for f in sorted(SAMPLE.glob("*.md")) for p in read_article(f).paragraphs
            if p.kind.value == "body" and len(p.text) > 40]


class Text:
    """An endless, shuffled stream of the sample's paragraphs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool: list[str] = []

    def take(self, chars: int) -> list[str]:
        out: list[str] = []
        total = 0
        while total < chars:
            if not self.pool:
                self.pool = paragraphs()
                self.rng.shuffle(self.pool)
            para = self.pool.pop()
            if total + len(para) > chars:
                para = para[: max(40, chars - total)].rstrip("，、；：") + "。"
            out.append(para)
            total += len(para)
        return out


def box(slug: str, col: int, line: int, lines: int) -> str:
    return (f"      - story: {slug}\n        at: {{col: {col}, span: 4, line: {line}, lines: {lines}}}\n"
            "        columns: 4\n")


def rule(line: int) -> str:
    return f"      - rule: horizontal\n        at: {{col: 1, span: 8, line: {line}, lines: 1}}\n"


def make(out: Path, scale: int = 1, seed: int = 2026) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    text = Text(seed)
    pages = 12 * scale
    plan = ["style: tianjin-daily", "date: 2026-04-23", "issue: 28122", f"pages_total: {pages}", "pages:"]
    stories: dict[str, list[str]] = {}
    titles = ["京津冀协同发展成果惠及于民", "节能降碳工作取得新进展", "外贸稳步增长结构优化",
              "融资信用服务平台放款增长", "大数据交易中心投入使用", "通武廊协同发展春意浓"]
    for p in range(1, pages + 1):
        top = 11 if p == 1 else 5
        half = (106 - top) // 2
        rows = [(top, half - 1), (top + half, 106 - top - half + 1)]
        lines = [f"  - page: {p}", "    section: 要闻", "    boxes:"]
        if p == 1:
            lines.append("      - masthead: true\n        at: {col: 1, span: 8, line: 1, lines: 9}")
        slots = {"a": (1, *rows[0]), "b": (5, *rows[0]), "c": (1, *rows[1]), "d": (5, *rows[1])}
        for name, (col, line, height) in slots.items():
            # the bottom-right box continues the previous page's top-right story
            slug = f"p{p - 1}b" if name == "d" and p > 1 else f"p{p}{name}"
            lines.append(box(slug, col, line, height).rstrip("\n"))
            budget = int(CHARS_PER_ROW * (height - 6) * FILL)
            if slug.endswith("b") and p < pages:
                budget = budget * 19 // 10  # it jumps: it fills most of a box on the next page too
            stories.setdefault(slug, text.take(budget) if slug not in stories else [])
        lines.append(rule(rows[1][0] - 1).rstrip("\n"))
        plan += lines
    for i, (slug, paras) in enumerate(stories.items()):
        title = titles[i % len(titles)]
        body = "\n\n".join(paras)
        (out / "articles" / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n{body}\n", encoding="utf-8")
    (out / "edition.yaml").write_text("\n".join(plan) + "\n", encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    folder = make(args.out, args.scale, args.seed)
    chars = sum(len("".join(f.read_text(encoding="utf-8").split("---", 2)[2].split()))
                for f in (folder / "articles").glob("*.md"))
    stories = len(list((folder / "articles").glob("*.md")))
    print(f"{folder}: {12 * args.scale} pages, {stories} stories, {chars} characters")


if __name__ == "__main__":
    main()
