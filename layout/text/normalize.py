"""The normaliser (docs/text-engine.md §2): ASCII punctuation in Chinese text → full-width, quotes → “”‘’,
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


# Where each character went: for every position 0..len(source) of a text, its position in the result (a
# character replaced by two, such as — → ——, goes to the first; a dropped one to the character after it).
Where = list[int]
Step = Where | None  # inside: None when a step moved nothing (most steps on most text)

# What a URL or an e-mail address is to the rules around it while a pass runs: one character of no class
# (not Chinese, not a digit, not ASCII), so a mark beside a URL is judged as before. It stands only in the
# pass's own working copy; the result is rebuilt from the pieces by position, never by looking for it.
_ATOM = "\ufffc"


def normalize(text: str, spaces: bool = True) -> str:
    """Normalise until stable (a mark turned full-width can make its neighbour count as Chinese). With
    `spaces` False the spaces between Chinese characters stay: in a headline they mark where it may
    break, in a byline they separate names."""
    return normalize_mapped(text, spaces)[0]


def normalize_mapped(text: str, spaces: bool = True) -> tuple[str, Where]:
    """`normalize`, and where each character of `text` went (`Where`). URLs and e-mail addresses are kept
    as they are by splitting the text on them (no marker is put into the text: any character, those of
    the Private Use Area where a paper keeps its own 造字 too, passes through as it is)."""
    where: Step = None
    for _ in range(len(text) + 1):  # each pass changes something or stops
        new, step = _normalize_once(text)
        if new == text:
            break
        text, where = new, _compose(where, step)
    if spaces:
        text, step = _stray_spaces(text)
        where = _compose(where, step)
    return text, list(range(len(text) + 1)) if where is None else where


def _compose(first: Step, then: Step) -> Step:
    if first is None or then is None:
        return then if first is None else first
    return [then[i] for i in first]


def _sub(pattern: re.Pattern[str], repl: str, text: str, keep: list[tuple[int, int]] | None = None) -> \
        tuple[str, Step]:
    """`pattern.sub(repl, text)` with where each character went (None: nothing matched); with `keep`, the
    spans (start, end) that are kept as they are: the pattern runs on each piece between them on its own."""
    pieces = [(0, len(text))] if not keep else _between(keep, len(text))
    if not any(pattern.search(text[lo:hi]) for lo, hi in pieces):
        return text, None
    parts: list[str] = []
    where = [0] * (len(text) + 1)
    last = j = 0
    for lo, hi in pieces:
        for m in pattern.finditer(text[lo:hi]):  # a slice: a look-behind must not see past the piece
            a, b = lo + m.start(), lo + m.end()
            where[last:a] = range(j, j + a - last)
            parts += [text[last:a], repl]
            j += a - last
            where[a:b] = [j] * (b - a)
            j += len(repl)
            last = b
    where[last:] = range(j, j + len(text) - last + 1)
    parts.append(text[last:])
    return "".join(parts), where


def _between(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, last = [], 0
    for a, b in spans:
        out.append((last, a))
        last = b
    return [*out, (last, length)]


def _normalize_once(text: str) -> tuple[str, Step]:
    """One pass of the rules over `text`, its URLs split off: the rules run on a working copy in which each
    URL is one neutral character (`_ATOM`), and the URLs are put back by position afterwards."""
    urls = [m.span() for m in _URL.finditer(text)]
    if not urls:
        return _marks(text)
    view, step = _sub(_URL, _ATOM, text)
    view, then = _marks(view)
    where = _compose(step, then)
    assert where is not None  # each URL became one character
    out: list[str] = []
    atoms = [where[a] for a, _b in urls]  # each URL's place in the working copy
    shift = [0] * (len(view) + 1)
    last = added = 0
    for (a, b), at in zip(urls, atoms, strict=True):
        shift[last : at + 1] = [added] * (at + 1 - last)
        out += [view[last:at], text[a:b]]
        added += b - a - 1
        last = at + 1
    shift[last:] = [added] * (len(view) + 1 - last)
    out.append(view[last:])
    final = [w + shift[w] for w in where]
    for a, b in urls:  # a URL's characters go one for one
        final[a:b] = range(final[a], final[a] + b - a)
    return "".join(out), final


_DASH2 = re.compile(r"(?<!-)--(?!-)")
_DOTS = re.compile(r"\.\.\.\.{0,3}")
_DASH1 = re.compile(r"(?<![—\d])—(?![—\d])")  # a lone em dash used as a dash (not 2023—2035)
# spaces between CJK and Latin/digits go: the engine sets its own ¼-em space there (not beside a quote:
# “ ” may belong to an English phrase, whose word spaces stay)
_SPACE_CL = re.compile(r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]) +(?=[A-Za-z0-9])")
_SPACE_LC = re.compile(r"(?<=[A-Za-z0-9%]) +(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])")


def _marks(text: str) -> tuple[str, Step]:
    """The rules of one pass: dashes and dots, full-width marks, brackets, quotes, CJK–Latin spaces."""
    where: Step = None
    for pattern, repl in ((_DASH2, "——"), (_DOTS, "……"), (_DASH1, "——")):
        text, step = _sub(pattern, repl, text)
        where = _compose(where, step)
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
    for pattern in (_SPACE_CL, _SPACE_LC):
        result, step = _sub(pattern, "", result)
        where = _compose(where, step)
    return result, where


_CJK = "\u3400-\u9fff"
# names after a role word keep their spaces: （记者 于春涛 刘国栋）, 通讯员 李明
_NAMES = re.compile(rf"(?:记者|通讯员|实习生|见习记者|摄影|摄|编辑|校对)(?: +[{_CJK}]{{2,4}})+")
_STRAY = re.compile(rf"(?<=[{_CJK}，。、；：！？”’）》]) +(?=[{_CJK}“‘（《])|(?<=[{_CJK}]) +(?=[.,;:!?])")


def _stray_spaces(text: str) -> tuple[str, Step]:
    """Spaces pasted between Chinese characters (and before an ASCII mark after one) go; the spaces between
    names after a role word (记者 张骁) stay: the text is split on them, each piece judged on its own."""
    return _sub(_STRAY, "", text, keep=[m.span() for m in _NAMES.finditer(text)])


def stray_spaces(text: str) -> int:
    """How many stray spaces `normalize` drops from `text` (for `layout normalize`'s notes)."""
    return len(text) - len(_stray_spaces(text)[0])


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
