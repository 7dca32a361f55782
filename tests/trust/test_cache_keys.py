"""Every cache key names everything that decides its entry: the bytes of the inputs, our code, the
libraries' versions. Each test changes one of those and checks that the cache does not answer with the
old entry (see docs/performance.md for the keys)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pypdf
import pytest
from PIL import Image

import layout.infra.cache as cache
import layout.output.commit as output
import layout.run.pipeline as pipeline
from layout.infra.cache import cache_root, code_version
from layout.model.page import Page
from layout.plant.preflight import Check, Report
from layout.render.images import ImageSpec
from layout.render.pages import DrawSettings, page_key
from layout.run.pipeline import font_set, load, render
from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN, SAMPLE, MakeEdition, session_cache
from tests.support.squarefont import install_square_fonts

GS_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
needs_icc = pytest.mark.skipif(not GS_CMYK.is_file(), reason="ghostscript's ICC profiles are not installed")


def same_stat_times(path: Path, before: os.stat_result) -> None:
    """Give a rewritten file its old modification time back (the size is the same too)."""
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_the_tests_use_their_own_empty_cache() -> None:
    assert cache_root() == session_cache()
    assert Path.home() / ".cache" not in cache_root().parents


def test_code_version_follows_the_producers_imports(tmp_path: Path) -> None:
    """A change to the drawing code (imported by the page drawer) changes the page key's code part, and
    not the preflight's; a change to the checker changes the preflight's."""
    pkg = tmp_path / "layout"
    shutil.copytree(cache.PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    version = code_version.__wrapped__
    pages, checks = version("layout.render.pages", pkg), version("layout.plant.preflight", pkg)
    with (pkg / "render" / "pdf.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a change to the renderer\n")
    assert version("layout.render.pages", pkg) != pages
    assert version("layout.plant.preflight", pkg) == checks
    with (pkg / "plant" / "pdfops.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a change to the content-stream lexer the checker uses\n")
    assert version("layout.plant.preflight", pkg) != checks


def _changed_code(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """As if the source of `module` had been edited since the cache was filled."""
    real = cache.code_version

    def patched(name: str, root: Path = cache.PACKAGE) -> str:
        return real(name, root) + ("+edited" if name == module else "")

    monkeypatch.setattr(cache, "code_version", patched)


def test_a_new_check_in_preflight_checks_every_file_again(make_edition: MakeEdition, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_edition()
    render(folder, tmp_path / "a")
    _changed_code(monkeypatch, "layout.plant.preflight")

    def stricter(blob: bytes, name: str = "PDF", **_kw: object) -> Report:
        check = Check("a new check")
        check.fail("fails everything")
        return Report(name, [check])

    monkeypatch.setattr(output, "preflight", stricter)
    with pytest.raises(pipeline.LayoutError, match="a new check"):
        render(folder, tmp_path / "b")
    assert not (tmp_path / "b").exists()


def test_every_page_file_is_preflighted_before_anything_is_written(make_edition: MakeEdition, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    two = PLAN.replace("pages_total: 12", "pages_total: 2") + (
        "  - page: 2\n    boxes:\n      - story: dashuju\n        at: {col: 1, span: 4, line: 5, lines: 20}\n"
        "        columns: 4\n")
    folder = make_edition(two.replace("      - story: dashuju\n        at: {col: 5, span: 4, line: 11, lines: 20}\n"
                                      "        columns: 4\n", ""), {"jieneng": ARTICLE_A, "dashuju": ARTICLE_B})
    real = output.preflight

    def fails_page_two(blob: bytes, name: str = "PDF", **kw: object) -> Report:
        report = real(blob, name, **kw)  # type: ignore[arg-type]
        if name.endswith("-02.pdf"):
            check = Check("planted fault")
            check.fail("page file 2 is bad")
            report.checks.append(check)
        return report

    monkeypatch.setattr(output, "preflight", fails_page_two)
    with pytest.raises(pipeline.LayoutError) as info:
        render(folder, tmp_path / "out")
    assert "20260423-02.pdf: FAIL" in str(info.value) and "page file 2 is bad" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_a_change_to_the_pdfx_code_is_not_answered_from_the_cache(make_edition: MakeEdition, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The page files are PDF/X as drawn, the edition joined from them each time: new PDF/X code (here a new
    producer) reaches both."""
    import layout.render.pdfxparts as pdfx

    folder = make_edition()
    render(folder, tmp_path / "a")
    _changed_code(monkeypatch, "layout.render.pages")
    monkeypatch.setattr(pdfx, "PRODUCER", "layout (a new producer)")
    render(folder, tmp_path / "b")
    for name in ("edition.pdf", "20260423-01.pdf"):
        info = pypdf.PdfReader(tmp_path / "b" / name).metadata
        assert info is not None and info["/Producer"] == "layout (a new producer)", name


