"""The desk's shape (issue 25): no import cycle among its modules (an import inside a function counts), and
nothing in it reads findings back from text: no Diagnostic rebuilt from JSON, no message or table matched
for "overset"."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

DESK = [*sorted((ROOT / "layout" / "desk").glob("*.py")), ROOT / "layout" / "desk" / "scaffold" / "__init__.py"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every layout module `path` imports, at the top or inside a function (TYPE_CHECKING imports too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("layout"):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("layout"))
    return out


def test_no_import_cycle_among_the_desks_modules() -> None:
    names = {module_name(p): p for p in DESK}
    graph = {name: {m for m in imports(path) if m in names and m != name} for name, path in names.items()}
    # a module's package __init__ re-exports it: an import of `layout.desk` is an import of what it exports
    graph["layout.desk"] = graph.get("layout.desk", set())

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo += graph.get(m, set())
        return seen

    cycles = [name for name in graph if name in reach(name)]
    assert cycles == [], f"import cycles through {cycles}: {graph}"
    assert "layout.desk.state" not in imports(ROOT / "layout" / "desk" / "view.py")


def test_no_finding_is_read_back_from_text() -> None:
    for path in DESK:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "Diagnostic" or path.name != "view.py", "view.py rebuilds a Diagnostic"
            if isinstance(node, ast.Compare) or (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                                                 and node.func.attr in ("startswith", "find", "index", "count")):
                texts = [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
                assert not any("overset" in t.lower() for t in texts), f"{path.name}: matches text {texts}"
