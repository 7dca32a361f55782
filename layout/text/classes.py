"""Character classes for Chinese line breaking and spacing: ONE table, code point → class.

docs/text-engine.md §2 / clreq 3.1 and Appendix A. The breaker and the spacer only see classes.
"""

from __future__ import annotations

from enum import IntEnum
from functools import cache


class C(IntEnum):
    IDEO = 0  # ideographs (CJK Unified Ideographs and extensions, compatibility ideographs, 〇)
    OPEN = 1  # opening brackets and quotes: ink in the right half
    CLOSE = 2  # closing brackets and quotes: ink in the left half
    PAUSE = 3  # pause/stop marks 、。，．：；！？: ink in the left half (Simplified Chinese)
    DIVIDE = 4  # dividing marks ——, ……: 2 em, unbreakable
    MIDDLE = 5  # middle dots
    CONNECT = 6  # connectors – ～ - / ／
    PREFIX = 7  # prefixed symbols ¥ $ £ € № #
    POSTFIX = 8  # postfixed symbols % ‰ ℃ ° ′ ″
    ITER = 9  # iteration marks 々 〃
    LATIN = 10  # Latin letters, digits, Greek, Cyrillic: set as words
    SPACE = 11
    OTHER = 12  # anything else (symbols, emoji …): treated like an ideograph
    BREAK = 13  # U+2028 line separator: a line ends here (a forced break inside a paragraph)


TABLE: dict[str, C] = {}
for _chars, _cls in (
    ("“‘（《〈【〖〔［｛「『〘〚([{", C.OPEN),  # ASCII ( [ { too: UAX #14 class OP
    ("”’）》〉】〗〕］｝」』〙〛)]}", C.CLOSE),  # ASCII ) ] }: UAX #14 CL/CP
    ("、。，．：；！？‼⁇⁈⁉,.;:!?", C.PAUSE),  # ASCII , . ; : ! ?: UAX #14 IS/EX (never start a line)
    ("—…⋯―", C.DIVIDE),
    ("·・‧", C.MIDDLE),
    ("–～〜-/／", C.CONNECT),
    ("¥￥$＄£￡€№#＃@", C.PREFIX),  # @ opens a handle (@天津女排): kept to what follows, no CJK–Latin space
    ("%％‰℃°′″￠", C.POSTFIX),
    ("々〃〻ゝゞヽヾ", C.ITER),
    (" \t\n\u3000\u00a0", C.SPACE),
    ("\u2028", C.BREAK),
):
    for _ch in _chars:
        TABLE[_ch] = _cls

# Ranges of ideographs (clreq Appendix A): URO, Ext A, compatibility, Ext B–H (plane 2 and 3).
_IDEO_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))


@cache
def cls(ch: str) -> C:
    found = TABLE.get(ch)
    if found is not None:
        return found
    cp = ord(ch)
    for lo, hi in _IDEO_RANGES:
        if lo <= cp <= hi:
            return C.IDEO
    if ch == "〇":
        return C.IDEO
    if ch.isalnum() or ch in "'_&+=~\u00ad":
        return C.LATIN
    if 0x3000 <= cp <= 0x30FF or 0xFF00 <= cp <= 0xFFEF:
        return C.IDEO  # kana, full-width forms: one em, breakable like ideographs
    return C.OTHER


def is_cjk(ch: str) -> bool:
    """Ideographs and CJK punctuation: what the normaliser calls 'Chinese text' (never an ASCII mark)."""
    if ch.isascii():
        return False
    c = cls(ch)
    return c in (C.IDEO, C.OPEN, C.CLOSE, C.PAUSE, C.ITER) or (c is C.DIVIDE and ch != "-") or \
        (c is C.MIDDLE and ch != "·")

