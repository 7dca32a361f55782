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
S = "tests/lsp/test_shared_desk.py::"
SHARED = S + "test_the_editor_is_told_the_desks_render_and_unsaved_buffers_are_checked_apart"
BROWSER = "tests/lsp/test_shared_browser.py"
OPEN = "tests/lsp/test_open_links.py::"
CLICK = S + "test_a_click_in_the_page_opens_the_paragraph_in_the_editor_and_exit_closes_the_port"
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
    Mutation("DG9", "overset a warning in check again", "layout/run/overset.py",
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
    Mutation("L8", "with the desk, the server lays the saved edition out again itself", "layout/lsp/server.py",
             "            if self.desk.serves(folder) and self.clean(folder):",
             "            if False:", (SHARED,)),
    Mutation("L9", "an unsaved buffer taken for the saved file: the desk's render shown instead",
             "layout/lsp/server.py", "                if path.read_bytes() != text.encode(\"utf-8\"):",
             "                if False:", (SHARED,)),
    Mutation("L10", "a click selects only the paragraph's first line", "layout/lsp/shared.py",
             "    while last + 1 < len(lines) and lines[last + 1].strip():", "    while False:", (CLICK,)),
    Mutation("L11", "POST /open without the page's token", "layout/desk/serve.py",
             "        if origin != f\"http://{self.headers.get('Host')}\" or not hmac.compare_digest(",
             "        if origin != f\"http://{self.headers.get('Host')}\" or False and hmac.compare_digest(",
             (CLICK,)),
    Mutation("L12", "POST /open from any origin", "layout/desk/serve.py",
             "        if origin != f\"http://{self.headers.get('Host')}\" or not hmac.compare_digest(",
             "        if False or not hmac.compare_digest(", (CLICK,)),
    Mutation("L13", "a link outside the edition opened", "layout/lsp/shared.py",
             "    if not path.is_relative_to(folder.resolve()) or path.suffix", "    if path.suffix", (CLICK,)),
    Mutation("L14", "the page served without its token", "layout/desk/serve.py",
             "            page = static(\"index.html\").replace(TOKEN_META, token)",
             "            page = static(\"index.html\")", (CLICK,)),
    Mutation("L15", "shutdown leaves the desk's port open", "layout/lsp/features.py",
             "    def shutdown(ls: LayoutServer, params: None) -> None:\n        if ls.desk is not None:",
             "    def shutdown(ls: LayoutServer, params: None) -> None:\n        if False:", (CLICK,)),
    Mutation("L16", "the body's length unbounded", "layout/desk/serve.py",
             "        if not length.isdigit() or int(length) > MAX_BODY:",
             "        if not length.isdigit():", (CLICK,)),
    Mutation("L17", "the desk's renders not told to the server", "layout/desk/state.py",
             "            listener(done[0] if done else None, tuple(errors))", "            pass", (SHARED,)),
    Mutation("L18", "the page follows a text line's link instead of posting it", "layout/desk/static/desk.js",
             '  if (url.startsWith("/open?")) openInEditor(url); else window.location.href = url;',
             "  window.location.href = url;", (BROWSER,)),
    Mutation("L19", "the page's editor links followed as addresses", "layout/desk/static/desk.js",
             '    if (a) { e.preventDefault(); openInEditor(a.getAttribute("href")); }', "", (BROWSER,)),
    Mutation("L20", "a buffer closed unsaved still counts", "layout/lsp/features.py",
             "        ls.refresh(params.text_document.uri)  # a buffer closed unsaved", "        pass  #", (SHARED,)),
    Mutation("L21", "an editor without window/showDocument is sent it all the same", "layout/lsp/shared.py",
             "        if window is None or window.show_document is None or not window.show_document.support:",
             "        if False:", (OPEN + "test_an_editor_that_cannot_show_documents_is_said_so",)),
    Mutation("L22", "a code point, not a UTF-16 unit, per column", "layout/lsp/shared.py",
             '    return len(text.encode("utf-16-le")) // 2', "    return len(text)",
             (OPEN + "test_links_open_inside_the_edition_only",)),
    Mutation("L23", "plain `layout serve` takes a POST /open", "layout/desk/serve.py",
             '        if self.path != "/open" or self.server.opener is None:', '        if self.path != "/open":',
             (OPEN + "test_plain_serve_takes_no_post_and_its_page_no_token",)),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
