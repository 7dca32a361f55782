"""Prove the run's tests can fail (lean processes, one render for one edition and for the night, no message
text matched, the package entry points, one severity for overset): each mutation breaks one thing on
purpose and runs the tests that guard it (tests/mutations.py's machinery; not collected by pytest).

    .venv/bin/python -m tests.run.mutations            # every mutation
    .venv/bin/python -m tests.run.mutations L1 L3      # some
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

LEAN = "tests/run/test_lean.py::"
ONE = "tests/run/test_one_run.py::"
TEXT = "tests/architecture/test_no_message_text.py::"
ENTRY = "tests/architecture/test_entry_points.py::"
SEVERITY = ("tests/run/test_overset_severity.py::"
            "test_overset_is_an_error_in_render_check_and_check_json_and_a_warning_when_allowed")
MUTATIONS = [
    Mutation("L1", "numpy and Pillow's colour modules imported with render/images.py again", "layout/render/images.py",
             "if TYPE_CHECKING:  # numpy and Pillow's", "if True:  # numpy and Pillow's",
             (LEAN + "test_a_page_without_photos_is_drawn_without_numpy_or_pillows_colour_modules",)),
    Mutation("L2", "the fast exit loses what is buffered for stdout", "layout/cli/base.py",
             "        sys.stdout.flush()\n", "",
             (LEAN + "test_exit_now_flushes_stdout_and_stderr_before_it_leaves",)),
    Mutation("L3", "a render run as a program frees every object on the way out", "layout/cli/base.py",
             "    if not AS_PROGRAM:\n        return\n", "    if True:\n        return\n",
             (LEAN + "test_a_render_run_as_a_program_leaves_at_once_with_its_output_whole",)),
    Mutation("L4", "the fast exit is taken under a test's CliRunner too", "layout/cli/base.py",
             "    if not AS_PROGRAM:\n        return\n", "    if False:\n        return\n",
             (LEAN + "test_a_command_that_fails_or_runs_under_a_test_leaves_the_ordinary_way",)),
    Mutation("L5", "a render leaves with exit code 1", "layout/cli/render.py",
             "    exit_now(0)  # the output is committed", "    exit_now(1)  # the output is committed",
             (LEAN + "test_a_render_run_as_a_program_leaves_at_once_with_its_output_whole",)),
    Mutation("L6", "render plans its edition its own way", "layout/run/pipeline.py",
             "        planned = plan_run([folder], options, selection.pages)\n        [checked]",
             "        planned = [plan(folder, selection.pages, options)]\n        [checked]",
             (ONE + "test_render_and_the_nights_run_are_the_same_steps",)),
    Mutation("L7", "the night plans its editions its own way", "layout/run/night.py",
             "    planned = plan_run(folders, options)\n", "    planned = [plan(f, None, options) for f in folders]\n",
             (ONE + "test_render_and_the_nights_run_are_the_same_steps",)),
    Mutation("L8", "render of one edition writes another set than the night's run of it", "layout/run/pipeline.py",
             "                                         options.per_page)\n    bar.update()",
             "                                         False)\n    bar.update()",
             (ONE + "test_render_of_one_edition_writes_what_the_nights_run_of_it_writes",)),
    Mutation("L9", "the ad checks sort the preflight's findings by their printed prefix again", "layout/plant/ads.py",
             "            if level is Level.WARNING:\n",
             "            if f\"{level}: {detail}\".startswith(\"warning: \"):\n",
             (TEXT + "test_no_module_matches_message_text",)),
    Mutation("L10", "an ad's warnings from the content checks are dropped", "layout/plant/ads.py",
             "            if level is Level.WARNING:\n", "            if level is Level.NOTE:\n",
             ("tests/ads/test_ads.py::test_image_resolution_is_judged_at_the_fitted_size",)),
    Mutation("L11", "a check reads its own printed details to keep a warning once", "layout/plant/walk.py",
             "        if (Level.WARNING, detail) not in self.findings and",
             "        if f\"warning: {detail}\" not in self.details and",
             (TEXT + "test_no_module_matches_message_text",)),
    Mutation("L12", "layout.output exports nothing", "layout/output/__init__.py",
             '__all__ = ["write_output"]', "__all__: list[str] = []",
             (ENTRY + "test_each_package_exports_its_entry_point",)),
    Mutation("L13", "layout.tools (its entry point write_proofs) imports Pillow at once", "layout/tools/proof.py",
             "if TYPE_CHECKING:  # Pillow, the progress bar", "if True:  # Pillow, the progress bar",
             (ENTRY + "test_the_entry_points_import_no_drawing_or_checking_library",)),
    Mutation("L16", "layout.plant re-exports preflight under its module's name", "layout/plant/__init__.py",
             "from layout.plant.preflight import preflight as preflight_pdf",
             "from layout.plant.preflight import preflight\npreflight_pdf = preflight",
             (ENTRY + "test_no_entry_point_hides_a_module_of_its_package",
              "tests/ads/test_gwg.py::test_layout_preflight_stops_at_its_cap_on_a_hostile_file")),
    Mutation("L14", "check --json labels overset as the layout left it (a warning)", "layout/cli/reports.py",
             "click.echo(dumps(check_json(laid, problems)))", "click.echo(dumps(check_json(laid)))",
             (SEVERITY, "tests/desk/test_outputs.py::test_check_json")),
    Mutation("L15", "check calls an allowed overset an error", "layout/run/overset.py",
             "[d if allow_overset or d.code", "[d if False or d.code", (SEVERITY,)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
