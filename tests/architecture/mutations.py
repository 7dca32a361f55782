"""Prove the house tests can fail (the shape of the package: cycles, citations, codes, the kill seam, the
wheel): each mutation breaks the code on purpose and runs the tests that guard it, which must go red.

    .venv/bin/python tests/architecture/mutations.py          # every mutation
    .venv/bin/python tests/architecture/mutations.py H1 H4    # some
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

A = "tests/architecture/"
CODES = "tests/errors/test_codes.py::"
PLACES = "tests/source/test_box_places.py::"
MUTATIONS = [
    Mutation("H1", "the commit no longer passes its kill seam after a rename", "layout/output/commit.py",
             '_fault(f"renamed-{k + 1}")', "pass",
             ("tests/zones/test_replates.py::test_the_manifest_is_the_last_file_of_the_set",)),
    Mutation("H2", "zone.py imports edition.py again, inside a function", "layout/source/zone.py",
             '    """The articles a page draws from: its stories and headlines, and the articles of its photos."""\n',
             '    """The articles a page draws from: its stories and headlines, and the articles of its photos."""\n'
             "    from layout.source.edition import PLAN_FILE  # noqa: F401\n",
             (A + "test_structure.py::test_no_import_cycle_between_modules",)),
    Mutation("H3", "an installed package looks for styles/ next to site-packages", "layout/infra/paths.py",
             "if isinstance(shipped, Path) and shipped.is_dir():", "if False:",
             (A + "test_install.py",)),
    Mutation("H4", "an unknown story has no code", "layout/source/plan.py",
             'code="unknown-story")', ")",
             (CODES + "test_every_diagnostic_of_the_input_stages_has_a_code",
              CODES + "test_json_errors_carry_the_code")),
    Mutation("H5", "--json drops the code", "layout/desk/reports/jsonout.py",
             '"kind": d.kind.value, "code": d.code}', '"kind": d.kind.value}',
             (CODES + "test_json_errors_carry_the_code",)),
    Mutation("H6", "an allowed overset's warning loses its code", "layout/run/pipeline.py",
             "code=d.code) for d in overset]", ") for d in overset]",
             (CODES + "test_a_malformed_plan_and_an_overset_story_carry_theirs",)),
    Mutation("H7", "a rule the code cites is missing from text-engine.md", "docs/text-engine.md",
             '<a id="rule-3"></a>', '<a id="rule-three"></a>',
             (A + "test_structure.py::test_code_and_docs_cite_only_files_in_the_repository",)),
    Mutation("H8", "a zone's imprint counts like a main edition's", "layout/compose/imprint.py",
             "if edition.zone is not None:", "if False:",
             ("tests/zones/test_load.py::test_the_imprint_brackets_count_the_family",)),
    Mutation("H9", "a box's grid place mixes up column and line", "layout/source/plan.py",
             'return GridPlace(int(at["col"]), int(at["span"]), int(at["line"]), int(at["lines"]))',
             'return GridPlace(int(at["line"]), int(at["span"]), int(at["col"]), int(at["lines"]))',
             (PLACES + "test_every_box_carries_the_grid_place_its_plan_writes",)),
    Mutation("H10", "a box placed in mm forgets its unit", "layout/source/plan.py",
             'return LengthPlace(x, y, w, h, unit_written(at.get("width")))', 'return LengthPlace(x, y, w, h, "pt")',
             (PLACES + "test_a_box_placed_in_lengths_keeps_them_as_written",)),
    Mutation("H11", "check --json opens the plan again", "layout/desk/reports/jsonout.py",
             '"boxes": [box_json(b) for b in p.boxes]}',
             '"boxes": [box_json(b) for b in p.boxes] if open(edition.file) else []}',
             (PLACES + "test_check_json_does_not_read_the_plan_again",)),
    Mutation("H12", "the hover says the grid place in the wrong order", "layout/lsp/hover.py",
             "case GridPlace(col, span, line, lines):", "case GridPlace(span, col, line, lines):",
             (PLACES + "test_a_box_placed_in_lengths_keeps_them_as_written",)),
    Mutation("H13", "a zone's kept photo boxes read from the zone's folder", "layout/source/zone.py",
             "            case ImageBox(image=image):", "            case ImageBox(image=image) if False:",
             ("tests/zones/test_load.py::test_the_seed_zone_inherits_the_main_editions_pages_and_adds_page_13",)),
    Mutation("H14", "a vertical headline box is set as a horizontal one", "layout/compose/page.py",
             "            case HeadlineBox(vertical=True):", "            case HeadlineBox(vertical=True) if False:",
             ("tests/vertical/test_pdf.py::test_the_vertical_heads_are_columns",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
