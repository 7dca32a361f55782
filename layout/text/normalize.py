"""The normaliser (typography.md §2): ASCII punctuation in Chinese text → full-width, quotes → “”‘’,
-- → ——, ... → ……, spaces between CJK and Latin removed. Latin runs, numbers and URLs are untouched.
Idempotent."""

from __future__ import annotations

import re

from layout.text.classes import C, cls, is_cjk

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_URL = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+|[\w.+-]+@[\w-]+\.[\w.-]+")


def _prev(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return text[j] if j >= 0 else ""


def _next(text: str, i: int) -> str:
    j = i + 1
    while j < len(text) and text[j] == " ":
        j += 1
    return text[j] if j < len(text) else ""


def _chinese(ch: str) -> bool:
    return bool(ch) and (is_cjk(ch) or ch in "，；：？！（）“”‘’——……")


def normalize(text: str, spaces: bool = True) -> str:
    """Normalise until stable (a mark turned full-width can make its neighbour count as Chinese). With
    `spaces` False the spaces between Chinese characters stay: in a headline they mark where it may
    break, in a byline they separate names."""
    for _ in range(len(text) + 1):  # each pass changes something or stops
        new = _normalize_once(text)
        if new == text:
            break
        text = new
    return _stray_spaces(text) if spaces else text


def _normalize_once(text: str) -> str:
    if not text:
        return text
    protected: list[str] = []

    def keep(m: re.Match[str]) -> str:
        protected.append(m.group())
        return f"\ue000{len(protected) - 1}\ue001"

    text = _URL.sub(keep, text)
    text = re.sub(r"(?<!-)--(?!-)", "——", text)
    text = re.sub(r"\.\.\.\.{0,3}", "……", text)
    text = re.sub(r"(?<![—\d])—(?![—\d])", "——", text)  # a lone em dash used as a dash (not 2023—2035)
    out = list(text)
    for i, ch in enumerate(out):
        if ch in _FULL:
            p, q = _prev(text, i), _next(text, i)
            if p.isdigit() and q.isdigit():
                continue  # 1,000 and 10:30 stay
            if _chinese(p) or _chinese(q) or (p in "%％" and q and not q.isascii()):
                out[i] = _FULL[ch]
    _brackets(out, text)
    _quotes(out, '"', "“", "”", need_cjk_neighbour=True)
    _quotes(out, "'", "‘", "’", need_cjk_neighbour=True)
    result = "".join(out)
    # spaces between CJK and Latin/digits go: the engine sets its own ¼-em space there (not beside a
    # quote: “ ” may belong to an English phrase, whose word spaces stay)
    result = re.sub(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[A-Za-z0-9])", "", result)
    result = re.sub(r"(?<=[A-Za-z0-9%]) +(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])", "", result)
    return re.sub("\ue000(\\d+)\ue001", lambda m: protected[int(m.group(1))], result)


_CJK = "\u3400-\u9fff"
# names after a role word keep their spaces: （记者 于春涛 刘国栋）, 通讯员 李明
_NAMES = re.compile(rf"(?:记者|通讯员|实习生|见习记者|摄影|摄|编辑|校对)(?: +[{_CJK}]{{2,4}})+")
_STRAY = re.compile(rf"(?<=[{_CJK}，。、；：！？”’）》]) +(?=[{_CJK}“‘（《])|(?<=[{_CJK}]) +(?=[.,;:!?])")


def _stray_spaces(text: str) -> str:
    """Spaces pasted between Chinese characters (and before an ASCII mark after one) go; the spaces between
    names after a role word (记者 张骁) stay."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group())
        return f"\ue002{len(kept) - 1}\ue003"

    text = _STRAY.sub("", _NAMES.sub(keep, text))
    return re.sub("\ue002(\\d+)\ue003", lambda m: kept[int(m.group(1))], text)


def stray_spaces(text: str) -> int:
    """How many stray spaces `normalize` drops from `text` (for `layout normalize`'s notes)."""
    return sum(len(m.group()) for m in _STRAY.finditer(_NAMES.sub("x", text)))


def _brackets(out: list[str], text: str) -> None:
    """( ) become （ ） when the bracket touches Chinese text or encloses some."""
    stack: list[int] = []
    for i, ch in enumerate(out):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            j = stack.pop()
            inner = text[j + 1 : i]
            if _chinese(_prev(text, j)) or _chinese(_next(text, i)) or any(is_cjk(c) for c in inner):
                out[j], out[i] = "（", "）"


def _quotes(out: list[str], straight: str, left: str, right: str, need_cjk_neighbour: bool = False) -> None:
    """Straight quotes become “ ” (‘ ’) in Chinese text: pair by pair, when one of the pair touches a
    Chinese character; an English phrase's quotes ("Debian") stay straight, and its spaces stay."""
    idx = [i for i, ch in enumerate(out) if ch == straight]
    if not idx or not any(cls(c) is C.IDEO for c in out):
        return

    def touches(i: int) -> bool:
        p = out[i - 1] if i > 0 else ""
        q = out[i + 1] if i + 1 < len(out) else ""
        return _chinese(p) or _chinese(q)

    for a, b in zip(idx[::2], idx[1::2], strict=False):
        if not need_cjk_neighbour or touches(a) or touches(b):
            out[a], out[b] = left, right
