"""Prove the vertical-text tests can fail: each mutation breaks the vertical code on purpose and runs the
tests that guard it (with the runner of tests/mutations.py), which must go red.

    .venv/bin/python tests/vertical/mutations.py          # every mutation
    .venv/bin/python tests/vertical/mutations.py V3 V5    # some
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

P = "tests/vertical/test_positions.py"
D = "tests/vertical/test_pdf.py"
F = "tests/vertical/test_flow.py"
R = "tests/vertical/test_region.py"
MUTATIONS = [
    Mutation("V1", "no 纵中横: every number turned", "layout/text/vertical.py",
             "if j - i <= tcy_digits and not _latin_neighbour(glyphs, i, j)}",
             "if False}",
             (P + "::test_a_two_digit_number_is_set_across_one_em_cell",
              D + "::test_every_character_on_its_column_axis")),
    Mutation("V2", "upright characters drawn in the horizontal glyphs (no vertical forms)",
             "layout/compose/vertical.py",
             "return TextRun(axis - width / 2, top + g.x + ASCENT * size, ch, vertical_key(font), size)",
             "return TextRun(axis - width / 2, top + g.x + ASCENT * size, ch, font, size)",
             (P + "::test_a_column_of_characters_stands_on_the_axis_one_em_apart",
              D + "::test_stops_and_commas_sit_in_the_upper_right_of_their_cell")),
    Mutation("V3", "the vert feature is not read: the face's horizontal glyphs", "layout/fonts/vertical.py",
             "glyphs = {cp: ids[vert.get(name, name)] for cp, name in cmap.items()}",
             "glyphs = {cp: ids[name] for cp, name in cmap.items()}",
             (D + "::test_stops_and_commas_sit_in_the_upper_right_of_their_cell",)),
    Mutation("V4", "vertical lines counted from the left", "layout/model/geometry.py",
             "return area.right - spare / 2 - (index + 1) * grid.line",
             "return area.x + spare / 2 + index * grid.line",
             (F + "::test_a_vertical_story_jumps_with_vertical_jump_lines",
              D + "::test_the_story_extracts_in_reading_order")),
    Mutation("V5", "Latin letters drawn upright, not turned", "layout/text/vertical.py",
             "out.append(Cell(Orient.UPRIGHT if i in acronym or upright(g.text) else Orient.TURNED, (g,)))",
             "out.append(Cell(Orient.UPRIGHT, (g,)))",
             (P + "::test_a_latin_word_is_turned_clockwise_down_the_column",
              P + "::test_three_digits_are_turned_not_squeezed")),
    Mutation("V6", "digits a full advance down the column", "layout/text/vertical.py",
             "return found[0], DIGIT_ADVANCE", "return found",
             (P + "::test_the_digits_of_a_turned_number_are_half_an_em_each",)),
    Mutation("V7", "a vertical box broken at its width (horizontal measure)", "layout/flow/story.py",
             "return [h for _y, h in tier_spans(box, style.grid)], vertical_lines(box, style.grid)",
             "return [w for _x, w in column_spans(box, style.grid)], vertical_lines(box, style.grid)",
             (F + "::test_vertical_lines_run_right_to_left_as_long_as_the_box_is_tall",)),
    Mutation("V8", "the jump line in the first tier, not the last", "layout/flow/story.py",
             "        if c == len(cols) - 1:\n            placed += [(ln, jump_style, Role.JUMP) for ln in jump]",
             "        if c == 0:\n            placed += [(ln, jump_style, Role.JUMP) for ln in jump]",
             (F + "::test_the_jump_line_ends_the_last_tier",)),
    Mutation("V9", "a 竖题's columns always left to right", "layout/compose/vertical.py",
             "x = at.x + shift + axis if left_to_right else at.right - shift - axis",
             "x = at.x + shift + axis",
             (D + "::test_the_vertical_heads_are_columns",)),
    Mutation("V10", "turned glyphs not rotated in the PDF", "layout/render/textstream.py",
             "a, b, c, d = (0.0, -run.scale, 1.0, 0.0) if run.turned else (run.scale, 0.0, 0.0, 1.0)",
             "a, b, c, d = (run.scale, 0.0, 0.0, 1.0)",
             (D + "::test_every_character_on_its_column_axis",)),
    Mutation("V11", "acronyms measured at their letters' width", "layout/text/units.py",
             "        if upright_acronym(chars, metrics):", "        if False:",
             (P + "::test_an_acronym_stands_upright_one_capital_per_cell",)),
    Mutation("V12", "acronyms drawn turned", "layout/text/vertical.py",
             "Orient.UPRIGHT if i in acronym or upright(g.text)", "Orient.UPRIGHT if upright(g.text)",
             (P + "::test_an_acronym_stands_upright_one_capital_per_cell",)),
    Mutation("V14", "a 纵中横 number measured at its digits' width", "layout/text/units.py",
             "        elif tcy_number(chars, metrics):", "        elif False:",
             (P + "::test_a_lone_digit_fills_its_cell_and_three_digits_by_option",
              P + "::test_a_pair_of_wide_digits_is_squeezed_into_its_one_em_cell")),
    Mutation("V15", "corner_quotes ignored when drawing", "layout/compose/vertical.py",
             "        ch = ch.translate(CORNER)", "        pass",
             (P + "::test_quotation_marks_as_corner_brackets_where_the_style_says",)),
    Mutation("V16", "corner_quotes not read from the style file", "layout/style/load.py",
             'corner_quotes=f.boolean((*p, "corner_quotes"), False),', "",
             (P + "::test_corner_quotes_is_a_paragraph_style_key",)),
    Mutation("V17", "the vertical dash not stretched down the em", "layout/render/subset.py",
             "    vertical = is_vertical_key(source.key)\n", "    vertical = False\n",
             (F + "::test_rendered_jump_lines_run_down_one_axis",)),
    Mutation("V13", "overset counted at the box's width", "layout/flow/story.py",
             "measure = _shape(last, 0, story.style)[0][-1]", "measure = column_spans(last, story.style.grid)[-1][1]",
             (F + "::test_overset_is_counted_in_vertical_lines",)),
    Mutation("V18", "vertical forms without the region's locl forms", "layout/fonts/vertical.py",
             "cmap, vert, ids = glyph_cmap(font, face.lang), vert_map(font, face.lang),",
             "cmap, vert, ids = glyph_cmap(font), vert_map(font, face.lang),",
             (R + "::test_taiwan_sets_stops_and_commas_centred_in_vertical_lines[tw]",)),
    Mutation("V19", "vert read from ZHS whatever the region", "layout/fonts/vertical.py",
             'langsys = _langsys(table, lang or "ZHS")', 'langsys = _langsys(table)',
             (R + "::test_taiwan_sets_stops_and_commas_centred_in_vertical_lines[tw]",)),
    Mutation("V20", "禁则 ignore line-start marks", "layout/text/kinsoku.py",
             "    return before not in NOT_END[level] and after not in NOT_START[level]",
             "    return before not in NOT_END[level]",
             (D + "::test_no_vertical_line_on_the_page_starts_with_a_closing_mark",)),
    Mutation("V21", "Taiwan compresses punctuation as the mainland does", "layout/style/load.py",
             "    return PunctStyle.HALF_AT_END if region is Region.CN else PunctStyle.NONE",
             "    return PunctStyle.HALF_AT_END",
             (R + "::test_taiwan_marks_keep_their_full_em_down_the_column",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