def test_the_pages_key_covers_the_pdfx_and_text_writing_code(tmp_path: Path) -> None:
    """The drawing modules are imported inside the drawing function: their source is in the key all the same."""
    root = tmp_path / "layout"
    shutil.copytree(cache.PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    version = cache.code_version.__wrapped__  # not the per-process memo: the files change under it here
    before = version("layout.render.pages", root)
    for module in ("pdfxparts.py", "pdfxdoc.py", "textstream.py"):
        path = root / "render" / module
        source = path.read_text(encoding="utf-8")
        path.write_text(source + "\n# edited\n", encoding="utf-8")
        assert version("layout.render.pages", root) != before, module
        path.write_text(source, encoding="utf-8")


@needs_icc
def test_an_icc_profile_replaced_under_the_same_name_is_embedded(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN.replace("style: tianjin-daily", "style: mine"))
    (folder / "styles").mkdir()
    profile = folder / "styles" / "plant.icc"
    original = GS_CMYK.read_bytes()
    profile.write_bytes(original)
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\nprint:\n  profile: plant.icc\n",
                                                 encoding="utf-8")
    render(folder, tmp_path / "a")
    before = profile.stat()
    replaced = original[:-16] + bytes(range(16))  # same size, other bytes
    profile.write_bytes(replaced)
    same_stat_times(profile, before)
    render(folder, tmp_path / "b")
    for out, want in ((tmp_path / "a", original), (tmp_path / "b", replaced)):
        for name in ("edition.pdf", "20260423-01.pdf"):  # the page file is PDF/X as drawn: its intent too
            intent = pypdf.PdfReader(out / name).trailer["/Root"]["/OutputIntents"][0].get_object()
            assert intent["/DestOutputProfile"].get_object().get_data() == want, name


@pytest.mark.slow  # over 10 s
def test_a_photo_replaced_with_the_same_size_and_time_is_drawn_again(make_edition: MakeEdition,
                                                                     tmp_path: Path) -> None:
    plan = PLAN + ("      - image: photo.bmp\n        caption: 测试照片。\n"
                   "        at: {col: 1, span: 4, line: 40, lines: 20}\n")
    folder = make_edition(plan)
    photo = folder / "photo.bmp"
    Image.new("RGB", (1500, 900), (40, 120, 200)).save(photo)
    render(folder, tmp_path / "a")
    before = photo.stat()
    Image.new("RGB", (1500, 900), (200, 30, 30)).save(photo)  # a BMP of the same size: same byte count
    same_stat_times(photo, before)
    render(folder, tmp_path / "b")
    assert (tmp_path / "a" / "edition.pdf").read_bytes() != (tmp_path / "b" / "edition.pdf").read_bytes()


def test_library_versions_are_in_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page(1, 100.0, 100.0, (), (), ())
    settings = DrawSettings("label", 8.5, False, ImageSpec())
    keys = {page_key(page, {}, settings)}
    for lib in ("reportlab", "pillow", "pypdf", "fonttools"):
        versions = tuple((n, v + "-new" if n == lib else v) for n, v in cache.library_versions())
        monkeypatch.setattr(cache, "library_versions", lambda versions=versions: versions)
        now = {page_key(page, {}, settings)}
        assert not now & keys, lib


