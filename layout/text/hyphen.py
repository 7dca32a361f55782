"""Dictionary hyphenation points (docs/text-engine.md §5a): pyphen's dictionaries, read without pyphen.

pyphen (pinned in pyproject.toml) ships the hunspell `hyph_*.dic` pattern files and finds a word's points
by Liang's algorithm. Importing it and parsing its en_US patterns took 0.13 s of every fresh render (its
parser runs a regular expression, a zip and a generator per pattern line, 11,000 lines). This module finds
the same file for a language as pyphen does, reads the plain pattern lines in one pass, and applies the
same algorithm: the points are pyphen's, which tests/text/test_hyphen.py checks pattern by pattern and word
by word against pyphen itself. A dictionary holding a line this reader does not take (a `^^hh` escape, a
non-standard hyphenation `/…=…`, two digits in a row) is left to pyphen, as is a language it cannot find.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Protocol

IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
Patterns = dict[str, tuple[int, tuple[int, ...]]]  # letters → (offset of the first value, the values)


class Hyphenator(Protocol):
    def positions(self, word: str) -> list[int]:
        """Where `word` may be hyphenated (before the character at each index)."""
        ...


@cache
def languages() -> dict[str, Path]:
    """pyphen's `LANGUAGES`: each dictionary by its full name (en_US) and by its short one (en, the first
    in name order)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or spec.origin is None:
        return {}
    folder = Path(spec.origin).parent / "dictionaries"
    out: dict[str, Path] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.suffix == ".dic":
            name = path.name[5:-4]
            out[name] = path
            out.setdefault(name.split("_")[0], path)
    return out


def dictionary_file(lang: str) -> Path | None:
    """pyphen's `LANGUAGES[language_fallback(lang)]`: the language, else its parent (de_CH_1901 → de_CH → de)."""
    found = languages()
    lower = {name.lower(): name for name in found}
    parts = lang.replace("-", "_").lower().split("_")
    while parts:
        name = lower.get("_".join(parts))
        if name is not None:
            return found[name]
        parts.pop()
    return None


def read_patterns(path: Path) -> Patterns | None:
    """The patterns of a `hyph_*.dic` file as pyphen reads them, or None if a line needs pyphen's own
    reader (see the module's description)."""
    with path.open("rb") as fd:
        encoding = fd.readline().decode()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns: Patterns = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        pattern = line.strip()
        if not pattern or pattern.startswith(IGNORED):
            continue
        if "^^" in pattern or ("/" in pattern and "=" in pattern):
            return None
        letters: list[str] = []
        values = [0]  # values[k]: the digit before letter k (the last: after the last letter)
        digit = False
        for ch in pattern:
            if ch.isdecimal():  # what `\d` matches in pyphen's reader
                if digit:
                    return None
                values[-1], digit = int(ch), True
            else:
                letters.append(ch)
                values.append(0)
                digit = False
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns["".join(letters)] = start, tuple(values[start:end])
    return patterns


class PatternHyphenator:
    """Liang's algorithm over one dictionary's patterns (pyphen's `HyphDict.positions`)."""

    def __init__(self, patterns: Patterns) -> None:
        self.patterns = patterns
        self.maxlen = max((len(key) for key in patterns), default=0)
        self.cache: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        word = word.lower()
        points = self.cache.get(word)
        if points is None:
            pointed = f".{word}."
            values = [0] * (len(pointed) + 1)
            patterns, maxlen = self.patterns, self.maxlen
            for i in range(len(pointed) - 1):
                for j in range(i + 1, min(i + maxlen, len(pointed)) + 1):
                    found = patterns.get(pointed[i:j])
                    if found is None:
                        continue
                    offset, marks = found
                    at = slice(i + offset, i + offset + len(marks))
                    values[at] = map(max, marks, values[at])
            points = self.cache[word] = [i - 1 for i, v in enumerate(values) if v % 2]
        return points


@cache
def hyphenator(lang: str, left: int, right: int) -> Hyphenator:
    """The hyphenation points of a language's dictionary (pyphen's `Pyphen(lang=…, left=…, right=…)`: no
    point fewer than `left` characters from a word's start or `right` from its end)."""
    path = dictionary_file(lang)
    patterns = read_patterns(path) if path is not None else None
    if patterns is None:
        import pyphen  # a dictionary or language only pyphen reads

        return pyphen.Pyphen(lang=lang, left=left, right=right)  # type: ignore[no-any-return]
    return _Bounded(PatternHyphenator(patterns), left, right)


class _Bounded:
    def __init__(self, inner: PatternHyphenator, left: int, right: int) -> None:
        self.inner, self.left, self.right = inner, left, right

    def positions(self, word: str) -> list[int]:
        right = len(word) - self.right
        return [i for i in self.inner.positions(word) if self.left <= i <= right]
