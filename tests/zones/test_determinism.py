"""Same inputs, same bytes, for a family too: the night's run of both seed editions in two fresh processes,
each with an empty cache and another hash seed, writes byte-identical files — manifests included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.zones.family import MAIN, SEEDS, ZONE


def night_fresh(out: Path, cache: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "LAYOUT_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
    proc = subprocess.run([sys.executable, "-m", "layout", "render", str(SEEDS / MAIN), str(SEEDS / ZONE), "-o",
                           str(out)], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.mark.slow  # two fresh processes, empty caches
def test_the_family_renders_to_the_same_bytes_in_two_fresh_processes(tmp_path: Path) -> None:
    a = night_fresh(tmp_path / "a", tmp_path / "cache-a", "1")
    b = night_fresh(tmp_path / "b", tmp_path / "cache-b", "2")
    assert sorted(a) == sorted(b)
    assert f"{ZONE}/manifest.json" in a and f"{MAIN}/manifest.json" in a and len(a) == 15
    for name in a:
        assert a[name] == b[name], f"{name} differs between two fresh renders"
