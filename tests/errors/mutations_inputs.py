"""Prove the tests of issue 24's inputs side can fail (docs/errors.md, "Surface: inputs, JSON and terminal,
manifest, the night's run"): each mutation breaks one fix on purpose and runs the tests that guard it (with
the runner of tests/mutations.py), which must go red.

    .venv/bin/python tests/errors/mutations_inputs.py          # every mutation
    .venv/bin/python tests/errors/mutations_inputs.py I3 I7    # some
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from the repository's root

from tests.mutations import Mutation, main

S = "tests/errors/test_surface_inputs.py::"
MUTATIONS = [
    Mutation("I1", "the normaliser does not split URLs off", "layout/text/normalize.py",
             "    urls = [m.span() for m in _URL.finditer(text)]\n", "    urls: list[tuple[int, int]] = []\n",
             (S + "test_urls_are_kept_and_the_map_says_where_each_character_went",)),
    Mutation("I2", "a tagged mapping key is constructed", "layout/infra/yamlio/read.py",
             "        if node.tag not in CORE_TAGS:  # a key's tag\n", "        if False:\n",
             (S + "test_a_tagged_mapping_key_is_an_error_at_its_place",)),
    Mutation("I3", "JSON written without for_json", "layout/errors.py",
             "return json.dumps(safe(value), ensure_ascii=False, indent=indent)",
             "return json.dumps(value, ensure_ascii=False, indent=indent)",
             (S + "test_a_lone_surrogate_in_a_story_name_with_json",)),
    Mutation("I13", "manifest.json written without for_json", "layout/output/manifest.py",
             'lines = [f"  {dumps(k, None)}: {dumps(v, None)}," for k, v in doc.items()]',
             'lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)},"'
             " for k, v in doc.items()]",
             (S + "test_an_edition_folder_whose_name_is_not_utf8_gets_a_manifest",)),
    Mutation("I4", "the terminal escape removed from `layout ads`", "layout/desk/reports/ads.py",
             "tuple(escape_controls(v, keep_newlines=False) for v in", "tuple(v for v in",
             (S + "test_layout_ads_escapes_the_fields_of_ads_yaml",)),
    Mutation("I5", "the terminal escape removed from the night's run table", "layout/run/night.py",
             "names = [escape_controls(r.edition, keep_newlines=False) for r in self.rows]",
             "names = [r.edition for r in self.rows]",
             (S + "test_the_nights_run_table_escapes_edition_names",)),
    Mutation("I6", "the CLI prints outside strings as they are", "layout/cli/base.py",
             "    click.echo(escape_controls(text), err=err)", "    click.echo(text, err=err)",
             (S + "test_render_json_into_a_folder_whose_name_is_not_utf8",)),
    Mutation("I7", "ads.yaml is read without the sandbox", "layout/source/ads.py",
             '        edition_file(folder, own, f"the ad list {ADS_FILE}")', "        pass",
             (S + "test_ads_yaml_linked_to_a_file_outside_the_edition_is_refused",)),
    Mutation("I8", "schema patterns run with Python's $", "layout/source/schema.py",
             'return _END.sub(lambda m: m.group(1) + r"\\Z", pattern)', "return pattern",
             (S + "test_a_zone_code_with_a_trailing_newline_is_refused",)),
    Mutation("I9", "the manifest's depth bound raised to 1,000,000", "layout/output/manifest.py",
             "MAX_DEPTH = 8\n", "MAX_DEPTH = 1_000_000\n",
             (S + "test_a_deeply_nested_manifest_is_a_warning_not_a_failure_for_good",)),
    Mutation("I10", "entries carried on --pages are not checked", "layout/output/manifest.py",
             "            current += kept\n", "            current += list(previous.pages.values())\n",
             (S + "test_entries_carried_on_pages_are_checked",)),
    Mutation("I11", "each edition of the night's run sends its own plates", "layout/run/night.py",
             "commit(c, every, options.per_page, send=False)",
             "commit(c, every, options.per_page, send=selection.changed_only)",
             (S + "test_the_nights_run_sends_a_shared_plate_once",)),
    Mutation("I12", "the finished files keep the neutral date", "layout/render/pdfxparts.py",
             '("Subject", pdfx.date.isoformat()), ', "",
             (S + "test_every_finished_file_carries_the_editions_date",)),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
