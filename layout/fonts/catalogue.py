"""The font catalogue (`fonts/catalogue.yaml`): roles → candidate faces and fallback roles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layout.errors import error
from layout.infra.files import visible
from layout.infra.yamlio.fields import Fields
from layout.infra.yamlio.read import load_yaml


@dataclass(frozen=True, slots=True)
class Candidate:
    file: str  # file name looked for in the search path
    face: str | None  # family name of the face inside a .ttc collection
    package: str  # the Debian package that provides it


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    candidates: tuple[Candidate, ...]
    fallback: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    path: str
    roles: dict[str, Role]


def load_catalogue(path: Path) -> Catalogue:
    doc = load_yaml(path)
    f = Fields(doc)
    roles_data = f.mapping(("roles",))
    f.mapping((), ("roles",))
    roles: dict[str, Role] = {}
    for name in roles_data:
        p = ("roles", name)
        f.mapping(p, ("candidates", "fallback"))
        cands = f.get((*p, "candidates"))
        if not isinstance(cands, list) or not cands:
            raise f.fail((*p, "candidates"), f"role '{name}' needs a list of candidates", code="bad-candidates")
        candidates = []
        for i in range(len(cands)):
            c = (*p, "candidates", i)
            f.mapping(c, ("file", "face", "package"))
            face = f.text((*c, "face"), "") or None
            file_name = f.text((*c, "file"))
            if "/" in file_name or "\\" in file_name or file_name in (".", "..") or visible(file_name) != file_name:
                raise f.fail((*c, "file"), f"'{visible(file_name)}' is not a font file name",
                             "give the file's name only (e.g. NotoSerifCJK-Regular.ttc): it is looked for in the "
                             "edition's fonts/, the project's fonts/ and the system's font folders",
                             code="bad-font-file-name")
            candidates.append(Candidate(file_name, face, f.text((*c, "package"), "")))
        fallback = f.get((*p, "fallback"), [])
        if not isinstance(fallback, list):
            raise f.fail((*p, "fallback"), "'fallback' must be a list of role names", code="bad-fallback")
        roles[name] = Role(name, tuple(candidates), tuple(str(x) for x in fallback))
    for role in roles.values():
        for i, fb in enumerate(role.fallback):
            if fb not in roles:
                raise f.fail(("roles", role.name, "fallback", i), f"unknown fallback role '{fb}'",
                             "roles: " + ", ".join(roles), code="unknown-fallback-role")
    if not roles:
        raise error("the font catalogue defines no roles", str(path), 1, 1, code="catalogue-without-roles")
    return Catalogue(str(path), roles)
