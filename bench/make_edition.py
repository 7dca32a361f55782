"""Generate a deterministic 12-page broadsheet benchmark edition of unique text from the sample's sentences.

    .venv/bin/python bench/make_edition.py OUT_DIR [--scale 1] [--seed 2026]

Each page has four 4-column story boxes (two rows of two) under the masthead or the 报眉; the story
that opens in a page's top-right box jumps to the next page's bottom-right box, so 11 stories of 12
pages jump. Every story has a headline block. The text is the sample articles' body sentences (split
at 。！？ and their closing quotes) recombined by a seeded RNG into paragraphs of 60–250 characters,
no two equal and none equal to a sample paragraph, so the in-process paragraph cache never hides line
breaking; about 96,000 characters at scale 1 (`--scale 2` makes 24 pages and twice the text).
`UniqueText` is also the text of the peer workload (bench/peer.py).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from functools import cache
from pathlib import Path

from layout.source.article import read_article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "tianjin-daily-2026-04-23" / "articles"
FILL = 0.93  # share of a box's character slots a fitting story takes (paragraph ends, heads, keeps)
CHARS_PER_ROW = 4 * 13
SHORTEST, LONGEST = 60, 250  # paragraph length in characters
# a sentence: up to and including a run of 。！？ and the closing quotes/brackets after it (or the text's end)
SENTENCE = re.compile(r".+?(?:[。！？]+[”’」』）)]*|$)", re.S)


@cache
def sample_paragraphs() -> tuple[str, ...]:
    """Every paragraph of the sample (body, subheads, signatures): none may be generated again."""
    return tuple(p.text for f in sorted(SAMPLE.glob("*.md")) for p in read_article(f).paragraphs)


@cache
def sentences() -> tuple[str, ...]:
    """The sample's body sentences, in file order, each once."""
    out: dict[str, None] = {}
    for f in sorted(SAMPLE.glob("*.md")):
        for p in read_article(f).paragraphs:
            if p.kind.value != "body":
                continue
            parts = [m.group(0) for m in SENTENCE.finditer(p.text) if m.group(0).strip()]
            assert "".join(parts) == p.text, p.text
            out.update(dict.fromkeys(s.strip() for s in parts))
    return tuple(out)


class UniqueText:
    """An endless stream of unique paragraphs recombined from the sample's sentences (seeded: deterministic)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sentences = sentences()
        self.forbidden = frozenset(sample_paragraphs())
        self.seen: set[str] = set()

    def paragraph(self, longest: int = LONGEST) -> str:
        """A new paragraph of SHORTEST..longest characters, never equal to one given before or to a
        sample paragraph: random sentences (no sentence twice in a row) up to a random target length."""
        shortest = min(SHORTEST, longest)
        for _attempt in range(1000):
            target = self.rng.randint(shortest, longest)
            parts: list[str] = []
            size = 0
            for _draw in range(100):
                s = self.rng.choice(self.sentences)
                if parts and s == parts[-1]:
                    continue
                if size + len(s) > longest:
                    if size >= shortest:
                        break
                    continue
                parts.append(s)
                size += len(s)
                if size >= target:
                    break
            text = "".join(parts)
            if shortest <= size <= longest and text not in self.seen and text not in self.forbidden:
                self.seen.add(text)
                return text
        raise AssertionError("cannot make a new unique paragraph")

    def take(self, chars: int) -> list[str]:
        """New paragraphs of about `chars` characters in all (the last one is sized to the rest)."""
        out: list[str] = []
        total = 0
        while total < chars:
            para = self.paragraph(max(SHORTEST, min(LONGEST, chars - total)))
            out.append(para)
            total += len(para)
        return out


def assert_unique(paras: list[str]) -> None:
    """No two paragraphs equal, none equal to a paragraph of the sample."""
    assert len(set(paras)) == len(paras), "duplicate paragraphs"
    assert not set(paras) & set(sample_paragraphs()), "a sample paragraph is repeated"


def box(slug: str, col: int, line: int, lines: int) -> str:
    return (f"      - story: {slug}\n        at: {{col: {col}, span: 4, line: {line}, lines: {lines}}}\n"
            "        columns: 4\n")


def rule(line: int) -> str:
    return f"      - rule: horizontal\n        at: {{col: 1, span: 8, line: {line}, lines: 1}}\n"


def make(out: Path, scale: int = 1, seed: int = 2026) -> Path:
    if out.exists():
        shutil.rmtree(out)
    (out / "articles").mkdir(parents=True)
    text = UniqueText(seed)
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
    assert_unique([p for paras in stories.values() for p in paras])
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
