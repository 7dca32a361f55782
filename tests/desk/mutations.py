"""The desk's mutations: break each item of the issue on purpose and see its test go red.

    .venv/bin/python -m tests.desk.mutations            # every mutation
    .venv/bin/python -m tests.desk.mutations D3 D8      # some

Runs with the runner of tests/mutations.py (each mutation replaces one exact piece of source, runs its
tests in a fresh process and restores the file whatever happens). Not collected by pytest.
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

D = "tests/desk/"
H = D + "test_hostile_desk.py::"
MUTATIONS = [
    Mutation("D1", "a missing edition folder offers no 'did you mean'", "layout/source/edition.py",
             "guess = did_you_mean(given.name, editions)", 'guess = ""',
             (D + "test_messages.py::test_a_typo_in_the_edition_folder_names_it_and_offers_the_right_one",)),
    Mutation("D2", "schema errors on `at` come out raw again", "layout/source/schema.py",
             'path[-1:] == ("at",)', 'path[-1:] == ("never",)',
             (D + "test_messages.py::test_at_without_lines_says_so_at_the_box_with_1_based_page_and_box",)),
    Mutation("D3", "watch takes editor temporary files for changes", "layout/desk/watch.py",
             "return bool(EDITOR_TEMP.match(path.name))", "return False",
             (D + "test_watch.py::test_a_watch_session",)),
    Mutation("D4", "watch prints every warning on every cycle", "layout/desk/watch.py",
             "        if text not in said:\n", "        if True:\n",
             (D + "test_watch.py::test_a_watch_session",)),
    Mutation("D5", "watch's first render claims changed pages", "layout/desk/watch.py",
             '    if first:\n        return f"rendered {pages} page',
             '    if False:\n        return f"rendered {pages} page',
             (D + "test_watch.py::test_a_watch_session",)),
    Mutation("D6", "`bold: true` sets the regular face", "layout/run/pipeline.py",
             "role = style.bold_font if style.bold and style.bold_font else style.font", "role = style.font",
             (D + "test_bold.py::test_a_bold_body_is_set_in_the_bold_face",)),
    Mutation("D7", "preflight names the PDF's /FormXob again", "layout/plant/images.py",
             "                return p.label\n", "                return xobject\n",
             (D + "test_preflight_names.py::test_a_low_resolution_photo_is_named_by_file_and_box",)),
    Mutation("D8", "serve misses saves (no live update)", "layout/desk/state.py",
             "        self.rebuild(echo)\n\n    def start(", "        pass\n\n    def start(",
             (D + "test_browser.py",)),
    Mutation("D9", "serve lists no overset story", "layout/desk/view.py",
             "    overset = [f for f in laid.flowed.fits if f.overset_chars and f.boxes]",
             "    overset = [f for f in laid.flowed.fits if False]",
             (D + "test_serve.py::test_a_save_updates_the_stream_and_only_what_changed",)),
    Mutation("D10", "check --json drops the story's source", "layout/desk/reports/jsonout.py",
             '"source": article.source if article else ""', '"source": ""',
             (D + "test_outputs.py::test_check_json",)),
    Mutation("D11", "the copyfit table drops the story's source", "layout/desk/reports/copyfit.py",
             '(f"; source {escape_controls(source)}" if source else "")', '""',
             (D + "test_messages.py::test_check_lists_each_storys_source",)),
    Mutation("D12", "--pages writes edition.pdf too", "layout/run/pipeline.py",
             'files = [] if pages else [("edition.pdf", built.edition)]', 'files = [("edition.pdf", built.edition)]',
             (D + "test_outputs.py::test_render_pages_writes_only_those_page_files_and_keeps_edition_pdf",)),
    Mutation("D13", "init's lead story box too tall for its text", "layout/desk/scaffold/templates/edition.yaml",
             "at: {col: 1, span: 5, line: 11, lines: 17}", "at: {col: 1, span: 5, line: 11, lines: 30}",
             (D + "test_init.py::test_init_makes_an_edition_that_renders_at_once",)),
    Mutation("D14", "serve answers any Host (DNS rebinding)", "layout/desk/serve.py",
             '        return host_name(self.headers.get("Host") or "") in LOOPBACK', "        return True",
             (D + "test_serve.py::test_the_routes_and_the_state",)),
    Mutation("D15", "preflight skips the ink of JPEG photos", "layout/plant/walk.py",
             'else filters) == "/DCTDecode"', 'else filters) == "/NoSuchFilter"',
             (D + "test_preflight_names.py::test_the_ink_of_a_jpeg_photo_is_measured_and_named",)),
    Mutation("D16", "check --json loses the plan's grid place", "layout/desk/reports/jsonout.py",
             '"grid": {"col": g.col, "span": g.span, "line": g.line, "lines": g.lines} if g else None',
             '"grid": None',
             (D + "test_outputs.py::test_check_json",)),
    Mutation("D17", "serve starts watching only after the first render", "layout/desk/state.py",
             "        source = batches_of(changes) if changes is not None else Follower(self.folder, self.stopping)"
             ".start()\n        self.rebuild(echo)\n",
             "        self.rebuild(echo)\n        source = batches_of(changes) if changes is not None else "
             "Follower(self.folder, self.stopping).start()\n",
             (H + "test_an_edit_saved_right_after_the_first_render_is_rendered",)),
    Mutation("D18", "the watcher keeps watching the folder handle after its path leads elsewhere",
             "layout/desk/watch.py",
             "            while not self.stop.is_set() and identity(self.folder) == now:",
             "            while not self.stop.is_set():",
             (H + "test_a_folder_swapped_for_a_link_is_followed_by_its_name",)),
    Mutation("D19", "the watcher watches the first folder only (a deleted one is not watched again)",
             "layout/desk/watch.py",
             "            while not self.stop.is_set():\n                try:\n",
             "            if not self.stop.is_set():\n                try:\n",
             (H + "test_a_folder_deleted_and_restored_is_followed",)),
    Mutation("D20", "watchfiles' error on a file name that is not UTF-8 is not handled", "layout/desk/watch.py",
             "        except WatchfilesRustInternalError as exc:", "        except KeyError as exc:",
             (H + "test_a_file_name_not_utf8_saved_while_serving_is_one_message",)),
    Mutation("D21", "the state is encoded strictly (a file name that is not UTF-8 stops the desk)",
             "layout/desk/state.py",
             'json.dumps(state, ensure_ascii=False).encode("utf-8", "backslashreplace")',
             'json.dumps(state, ensure_ascii=False).encode("utf-8")',
             (H + "test_a_file_name_not_utf8_at_start_is_one_message_and_the_desk_stays_up",)),
    Mutation("D22", "a client that hangs up prints a traceback", "layout/desk/serve.py",
             "        if isinstance(exc, HUNG_UP):\n            return\n", "",
             (H + "test_a_client_that_hangs_up_prints_nothing",)),
    Mutation("D23", "init writes through a broken link", "layout/desk/scaffold/__init__.py",
             "    if folder.is_symlink() and not folder.exists():", "    if False:",
             (H + "test_init_on_a_dangling_link_is_exit_2_and_one_message",)),
    Mutation("D24", "serve binds ::1 with an IPv4 socket", "layout/desk/serve.py",
             "            self.address_family = socket.AF_INET6", "            pass",
             (H + "test_serve_listens_on_ipv6_loopback",)),
    Mutation("D25", "serve's changed: line prints file names raw", "layout/desk/state.py",
             'sorted({shown(f.name, False) for f in files})', "sorted({f.name for f in files})",
             (H + "test_a_file_name_with_escapes_reaches_the_terminal_made_visible",)),
    Mutation("D26", "the desk lists the overset warning among the warnings too", "layout/desk/view.py",
             "        if d in listed:\n            continue\n", "",
             (D + "test_serve.py::test_a_save_updates_the_stream_and_only_what_changed",)),
    Mutation("D27", "pages.py imports the desk again (the cycle)", "layout/desk/view.py",
             "if TYPE_CHECKING:\n", "if TYPE_CHECKING:\n    from layout.desk.state import Desk\n",
             (D + "test_desk_shape.py::test_no_import_cycle_among_the_desks_modules",)),
    Mutation("D28", "watch starts watching only after the first render", "layout/desk/watch.py",
             "        rerender(state, echo)\n        for batch in source:",
             "        rerender(state, echo)\n"
             "        source = Follower(state.folder, stop).start() if changes is None else source\n"
             "        for batch in source:",
             (H + "test_watch_renders_an_edit_saved_right_after_its_first_render",)),
    Mutation("D29", "the desk reads the plan outside the render (a folder deleted meanwhile stops serve)",
             "layout/desk/state.py", "    except (OSError, UnicodeDecodeError) as exc:\n        raise LayoutError(",
             "    except KeyError as exc:\n        raise LayoutError(",
             (H + "test_a_folder_deleted_during_a_render_is_an_error_not_a_crash",)),
]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
