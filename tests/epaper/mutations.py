"""The e-paper's mutations: break each promise of docs/epaper.md on purpose and see its test go red.

    .venv/bin/python -m tests.epaper.mutations            # every mutation
    .venv/bin/python -m tests.epaper.mutations E3 E6      # some

Runs with the runner of tests/mutations.py. Not collected by pytest.
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

E = "tests/epaper/"
AREAS = E + "test_areas.py"
SITE = E + "test_site.py"
MUTATIONS = [
    Mutation("E1", "a story's photos are not part of its area", "layout/epaper/gather.py",
             "case ImageBox(image=ImageRef(article=str() as article)) if article in articles:",
             "case ImageBox(image=ImageRef(article=str() as article)) if False:",
             (AREAS + "::test_every_story_box_centre_lies_in_exactly_its_own_area",)),
    Mutation("E2", "areas drawn 12 px too large (they overlap their neighbours)", "layout/epaper/edition.py",
             "return round(r.x * scale), round(r.y * scale), round(r.right * scale), round(r.bottom * scale)",
             "return round(r.x * scale) - 12, round(r.y * scale) - 12, round(r.right * scale) + 12, "
             "round(r.bottom * scale) + 12",
             (AREAS + "::test_no_two_stories_areas_overlap",)),
    Mutation("E3", "an outline keeps the points in the middle of its straight edges", "layout/epaper/shapes.py",
             "    kept = [p for k, p in enumerate(loop)\n", "    kept = loop or [p for k, p in enumerate(loop)\n",
             (AREAS + "::test_an_l_shaped_story_is_one_polygon",)),
    Mutation("E4", "a ring of boxes is one polygon over the story in its hole", "layout/epaper/shapes.py",
             "        if len(loops) == 1:\n", "        if loops:\n",
             (AREAS + "::test_a_ring_of_boxes_is_given_as_its_rectangles_so_the_hole_stays_free",)),
    Mutation("E5", "a story page holds only its first paragraph", "layout/epaper/html.py",
             'body = "".join(paragraph_html(p) for p in a.paragraphs)',
             'body = "".join(paragraph_html(p) for p in a.paragraphs[:1])',
             (SITE + "::test_a_jumped_story_is_one_page_with_both_halves_and_no_jump_lines",)),
    Mutation("E6", "texts are not escaped", "layout/epaper/html.py",
             "    return html.escape(text, quote=True)", "    return text",
             (SITE + "::test_every_text_from_the_edition_is_escaped",)),
    Mutation("E7", "the JSON-LD can close its <script>", "layout/epaper/html.py",
             '.replace("<", "\\\\u003c")', "",
             (SITE + "::test_every_text_from_the_edition_is_escaped",)),
    Mutation("E8", "the page images differ from run to run", "layout/epaper/images.py",
             "optimize=True, progressive=True)",
             "optimize=True, progressive=True, comment=__import__('os').urandom(8))",
             (SITE + "::test_two_runs_are_byte_identical_and_a_third_writes_nothing",)),
    Mutation("E9", "every file is written on every run", "layout/epaper/site.py",
             "        if on_disk(folder, name) != digest:\n", "        if True:\n",
             (SITE + "::test_two_runs_are_byte_identical_and_a_third_writes_nothing",
              SITE + "::test_a_change_on_one_page_rewrites_only_that_page_and_its_stories")),
    Mutation("E10", "every page image is drawn again", "layout/epaper/edition.py",
             '    if not isinstance(old, dict) or old.get("key") != key or not isinstance(listed, dict):',
             "    if True:",
             (SITE + "::test_a_change_on_one_page_rewrites_only_that_page_and_its_stories",)),
    Mutation("E11", "an output folder that is a link is written through", "layout/epaper/site.py",
             "    if folder.is_symlink():\n", "    if False:\n",
             (SITE + "::test_nothing_is_written_through_a_symbolic_link",)),
    Mutation("E12", "the page image keeps the bleed and crop marks", "layout/epaper/images.py",
             "crop=(left - m_left, bottom - m_bottom, m_right - right, m_top - top)", "crop=(0, 0, 0, 0)",
             (E + "test_images.py::test_the_page_image_is_the_trim_at_the_width_asked",)),
    Mutation("E13", "the image map is not the image's", "layout/epaper/html.py",
             'usemap="#map-{view.number}"', 'usemap="#map-none"',
             (E + "test_browser.py::test_clicking_the_centre_of_each_story_box_opens_its_story",)),
    Mutation("E14", "the overlay's links go to the page list", "layout/epaper/html.py",
             'shapes = "".join(f\'<a href="{esc(s.file)}" tabindex="-1"',
             'shapes = "".join(f\'<a href="index.html" tabindex="-1"',
             (E + "test_browser.py::test_clicking_the_centre_of_each_story_box_opens_its_story",)),
    Mutation("E15", "render --epaper does nothing for the night's run", "layout/cli/render.py",
             "    _epaper_of(night.rendered, epaper_dir, as_json)\n", "",
             (SITE + "::test_the_command_and_the_nights_option",)),
    Mutation("E16", "a file no longer made stays in the folder", "layout/epaper/site.py",
             "            (folder / name).unlink()\n", "            pass\n",
             (SITE + "::test_a_file_no_longer_made_is_removed_but_never_a_link_or_a_name_outside",)),
    Mutation("E17", "an unchanged page's image is reused after the drawing code changed", "layout/epaper/edition.py",
             'make_key("epaper", "layout.epaper.images",', 'make_key("epaper", "layout.errors",',
             (E + "test_images.py::test_the_image_key_follows_the_drawing_code",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
