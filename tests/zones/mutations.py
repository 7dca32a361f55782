"""Prove the zone tests can fail: each mutation breaks the zone code on purpose and runs the tests that
guard it (with the runner of tests/mutations.py), which must go red.

    .venv/bin/python tests/zones/mutations.py          # every mutation
    .venv/bin/python tests/zones/mutations.py Z3 Z5    # some
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

Z = "tests/zones/"
MUTATIONS = [
    Mutation("Z1", "a zone never shares a plate with its base", "layout/output/plates.py",
             "if same is not None and same.page == page and same.settings == settings:",
             "if False:",
             (Z + "test_render.py::test_shared_pages_are_the_main_editions_files_byte_for_byte",)),
    Mutation("Z2", "a zone shares the base's plate by page number alone", "layout/output/plates.py",
             "if same is not None and same.page == page and same.settings == settings:",
             "if same is not None:",
             (Z + "test_render.py::test_both_imprints",)),
    Mutation("Z3", "a page two editions share is drawn twice in one run", "layout/render/pages.py",
             "todo = [i for i, blob in enumerate(out) if blob is None and first[keys[i]] == i]",
             "todo = [i for i, blob in enumerate(out) if blob is None]",
             (Z + "test_render.py::test_the_nights_run_draws_a_shared_page_once",)),
    Mutation("Z4", "the plate version does not go up when a page changes", "layout/output/manifest.py",
             "plate = 1 if old is None else old.plate if old.sha256 == digest else old.plate + 1",
             "plate = 1 if old is None else old.plate",
             (Z + "test_replates.py::test_editing_one_page_of_the_main_edition_replates_that_page_in_both_editions",)),
    Mutation("Z5", "a zone page may take a base page's number without replaces", "layout/source/zone.py",
             "elif page.number <= base.pages_total and not replaces:",
             "elif False:",
             (Z + "test_errors.py::test_zone_errors",)),
    Mutation("Z6", "the zone prints the main edition's bracket", "layout/compose/imprint.py",
             'return "、".join([f"{name}版", *([family_note(zones)] if zones else [])])',
             'return family_note(zones)',
             (Z + "test_render.py::test_both_imprints",)),
    Mutation("Z7", "the manifest is renamed first, not last", "layout/output/manifest.py",
             "commit_set(folder, [*files, (MANIFEST, manifest_bytes(full_header, current, edition_pdf))])",
             "commit_set(folder, [(MANIFEST, manifest_bytes(full_header, current, edition_pdf)), *files])",
             (Z + "test_replates.py::test_the_manifest_is_the_last_file_of_the_set",)),
    Mutation("Z8", "a story may jump from a kept page to a replaced one", "layout/source/zone.py",
             "for slug in sorted(uses(replaced) & kept_uses.keys() if replaced else ()):",
             "for slug in sorted(()):",
             (Z + "test_errors.py::test_zone_errors",)),
    Mutation("Z9", "no warning when the base changed after the zone's manifest", "layout/output/manifest.py",
             "    if previous.base.get(\"inputs\") == base.inputs:\n",
             "    if True:\n",
             (Z + "test_replates.py::test_a_base_changed_after_the_zones_manifest_is_a_warning_and_the_zone_is"
                  "_rendered_again",)),
    Mutation("Z10", "send/ keeps the files of earlier renders", "layout/output/manifest.py",
             "                old.unlink()\n", "                pass\n",
             (Z + "test_replates.py::test_editing_one_page_of_the_main_edition_replates_that_page_in_both_editions",)),
    Mutation("Z11", "a cycle of bases is followed one step only", "layout/source/zone.py",
             "            return chain[1]\n        current = nxt\n",
             "            return chain[1]\n        return chain[1]\n",
             (Z + "test_errors.py::test_zone_errors",)),
    Mutation("Z12", "a base outside the zone's parent folder is accepted", "layout/source/zone.py",
             "    if target.parent != folder.parent:\n", "    if False:\n",
             (Z + "test_errors.py::test_zone_errors",)),
    Mutation("Z13", "the zone's own pages get the main edition's file names", "layout/output/plates.py",
             "    if edition.zone is not None:\n        at = pattern.index(\"{page\")",
             "    if False:\n        at = pattern.index(\"{page\")",
             (Z + "test_render.py::test_the_zones_page_files",)),
    Mutation("Z14", "the night's run leaves each manifest with only its own edition's codes", "layout/run/pipeline.py",
             "    serving: dict[str, list[str]] = {}\n", "    return planned\n    serving: dict[str, list[str]] = {}\n",
             (Z + "test_render.py::test_the_manifests",)),
    Mutation("Z15", "watch on a zone does not watch its base", "layout/desk/watch.py",
             "        e = e.base\n    return out", "        e = None\n    return out",
             (Z + "test_watch.py::test_watching_a_zone_watches_its_base",)),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
