"""Rebuild seeds/tianjin-daily-2026-04-23/articles/ from the raw page text (seeds/raw/).

Which raw lines make which article, and which paragraphs are rejoined where a printed column ended,
is written down here (and in seeds/README.md). The text is otherwise taken as printed; the program's
normaliser then turns ASCII punctuation into full-width marks:

    .venv/bin/python seeds/make_articles.py
    .venv/bin/layout normalize --write seeds/tianjin-daily-2026-04-23/articles/*.md
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw" / "tianjin-daily-2026-04-23.txt"
OUT = HERE / "tianjin-daily-2026-04-23" / "articles"

# Paragraphs cut at the foot of a printed column: (line that was cut, line that continues it).
JOINS = [(49, 51), (69, 71), (75, 77), (101, 103), (113, 115)]

# slug -> (front matter lines, body raw line numbers; "## " marks a subhead, "> " the signature)
ARTICLES: dict[str, tuple[list[str], list[str | int]]] = {
    "jingjinji": (["title: 京津冀协同发展12年 发展成果持续惠及于民", "source: 新华社"], [3, 5, 7]),
    "jieneng": (
        ["kicker: 中共中央办公厅 国务院办公厅关于", "title: 更高水平更高质量做好 节能降碳工作的意见",
         "jump_title: 更高水平更高质量做好节能降碳工作的意见"],
        [23, "## 25", 27, "## 29", 31, 33, "## 35", 37, "> 41"],
    ),
    "changwei": (
        ["title: 市委常委会召开会议",
         "subtitle: 学习贯彻习近平外交思想、习近平法治思想,研究部署外事、法治政府建设等工作 陈敏尔主持并讲话"],
        [49],
    ),
    "tongwulang": (
        ["title: “通武廊”的春天", "subtitle: ——京津冀协同发展一线观察", "byline: ■记者 宁广靖",
         "photos:", "  - id: station", "    caption: 昨日清晨,武清站站台上的乘客准备登车。", "    credit: 记者 张磊 摄",
         "  - id: xianqu", "    caption: 天津产业新城科创先导区。", "    credit: 武清区供图"],
        [67, 69, "## 73", 75, 79, 81, 83, 85, "## 87", 89, 91],
    ),
    "waimao": (
        ["kicker: 一季度经济数据解读 新动能引领增长 新市场拓展空间", "title: 我市外贸“马车”稳步健行",
         "byline: ■记者 马晓冬 万红"],
        [101, 105],
    ),
    "rongxin": (["kicker: 信用模型迭代升级 深化赋能产品创新", "title: 市融信平台一季度放款突破190亿元"], [113]),
    "dashuju": (["title: 一栋楼就是一个产业园", "subtitle: 北方大数据交易中心大楼投入使用"], [121, 123, 125, 127]),
    "hannover": (
        ["title: 德国汉诺威工业博览会天津展区", "photos:", "  - id: expo",
         "    caption: 德国汉诺威工业博览会天津展区", "    credit: 市机器人产业协会供图"],
        [],
    ),
}
TYPED_JUMPS = ("(下转第3版)", "(下转第2版)")


def raw_line(lines: list[str], n: int) -> str:
    text = lines[n - 1].strip()
    for cut, cont in JOINS:
        if n == cut:
            text += lines[cont - 1].strip()
    for jump in TYPED_JUMPS:
        text = text.replace(jump, "")
    return text


def main() -> None:
    lines = RAW.read_text(encoding="utf-8").split("\n")
    OUT.mkdir(parents=True, exist_ok=True)
    for slug, (front, body) in ARTICLES.items():
        out = ["---", *front, "---"]
        for item in body:
            prefix, n = "", item
            if isinstance(item, str):
                mark, number = item.split(" ")
                prefix, n = mark + " ", int(number)
            out += [prefix + raw_line(lines, int(n)), ""]
        (OUT / f"{slug}.md").write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
