"""layout/text/hyphen.py reads pyphen's dictionaries without pyphen: the same file for a language, the same
patterns, the same points for every word (docs/text-engine.md §5a)."""

from __future__ import annotations

import re
from pathlib import Path

import pyphen
import pytest

from layout.text import hyphen
from layout.text.hyphen import PatternHyphenator, dictionary_file, hyphenator, read_patterns
from layout.text.units import HYPHEN_LEFT, HYPHEN_RIGHT

SAMPLE = Path(__file__).resolve().parents[2] / "docs"
# the languages a paper would name; every dictionary's patterns are compared in the slow test below
LANGS = ("en_US", "en_GB", "de_DE", "fr", "es", "it_IT", "nl_NL", "pt_BR", "ru_RU", "pl_PL")


def words() -> list[str]:
    """Every word of 6+ letters in the repository's docs, and a few awkward ones."""
    text = " ".join(p.read_text("utf-8") for p in sorted(SAMPLE.glob("*.md")))
    found = sorted({w for w in re.findall(r"[^\W\d_]{6,}", text)})
    return [*found, "hyphenation", "Typesetting", "ÉCOLE", "straße", "nonstandard", "a", "", "xylophone"]


def test_the_file_of_a_language_is_pyphens() -> None:
    names = [*pyphen.LANGUAGES, "en", "EN-us", "de_CH_1901", "pt-BR-x", "xx_YY", "zz"]
    for name in names:
        fallback = pyphen.language_fallback(name)
        expected = pyphen.LANGUAGES[fallback] if fallback else None
        assert dictionary_file(name) == (Path(expected) if expected else None), name


@pytest.mark.parametrize("lang", LANGS)
def test_the_points_of_every_word_are_pyphens(lang: str) -> None:
    ours = hyphenator(lang, HYPHEN_LEFT, HYPHEN_RIGHT)
    theirs = pyphen.Pyphen(lang=lang, left=HYPHEN_LEFT, right=HYPHEN_RIGHT)
    for word in words():
        assert ours.positions(word) == theirs.positions(word), (lang, word)


def test_en_us_is_read_here_not_by_pyphen() -> None:
    assert not isinstance(hyphenator("en_US", HYPHEN_LEFT, HYPHEN_RIGHT), pyphen.Pyphen)


@pytest.mark.slow
def test_every_dictionary_reads_as_pyphen_reads_it() -> None:
    taken = 0
    for path in sorted(set(pyphen.LANGUAGES.values())):
        patterns = read_patterns(Path(path))
        if patterns is None:
            continue  # left to pyphen
        taken += 1
        expected = pyphen.HyphDict(Path(path))
        assert patterns == {k: (s, tuple(int(v) for v in vs)) for k, (s, vs) in expected.patterns.items()}, path
        assert PatternHyphenator(patterns).maxlen == expected.maxlen
    assert taken > len(set(pyphen.LANGUAGES.values())) // 2


def test_a_line_only_pyphen_reads_leaves_the_dictionary_to_pyphen(tmp_path: Path) -> None:
    for odd in ("a12b", "^^e9b1c", "ff1f/f=f,1,2"):
        dic = tmp_path / "hyph_xx_XX.dic"
        dic.write_text(f"UTF-8\nLEFTHYPHENMIN 2\n.ab1c\n{odd}\n", "utf-8")
        assert read_patterns(dic) is None, odd
    dic.write_text("UTF-8\n% a comment\n.ab1c\n2b1c0\n4ab\n", "utf-8")
    assert read_patterns(dic) == {".abc": (3, (1,)), "bc": (0, (2, 1)), "ab": (0, (4,))}
    assert read_patterns(dic) == {k: (s, tuple(vs)) for k, (s, vs) in pyphen.HyphDict(dic).patterns.items()}


def test_a_language_without_a_dictionary_is_pyphens_to_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hyphen, "dictionary_file", lambda lang: None)
    hyphenator.cache_clear()
    try:
        with pytest.raises(KeyError):
            hyphenator("xx_YY", HYPHEN_LEFT, HYPHEN_RIGHT)
    finally:
        hyphenator.cache_clear()
