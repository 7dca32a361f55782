"""`layout init`: start an edition (a plan, two articles, a photo slot) that renders at once, or a paper
style of an edition's own that extends a shipped one. Never writes over a file that is there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from layout.errors import error
from layout.infra.files import visible
from layout.infra.paths import STYLES
from layout.infra.writer import write_atomic
from layout.infra.yamlio.fields import did_you_mean
from layout.style.load import STYLE_NAME

DEFAULT_STYLE = "tianjin-daily"
ARTICLES = ("yaowen", "jianxun")


def template(name: str) -> str:
    return resources.files("layout").joinpath(f"desk/scaffold/templates/{name}").read_text(encoding="utf-8")


def schema_path() -> str:
    """The installed JSON Schema of edition.yaml, for the editor's YAML plug-in (first line of the plan)."""
    return str(resources.files("layout").joinpath("schema/edition.schema.json"))


@dataclass(frozen=True, slots=True)
class Made:
    """What `init` wrote, to be listed for the user."""

    files: tuple[Path, ...]
    style: str


def shipped_styles() -> list[str]:
    return sorted(p.stem for p in STYLES.glob("*.yaml"))


def _check_name(name: str) -> None:
    if not STYLE_NAME.match(name):
        raise error(f"'{visible(name)}' is not a style name",
                    hint="letters, digits, - and _ only, e.g. mine (written to styles/mine.yaml)")


def new_style(folder: Path, name: str, extends: str, explicit: bool = True) -> Path:
    """styles/NAME.yaml in `folder`, extending the shipped style `extends`. A name close to a shipped
    style's (a typo?) is refused unless the parent was given explicitly."""
    _check_name(name)
    shipped = shipped_styles()
    if name in shipped:
        raise error(f"'{name}' is a shipped style: a new style needs a name of its own",
                    hint=f"use it as it is (`style: {name}`), or choose another name, e.g. {name}-mine")
    if extends not in shipped:
        raise error(f"unknown style '{visible(extends)}'{did_you_mean(extends, shipped)}",
                    hint="a new style extends a shipped one: " + ", ".join(shipped))
    close = did_you_mean(name, shipped)
    if close and not explicit:
        raise error(f"unknown style '{visible(name)}'{close}",
                    hint=f"to start a new style of that name, say what it extends: --extends {DEFAULT_STYLE}")
    path = folder / "styles" / f"{name}.yaml"
    if path.exists() or path.is_symlink():
        raise error(f"{path} is already there", str(path), hint="choose another name, or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = Template(template("style.yaml")).substitute(name=name, extends=extends)
    write_atomic(path, text.encode("utf-8"))
    return path


def _check_folder(folder: Path) -> None:
    """The folder for a new edition is new, or an empty folder; never a link to nowhere, a file, or a
    folder that cannot be read."""
    shown = visible(str(folder))
    if folder.is_symlink() and not folder.exists():
        raise error(f"{shown} is a link to nothing ({visible(str(folder.readlink()))})", str(folder),
                    hint="give a new folder name, or remove the link: init never writes through a broken link")
    try:
        taken = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
    except OSError as exc:
        raise error(f"{shown} cannot be read: {exc.strerror}", str(folder), hint="give a new folder name") from None
    if taken:
        raise error(f"{shown} is already there and not empty", str(folder),
                    hint="give a new folder name: init never writes over an edition")


def new_edition(folder: Path, style: str = DEFAULT_STYLE, extends: str | None = None,
                date: dt.date | None = None, issue: int = 1) -> Made:
    """An edition folder that renders at once: edition.yaml (one page: masthead, two stories and a photo
    slot) and articles/. A style that is not one of the shipped ones is started in the edition's styles/."""
    _check_folder(folder)
    _check_name(style)
    try:
        return _write_edition(folder, style, extends, date, issue)
    except OSError as exc:  # a parent that is a file or a broken link, no permission, a full disk
        raise error(f"cannot write the edition in {visible(str(folder))}: {exc.strerror or exc}", str(folder),
                    hint="give a folder where you may write (its parent folders must be folders)") from None


def _write_edition(folder: Path, style: str, extends: str | None, date: dt.date | None, issue: int) -> Made:
    files: list[Path] = []
    if style not in shipped_styles():
        files.append(new_style(folder, style, extends or DEFAULT_STYLE, explicit=extends is not None))
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    plan = Template(template("edition.yaml")).substitute(
        schema_file=schema_path(), style=style, date=(date or dt.date.today()).isoformat(), issue=issue)
    write_atomic(folder / "edition.yaml", plan.encode("utf-8"))
    files.append(folder / "edition.yaml")
    for slug in ARTICLES:
        path = folder / "articles" / f"{slug}.md"
        write_atomic(path, template(f"{slug}.md").encode("utf-8"))
        files.append(path)
    return Made(tuple(files), style)
