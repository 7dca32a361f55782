"""Prove the table tests can fail: each mutation breaks one thing on purpose and runs the tests that guard
it (tests/mutations.py's machinery; not collected by pytest).

    .venv/bin/python -m tests.tables.mutations            # every mutation
    .venv/bin/python -m tests.tables.mutations T3 T7      # some
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

R = "tests/tables/test_render.py::"
S = "tests/tables/test_source.py::"
ALIGNED = (R + "test_sample_stocks_aligned_marked_coloured",)
MUTATIONS = [
    Mutation("T1", "the decimal point follows the integer part instead of the column's point", "layout/flow/cells.py",
             'out.append(centred(".", n.point, n.point_w))',
             'out.append(centred(".", x - n.point_w, n.point_w))',
             ALIGNED),
    Mutation("T2", "digits at their own widths (not centred in the widest digit's cell)", "layout/flow/cells.py",
             "found = self._centred[(ch, w)] = (key, (w - adv) / 2)", "found = self._centred[(ch, w)] = (key, 0.0)",
             ALIGNED),
    Mutation("T3", "a fall gets the rise's mark", "layout/flow/cells.py",
             "MARKS[marks][0 if value > 0 else 1]", "MARKS[marks][0]", ALIGNED),
    Mutation("T4", "falls in black", "layout/flow/cells.py",
             "    return RISE if value > 0 else FALL", "    return RISE if value > 0 else BLACK", ALIGNED),
    Mutation("T5", "the header only in the first text column", "layout/flow/table.py",
             "    if spec.header:\n        b = baseline(",
             "    if spec.header and rows.start == 0:\n        b = baseline(",
             (R + "test_header_repeated_at_the_top_of_every_text_column",)),
    Mutation("T6", "rows left over are not reported", "layout/flow/table.py",
             "    if done < total:", "    if False:", (S + "test_overset_names_the_table_and_the_rows_left",)),
    Mutation("T7", "a number's places are not checked", "layout/source/table.py",
             " or (places > column.places and not integer):", ":",
             (S + "test_a_bad_cell_names_file_row_column_value_and_type",)),
    Mutation("T8", "CSV rows counted from 0", "layout/source/table.py",
             "            line = reader.line_num + 1", "            line = reader.line_num",
             (S + "test_a_bad_cell_names_file_row_column_value_and_type",)),
    Mutation("T9", "rules thinner than 0.25 pt accepted", "layout/source/table.py",
             "minimum=MIN_RULE", "minimum=0.0", (S + "test_a_thinner_rule_than_a_quarter_point",)),
    Mutation("T10", "a continuing box starts again from the first row", "layout/flow/table.py",
             "                done += share\n", "", (S + "test_a_table_flows_on_into_its_next_box",)),
    Mutation("T11", "table cells are not checked for glyphs", "layout/run/glyphs.py",
             "case TableBox(table=TableRef(spec=TableSpec() as spec, data=TableData() as data, file=file)):",
             "case TableBox(table=TableRef(spec=TableSpec() as spec, data=TableData() as data, file=file)) if False:",
             (S + "test_a_character_no_font_has_is_an_error_at_its_row",)),
    Mutation("T13", "`layout check` exits 0 with an overset table", "layout/cli/reports.py",
             "(any(d.code in OVERSET_CODES for d in laid.warnings) or laid.flowed.table_problems)", "False",
             (S + "test_check_and_render_exit_1_on_an_overset_table",)),
    Mutation("T14", "the table's data file is not among the edition's inputs", "layout/output/plates.py",
             "files += [folder / b.table.file for b in boxes if isinstance(b, TableBox)]",
             "files += []", (S + "test_the_data_file_is_part_of_the_editions_inputs",)),
    Mutation("T15", "no marks without colour", "layout/flow/cells.py",
             "    if column.kind.signed and value != 0:", "    if column.kind.signed and value != 0 and False:",
             (R + "test_black_only_with_signs_still_marks_every_rise_and_fall",)),
    Mutation("T16", "numbers too wide for their column go unreported", "layout/flow/cells.py",
             "                   block <= width - pad + 0.01)", "                   True)",
             (S + "test_numbers_too_wide_for_their_column_are_reported",)),
    Mutation("T12", "the halted row gets no 停牌", "layout/flow/cells.py",
             "    text = cell.text if first else \"—\"", "    text = \"—\"",
             (R + "test_other_rows_of_the_same_header_render_without_touching_the_plan",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
