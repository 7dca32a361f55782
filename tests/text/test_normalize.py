"""The normaliser (docs/text-engine.md §2): full-width marks in Chinese text, Latin, numbers and URLs untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layout.text import normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("新华社北京4月22日电(记者 张骁)暖春之际,雄安新区", "新华社北京4月22日电（记者 张骁）暖春之际，雄安新区"),
        ("《规划(2023—2035年)》获批", "《规划（2023—2035年）》获批"),
        ("OPC(一人公司)等方向", "OPC（一人公司）等方向"),
        ("比\"十三五\"时期增长1.7倍", "比“十三五”时期增长1.7倍"),
        ("他说:'好'", "他说：‘好’"),
        ("同比增长4.9%,出口值", "同比增长4.9%，出口值"),
        ("问题是什么?我们知道!", "问题是什么？我们知道！"),
        ("一卡通乘...", "一卡通乘……"),
        ("他说--不行", "他说——不行"),
        ("他说—不行", "他说——不行"),
        ("武清区 GDP 增长", "武清区GDP增长"),
        ("使用 Python 3.11 编写", "使用Python 3.11编写"),
    ],
)
def test_chinese_text_is_normalised(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "1,000 and 10:30, okay?",
        "see https://example.com/a,b?c=1&d=(2) now",
        "mail service@example.com, please",
        "2023—2035年",
        "CN 12-0001",
        "It's fine (really).",
    ],
)
def test_latin_numbers_and_urls_are_untouched(kept: str) -> None:
    assert normalize(kept) == kept


@given(st.text(alphabet="天地人,.;:?!()\"'-— ab1…", max_size=40))
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