def test_an_edited_catalogue_is_seen_by_the_same_process(tmp_path: Path) -> None:
    folder = tmp_path / "edition"
    shutil.copytree(SAMPLE, folder)
    (folder / "styles").mkdir()
    catalogue = folder / "styles" / "catalogue.yaml"
    project = (cache.PACKAGE.parent / "fonts" / "catalogue.yaml").read_text(encoding="utf-8")
    catalogue.write_text(project, encoding="utf-8")
    (folder / "styles" / "mine.yaml").write_text("extends: tianjin-daily\nfonts:\n  catalogue: catalogue.yaml\n",
                                                 encoding="utf-8")
    plan = folder / "edition.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nstyle: tianjin-daily\n", "\nstyle: mine\n"),
                    encoding="utf-8")
    first = font_set(load(folder)).face("song").key
    assert first == "NotoSerifCJKsc-Regular"
    song = project.index("  song:")
    edited = project[:song] + project[song:].replace("face: Noto Serif CJK SC", "face: Noto Sans CJK SC", 1)
    edited = edited.replace("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc", 1)
    catalogue.write_text(edited, encoding="utf-8")
    assert font_set(load(folder)).face("song").key == "NotoSansCJKsc-Regular"


def test_a_font_file_replaced_in_place_is_read_again(make_edition: MakeEdition) -> None:
    folder = make_edition(PLAN.replace("style: tianjin-daily", "style: square"), {"jieneng": ARTICLE_A,
                                                                                   "dashuju": ARTICLE_B})
    install_square_fonts(folder)
    assert font_set(load(folder)).metrics("song").lookup("a") == ("LayoutSquareTest-Regular", 0.5)
    font = folder / "fonts" / "square.ttf"
    before = font.stat()
    install_square_fonts(folder, ascii_advance=600)
    if font.stat().st_size == before.st_size:
        same_stat_times(font, before)
    assert font_set(load(folder)).metrics("song").lookup("a") == ("LayoutSquareTest-Regular", 0.6)


def test_watch_watches_the_catalogue_and_the_font_folders(make_edition: MakeEdition, tmp_path: Path) -> None:
    from layout.desk.watch import WatchState, watch_paths

    project = cache.PACKAGE.parent
    watched = watch_paths(WatchState(SAMPLE, tmp_path / "out", False, 20))
    for needed in (project / "fonts" / "catalogue.yaml", project / "styles" / "tianjin-daily.yaml",
                   SAMPLE / "edition.yaml", SAMPLE / "articles" / "jieneng.md"):
        assert any(w in needed.parents for w in watched), (needed, watched)
    assert project not in watched  # not the whole project (tests and outputs would trigger renders)


def test_a_plan_seen_valid_is_not_validated_again_but_any_change_is(make_edition: MakeEdition,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    """The schema check is remembered by the plan's data (namespace `valid`): the same plan again skips
    the check (the quick one and jsonschema), an edited plan — valid or not — is checked. A cache of its
    own: another test may have seen the edited plan valid already."""
    import jsonschema

    from layout.errors import LayoutError

    monkeypatch.setenv("LAYOUT_CACHE_DIR", str(tmp_path / "cache"))
    folder = make_edition()
    load(folder)  # checked, and remembered
    import layout.source.schema as schema

    calls: list[int] = []
    real = jsonschema.Draft202012Validator.iter_errors
    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    quick = schema.passes  # the quick check (layout/source/quickschema.py) comes before jsonschema
    monkeypatch.setattr(schema, "passes", lambda *a: calls.append(2) or quick(*a))
    load(folder)
    assert calls == []
    plan = folder / "edition.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("issue: 28122", "issue: 28123"), encoding="utf-8")
    load(folder)
    assert calls  # checked again
    plan.write_text(plan.read_text(encoding="utf-8").replace("issue: 28123", "issue: 第28123号"), encoding="utf-8")
    with pytest.raises(LayoutError, match="'issue' must be integer"):
        load(folder)
