"""The shape of the code, checked: stages do not import each other in a loop, compose knows nothing of
flow, the text stage knows nothing of pages, only the PDF back end draws, and no function is long.
(docs/architecture.md draws the stages and the types that cross each boundary.)"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "layout"
MAX_LINES = 60


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def imports(path: Path) -> set[str]:
    """Modules imported anywhere in the file (lazy imports inside functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def unit(module: str) -> str:
    """The package a module belongs to (layout.text.breaker → layout.text); top-level modules stand alone."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def graph() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, path in modules():
        deps = {unit(m) for m in imports(path) if m.split(".")[0] == "layout"}
        out.setdefault(unit(name), set()).update(d for d in deps if d != unit(name))
    return out


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def module_imports(path: Path, known: set[str]) -> set[str]:
    """The project's modules a file imports anywhere (inside functions too); `from layout.source import
    edition` names the module layout.source.edition, `from layout.source.edition import load` its module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module in known:
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            found.update(subs or {node.module})
            if len(subs) < len(node.names):
                found.add(node.module)
    return found


def module_graph() -> dict[str, set[str]]:
    known = {name for name, _p in modules()}
    return {name: module_imports(path, known) - {name} for name, path in modules()}


# What each package may import (besides layout.errors, which every package may): docs/architecture.md draws it.
STAGES = {"layout.model", "layout.infra", "layout.text", "layout.flow", "layout.compose", "layout.style",
          "layout.fonts", "layout.source", "layout.render", "layout.output", "layout.plant"}
MAY_IMPORT: dict[str, set[str]] = {
    "layout.model": set(),
    "layout.infra": {"layout.model"},
    "layout.text": {"layout.model"},
    "layout.flow": {"layout.model"},
    "layout.compose": {"layout.model", "layout.text", "layout.fonts"},  # vertical lines: orientation, face keys
    "layout.style": {"layout.model", "layout.infra", "layout.text"},  # the names of text/convert.py's configs
    "layout.fonts": {"layout.model", "layout.infra"},
    "layout.source": {"layout.model", "layout.infra", "layout.style", "layout.text"},
    "layout.plant": {"layout.model", "layout.infra"},
    "layout.render": {"layout.model", "layout.infra", "layout.fonts", "layout.plant"},
    "layout.output": {"layout.model", "layout.infra", "layout.fonts", "layout.render", "layout.plant"},
    "layout.tools": {"layout.model", "layout.infra", "layout.plant"},
    "layout.run": STAGES,
    "layout.epaper": {"layout.model", "layout.infra", "layout.text", "layout.run"},
    "layout.desk": STAGES | {"layout.run", "layout.tools"},
    "layout.lsp": STAGES | {"layout.run", "layout.desk"},
    "layout.cli": STAGES | {"layout.run", "layout.tools", "layout.desk", "layout.epaper", "layout.lsp"},
    "layout.__main__": {"layout.cli"},
    "layout.errors": set(),
    "layout": set(),
}
MAX_ROOT_MODULES = 8


def test_no_import_cycle_between_packages() -> None:
    assert cycles(graph()) == []


def test_no_import_cycle_between_modules() -> None:
    """Per module, imports inside functions included: a package's modules do not import each other in a loop
    either (source/edition.py and source/zone.py once did)."""
    assert cycles(module_graph()) == []


def test_each_package_imports_only_what_it_may() -> None:
    """The layers of docs/architecture.md: the stages below, run above them, the desk, tools and cli on top;
    a package that is not in the table fails until it is placed there."""
    bad = {name: sorted(deps - MAY_IMPORT.get(name, set()) - {"layout.errors"})
           for name, deps in graph().items()}
    assert {k: v for k, v in bad.items() if v} == {}


def test_at_most_eight_modules_at_the_package_root() -> None:
    """The folders are the stages and the roles; the root keeps __init__, __main__ and errors (issue 25)."""
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= MAX_ROOT_MODULES, root


def test_compose_does_not_import_flow() -> None:
    for name, path in modules():
        if name.startswith("layout.compose"):
            assert not any(m.startswith("layout.flow") for m in imports(path)), name


def test_the_text_stage_knows_no_pages_fonts_or_pdf() -> None:
    banned = ("layout.flow", "layout.compose", "layout.render", "layout.fonts", "layout.source", "layout.style",
              "reportlab", "fontTools", "layout.run.pipeline")
    for name, path in modules():
        if name.startswith("layout.text"):
            bad = sorted(m for m in imports(path) if m.startswith(banned))
            assert not bad, (name, bad)


def test_only_the_pdf_back_end_touches_reportlab() -> None:
    for name, path in modules():
        if not name.startswith("layout.render"):
            assert not any(m.startswith("reportlab") for m in imports(path)), name


def test_no_function_over_60_lines() -> None:
    long = []
    for name, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_LINES:
                    long.append(f"{name}.{node.name}: {length} lines")
    assert not long, long


ROOT = PACKAGE.parent


def cited_files() -> Iterator[tuple[Path, str]]:
    for folder in ("layout", "tests", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".md") and path != Path(__file__):
                yield path, path.read_text(encoding="utf-8")


def test_code_and_docs_cite_only_files_in_the_repository() -> None:
    """No citation of a file outside the repository (the workplace's typography.md); every `docs/X.md` the
    code cites exists, and every `docs/text-engine.md §N` is a rule that page holds."""
    import re

    engine = (ROOT / "docs" / "text-engine.md").read_text(encoding="utf-8")
    rules = set(re.findall(r'<a id="rule-(\w+)"></a>\n### §\1 ', engine))
    bad = []
    for path, text in cited_files():
        rel = str(path.relative_to(ROOT))
        if "typography.md" in text:
            bad.append(f"{rel}: typography.md")
        bad += [f"{rel}: {doc}" for doc in re.findall(r"docs/[\w-]+\.md", text) if not (ROOT / doc).is_file()]
        for group in re.findall(r"text-engine\.md ((?:§\w+(?:,? (?:and )?)?)+)", text):
            bad += [f"{rel}: text-engine.md §{n}" for n in re.findall(r"§(\w+)", group) if n not in rules]
    assert not bad, bad
