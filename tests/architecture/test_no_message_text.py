"""Findings are data (issue 25): nothing under layout/ decides anything by the text of a message — a
`Diagnostic` is matched by its `level` and `code`, a preflight finding by its level — never by `.message`,
a check's `.details`, or a "warning: "/"note: "/"overset: " prefix. An AST scan of every module."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.test_structure import modules

TEXT_ATTRS = {"message", "details", "hint"}  # the printed text of a Diagnostic, of a preflight check
TEXT_METHODS = {"startswith", "endswith", "find", "rfind", "index", "rindex", "count", "split", "rsplit",
                "partition", "rpartition", "removeprefix", "removesuffix"}
REGEX = {"match", "search", "fullmatch", "findall", "finditer"}
PREFIXES = ("warning:", "note:", "error:", "overset", "OVERSET")
ALLOWED = {  # (module, function): why
    ("layout.source.schema", "_value_message"):
        "jsonschema's own message for `required` is the only place the library names the missing key",
}


def tainted(tree: ast.AST) -> set[str]:
    """Names bound by iterating over a text attribute (`for detail in check.details`)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension) and any(
                isinstance(n, ast.Attribute) and n.attr in TEXT_ATTRS for n in ast.walk(node.iter)):
            out |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    return out


def is_text(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
        return is_text(node.args[0], names)
    return (isinstance(node, ast.Attribute) and node.attr in TEXT_ATTRS) or (isinstance(node, ast.Name)
                                                                           and node.id in names)


def prefix_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(PREFIXES)


def reads_text(call: ast.Call, names: set[str]) -> bool:
    """`text.startswith(…)` and the like on a message's text, `re.search(…, text)`, or a check for a printed
    level prefix on anything (`x.startswith("warning: ")`)."""
    assert isinstance(call.func, ast.Attribute)
    method = call.func.attr
    if method in REGEX:
        return any(is_text(a, names) for a in call.args)
    by_prefix = method in ("startswith", "removeprefix") and bool(call.args) and prefix_literal(call.args[0])
    return method in TEXT_METHODS and (is_text(call.func.value, names) or by_prefix)


def text_matches(tree: ast.AST) -> list[tuple[int, str]]:
    names = tainted(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq)
                                                 for op in node.ops):
            if any(is_text(n, names) for n in (node.left, *node.comparators)):
                found.append((node.lineno, "compared"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and reads_text(node, names):
            found.append((node.lineno, node.func.attr))
    return found


def functions_at(tree: ast.AST) -> dict[int, str]:
    """Each line → the innermost function it is in (functions visited outermost first)."""
    out: dict[int, str] = {}
    spans = sorted(((n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(tree)
                    if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)), key=lambda s: (s[0], -s[1]))
    for start, end, name in spans:
        out.update(dict.fromkeys(range(start, end + 1), name))
    return out


def scan(path: Path, name: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = functions_at(tree)
    return [f"{name}:{line} ({where.get(line, '-')}): {how}" for line, how in sorted(text_matches(tree))
            if (name, where.get(line, "")) not in ALLOWED]


def test_no_module_matches_message_text() -> None:
    bad = [hit for name, path in modules() for hit in scan(path, name)]
    assert bad == [], bad


def test_the_scan_sees_each_kind_of_match(tmp_path: Path) -> None:
    """The scan itself: each way of reading a message's text is found (and the typed ways are not)."""
    source = '''
def a(d, check, report):
    if "overset" in d.message: pass
    if d.message.startswith("x"): pass
    for detail in check.details:
        if detail.startswith("warning: "): pass
    if re.search("x", str(d.message)): pass
    if d.code in OVERSET_CODES and d.level is Level.ERROR: pass
    for level, text in check.findings:
        if level is Level.WARNING: pass
'''
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert [hit.split(": ")[-1] for hit in scan(path, "m")] == ["compared", "startswith", "startswith", "search"]
