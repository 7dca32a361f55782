"""FontSet: the catalogue resolved on this machine — metrics per role, the font file of each face."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from layout.errors import error
from layout.fonts.face import REGION_MARKS, Face, load_face
from layout.fonts.vertical import base_key, is_vertical_key, vertical_face
from layout.infra.paths import FONTS

if TYPE_CHECKING:  # the catalogue (and PyYAML) is read by `FontSet.load`: importing layout.fonts stays light
    from layout.fonts.catalogue import Catalogue, Role


def search_dirs(edition_dir: Path | None) -> list[Path]:
    home = Path.home()
    dirs = [edition_dir / "fonts"] if edition_dir else []
    dirs += [FONTS, home / ".local/share/fonts", home / ".fonts", Path("/usr/local/share/fonts"),
             Path("/usr/share/fonts")]
    return [d for d in dirs if d.is_dir()]


def find_file(name: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        direct = d / name
        if direct.is_file():
            return direct
        for root, _sub, files in sorted(os.walk(d)):
            if name in files:
                return Path(root) / name
    return None


class ChainMetrics:
    """Metrics over a role's fallback chain: the first face that has the character serves it."""

    def __init__(self, faces: list[Face]) -> None:
        self.faces = faces
        self._cache: dict[str, tuple[str, float] | None] = {}

    def lookup(self, ch: str) -> tuple[str, float] | None:
        try:
            return self._cache[ch]
        except KeyError:
            pass
        found: tuple[str, float] | None = None
        faces = self.faces
        if ch in REGION_MARKS and faces and faces[0].lang:  # the region's form (rule-13) from a face that has it
            faces = sorted(faces, key=lambda f: ord(ch) not in f.localised)
        for face in faces:
            adv = face.advance(ch)
            if adv is not None:
                found = (face.key, adv)
                break
        self._cache[ch] = found
        return found

    def forget(self, ch: str) -> None:
        self._cache.pop(ch, None)

    def identity(self) -> tuple[str, ...]:
        """What decides every lookup: each face of the chain by its file's bytes and face index, in order."""
        return tuple(f"{face.key}:{face.digest}:{face.index}" for face in self.faces)


class LatinMetrics:
    """Latin letters, digits and their punctuation from one chain, everything else from another."""

    def __init__(self, cjk: ChainMetrics, latin: ChainMetrics) -> None:
        self.cjk, self.latin = cjk, latin

    def identity(self) -> tuple[str, ...]:
        return ("cjk", *self.cjk.identity(), "latin", *self.latin.identity())

    def lookup(self, ch: str) -> tuple[str, float] | None:
        if ch.isascii() or "\u00c0" <= ch <= "\u024f":
            return self.latin.lookup(ch) or self.cjk.lookup(ch)
        return self.cjk.lookup(ch)


