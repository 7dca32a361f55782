"""The PDF tools' mutations (issue 24, the PDF tools): raise or remove each bound on purpose and see its test in
tests/errors/test_surface_tools.py go red.

    .venv/bin/python -m tests.errors.tools_mutations            # every mutation
    .venv/bin/python -m tests.errors.tools_mutations P1 P4      # some

Runs with the runner of tests/mutations.py (each mutation replaces one exact piece of source, runs its
tests in a fresh process and restores the file whatever happens). Not collected by pytest.
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

S = "tests/errors/test_surface_tools.py::"
MUTATIONS = [
    Mutation("P1", "the page cap raised to 10**9", "layout/tools/pdfin.py",
             "MAX_PAGES = 1_000", "MAX_PAGES = 10**9",
             (S + "test_diff_on_10000_pages_is_refused_at_once", S + "test_proof_of_10000_pages_is_refused_at_once")),
    Mutation("P2", "the not-a-PDF check removed", "layout/tools/pdfin.py",
             'if b"%PDF-" not in data[:HEAD]:', "if False:",
             (S + "test_preflight_names_each_file_that_is_not_a_pdf_and_still_checks_the_others",
              S + "test_diff_on_a_file_that_is_not_a_pdf_names_it", S + "test_proof_of_a_jpeg_says_it_is_not_a_pdf")),
    Mutation("P3", "the truncated-PDF check removed", "layout/tools/pdfin.py",
             'if b"%%EOF" not in data[-TAIL:]:', "if False:",
             (S + "test_preflight_names_each_file_that_is_not_a_pdf_and_still_checks_the_others",)),
    Mutation("P4", "the decoded stream cap raised to 10**15", "layout/tools/pdfin.py",
             "MAX_STREAM_BYTES = 128 * MB", "MAX_STREAM_BYTES = 10**15",
             (S + "test_diff_on_a_deflate_bomb_stops_at_the_bound_in_bounded_memory",)),
    Mutation("P5", "a content stream named many times counted once", "layout/tools/pdfin.py",
             "if key is not None and key in self.seen:", "if False:",
             (S + "test_pages_sharing_one_content_stream_count_it_each_time",)),
    Mutation("P6", "the page side cap raised to 10**9 pt", "layout/tools/pdfin.py",
             "MAX_PAGE_SIDE = 14_400.0", "MAX_PAGE_SIDE = 1e9",
             (S + "test_proof_of_a_200000_pt_page_names_the_page_size_bound",)),
    Mutation("P7", "the page image cap raised to 10**12 pixels", "layout/tools/raster.py",
             "MAX_RASTER_PIXELS = 50_000_000", "MAX_RASTER_PIXELS = 10**12",
             (S + "test_a_large_page_is_proofed_at_a_lower_resolution_with_a_note",)),
    Mutation("P8", "proof keeps every full page image for the overview", "layout/tools/proof.py",
             "thumbs.append((number, thumbnail(image)))", "thumbs.append((number, image))",
             (S + "test_proof_keeps_one_page_image_at_a_time",)),
    Mutation("P9", "encrypted PDFs let through", "layout/tools/pdfin.py",
             "if reader.is_encrypted:", "if False:",
             (S + "test_preflight_on_a_broken_or_encrypted_pdf_is_one_message",)),
    Mutation("P10", "the image pixel cap removed", "layout/tools/pdfin.py",
             "if w * h > MAX_IMAGE_PIXELS:", "if False:",
             (S + "test_an_image_claiming_ten_billion_pixels_is_refused",)),
    Mutation("P11", "PDFium's page count not compared", "layout/tools/pdfin.py",
             "            same_count(data, count, name)\n", "",
             (S + "test_a_page_tree_that_claims_more_pages_than_it_holds_is_named",)),
    Mutation("P12", "a dangling link reported as a missing file", "layout/tools/pdfin.py",
             "if stat.S_ISLNK(st.st_mode) and not path.exists():", "if False:",
             (S + "test_a_folder_a_fifo_and_a_dangling_link_are_named_as_such",)),
    Mutation("P13", "bytes of a name that is not UTF-8 shown as \\udcff again (two rules)", "layout/errors.py",
             "0xDC80 <= cp <= 0xDCFF", "False",
             (S + "test_a_name_that_is_not_utf8_is_shown_with_its_bytes",
              S + "test_one_rule_for_lone_surrogates_on_the_terminal_and_in_json")),
    Mutation("P14", "preflight stops at the first file that is not a PDF", "layout/cli/tools.py",
             "            unreadable = True\n            continue\n", "            raise\n",
             (S + "test_preflight_names_each_file_that_is_not_a_pdf_and_still_checks_the_others",)),
    Mutation("P15", "forms drawn many times counted once", "layout/tools/pdfin.py",
             "total += times * self.drawn(", "total += 1 * self.drawn(",
             (S + "test_forms_drawing_forms_ten_times_over_are_refused_before_a_renderer_spends_hours",)),
    Mutation("P16", "a form that draws itself let through", "layout/tools/pdfin.py",
             "        if key in trail:\n", "        if False:\n",
             (S + "test_forms_drawing_forms_ten_times_over_are_refused_before_a_renderer_spends_hours",)),
    Mutation("P17", "a `/Name Do` split across two decoded pieces is missed", "layout/tools/pdfin.py",
             "        self.tail = text[-OVERLAP:]", "        self.tail = b''",
             (S + "test_do_operators_split_across_inflate_steps_are_counted",)),
    Mutation("P18", "the page tree's leaves not counted before pypdf gathers them", "layout/tools/pdfin.py",
             "            if count > MAX_PAGES:\n", "            if False:\n",
             (S + "test_a_page_tree_that_hides_its_pages_behind_a_small_count_is_counted",)),
    Mutation("P19", "diff draws a large pair at the asked resolution (no common lower one, no note)",
             "layout/tools/diff.py",
             "used = min(fitting_dpi(w, h, dpi) for w, h in sizes)", "used = dpi",
             (S + "test_diff_of_large_pages_compares_them_at_one_lower_resolution_in_bounded_memory",)),
    Mutation("P20", "an output folder that cannot be written is an internal error again", "layout/cli/tools.py",
             "    except OSError as exc:\n        from layout.tools.pdfin import shown",
             "    except KeyError as exc:\n        from layout.tools.pdfin import shown",
             (S + "test_an_output_folder_that_cannot_be_written_and_a_page_the_pdf_lacks",)),
    Mutation("P21", "proof of a page the PDF lacks writes nothing and says nothing", "layout/cli/tools.py",
             "        if missing:\n", "        if False:\n",
             (S + "test_an_output_folder_that_cannot_be_written_and_a_page_the_pdf_lacks",)),
    Mutation("P22", "the opener's form depth its own bound again (32, not the walk's)", "layout/tools/pdfin.py",
             "from layout.plant.walk import MAX_FORM_DEPTH  # one bound", "MAX_FORM_DEPTH = 32  # one bound",
             (S + "test_forms_nested_one_deeper_than_the_bound_are_refused_at_the_bound_opened",)),
    Mutation("P23", "a form remembered from a shallow place not judged where it is drawn deeper",
             "layout/tools/pdfin.py",
             "if len(trail) + below > MAX_FORM_DEPTH:", "if False:",
             (S + "test_forms_measured_shallow_first_are_still_refused_when_drawn_deeper",)),
    Mutation("P24", "inline images not bounded by the opener", "layout/tools/pdfin.py",
             '        self.pixels(*found.inline, "an inline image (BI … ID … EI)", number)\n', "",
             (S + "test_an_inline_image_claiming_ten_billion_pixels_is_refused",)),
    Mutation("P25", "a `BI … ID` split across two decoded pieces is missed", "layout/tools/pdfin.py",
             "        for m in INLINE.finditer(text):", "        for m in INLINE.finditer(out):",
             (S + "test_an_inline_image_split_across_inflate_steps_is_measured",)),
    Mutation("P26", "the opener does not compare a JPEG's own size with the image's", "layout/tools/pdfin.py",
             "            own = mismatch(w, h, obj)", "            own = None",
             (S + "test_a_jpeg_whose_size_is_not_its_dictionarys_is_named",
              "tests/ads/test_hostile_plant.py::test_a_jpeg_whose_size_is_not_its_dictionarys_is_refused")),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
