"""A warm `layout render` (layout/run/replay.py, layout/run/record.py): the same edition rendered again in a new
process writes what the last render of the same inputs kept, without laying out or drawing, and after an edit
of any kind renders again; either way its files (edition.pdf, page files, manifest.json) and what it prints
(warnings, overset under --allow-overset, errors, the report of changed pages) are those of a fresh render. A
kept state that is stale, corrupt, truncated, foreign or too big is not used."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from layout.run.options import Options, Selection
from tests.conftest import ROOT
from tests.desk.test_incremental import _article, _delete, _plan, _replace, _swap
from tests.desk.test_incremental import _edition as _desk_edition

HEAVY = ("reportlab", "fontTools", "pypdf", "numpy", "PIL", "jsonschema", "pyphen", "pypdfium2", "yaml")
FLAGS = ("--allow-overset",)


def _photo(colour: tuple[int, int, int]) -> Callable[[Path], None]:
    """The photo at a size the preflight passes (150 ppi and more in its box)."""
    return lambda folder: Image.new("RGB", (1200, 800), colour).save(folder / "photos" / "harbour.png")


def _edition(tmp_path: Path) -> Path:
    """The desk's test edition (tests/desk/test_incremental.py) with a photo a render's preflight passes."""
    folder = _desk_edition(tmp_path)
    _photo((200, 40, 40))(folder)
    return folder


def _run(folder: Path, out: Path, cache: Path, *extra: str) -> tuple[int, str, str]:
    """`layout render` in a new process: exit code, stdout (the seconds masked) and stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LAYOUT_CACHE_DIR": str(cache)}
    proc = subprocess.run([sys.executable, *extra, "-m", "layout", "render", str(folder), "-o", str(out), *FLAGS],
                          capture_output=True, text=True, timeout=300, env=env, cwd=folder.parent)
    return (proc.returncode, re.sub(r"\d+\.\d\d s\b", "_ s", proc.stdout).replace(str(out), "OUT"),
            proc.stderr.replace(str(out), "OUT"))


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _fresh_cache(fonts: Path, where: Path) -> Path:
    """An empty cache but for the fonts' metrics and digests (what bench/run.py's fresh case keeps: nothing that
    decides a layout or a page)."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir()
    for keep in ("metrics", "digests"):
        if (fonts / keep).is_dir():
            shutil.copytree(fonts / keep, where / keep)
    return where


def _style_added(folder: Path) -> None:
    """A file added: the edition's own styles/tianjin-daily.yaml, which the local style now extends instead of
    the project's."""
    text = (ROOT / "styles" / "tianjin-daily.yaml").read_text(encoding="utf-8")
    assert "  story: 0.6pt" in text
    (folder / "styles" / "tianjin-daily.yaml").write_text(text.replace("  story: 0.6pt", "  story: 1.5pt"),
                                                          encoding="utf-8")


KEEP: dict[str, bytes] = {}
EDITS = [
    ("nothing changed", lambda folder: None),
    ("a character of a story", _article("dashuju", "。", "，")),
    ("a headline", _article("rongxin", "title: ", "title: 新")),
    ("a box moved", _plan("at: {col: 5, span: 4, line: 11, lines: 24}", "at: {col: 5, span: 4, line: 12, lines: 23}")),
    ("a section renamed", _plan("section: 经济", "section: 财经")),
    ("the style", lambda folder: (folder / "styles" / "local.yaml").write_text(
        "extends: tianjin-daily\nrules:\n  story: 1.2pt\n", encoding="utf-8")),
    ("two stories moved to each other's box", _swap("rongxin", "dushu")),
    ("the photo replaced under its name", _photo((40, 40, 200))),
    ("a box shortened: overset under --allow-overset", _plan("at: {col: 1, span: 8, line: 5, lines: 20}",
                                                             "at: {col: 1, span: 8, line: 5, lines: 3}")),
    ("nothing changed (the overset warning again)", lambda folder: None),
    ("a file added: the edition's own copy of the style its style extends", _style_added),
    ("an article deleted (an error)", _delete("rongxin", KEEP)),
    ("nothing changed (the error again)", lambda folder: None),
]


