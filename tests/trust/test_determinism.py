"""Same inputs, same bytes: two renders in fresh processes, each with an empty cache and another hash seed,
write byte-identical files (every one of them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


def render_fresh(out: Path, cache: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "LAYOUT_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-m", "layout", "render", str(SAMPLE), "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


@pytest.mark.slow  # two fresh processes, empty caches
def test_two_fresh_processes_with_empty_caches_write_the_same_bytes(tmp_path: Path) -> None:
    a = render_fresh(tmp_path / "a", tmp_path / "cache-a", "1")
    b = render_fresh(tmp_path / "b", tmp_path / "cache-b", "2")
    assert sorted(a) == sorted(b) == ["20260423-01.pdf", "20260423-02.pdf", "20260423-03.pdf", "20260423-06.pdf",
                                      "20260423-08.pdf", "edition.pdf", "manifest.json"]
    for name in a:
        assert a[name] == b[name], f"{name} differs between two fresh renders"
