"""Prove the tests can fail: break the code on purpose, run the tests that guard it, expect red.

    .venv/bin/python tests/mutations.py            # every mutation
    .venv/bin/python tests/mutations.py M3 M7      # some

Each mutation replaces one exact piece of source (it must be found exactly once), runs its tests with
pytest in a fresh process, and restores the file whatever happens. A mutation whose tests still pass is
reported as SURVIVED and the script exits 1. Not collected by pytest (it is not named test_*).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    what: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


T = "tests/trust/"
R = "tests/render/"
F = R + "test_fresh.py::"
MUTATIONS = [
    Mutation("M1", "pages cache ignores the photos' bytes", "layout/render/pages.py",
             "images = [_digest(img.file) for img in page.images]", "images: list[str] = []",
             (T + "test_cache_keys.py::test_a_photo_replaced_with_the_same_size_and_time_is_drawn_again",)),
    Mutation("M2", "keys leave out the library versions", "layout/infra/cache.py",
             "code_version(producer), repr(library_versions()),", "code_version(producer), '',",
             (T + "test_cache_keys.py::test_library_versions_are_in_every_key",)),
    Mutation("M3", "the pages cache ignores the drawing code (PDF/X included)", "layout/render/pages.py",
             'make_key("pages", __name__,', 'make_key("pages", "layout.errors",',
             (T + "test_cache_keys.py::test_a_change_to_the_pdfx_code_is_not_answered_from_the_cache",)),
    Mutation("M4", "the pages cache ignores the ICC profile's bytes", "layout/render/pages.py",
             "_digest(settings.images.profile)", "None",
             (T + "test_cache_keys.py::test_an_icc_profile_replaced_under_the_same_name_is_embedded",)),
    Mutation("M5", "preflight cache ignores the checker's code", "layout/output/commit.py",
             'make_key("preflight", "layout.plant.preflight",', 'make_key("preflight", "layout.errors",',
             (T + "test_cache_keys.py::test_a_new_check_in_preflight_checks_every_file_again",)),
    Mutation("M6", "only edition.pdf is preflighted", "layout/output/commit.py",
             "for path, blob in files], spec)", "for path, blob in files[:1]], spec)",
             (T + "test_cache_keys.py::test_every_page_file_is_preflighted_before_anything_is_written",)),
    Mutation("M7", "the in-process font set is keyed by the catalogue's path", "layout/run/pipeline.py",
             "key = (file_digest(catalogue), str(folder), search_signature(folder), lang)",
             "key = (str(catalogue), str(folder), search_signature(folder), lang)",
             (T + "test_cache_keys.py::test_an_edited_catalogue_is_seen_by_the_same_process",)),
    Mutation("M8", "a font set is reused after a font file was replaced in place", "layout/run/pipeline.py",
             "key = (file_digest(catalogue), str(folder), search_signature(folder), lang)",
             "key = (file_digest(catalogue), str(folder), (), lang)",
             (T + "test_cache_keys.py::test_a_font_file_replaced_in_place_is_read_again",)),
    Mutation("M9", "watch does not watch the catalogue or the font folders", "layout/desk/watch.py",
             "    paths += fonts\n", "",
             (T + "test_cache_keys.py::test_watch_watches_the_catalogue_and_the_font_folders",)),
    Mutation("M10", "the tests use the user's cache", "tests/conftest.py",
             'os.environ["LAYOUT_CACHE_DIR"] = str(_TEST_CACHE)', "pass",
             (T + "test_cache_keys.py::test_the_tests_use_their_own_empty_cache",)),
    Mutation("M11", "output depends on the process's hash seed", "layout/render/cidfont.py",
             'hashlib.sha256(b"\\0".join((ps_name.encode(), program, to_unicode))).digest()',
             'hashlib.sha256(str(hash(ps_name)).encode()).digest()',
             (T + "test_determinism.py",)),
    Mutation("M12", "diff ignores the text layer", "layout/tools/diff.py",
             "return self.share > tolerance or bool(self.text or self.shapes_added",
             "return self.share > tolerance or bool(self.shapes_added",
             (T + "test_diff.py::test_diff_of_a_one_character_edit_exits_1_and_names_it",
              "tests/reference/test_reference.py::test_one_changed_character_fails_the_reference")),
    Mutation("M13", "diff ignores objects (rules, images)", "layout/tools/diff.py",
             "bool(self.text or self.shapes_added or self.shapes_removed or self.boxes)",
             "bool(self.text or self.boxes)",
             (T + "test_diff.py::test_a_recoloured_or_moved_hairline_differs_at_any_pixel_tolerance",)),
    Mutation("M14", "every subset gets the same name", "layout/render/cidfont.py",
             'name = f"{subset_tag(info.ps_name, data, cmap)}+{info.ps_name}"',
             'name = f"AAAAAA+{info.ps_name}"',
             (T + "test_font_names.py",)),
    Mutation("M15", "a wrapped jump line is drawn at one height", "layout/flow/story.py",
             "foot + k * pitch, slug, Role.JUMP", "foot, slug, Role.JUMP",
             ("tests/flow/test_flow.py::test_a_jump_line_that_wraps_takes_its_own_grid_lines",)),
    Mutation("M16", "a line-start 禁则 rule switched off", "layout/text/kinsoku.py",
             "Kinsoku.NORMAL: frozenset({C.PAUSE, C.CLOSE, C.MIDDLE, C.POSTFIX, C.ITER}),",
             "Kinsoku.NORMAL: frozenset({C.CLOSE, C.MIDDLE, C.POSTFIX, C.ITER}),",
             (T + "test_square_cases.py::test_push_in_on_the_page",)),
    Mutation("M17", "headline sizes tried smallest first", "layout/text/headline.py",
             "for size in part.sizes:", "for size in reversed(part.sizes):",
             (T + "test_square_cases.py::test_headline_block_sized_centred_and_on_whole_lines",)),
    Mutation("M18", "stored broken paragraphs keyed without the fonts", "layout/run/breaks.py",
             "first_indent, bold, fonts,\n                                   bold_fonts))",
             "first_indent, bold,\n                                   bold_fonts))",
             (T + "test_break_store.py::test_other_fonts_never_get_these_lines",)),
    Mutation("M19", "stored broken paragraphs keyed without the measure", "layout/run/breaks.py",
             "break_params(style), measure, start,", "break_params(style), start,",
             (T + "test_break_store.py::test_a_new_process_reads_the_lines_it_broke_before",)),
    Mutation("M20", "total fit keeps only the longest line from a start where every line is loose",
             "layout/text/totalfit.py", "            loose.append((e, cost))",
             "            loose.append((e, cost))\n            break",
             ("tests/text/test_breaking.py::test_url_longer_than_the_measure_breaks_only_at_break_points",)),
    Mutation("M21", "the schema's pass marker keyed without the plan's data", "layout/source/schema.py",
             'json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr),', '"",',
             (T + "test_cache_keys.py::test_a_plan_seen_valid_is_not_validated_again_but_any_change_is",)),
    Mutation("M22", "the lexer's text-run skip also passes over a colour operator", "layout/plant/pdfops.py",
             r'rb"(?:\s*+[\d. +-]*+Tm', r'rb"(?:\s*+[\d. +-]*+(?:[kK]\s*+[\d. +-]*+)?Tm',
             ("tests/render/test_pdfops.py",)),
    Mutation("M23", "a missing glyph in a headline or the masthead is reported without its line",
             "layout/run/glyphs.py",
             "yield TextUse(role, text, a.path, a.line_of(key), ", "yield TextUse(role, text, a.path, None, ",
             ("tests/errors/test_hostile.py::test_every_printed_text_is_checked_for_glyphs",)),
    Mutation("M24", "a missing character in the masthead or 报眉 is drawn as the font's .notdef, not 〓",
             "layout/compose/runs.py", "ch, found = GETA, metrics.lookup(GETA)", "found = metrics.lookup(GETA)",
             ("tests/errors/test_hostile.py::test_every_printed_text_is_checked_for_glyphs",)),
    Mutation("M25", "a line's TJ adjustment with the wrong sign", "layout/render/textstream.py",
             "adjust = num(math.ceil((pen - run.x) * 1e6", "adjust = num(math.ceil((run.x - pen) * 1e6",
             (R + "test_textstream.py::test_a_line_is_one_text_object_with_one_array_per_font",
              R + "test_drawn_where_laid.py")),
    Mutation("M26", "the pen does not follow the rounded adjustments (rounding adds up)", "layout/render/textstream.py",
             "pen -= float(adjust) * run.size / 1000", "pen = run.x",
             (R + "test_textstream.py::test_the_pen_follows_the_written_numbers_and_no_glyph_lands_past_its_place",)),
    Mutation("M27", "a text object per run instead of per line", "layout/render/textstream.py",
             "        return run.y == prev.y\n", "        return False\n",
             (R + "test_textstream.py",)),
    Mutation("M28", "a vertical line cut into a text object per cell", "layout/render/textstream.py",
             "return run.y > prev.y and abs(run.x - prev.x) < 0.75 * max(run.size, prev.size)", "return False",
             (R + "test_textstream.py::test_a_vertical_line_places_each_cell_and_turns_the_turned",
              R + "test_textstream.py::test_the_sample_draws_its_vertical_lines_as_text_objects_of_their_own")),
    Mutation("M29", "parentheses in a shown string not escaped", "layout/render/textstream.py",
             r'ESCAPED = {0x28: "\\(", 0x29: "\\)", 0x5C: "\\\\"}', r'ESCAPED = {0x28: "(", 0x29: ")", 0x5C: "\\\\"}',
             (R + "test_textstream.py::test_strings_are_literal_when_printable_else_hex",
              R + "test_drawn_where_laid.py")),
    Mutation("M30", "the join renumbers what looks like a reference inside a string", "layout/output/join.py",
             'rb"\\((?:[^()\\\\]|\\\\.)*\\)|(?P<nested>\\()|', 'rb"(?P<nested>\\(\\(\\(\\(\\()|',
             (R + "test_pdfx.py::test_a_string_that_reads_like_a_reference_is_copied_as_it_is",)),
    Mutation("M31", "the /ID not from the file's content", "layout/render/pdfxparts.py",
             "digest = hashlib.md5(data, usedforsecurity=False).digest()",
             'digest = hashlib.md5(b"", usedforsecurity=False).digest()',
             (R + "test_pdfx.py::test_the_id_is_the_md5_of_the_file_as_written",)),
    Mutation("M32", "a page drawn without its OutputIntent", "layout/render/pdfxdoc.py",
             'catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"]',
             "catalog.__NoDefault__ = [*pdfdoc.PDFCatalog.__NoDefault__]",
             (R + "test_pdfx.py::test_a_page_file_is_pdfx_as_drawn",)),
    Mutation("M33", "the joined edition without its OutputIntent", "layout/output/finishing.py",
             ', ("OutputIntents", b"[%d 0 R]" % output_intent)]', "]",
             (R + "test_pdfx.py::test_the_edition_is_joined_in_order_and_passes_preflight",)),
    Mutation("M34", "the lexer reports a line's TJ array as a Tj", "layout/plant/pdfops.py",
             'yield [b"[]"], b"TJ"', 'yield [], b"Tj"', (R + "test_pdfops.py",)),
    Mutation("M35", "layout diff reads characters in PDFium's order (it sorts separate objects by x)",
             "layout/tools/diff.py", "key=lambda f: (f[0], f[1])", "key=lambda f: f[1]",
             (R + "test_textstream.py::test_layout_diff_does_not_depend_on_how_text_is_grouped_into_operators",)),
    Mutation("M36", "adjustments rounded to the nearest: a glyph may land past its place",
             "layout/render/textstream.py",
             "math.ceil((pen - run.x) * 1e6 / run.size + 0.5)", "round((pen - run.x) * 1e6 / run.size)",
             (R + "test_textstream.py::test_the_pen_follows_the_written_numbers_and_no_glyph_lands_past_its_place",
              "tests/text/test_region.py::test_traditional_edition")),
    Mutation("M37", "a box shorter than its head reports a negative room",
             "layout/flow/story.py",
             "capacity = max(0, n_rows * len(cols) - (box.inset.lines * box.inset.span if box.inset else 0))",
             "capacity = n_rows * len(cols) - (box.inset.lines * box.inset.span if box.inset else 0)",
             ("tests/flow/test_flow.py::test_a_box_shorter_than_its_head_has_no_room_not_a_negative_one",)),
    Mutation("M38", "the subsetter's program pieces keep the old call operands", "layout/render/cff.py",
             "parts.append(code[at:start])", "parts.append(code[at:end])",
             ("tests/fonts/test_fonts.py::test_cff_subset_draws_the_faces_own_outlines_and_is_deterministic",)),
    Mutation("M39", "call operands written without the subroutine bias", "layout/render/cff.py",
             "cs_number(new - bias(len(table)))", "cs_number(new)",
             ("tests/fonts/test_fonts.py::test_cff_subset_draws_the_faces_own_outlines_and_is_deterministic",)),
    Mutation("M40", "a page two jobs share counts as drawn twice", "layout/render/pages.py",
             "out[i] is None and first[key] == i", "out[i] is None",
             (F + "test_a_page_two_jobs_share_is_drawn_once_on_the_workers",)),
    Mutation("M41", "the workers' scan ahead scans nothing", "layout/render/subset.py",
             "            cff.glyph_uses(src, gid)\n", "            pass\n",
             (F + "test_glyphs_scanned_ahead_subset_to_the_same_bytes",)),
    Mutation("M42", "files preflighted on the render's workers all pass", "layout/output/commit.py",
             "reports = list(shared.map(_check, jobs))", "reports = [Report(j[1], []) for j in jobs]",
             (T + "test_cache_keys.py::test_every_page_file_is_preflighted_before_anything_is_written",)),
    Mutation("M43", "a render starts no workers of its own", "layout/infra/workers.py",
             "if not start or processes < 2 or _CURRENT:", "if not start or processes < 200 or _CURRENT:",
             (F + "test_a_render_on_workers_writes_the_bytes_of_a_render_in_one_process",)),
    Mutation("M44", "the render's workers import at the main process's priority", "layout/infra/workers.py",
             "        os.nice(NICE)\n", "        os.nice(0)\n",
             (F + "test_the_workers_give_way_to_the_main_process",)),
    Mutation("M45", "a warm render starts the workers too", "layout/run/pipeline.py",
             "with shared_workers(start=BreakStore.for_folder(folder).empty):", "with shared_workers():",
             (F + "test_a_render_on_workers_writes_the_bytes_of_a_render_in_one_process",)),
    Mutation("M46", "a text run sent to a drawing process loses its scale", "layout/model/page.py",
             "self.turned,\n                         self.scale)", "self.turned)",
             (F + "test_a_text_run_sent_to_a_drawing_process_is_the_same_run",)),
    Mutation("M47", "the lone ideographs' table is kept per font chain only, not per size", "layout/text/units.py",
             "lone = lone_table(metrics, spec.size)", "lone = lone_table(metrics, 10.0)",
             ("tests/text/test_headline.py::test_the_largest_size_that_fits_one_line",)),
    Mutation("M48", "glyph runs' advances kept per font chain only, not per size", "layout/compose/runs.py",
             "advance = advance_table(metrics, size)", "advance = advance_table(metrics, 10.0)",
             ("tests/compose/test_runs.py",)),
    Mutation("M49", "hyphenation points one character late", "layout/text/hyphen.py",
             "[i - 1 for i, v in enumerate(values) if v % 2]", "[i for i, v in enumerate(values) if v % 2]",
             ("tests/text/test_hyphen.py::test_the_points_of_every_word_are_pyphens",)),
    Mutation("M50", "a pattern with two digits in a row read as a plain one", "layout/text/hyphen.py",
             "                if digit:\n                    return None",
             "                if False:\n                    return None",
             ("tests/text/test_hyphen.py::test_a_line_only_pyphen_reads_leaves_the_dictionary_to_pyphen",)),
    Mutation("M51", "a short language name takes the last dictionary, not the first", "layout/text/hyphen.py",
             'out.setdefault(name.split("_")[0], path)', 'out[name.split("_")[0]] = path',
             ("tests/text/test_hyphen.py::test_the_file_of_a_language_is_pyphens",)),
    Mutation("M52", "the collector enabled after a pause inside another", "layout/infra/gcpause.py",
             "        if was:\n            gc.enable()", "        gc.enable()",
             ("tests/run/test_gc_paused.py",)),
    Mutation("M53", "lay_out runs with the collector on", "layout/run/pipeline.py", "@gc_paused()  #", "#",
             ("tests/run/test_gc_paused.py::test_lay_out_reads_the_fonts_with_the_collector_on_and_flows_with_it_paused",)),
    Mutation("M63", "the fonts are read with the collector paused (the first render's peak 236 → 345 MB)",
             "layout/run/pipeline.py", "    fonts = font_set(edition)\n    glyph_problems",
             "    fonts = gc_paused()(font_set)(edition)\n    glyph_problems",
             ("tests/run/test_gc_paused.py::test_lay_out_reads_the_fonts_with_the_collector_on_and_flows_with_it_paused",)),
    Mutation("M54", "total fit's word spaces read one box off", "layout/text/totalfit.py",
             "words = words_run[e] - words_run[s + 1] if e > s + 1 else 0",
             "words = words_run[e + 1] - words_run[s] if e > s + 1 else 0",
             ("tests/text/test_fit_tables.py",)),
    Mutation("M55", "total fit starts a line on a space", "layout/text/totalfit.py",
             "at[k] = at[k + 1] if units[k].space else k", "at[k] = k",
             ("tests/text/test_fit_tables.py",)),
    Mutation("M56", "an all-ideograph line set without its indent", "layout/text/setter.py",
             "xs = list(accumulate(widths[s:e + 1], initial=indent))",
             "xs = list(accumulate(widths[s:e + 1], initial=0.0))",
             ("tests/text/test_breaking.py::test_first_line_indent_two_em",)),
    Mutation("M57", "a hyphen a break adds counted as the story's text", "layout/flow/paras.py",
             "    if min(map(_src, glyphs), default=0) >= 0:\n        return len(glyphs)",
             "    if True:\n        return len(glyphs)",
             ("tests/flow/test_counts.py",)),
    Mutation("M58", "soft hyphens counted as printed characters", "layout/flow/paras.py",
             ' - text.count("\\u00ad")', "", ("tests/flow/test_counts.py",)),
    Mutation("M59", "a paused block never freezes what it made", "layout/infra/gcpause.py",
             "        if FREEZE_AFTER:\n            gc.freeze()", "        if False:\n            gc.freeze()",
             ("tests/run/test_gc_paused.py::test_a_one_shot_process_freezes_what_the_block_made",)),
    Mutation("M60", "every render freezes what it laid out, in tests and library calls too", "layout/cli/render.py",
             "gcpause.FREEZE_AFTER = base.AS_PROGRAM", "gcpause.FREEZE_AFTER = True",
             ("tests/run/test_gc_paused.py::test_layout_render_asks_for_it_only_as_a_program",)),
    Mutation("M61", "a line taking code_of's path draws a frequent character with its code point again",
             "layout/render/cidfont.py", "    code = ord(LOW_CODES.get(ord(ch), ch))\n", "    code = ord(ch)\n",
             (R + "test_lowcodes.py",)),
    Mutation("M62", "the usual path shows the low code but tells the subset the code point",
             "layout/render/cidfont.py", "state.used.setdefault(ord(LOW_CODES.get(ord(ch), ch)), ch)",
             "state.used.setdefault(ord(ch), ch)", (R + "test_lowcodes.py",)),
]


def run(m: Mutation) -> bool:
    """True when the mutation was caught (its tests went red)."""
    path = ROOT / m.file
    source = path.read_text(encoding="utf-8")
    if source.count(m.old) != 1:
        print(f"{m.name}: the text to mutate is found {source.count(m.old)} times in {m.file}: fix the script")
        return False
    try:
        path.write_text(source.replace(m.old, m.new), encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *m.tests],
                              cwd=ROOT, capture_output=True, text=True)
    finally:
        path.write_text(source, encoding="utf-8")
    caught = proc.returncode != 0
    tests = ", ".join(t.split("::")[-1] for t in m.tests)
    print(f"{m.name}: {'caught' if caught else 'SURVIVED'}  {m.what}  ({tests})")
    return caught


def main(names: list[str], mutations: list[Mutation] | None = None) -> int:
    """Run the named mutations of `mutations` (every one when no name is given; this script's own list by
    default) and report; 1 when any survived. The other suites' scripts call this with their lists."""
    chosen = [m for m in (MUTATIONS if mutations is None else mutations) if not names or m.name in names]
    survived = [m.name for m in chosen if not run(m)]
    print(f"{len(chosen) - len(survived)} of {len(chosen)} mutations caught" +
          (f"; survived: {', '.join(survived)}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
