"""Prove the region and justification tests can fail: each mutation breaks the code on purpose and runs the
tests that guard it (with the runner of tests/mutations.py), which must go red.

    .venv/bin/python tests/text/mutations.py          # every mutation
    .venv/bin/python tests/text/mutations.py R3 R8    # some

(R9–R11 are guarded by the workplace's pdfcheck: where it is not installed their tests skip, and the
mutation is reported as surviving.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

R = "tests/text/test_region.py::"
M = "tests/text/test_mixed.py::"
MUTATIONS = [
    Mutation("R1", "不压缩 leaves the marks' blanks compressible", "layout/text/units.py",
             "    elif punct is PunctStyle.NONE:", "    elif False:",
             (R + "test_no_compression_keeps_every_mark_a_full_em",
              R + "test_no_compression_pushes_out_instead_of_in")),
    Mutation("R2", "the locl forms of the region's language system are not drawn", "layout/fonts/face.py",
             "    if lang:\n        locl = locl_map(font, lang)", "    if False:\n        locl = locl_map(font, lang)",
             (R + "test_locl_gives_the_taiwan_forms", R + "test_tw_marks_are_centred_full_and_cornered")),
    Mutation("R3", "a face without the region's forms keeps its own marks", "layout/fonts/fontset.py",
             "            faces = sorted(faces, key=lambda f: ord(ch) not in f.localised)", "            pass",
             (R + "test_tw_marks_are_centred_full_and_cornered",)),
    Mutation("R4", "an article using both kinds of quotation marks is converted anyway", "layout/text/region.py",
             "    if any(ch in own for text in _texts(article) for ch in text):", "    if False:",
             (R + "test_an_article_is_converted_with_a_note_unless_it_uses_its_regions_marks",)),
    Mutation("R5", "an apostrophe is taken for a closing quotation mark", "layout/text/region.py",
             """(ch == "’" and _apostrophe(text, i))""", "False",
             (R + "test_quotes_take_the_regions_nesting",)),
    Mutation("R6", "a Taiwan paper compresses its marks", "layout/style/load.py",
             "    return PunctStyle.HALF_AT_END if region is Region.CN else PunctStyle.NONE",
             "    return PunctStyle.HALF_AT_END",
             (R + "test_region_in_a_style", R + "test_tw_marks_are_centred_full_and_cornered")),
    Mutation("R7", "headlines ignore the region's punctuation", "layout/text/headline.py",
             ", punctuation=part.punctuation)", ")",
             (R + "test_region_in_a_style",)),
    Mutation("R8", "articles keep the other region's quotation marks", "layout/source/edition.py",
             "    articles, notes = paper_articles(raw, style)",
             "    articles, notes = raw, ()",
             (R + "test_tw_marks_are_centred_full_and_cornered", R + "test_traditional_edition")),
    Mutation("R9", "justification opens the gap between a bracket and its word", "layout/text/items.py",
             "    return bracketed(a, b) or (a.latin", "    return (a.latin",
             (R + "test_justification_never_opens_a_bracket_around_a_latin_word",)),
    Mutation("R10", "justification opens the gap between a word and its ASCII mark", "layout/text/items.py",
             "(a.latin and b.first is C.PAUSE and b.chars.isascii())", "False",
             (M + "test_no_space_opened_in_or_beside_a_latin_word",)),
    Mutation("R11", "the ideographic space after 本报讯 is stretched", "layout/text/items.py",
             """        or a.chars == "\\u3000" or b.chars == "\\u3000\"""", "        or False",
             (M + "test_pdfcheck_finds_nothing_wrong",)),
    Mutation("R12", "total fit never moves a URL whole to the next line", "layout/text/totalfit.py",
             "            if _before_url(items, e):", "            if False:",
             (M + "test_pdfcheck_finds_nothing_wrong",)),
    Mutation("R13", "URLs break only after / . ? and before # & = @ again", "layout/text/units.py",
             '''r"[-#&=@]?[^-/.?_#&=@]*[/.?_]*"''', '''r"[#&=@]?[^/.?#&=@]*[/.?]*"''',
             (R + "test_url_parts_break_after_underscore_and_before_hyphen",)),
    Mutation("R14", "a bold range keeps its old positions after a phrase changed length", "layout/text/convert.py",
             "Span(where[s.start], where[s.end], s.kind)", "Span(s.start, s.end, s.kind)",
             (R + "test_simplified_to_traditional_by_phrase",)),
    Mutation("R15", "the conversion ignores the style's phrases to keep", "layout/text/convert.py",
             "    if not keep:\n        return convert(text)", "    if True:\n        return convert(text)",
             (R + "test_simplified_to_traditional_by_phrase",)),
    Mutation("R16", "a number in brackets takes justification stretch again", "layout/text/items.py",
             "    return (a.last is C.OPEN and b.latin) or (a.latin and b.first is C.CLOSE)",
             "    return (a.last is C.OPEN and b.latin and any(ch.isalpha() for ch in b.chars)) "
             "or (a.latin and any(ch.isalpha() for ch in a.chars) and b.first is C.CLOSE)",
             (R + "test_justification_never_opens_a_bracket_around_a_number",
              M + "test_no_space_opened_in_or_beside_a_latin_word")),
    Mutation("R17", "a title inside a title keeps its double marks", "layout/text/region.py",
             "        out[slug], n = _mapped(out[slug], nest_titles)", "        n = 0",
             (R + "test_nested_titles_are_converted_in_every_region_with_a_note",)),
    Mutation("R18", "a title two levels down is set with single marks too", "layout/text/region.py",
             "if o2 < o and c < c2) % 2:", "if o2 < o and c < c2):",
             (R + "test_a_title_inside_a_title_takes_single_marks",)),
    Mutation("R19", "a mark without its partner counts as an outer title", "layout/text/region.py",
             "        elif ch == \"》\" and opens:\n            pairs.append((opens.pop(), i))",
             "        elif ch == \"》\" and opens:\n            pairs.append((opens.pop(0), i))",
             (R + "test_a_title_inside_a_title_takes_single_marks",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
