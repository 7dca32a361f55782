"""The "your own references" workflow of docs/proofs.md, on a small edition: approve a render as the
reference, render again and diff (the same), change a character (different, and named), and the pytest
form of the check."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from layout.cli import main
from layout.run.pipeline import build
from layout.tools.diff import diff_pdfs
from tests.conftest import MakeEdition


def test_a_papers_own_reference_check(make_edition: MakeEdition, tmp_path: Path) -> None:
    edition = make_edition()
    refs = tmp_path / "references"
    refs.mkdir()
    run = CliRunner()
    assert run.invoke(main, ["render", str(edition), "-o", str(tmp_path / "out")]).exit_code == 0
    shutil.copy(tmp_path / "out" / "edition.pdf", refs / "edition.pdf")  # approved

    assert run.invoke(main, ["render", str(edition), "-o", str(tmp_path / "ci")]).exit_code == 0
    same = run.invoke(main, ["diff", str(refs / "edition.pdf"), str(tmp_path / "ci" / "edition.pdf"),
                             "-o", str(tmp_path / "ci" / "diff")])
    assert same.exit_code == 0 and "page 1: same" in same.output

    article = edition / "articles" / "dashuju.md"
    article.write_text(article.read_text(encoding="utf-8").replace("投入使用", "投入运营"), encoding="utf-8")
    assert run.invoke(main, ["render", str(edition), "-o", str(tmp_path / "ci")]).exit_code == 0
    changed = run.invoke(main, ["diff", str(refs / "edition.pdf"), str(tmp_path / "ci" / "edition.pdf"),
                                "-o", str(tmp_path / "ci" / "diff")])
    assert changed.exit_code == 1 and "page 1: changed" in changed.output
    assert "使用" in changed.output and "运营" in changed.output
    assert (tmp_path / "ci" / "diff" / "report.html").is_file()

    # the pytest form of docs/proofs.md: build in memory, diff with the reference
    result = diff_pdfs((refs / "edition.pdf").read_bytes(), build(edition).edition)
    assert result.different(0.0002)
    assert "运营" in result.report(0.0002)