@dataclass
class FontSet:
    catalogue: Catalogue
    dirs: list[Path]
    lang: str = ""  # the language system whose `locl` forms every face draws (ZHT, ZHH: the paper's region)

    @classmethod
    def load(cls, catalogue: Path, edition_dir: Path | None = None, lang: str = "") -> FontSet:
        from layout.fonts.catalogue import load_catalogue

        return cls(load_catalogue(catalogue), search_dirs(edition_dir), lang)

    def __post_init__(self) -> None:
        self._faces: dict[str, Face] = {}
        self._role_face: dict[str, Face] = {}
        self._metrics: dict[str, ChainMetrics] = {}
        self._mixed: dict[str, LatinMetrics] = {}

    def role(self, name: str) -> Role:
        try:
            return self.catalogue.roles[name]
        except KeyError:
            raise error(f"unknown font role '{name}'", self.catalogue.path,
                        hint="roles: " + ", ".join(self.catalogue.roles), code="unknown-font-role") from None

    def face(self, role_name: str) -> Face:
        """The face serving a role: the first candidate found on this machine."""
        if role_name in self._role_face:
            return self._role_face[role_name]
        role = self.role(role_name)
        for cand in role.candidates:
            path = find_file(cand.file, self.dirs)
            if path is None:
                continue
            try:
                face = load_face(path, cand.face, cand.package, self.lang)
            except LookupError:
                continue
            except Exception as exc:  # fontTools raises many kinds on a damaged or foreign file
                raise error(f"{path} is not a usable font file ({type(exc).__name__}: {exc})",
                            self.catalogue.path,
                            hint=f"replace it, or reinstall its package: sudo apt-get install --reinstall "
                                 f"{cand.package}" if cand.package else "replace the file",
                            code="unusable-font") from None
            self._faces[face.key] = face
            self._role_face[role_name] = face
            return face
        packages = sorted({c.package for c in role.candidates if c.package})
        looked = ", ".join(c.file for c in role.candidates)
        raise error(f"no font for role '{role_name}': none of {looked} was found",
                    self.catalogue.path,
                    hint=f"install it: sudo apt-get install {' '.join(packages)}" if packages
                    else "put the font file in the project's fonts/ folder", code="font-not-found")

    def chain(self, role_name: str) -> list[Face]:
        seen: list[str] = []
        todo = [role_name]
        while todo:
            r = todo.pop(0)
            if r in seen:
                continue
            seen.append(r)
            todo += list(self.role(r).fallback)
        faces: list[Face] = []
        for i, r in enumerate(seen):
            try:
                face = self.face(r)
            except Exception:
                if i == 0:
                    raise
                continue
            if face not in faces:
                faces.append(face)
        return faces

    def fallback(self, role_name: str, ch: str) -> Face | None:
        """A face of this machine that has `ch`, which no face of the role's chain has: it joins the chain
        (and the caller says so). Found with fontconfig (fc-list), the choice is deterministic: upright
        before bold or italic faces, then by family and file name. None when no installed font has it."""
        chain = self.metrics(role_name)
        for face in _fallback_faces(ch, self.lang):
            if face.advance(ch) is not None:
                self._faces[face.key] = face
                if face not in chain.faces:
                    chain.faces.append(face)
                chain.forget(ch)
                return face
        return None

    def bold_role(self, role_name: str, named: str = "") -> str:
        """The bolder face of a role: `named` (a paragraph style's `bold_font`) if given, else `song` →
        `song-bold`, `hei-regular` → `hei` (as the catalogue has them); the role itself when the catalogue
        has no bolder one."""
        if named:
            return named
        roles = self.catalogue.roles
        for candidate in (f"{role_name}-bold", role_name.removesuffix("-regular")):
            if candidate != role_name and candidate in roles:
                return candidate
        return role_name

    def metrics(self, role_name: str) -> ChainMetrics:
        m = self._metrics.get(role_name)
        if m is None:
            m = self._metrics[role_name] = ChainMetrics(self.chain(role_name))
        return m

    def text_metrics(self, role: str, latin_role: str = "") -> ChainMetrics | LatinMetrics:
        """Metrics for a paragraph style: the role's chain, with Latin letters and digits from
        `latin_role` when the style names one."""
        if not latin_role:
            return self.metrics(role)
        key = f"{role}+{latin_role}"
        if key not in self._mixed:
            self._mixed[key] = LatinMetrics(self.metrics(role), self.metrics(latin_role))
        return self._mixed[key]

    def loaded(self, key: str) -> Face:
        """A face this set has loaded, by its font key (the key text runs name); `KEY~v` is the vertical
        forms of the face `KEY` (`layout.fonts.vertical`)."""
        if is_vertical_key(key) and key not in self._faces:
            self._faces[key] = vertical_face(self._faces[base_key(key)])
        return self._faces[key]


    def describe(self, chars: frozenset[str]) -> str:
        rows = [f"{'role':<12} {'face':<26} {'package':<18} {'coverage':>9}  file"]
        for name in self.catalogue.roles:
            try:
                face = self.face(name)
            except Exception as exc:
                rows.append(f"{name:<12} {'MISSING':<26} {'':<18} {'':>9}  {str(exc).splitlines()[0]}")
                continue
            chain = self.metrics(name)
            own = sum(1 for c in chars if face.advance(c) is not None)
            cov = f"{own}/{len(chars)}" if chars else "-"
            rows.append(f"{name:<12} {face.key:<26} {face.package:<18} {cov:>9}  {face.path}"
                        + (f" (face {face.index})" if face.index else ""))
            lacking = sorted(c for c in chars if face.advance(c) is None)
            if lacking:
                served = [f"{c}→{(chain.lookup(c) or ('NONE',))[0]}" for c in lacking[:12]]
                rows.append(f"{'':<12} lacks {len(lacking)}: " + " ".join(served) + (" …" if len(lacking) > 12 else ""))
        return "\n".join(rows)


def search_signature(edition_dir: Path | None) -> tuple[tuple[str, int, int, int], ...]:
    """Every file in the font search folders with its size, mtime and ctime: a font added, removed or
    replaced changes it (a few ms for a few hundred files)."""
    out: list[tuple[str, int, int, int]] = []
    for d in search_dirs(edition_dir):
        for root, _sub, files in sorted(os.walk(d)):
            for name in sorted(files):
                try:
                    st = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                out.append((os.path.join(root, name), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(out)


FC_FORMAT = "%{file}|%{index}|%{family[0]}|%{style[0]}|%{fontformat}\n"


def _fallback_faces(ch: str, lang: str = "") -> list[Face]:
    """Installed faces that fontconfig says have `ch` (TrueType or CFF outlines only), best first."""
    try:
        done = subprocess.run(["fc-list", "--format", FC_FORMAT, f":charset={ord(ch):x}"], capture_output=True,
                              text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in sorted(set(done.stdout.splitlines())):
        parts = line.split("|")
        if len(parts) != 5 or parts[4] not in ("TrueType", "CFF"):
            continue
        file, index, family, style = parts[0], parts[1], parts[2], parts[3].lower()
        slanted = any(w in style for w in ("bold", "italic", "oblique", "black", "heavy", "light", "thin"))
        rows.append((slanted, family, file, int(index) if index.isdigit() else 0))
    faces: list[Face] = []
    for _slanted, family, file, _index in sorted(rows):
        try:
            faces.append(load_face(Path(file), family if file.lower().endswith((".ttc", ".otc")) else None, "", lang))
        except Exception:  # a font fontTools cannot read is simply not a candidate
            continue
        if len(faces) >= 3:
            break
    return faces
