"""Prove the diagnostics and language-server tests can fail (issue 30): each mutation breaks the code on
purpose and runs the tests that guard it (with the runner of tests/mutations.py), which must go red.

    .venv/bin/python tests/lsp/mutations.py            # every mutation
    .venv/bin/python tests/lsp/mutations.py DG1 L1     # some
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

G = "tests/diag/"
L = "tests/lsp/test_stdio.py::"
TWO = G + "test_messages.py::test_two_unrelated_errors_in_one_plan_are_both_reported_with_snippets"
MUTATIONS = [
    Mutation("DG1", "no marker under the span", "layout/infra/snippets.py",
             "        out += f\"\\n{pad} | {' ' * width(escape_controls(text[:start], keep_newlines=False))}{marker}\"",
             "        pass", (TWO,)),
    Mutation("DG2", "a plan's boxes stop at the first problem", "layout/source/plan.py",
             "            boxes.append(_box(f, (*p, \"boxes\", i), number, style, articles, sandbox, bookings))\n"
             "        except LayoutError as exc:\n            problems += exc.diagnostics",
             "            boxes.append(_box(f, (*p, \"boxes\", i), number, style, articles, sandbox, bookings))\n"
             "        except LayoutError:\n            raise", (TWO,)),
    Mutation("DG3", "--diagnostic-format short ignored", "layout/cli/base.py",
             'for text in render_all(diags, form or "rich"):', 'for text in render_all(diags, "rich"):',
             (G + "test_messages.py::test_short_form_is_one_line_per_problem",)),
    Mutation("DG4", "problems not grouped by file in source order", "layout/infra/snippets.py",
             "    return sorted(diags, key=lambda d: (first[d.file or \"\"], d.line or 0, d.col or 0))",
             "    return diags", (G + "test_messages.py::test_grouped_by_file_in_source_order_and_bounded",)),
    Mutation("DG5", "the full-width colon not recognised", "layout/infra/yamlio/slips.py",
             '    if colon == "\\uFF1A":', "    if False:",
             (G + "test_ime.py::test_each_slip_is_named_at_its_place_with_the_corrected_line",
              G + "test_ime.py::test_the_plan_names_the_slip_on_its_own_line_not_pyyamls_later_one")),
    Mutation("DG6", "U+3000 indentation not recognised", "layout/infra/yamlio/slips.py",
             '    if "\\u3000" in raw[:indent]:', "    if False:",
             (G + "test_ime.py::test_each_slip_is_named_at_its_place_with_the_corrected_line",)),
    Mutation("DG7", "a full-width title in front matter taken for a slip", "layout/infra/yamlio/slips.py",
             "found = _line_slip(raw, numbers=offset_lines == 0)", "found = _line_slip(raw, numbers=True)",
             (G + "test_ime.py::test_a_title_in_front_matter_may_be_full_width_digits",)),
    Mutation("DG8", "a shortfall of text lines rounded down to grid lines", "layout/run/overset.py",
             "else -((-text_lines + columns - 1) // columns)", "else -(-text_lines // columns)",
             (G + "test_items.py::test_grid_lines_round_a_shortfall_up_and_a_surplus_down",)),
    Mutation("DG9", "overset a warning in check again", "layout/cli/reports.py",
             "else replace(d, level=Level.ERROR)", "else d",
             (G + "test_items.py::test_overset_is_an_error_in_check_as_in_render",)),
    Mutation("DG10", "an article's photo path blamed on the plan", "layout/source/plan.py",
             "        if named_at is None:\n", "        if True:\n",
             (G + "test_items.py::test_a_mistyped_photo_path_is_blamed_on_the_articles_line_with_a_did_you_mean",)),
    Mutation("DG11", "the 报眉 hint one line too low", "layout/source/plan.py",
             'f"start it at line {style.folio.lines + 1} or lower',
             'f"start it at line {style.folio.lines + 2} or lower',
             (G + "test_items.py::test_the_folio_hint_names_the_first_free_line_and_that_line_works",)),
    Mutation("DG12", "serve says the warnings again after a recovery", "layout/desk/state.py",
             "            self._said |= before", "            pass",
             (G + "test_serve_echo.py",)),
    Mutation("DG13", "a box in mm reported in pt", "layout/source/plan.py",
             'u = unit_written(at.get("width"))', 'u = "pt"',
             (G + "test_items.py::test_lengths_are_said_in_the_unit_the_user_wrote",)),
    Mutation("DG14", "--pages beyond the plan blamed on edition.yaml", "layout/run/pipeline.py",
             'f"--pages {unknown[0]}: no page {unknown[0]} in this edition "',
             'f"no page {unknown[0]} in this edition "',
             (G + "test_items.py::test_pages_beyond_the_plan_is_blamed_on_the_option",)),
    Mutation("DG15", "the photo's did-you-mean lost", "layout/infra/imagefiles.py",
             "        guess = did_you_mean(path.name, _siblings(path.parent))", '        guess = ""',
             (G + "test_items.py::test_a_mistyped_photo_path_is_blamed_on_the_articles_line_with_a_did_you_mean",)),
    Mutation("DG16", "every text line leads to the story's first paragraph", "layout/desk/paragraphs.py",
             "        line = numbers[min(bisect.bisect_right(ends, start), len(numbers) - 1)]",
             "        line = numbers[0]",
             (G + "test_paragraph_links.py",)),
    Mutation("DG17", "the articles stop at the first broken one", "layout/source/article/__init__.py",
             "        except LayoutError as exc:\n            problems += exc.diagnostics\n"
             "    return articles, problems",
             "        except LayoutError:\n            raise\n    return articles, problems",
             (G + "test_messages.py::test_broken_articles_and_the_plan_are_reported_together",)),
    Mutation("DG18", "a broken article hides the plan's problems", "layout/source/edition.py",
             "    raise LayoutError([*broken, *plan])", "    raise LayoutError(broken)",
             (G + "test_messages.py::test_broken_articles_and_the_plan_are_reported_together",)),
    Mutation("DG19", "the desk does not name the paragraph of a clicked text line", "layout/desk/static/desk.js",
             "      showParagraph(para);\n", "",
             ("tests/desk/test_browser.py",)),
    Mutation("L1", "the unsaved buffer not read (the saved plan checked)", "layout/infra/files.py",
             "    data = overlaid(path)\n", "    data = None\n",
             (L + "test_diagnostics_as_you_type_from_the_unsaved_buffer",)),
    Mutation("L2", "a fixed file's diagnostics never cleared", "layout/lsp/server.py",
             "for file in sorted(now | self.published.get(folder, set())):", "for file in sorted(now):",
             (L + "test_an_articles_diagnostics_are_cleared_when_it_is_fixed",)),
    Mutation("L3", "no slugs after story:", "layout/lsp/complete.py",
             '        return [Item(s, titles.get(s, ""), f"articles/{s}.md") for s in slugs(folder)]',
             "        return []", (L + "test_completion_of_slugs_units_and_keys",)),
    Mutation("L4", "hover on a box without its copyfit", "layout/lsp/hover.py",
             "    for fit, b in fits:\n", "    for fit, b in fits[:0]:\n",
             (L + "test_hover_on_a_box_and_a_story_and_go_to_the_article",)),
    Mutation("L6", "a bug of ours takes the analysis down", "layout/lsp/analysis.py",
             "        except Exception as exc:  # a bug", "        except ZeroDivisionError as exc:  # a bug",
             ("tests/lsp/test_analysis.py::test_an_internal_error_is_a_diagnostic",)),
    Mutation("L7", "no buffer is overlaid: the saved files are checked", "layout/infra/files.py",
             "    table = {str(path.resolve()): text.encode(\"utf-8\") for path, text in texts.items()}",
             "    table: dict[str, bytes] = {}",
             ("tests/lsp/test_analysis.py::test_the_buffer_is_checked_not_the_saved_file",)),
    Mutation("L5", "go to definition lands nowhere", "layout/lsp/hover.py",
             "    article = edition.articles.get(slug)\n    if article is None:\n        return None\n    line =",
             "    article = None\n    if article is None:\n        return None\n    line =",
             (L + "test_hover_on_a_box_and_a_story_and_go_to_the_article",)),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
