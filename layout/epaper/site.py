"""Writing the e-paper's folder: only files whose bytes changed, never outside the folder, never through a
symbolic link; `manifest.json` lists every file with its sha256, and which were written or removed now.

Every name written is a plain file name made here (letters, digits, '.', '-', '_'; no folder part), so a
story's slug or a plate's name cannot lead out of the folder. A file another run left that this run does not
make (a story taken off the page) is removed, if the old manifest lists it and it is a regular file.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from layout.errors import error
from layout.infra.writer import write_atomic

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checked_name(name: str) -> str:
    if not SAFE_NAME.fullmatch(name) or ".." in name:
        raise error(f"unsafe file name for the e-paper: {name!r}", hint="this is a bug: names are made safe first")
    return name


def checked_folder(folder: Path) -> Path:
    """The output folder, made if missing; a symbolic link (or a file) there is an error."""
    if folder.is_symlink():
        raise error(f"{folder} is a symbolic link: the e-paper is not written through it", str(folder),
                    hint="remove the link, or choose another folder with -o")
    if folder.exists() and not folder.is_dir():
        raise error(f"{folder} is not a folder", str(folder), hint="choose another folder with -o")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_disk(folder: Path, name: str) -> str | None:
    """sha256 of a regular file in the folder (a link or anything else: None)."""
    path = folder / checked_name(name)
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    return sha256(path.read_bytes()) if stat.S_ISREG(mode) else None


def old_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True, slots=True)
class Written:
    folder: Path
    files: dict[str, str]  # every file of the site → sha256
    changed: tuple[str, ...]  # written now
    removed: tuple[str, ...]


def write_site(folder: Path, files: dict[str, bytes], kept: dict[str, str], header: dict[str, Any],
               old: dict[str, Any]) -> Written:
    """Write `files` whose bytes differ from the folder's; `kept` are files left as they are (name → sha256,
    checked by the caller); remove what the old manifest listed and this run does not make; then the
    manifest."""
    changed: list[str] = []
    digests = dict(kept)
    for name in sorted(files):
        digest = sha256(files[name])
        digests[name] = digest
        if on_disk(folder, name) != digest:
            write_atomic(folder / checked_name(name), files[name])
            changed.append(name)
    listed = old.get("files")
    removed: list[str] = []
    for name in sorted(listed) if isinstance(listed, dict) else []:
        if isinstance(name, str) and name not in digests and name != MANIFEST and SAFE_NAME.fullmatch(name) \
                and ".." not in name and on_disk(folder, name) is not None:
            (folder / name).unlink()
            removed.append(name)
    manifest = {**header, "files": dict(sorted(digests.items())), "changed": changed, "removed": removed}
    write_atomic(folder / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
                 .encode("utf-8"))
    return Written(folder, digests, tuple(changed), tuple(removed))