@pytest.mark.slow
def test_after_every_kind_of_edit_a_render_in_a_new_process_is_a_fresh_render(tmp_path: Path) -> None:
    """Each step: the warm cache's render (a replay when nothing changed) and a fresh render (its own cache),
    both into a copy of the same output folder, give the same files, output, warnings and exit code."""
    folder = _edition(tmp_path)
    warm, fonts, out = tmp_path / "warm-cache", tmp_path / "fonts-cache", tmp_path / "out"
    first = _run(folder, out, warm)
    assert first[0] == 0, first
    _run(folder, tmp_path / "scratch", fonts)
    for what, edit in EDITS:
        edit(folder)
        shutil.rmtree(tmp_path / "fresh-out", ignore_errors=True)
        shutil.copytree(out, tmp_path / "fresh-out")
        want = _run(folder, tmp_path / "fresh-out", _fresh_cache(fonts, tmp_path / "fresh-cache"))
        got = _run(folder, out, warm)
        assert got == want, what
        assert _files(out) == _files(tmp_path / "fresh-out"), what


@pytest.mark.slow
def test_a_warm_render_imports_nothing_that_lays_out_or_draws(tmp_path: Path) -> None:
    folder = _edition(tmp_path)
    cache, out = tmp_path / "cache", tmp_path / "out"
    _plan("at: {col: 1, span: 8, line: 5, lines: 20}", "at: {col: 1, span: 8, line: 5, lines: 3}")(folder)
    cold = _run(folder, out, cache)
    assert cold[0] == 0 and "overset" in cold[2], cold
    written = _files(out)
    code, stdout, stderr = _run(folder, out, cache, "-X", "importtime")
    imported = {line.split("|")[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert "layout.run.pipeline" not in imported  # a replay: nothing laid out
    assert code == 0 and stdout.splitlines() == [cold[1].splitlines()[0],
                                                 "no page file changed since the last render in OUT"]
    assert [line for line in stderr.splitlines() if not line.startswith("import time:")] == cold[2].splitlines()
    assert _files(out) == written


# -- the kept state, in this process --------------------------------------------------------------------

OPTIONS = Options(allow_overset=True)


def _record(folder: Path, out: Path) -> bytes:
    from layout.run.record import recorded_render

    done = recorded_render(folder, out, OPTIONS, Selection())
    return done.pdf.read_bytes()


def _state(folder: Path) -> Path:
    from layout.infra.cache import Store
    from layout.run.replay import NAMESPACE, state_key

    return Store(NAMESPACE).file(state_key(folder, OPTIONS))


def _replays(folder: Path, out: Path) -> bool:
    from layout.run.replay import replay

    return replay(folder, out, OPTIONS) is not None


def test_a_render_is_replayed_until_an_input_changes(tmp_path: Path) -> None:
    folder, out = _edition(tmp_path), tmp_path / "out"
    pdf = _record(folder, out)
    assert _state(folder).is_file() and _replays(folder, out)
    assert (out / "edition.pdf").read_bytes() == pdf
    article = folder / "articles" / "dushu.md"
    saved = article.read_bytes()
    article.unlink()
    article.write_bytes(saved)  # saved again: another inode and times, the same bytes
    assert _replays(folder, out)
    _article("dushu", "。", "，")(folder)
    assert not _replays(folder, out)
    _record(folder, out)
    assert _replays(folder, out)
    (folder / "notes.txt").write_text("a file nobody reads", encoding="utf-8")  # the folder's listing changed
    assert not _replays(folder, out)
    _record(folder, out)
    assert _replays(folder, out)
    assert not _replays(folder, tmp_path / "elsewhere") or (tmp_path / "elsewhere" / "edition.pdf").is_file()
    from layout.run.replay import replay

    assert replay(folder, out, Options()) is None  # other options: another state


@pytest.mark.parametrize("damage", ["corrupt-blob", "corrupt-header", "truncated", "foreign", "garbage", "empty"])
def test_a_damaged_or_foreign_state_is_not_used_and_the_render_is_done_again(
        tmp_path: Path, damage: str) -> None:
    folder, out = _edition(tmp_path), tmp_path / "out"
    pdf = _record(folder, out)
    state = _state(folder)
    data = state.read_bytes()
    if damage == "corrupt-blob":
        data = data[:-100] + bytes([data[-100] ^ 1]) + data[-99:]
    elif damage == "corrupt-header":
        at = data.index(b'"name"')
        data = data[:at + 2] + b"X" + data[at + 3:]
    elif damage == "truncated":
        data = data[:len(data) // 2]
    elif damage == "foreign":  # a whole state, written for another edition's key
        other = _edition(tmp_path / "other")
        _record(other, tmp_path / "other-out")
        data = _state(other).read_bytes()
        assert data != state.read_bytes()
    elif damage == "garbage":
        data = b"%PDF-1.4\n" + data[30:]
    else:
        data = b""
    state.write_bytes(data)
    assert not _replays(folder, out)
    from layout.cli import main

    (out / "edition.pdf").unlink()
    result = CliRunner().invoke(main, ["render", str(folder), "-o", str(out), "--allow-overset"])
    assert result.exit_code == 0, result.output
    assert (out / "edition.pdf").read_bytes() == pdf
    assert _replays(folder, out)  # kept anew


def test_a_state_above_the_bound_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import layout.run.replay as replay

    folder, out = _edition(tmp_path), tmp_path / "out"
    monkeypatch.setattr(replay, "MAX_STATE_BYTES", 1000)
    _record(folder, out)
    assert not _state(folder).exists() and not _replays(folder, out)


@pytest.mark.parametrize("edit", ["an article edited", "a file of the folder that no one reads edited"])
def test_an_input_edited_while_the_render_runs_leaves_no_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               edit: str) -> None:
    import layout.run.record as record

    folder, out = _edition(tmp_path), tmp_path / "out"
    (folder / "notes.txt").write_text("the render reads no notes", encoding="utf-8")
    real = record.render

    def render_and_edit(*args: object, **kwargs: object) -> object:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        if edit.startswith("a file of the folder"):  # only the folder's snapshot before and after sees it
            (folder / "notes.txt").write_text("the render reads no notes, still", encoding="utf-8")
        else:
            _article("dushu", "。", "，")(folder)
        return done

    monkeypatch.setattr(record, "render", render_and_edit)
    _record(folder, out)
    assert not _state(folder).exists()


def test_the_preflight_commands_defaults_are_the_styles() -> None:
    from layout.cli.tools import MIN_PPI, WARN_PPI
    from layout.model.paper import PrintSpec

    assert (PrintSpec().min_ppi, PrintSpec().warn_ppi) == (MIN_PPI, WARN_PPI)


def test_the_cli_replays_and_says_what_a_render_says(tmp_path: Path) -> None:
    from layout.cli import main

    folder, out = _edition(tmp_path), tmp_path / "out"
    args = ["render", str(folder), "-o", str(out), "--allow-overset"]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == second.exit_code == 0
    mask = re.compile(r"\d+\.\d\d s\b")
    assert mask.sub("", second.output) == mask.sub("", first.output).replace(
        f"first render in {out}: 3 page files, plate 1", f"no page file changed since the last render in {out}")


def test_the_state_names_what_the_render_read_outside_the_edition(tmp_path: Path) -> None:
    """The fonts (digested, not opened, when their metrics are cached), the project's style and the font
    catalogue are inputs; the package, the cache and the output folder are not."""
    from layout.infra.cache import PACKAGE, cache_root
    from layout.run.replay import read_state, state_key

    folder, out = _edition(tmp_path), tmp_path / "out"
    _record(folder, out)
    _record(folder, out)  # the metrics now come from the cache: the fonts are only digested
    state = read_state(_state(folder).read_bytes(), state_key(folder, OPTIONS))
    assert state is not None
    inputs = set(state.inputs)
    assert any(p.endswith((".otf", ".ttf", ".ttc", ".otc")) for p in inputs), inputs
    assert {str(ROOT / "styles" / "tianjin-daily.yaml"), str(ROOT / "fonts" / "catalogue.yaml"),
            str(folder / "styles" / "local.yaml"), str(folder / "photos" / "harbour.png")} <= inputs
    assert not [p for p in inputs if p.startswith((str(PACKAGE), str(cache_root()), str(out)))]
    assert str(folder / "articles") in state.folders and str(ROOT / "styles") in state.folders


def test_a_file_changed_within_the_clock_tick_margin_is_kept_without_its_signature(tmp_path: Path) -> None:
    """A signature is trusted only for a file last changed over RACY_NS before the state was taken: a same-size
    rewrite in the same coarse clock tick keeps inode, size and times, so such a file is hashed next time."""
    from layout.run.replay import read_state, state_key

    folder, out = _edition(tmp_path), tmp_path / "out"
    _record(folder, out)
    article = folder / "articles" / "dushu.md"
    article.write_bytes(article.read_bytes())  # just now: in place, the same size
    _record(folder, out)
    state = read_state(_state(folder).read_bytes(), state_key(folder, OPTIONS))
    assert state is not None and str(article) in state.inputs
    assert str(article) not in state.signatures
    fonts = [p for p in state.inputs if p.endswith((".otf", ".ttf", ".ttc", ".otc"))]
    assert fonts and all(p in state.signatures for p in fonts)  # old files: no need to hash them again


def test_the_key_names_the_code_the_libraries_python_and_the_place(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import layout.run.replay as replay

    folder = _edition(tmp_path)
    key = replay.state_key(folder, OPTIONS)
    assert replay.state_key(folder, OPTIONS) == key
    for name, value in (("code_digest", lambda: "other code"), ("libraries", lambda: ("reportlab-9.dist-info",))):
        with monkeypatch.context() as m:
            m.setattr(replay, name, value)
            assert replay.state_key(folder, OPTIONS) != key, name
    with monkeypatch.context() as m:
        m.setattr(replay.sys, "version", "3.99")
        assert replay.state_key(folder, OPTIONS) != key
    with monkeypatch.context() as m:
        m.setenv("HOME", str(tmp_path))  # ReportLab reads its settings from there
        assert replay.state_key(folder, OPTIONS) != key
    with monkeypatch.context() as m:
        m.chdir(tmp_path)
        assert replay.state_key(folder, OPTIONS) != key
        assert replay.state_key(Path(folder.name), OPTIONS) != replay.state_key(folder, OPTIONS)  # messages
        # name files as the user named them
    assert replay.state_key(folder, Options(allow_overset=True, final=True)) != key
    assert any("reportlab" in name for name in replay.libraries())


def _check(folder: Path, cache: Path, *extra: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LAYOUT_CACHE_DIR": str(cache)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "layout", "check", str(folder), *extra],
                          capture_output=True, text=True, timeout=300, env=env, cwd=folder.parent)
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    stderr = "\n".join(line for line in proc.stderr.splitlines() if not line.startswith("import time:"))
    return proc.returncode, proc.stdout, stderr + ("\n(laid out)" if "layout.run.pipeline" in imported else "")


@pytest.mark.slow
def test_layout_check_again_says_what_it_said_without_laying_out_until_an_input_changes(tmp_path: Path) -> None:
    folder, cache = _edition(tmp_path), tmp_path / "cache"
    _plan("at: {col: 1, span: 8, line: 5, lines: 20}", "at: {col: 1, span: 8, line: 5, lines: 3}")(folder)
    for flags in ((), ("--allow-overset",), ("--json",)):
        first = _check(folder, cache, *flags)
        assert first[0] == (0 if flags == ("--allow-overset",) else 1) and first[2].endswith("(laid out)"), flags
        again = _check(folder, cache, *flags)
        assert again == (first[0], first[1], first[2].removesuffix("\n(laid out)")), flags
        assert "overset" in again[2] or "overset" in again[1], flags
    _article("dushu", "。", "，")(folder)
    fresh = _check(folder, tmp_path / "fresh-cache")
    assert _check(folder, cache) == fresh and fresh[2].endswith("(laid out)")


@pytest.mark.slow
def test_a_zone_is_replayed_until_its_base_changes(tmp_path: Path) -> None:
    """A zone reads its base's plan and articles, outside its own folder: an edit there is an edit of the zone."""
    from tests.zones.family import small_family

    family = small_family(tmp_path / "family")
    cache, out = tmp_path / "cache", tmp_path / "out"

    def render(cache: Path, out: Path) -> tuple[tuple[int, str, str], bool, dict[str, bytes]]:
        code, stdout, stderr = _run(family.zone, out, cache, "-X", "importtime")
        laid = "layout.run.pipeline" in stderr
        stderr = "\n".join(line for line in stderr.splitlines() if not line.startswith("import time:"))
        return (code, stdout, stderr), laid, _files(out)

    first = render(cache, out)
    assert first[0][0] == 0 and first[1] and "base" in json.loads(first[2]["manifest.json"])
    again = render(cache, out)
    assert not again[1] and again[2] == first[2] and again[0][2] == first[0][2]
    _replace(family.base / "articles" / "jieneng.md", "。", "，")
    shutil.rmtree(tmp_path / "fresh-out", ignore_errors=True)
    shutil.copytree(out, tmp_path / "fresh-out")
    fresh = render(tmp_path / "fresh-cache", tmp_path / "fresh-out")
    edited = render(cache, out)
    assert edited[1] and edited[0] == fresh[0] and edited[2] == fresh[2]
    assert edited[2]["edition.pdf"] != first[2]["edition.pdf"]
