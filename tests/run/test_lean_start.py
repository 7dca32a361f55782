"""What a fresh render does before and around its real work (issue 29, lean2): the main process imports only
what the render of its edition needs, a plan the quick check finds valid is not given to jsonschema, the
render's workers never import `cryptography` (pypdf would, ≈0.15 s each) and record nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

LATER = ("tqdm", "lunar_python", "xml.sax", "jsonschema", "cryptography")  # imported when used, not before


def fresh(code: str, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"LAYOUT_CACHE_DIR": str(cache)} if cache is not None else {})}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300, env=env)


def test_the_render_path_imports_no_progress_bar_calendar_xml_or_schema_library() -> None:
    code = ("import sys, json\nimport layout.cli, layout.cli.render, layout.run.pipeline, layout.run.record\n"
            f"print(json.dumps(sorted(m for m in {LATER!r} if m in sys.modules)))")
    proc = fresh(code)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_a_valid_plan_never_seen_is_loaded_without_jsonschema(tmp_path: Path) -> None:
    """An empty cache (the plan not seen valid before): the quick check passes it, jsonschema is not imported,
    and the plan is remembered as valid as before."""
    code = ("import sys, json\nfrom pathlib import Path\nfrom layout.source import load_edition\n"
            "load_edition(Path(sys.argv[1]))\nprint(json.dumps('jsonschema' in sys.modules))")
    proc = fresh(code, str(SAMPLE), cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) is False
    assert list((tmp_path / "cache" / "valid").iterdir())


def test_a_valid_plan_edit_in_a_long_running_process_is_checked_without_jsonschema(tmp_path: Path) -> None:
    """`layout serve`/`watch`: after a first plan, an edited valid plan is passed by the quick check (~3 ms),
    not by the per-page jsonschema validators (whose import alone cost a desk save ~65 ms)."""
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(SAMPLE, edition)
    code = ("import sys, json\nfrom pathlib import Path\nfrom layout.source import load_edition\n"
            "plan = Path(sys.argv[1]) / 'edition.yaml'\nload_edition(Path(sys.argv[1]))\n"
            "text = plan.read_text(encoding='utf-8').replace('line: 1, lines: 9}', 'line: 1, lines: 8}', 1)\n"
            "plan.write_text(text, encoding='utf-8')\n"
            "load_edition(Path(sys.argv[1]))\nprint(json.dumps('jsonschema' in sys.modules))")
    proc = fresh(code, str(edition), cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) is False


def test_a_progress_bar_off_a_terminal_does_nothing_and_imports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from layout.infra.progress import Silent, progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    bar = progress(3, "render")
    assert isinstance(bar, Silent)
    bar.update()
    bar.update(2)
    bar.close()


def test_a_progress_bar_on_a_terminal_is_tqdms(monkeypatch: pytest.MonkeyPatch) -> None:
    from tqdm import tqdm

    from layout.infra.progress import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = progress(3, "render")
    assert isinstance(bar, tqdm) and not bar.disable and bar.total == 3
    bar.close()


def _in_worker() -> tuple[bool, bool, list[str]]:
    """In a worker of `shared`: pypdf imported, whether cryptography was; a plain `import cryptography` fails;
    an RC4 and an AES-256 encrypted ad examined as the plant examines them (the first error of each)."""
    import pypdf  # noqa: F401

    from layout.model.paper import PrintSpec
    from layout.plant.ads import examine
    from tests.ads import makeads

    loaded = "cryptography" in sys.modules and sys.modules["cryptography"] is not None
    try:
        import cryptography  # noqa: F401

        importable = True
    except ImportError:
        importable = False
    found = [examine(ad, 1, *makeads.BOX, False, PrintSpec()).errors[0][1]
             for ad in (makeads.encrypted(), makeads.aes256())]
    return loaded, importable, found


WORKER = """
import json
from layout.infra.workers import shared
from tests.run.test_lean_start import _in_worker
with shared(processes=2, warm=("pypdf",)) as pool:
    print(json.dumps(pool.submit(_in_worker).result(timeout=120)))
"""


def test_the_render_workers_never_import_cryptography_and_still_refuse_an_encrypted_ad() -> None:
    """In a fresh process (this one may have imported pypdf, and cryptography with it, before)."""
    from layout.plant.ads import ENCRYPTED

    proc = fresh(WORKER)
    assert proc.returncode == 0, proc.stderr
    loaded, importable, found = json.loads(proc.stdout)
    assert (loaded, importable) == (False, False)
    assert found == [ENCRYPTED, ENCRYPTED]  # the same words as in the main process, which opens the ads


def test_a_process_forked_while_a_render_is_recorded_records_nothing() -> None:
    from layout.run.record import _recorders, recording

    with recording():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: say how many recorders it holds
            os.write(write, str(len(_recorders)).encode())
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 16) == b"0"
        assert len(_recorders) == 1  # the parent still records


def test_the_xmp_title_is_escaped_as_xml_saxutils_escapes_it() -> None:
    from xml.sax.saxutils import escape as sax

    from layout.render.pdfxparts import escape

    for text in ("天津日报 & <津南> 版", "a&amp;b", "<<&&>>", "", "无"):
        assert escape(text) == sax(text)


def test_code_versions_read_each_source_once_and_again_when_it_changes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The five producers of a render share most of their imports: each file is read once per process, each
    folder listed once, until it changes (here every file counts as old enough to be kept)."""
    import shutil

    from layout.infra import cache

    root = tmp_path / "layout"
    shutil.copytree(cache.PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "RECENT_NS", -10**12)
    monkeypatch.setattr(cache, "_SOURCES", {})
    monkeypatch.setattr(cache, "_FOLDERS", {})
    reads: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    version = cache.code_version.__wrapped__
    pages, breaks = version("layout.render.pages", root), version("layout.run.breaks", root)
    assert len(reads) == len(set(reads)) > 20
    assert version("layout.render.pages", root) == pages and len(reads) == len(set(reads))
    pdf = root / "render" / "pdf.py"  # the same size, another byte: read again (its times changed)
    source = pdf.read_bytes()
    pdf.write_bytes(source.replace(b"\n", b"\r", 1) if b"\n" in source else source + b" ")
    assert version("layout.render.pages", root) != pages
    (root / "run" / "newmod.py").write_text("X = 1\n", encoding="utf-8")  # a module the producer now imports
    breaks_file = root / "run" / "breaks.py"
    breaks_file.write_text(breaks_file.read_text(encoding="utf-8").replace(
        "from __future__ import annotations\n", "from __future__ import annotations\nimport layout.run.newmod\n", 1),
        encoding="utf-8")
    changed = version("layout.run.breaks", root)
    (root / "run" / "newmod.py").write_text("X = 2\n", encoding="utf-8")
    assert changed != breaks and version("layout.run.breaks", root) != changed
