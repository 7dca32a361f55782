"""Hostile and broken input, class by class (docs/errors.md, "Hostile input"): every case checks the exit code,
the message (file:line and what is wrong), that there is no traceback, and that nothing outside the output
folder was created or changed — the edition, the files beside it and the "outside" folder a hostile plan
points at stay byte for byte as they were.

Each case is a small edition (the conftest plan: two stories on page 1) with one thing made wrong by a
`setup` function; `run` renders it with the CLI in this process (or, where a hang is the risk, in a child
process with a timeout).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from layout.cli import main
from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN

EMOJI = "\U0001fae8"
KILLED = Path(__file__).resolve().parents[1] / "support" / "killed.py"  # layout, killed at a step of the commit
IMAGE_BOX = "      - image: {path}\n        caption: 图片说明。\n        at: {{col: 1, span: 4, line: 40, lines: 20}}\n"


@dataclass
class World:
    root: Path
    edition: Path
    outside: Path
    out: Path

    def plan(self, text: str) -> None:
        (self.edition / "edition.yaml").write_text(text, encoding="utf-8")

    def edit_plan(self, old: str, new: str) -> None:
        text = (self.edition / "edition.yaml").read_text(encoding="utf-8")
        assert old in text, old
        self.plan(text.replace(old, new, 1))

    def article(self, slug: str, text: str) -> None:
        (self.edition / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")

    def style(self, body: str, name: str = "mine") -> None:
        (self.edition / "styles").mkdir(exist_ok=True)
        (self.edition / "styles" / f"{name}.yaml").write_text(body, encoding="utf-8")
        self.edit_plan("style: tianjin-daily", f"style: {name}")

    def photo(self, path: Path, size: tuple[int, int] = (1500, 900), mode: str = "RGB") -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        colours: dict[str, int | tuple[int, ...]] = {"L": 128, "P": 7, "I;16": 30000, "1": 1, "LA": (128, 255),
                                                     "RGBA": (40, 120, 200, 255), "CMYK": (60, 20, 0, 30)}
        Image.new(mode, size, colours.get(mode, (40, 120, 200))).save(path)
        return path


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every file and link under `root` but `skip`, with a hash of its bytes (or its link target)."""
    out: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(dirpath) / name
            if p == skip or skip in p.parents:
                continue
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            elif p.is_dir():
                out[str(p)] = "dir"
            else:
                out[str(p)] = "special"
    return out


@pytest.fixture
def world(tmp_path: Path) -> World:
    edition = tmp_path / "edition"
    (edition / "articles").mkdir(parents=True)
    w = World(tmp_path, edition, tmp_path / "outside", tmp_path / "out")
    w.plan(PLAN)
    w.article("jieneng", ARTICLE_A)
    w.article("dashuju", ARTICLE_B)
    w.outside.mkdir()
    (w.outside / "secret.txt").write_text("do not touch", encoding="utf-8")
    w.photo(w.outside / "photo.jpg")
    return w


def run(world: World, *args: str, subprocess_timeout: float | None = None) -> tuple[int, str]:
    """Render the edition into world.out; return (exit code, output)."""
    argv = ["render", str(world.edition), "-o", str(world.out), *args]
    if subprocess_timeout is not None:
        proc = subprocess.run([sys.executable, "-m", "layout", *argv], capture_output=True, text=True,
                              timeout=subprocess_timeout, stdin=subprocess.DEVNULL)
        return proc.returncode, proc.stdout + proc.stderr
    result = CliRunner().invoke(main, argv)
    return result.exit_code, result.output


def expect(world: World, setup: Callable[[World], object], code: int, *messages: str,
           args: tuple[str, ...] = (), timeout: float | None = None) -> str:
    setup(world)
    before = snapshot(world.root, world.out)
    exit_code, output = run(world, *args, subprocess_timeout=timeout)
    assert exit_code == code, output
    for message in messages:
        assert message in output, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert snapshot(world.root, world.out) == before, "something outside the output folder changed"
    if code:
        assert not (world.out / "edition.pdf").exists(), "a PDF was written although the render failed"
    return output


# -- reading outside the edition -------------------------------------------------------------------------

def outside_image(w: World) -> None:
    w.plan(PLAN + IMAGE_BOX.format(path="../outside/photo.jpg"))


def absolute_image(w: World) -> None:
    w.plan(PLAN + IMAGE_BOX.format(path=str(w.outside / "photo.jpg")))


def article_photo_outside(w: World) -> None:
    w.article("dashuju", "---\ntitle: 标题\nphotos:\n  - id: p\n    caption: 说明\n"
                         "    file: ../outside/photo.jpg\n---\n正文。\n")
    w.plan(PLAN + IMAGE_BOX.format(path="dashuju/p"))


def linked_image(w: World) -> None:
    (w.edition / "photo.jpg").symlink_to(w.outside / "photo.jpg")
    w.plan(PLAN + IMAGE_BOX.format(path="photo.jpg"))


def style_logo_outside(w: World) -> None:
    w.photo(w.outside / "logo.png", (1200, 300))
    w.style("extends: tianjin-daily\nmasthead:\n  logo: ../../outside/logo.png\n")


def style_profile_outside(w: World) -> None:
    (w.outside / "plant.icc").write_bytes(b"0" * 200)
    w.style(f"extends: tianjin-daily\nprint:\n  profile: {w.outside / 'plant.icc'}\n")


def style_catalogue_outside(w: World) -> None:
    shutil.copy(Path(__file__).parents[2] / "fonts" / "catalogue.yaml", w.outside / "cat.yaml")
    w.style("extends: tianjin-daily\nfonts:\n  catalogue: ../../outside/cat.yaml\n")


def style_as_path(w: World) -> None:
    w.edit_plan("style: tianjin-daily", "style: ../outside/evil")


def extends_a_path(w: World) -> None:
    w.style("extends: /etc/passwd\n")


def linked_style(w: World) -> None:
    (w.outside / "mine.yaml").write_text("extends: tianjin-daily\n", encoding="utf-8")
    (w.edition / "styles").mkdir()
    (w.edition / "styles" / "mine.yaml").symlink_to(w.outside / "mine.yaml")
    w.edit_plan("style: tianjin-daily", "style: mine")


def catalogue_path_as_font(w: World) -> None:
    (w.edition / "styles").mkdir()
    (w.edition / "styles" / "cat.yaml").write_text(
        "roles:\n  song:\n    candidates:\n      - {file: ../../../../etc/passwd}\n", encoding="utf-8")
    w.style("extends: tianjin-daily\nfonts:\n  catalogue: cat.yaml\n")


@pytest.mark.parametrize(("setup", "message"), [
    (outside_image, "image '../outside/photo.jpg' is outside the edition"),
    (absolute_image, "/outside/photo.jpg' is outside the edition"),
    (article_photo_outside, "image '../outside/photo.jpg' is outside the edition"),
    (linked_image, "image 'photo.jpg' is outside the edition"),
    (style_logo_outside, "is outside the edition"),
    (style_profile_outside, "ICC profile is outside the edition"),
    (style_catalogue_outside, "font catalogue is outside the edition"),
    (style_as_path, "'../outside/evil' is not a style name"),
    (extends_a_path, "'/etc/passwd' is not a style name"),
    (linked_style, "style file is outside the edition"),
    (catalogue_path_as_font, "'../../../../etc/passwd' is not a font file name"),
])
def test_reading_outside_the_edition(world: World, setup: Callable[[World], None], message: str) -> None:
    out = expect(world, setup, 2, message)
    assert ".yaml:" in out or ".md:" in out  # file:line of the key that names it


def test_allow_path_widens_the_sandbox(world: World) -> None:
    outside_image(world)
    code, output = run(world, "--allow-path", str(world.outside))
    assert code == 0, output


# -- writing outside the output folder --------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "message"), [
    ("../{page}.pdf", "is not a plain .pdf file name"),
    ("/tmp/x-{page}.pdf", "is not a plain .pdf file name"),
    ("edition.pdf", "it has no {page} field"),
    ("{page:02d}.txt", "is not a plain .pdf file name"),
    ("{date.__class__}-{page}.pdf", "unknown field 'date.__class__'"),
    ("{page}-\\e.pdf", "is not a plain .pdf file name"),
    ("{page}\t.pdf", "is not a plain .pdf file name"),
    ("{page!r}{0}.pdf", "unknown field '0'"),
    (".{page}.pdf", "is not a plain .pdf file name"),
])
def test_page_file_names_stay_in_the_output_folder(world: World, pattern: str, message: str) -> None:
    quoted = pattern.replace("\\", "\\\\")
    expect(world, lambda w: w.style(f'extends: tianjin-daily\nprint:\n  page_name: "{quoted}"\n'), 2, message)


def test_a_linked_lock_file_is_not_followed(world: World) -> None:
    world.out.mkdir()
    (world.out / ".layout.lock").symlink_to(world.outside / "secret.txt")
    expect(world, lambda w: None, 2, "cannot write to", ".layout.lock must not be a symbolic link")


def test_an_output_planted_as_a_link_is_replaced_not_written_through(world: World) -> None:
    world.out.mkdir()
    (world.out / "edition.pdf").symlink_to(world.outside / "secret.txt")
    before = snapshot(world.root, world.out)
    code, output = run(world)
    assert code == 0, output
    assert not (world.out / "edition.pdf").is_symlink()
    assert (world.out / "edition.pdf").read_bytes().startswith(b"%PDF")
    assert snapshot(world.root, world.out) == before


def test_the_output_folder_is_a_file(world: World) -> None:
    world.out.write_text("a file", encoding="utf-8")
    setup_done = snapshot(world.root, world.root / "none")
    code, output = run(world)
    assert code == 2 and "cannot write to" in output and "Traceback" not in output
    assert snapshot(world.root, world.root / "none") == setup_done


# -- terminal safety --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("setup", "shown"), [
    (lambda w: w.edit_plan("story: jieneng", 'story: "jie\\e[31mneng"'), "\\x1b[31m"),
    (lambda w: w.edit_plan("issue: 28122", 'issue: "\\e]0;pwned\\a"'), "\\x1b]0;pwned\\x07"),
    (lambda w: w.edit_plan("story: jieneng", 'story: "jie\\u202eneng"'), "\\u202e"),
    (lambda w: w.article("jieneng", "---\ntitle: 题\n\x1b[2Jkey: 1\n---\n文。\n"), "U+001B"),
    (lambda w: w.plan(PLAN + IMAGE_BOX.format(path='"p\\e[1m.jpg"')), "\\x1b[1m"),
])
def test_control_characters_in_messages_are_made_visible(world: World, setup: Callable[[World], None],
                                                          shown: str) -> None:
    out = expect(world, setup, 2, shown)
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out


# -- YAML -------------------------------------------------------------------------------------------------

BOMB = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("plan_text", "message"), [
    (PLAN + "x: &x {a: 1}\ny:\n  <<: *x\n", "merge keys (<<) are not supported"),
    (PLAN.replace("issue: 28122", "issue: !!python/object:os.system 1"), "is not supported"),
    (PLAN.replace("issue: 28122", "issue: !custom 28122"), "the YAML tag !custom is not supported"),
    (PLAN.replace("issue: 28122", "issue: !!binary aGVsbG8="), "is not supported"),
    (PLAN + "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + BOMB, "values (aliases expanded)"),
    (PLAN + "deep: " + "[" * 200 + "]" * 200 + "\n", "YAML nested more than 32 levels deep"),
    (PLAN + "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n", "nested more than 32"),
    (PLAN + "# " + "x" * (1024 * 1024) + "\n", "the limit is 1 MB"),
    (PLAN + "---\nsecond: document\n", "one YAML document per file"),
])
def test_yaml_is_plain_and_bounded(world: World, plan_text: str, message: str) -> None:
    out = expect(world, lambda w: w.plan(plan_text), 2, message)
    assert "edition.yaml" in out


def test_merge_keys_in_a_style_are_an_error_too(world: World) -> None:
    expect(world, lambda w: w.style("extends: tianjin-daily\nbase: &b {size: 小五}\nparagraphs:\n"
                                    "  body: {<<: *b, font: song}\n"), 2, "mine.yaml:4:", "merge keys")


# -- resource limits --------------------------------------------------------------------------------------

def bomb_png(w: World) -> None:
    path = w.edition / "bomb.png"
    Image.new("1", (20000, 20000)).save(path)  # 400 megapixels in a few kB
    w.plan(PLAN + IMAGE_BOX.format(path="bomb.png"))


def many_pages(w: World) -> None:
    pages = "".join(f"  - page: {n}\n    boxes: []\n" for n in range(2, 503))
    w.plan(PLAN.replace("pages_total: 12", "pages_total: 999") + pages)


@pytest.mark.parametrize(("setup", "args", "message"), [
    (bomb_png, (), "has more than 120 megapixels, the limit"),
    (lambda w: None, ("--pages", "1-100000000"), "pages are numbered 1 to 999"),
    (lambda w: None, ("--pages", "0"), "pages are numbered 1 to 999"),
    (lambda w: None, ("--pages", "3-1"), "a range goes upwards"),
    (many_pages, (), "502 pages planned: the limit is 500"),
    (lambda w: w.edit_plan("pages_total: 12", "pages_total: 100000"), (), "pages_total 100000 is more than 999"),
    (lambda w: w.style("extends: tianjin-daily\nheadline:\n  title: {font: biaosong, sizes: [10000pt]}\n"), (),
     "must be at most 300pt"),
])
def test_resources_are_bounded(world: World, setup: Callable[[World], None], args: tuple[str, ...],
                               message: str) -> None:
    expect(world, setup, 2, message, args=args)


# -- files that are not regular files ---------------------------------------------------------------------

def image_fifo(w: World) -> None:
    os.mkfifo(w.edition / "photo.jpg")
    w.plan(PLAN + IMAGE_BOX.format(path="photo.jpg"))


def image_folder(w: World) -> None:
    (w.edition / "photo.jpg").mkdir()
    w.plan(PLAN + IMAGE_BOX.format(path="photo.jpg"))


def style_fifo(w: World) -> None:
    (w.edition / "styles").mkdir()
    os.mkfifo(w.edition / "styles" / "mine.yaml")
    w.edit_plan("style: tianjin-daily", "style: mine")


def image_device(w: World) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device file needs root")
    os.mknod(w.edition / "photo.jpg", 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    w.plan(PLAN + IMAGE_BOX.format(path="photo.jpg"))


@pytest.mark.parametrize(("setup", "message"), [
    (image_fifo, "is not a regular file"),
    (image_folder, "is a folder"),
    (style_fifo, "is not a regular file"),
    (image_device, "is not a regular file"),
])
def test_special_files_are_errors_not_hangs(world: World, setup: Callable[[World], None], message: str) -> None:
    expect(world, setup, 2, message, timeout=120)


# -- every text field is checked for glyphs ---------------------------------------------------------------

@pytest.mark.parametrize(("setup", "where"), [
    (lambda w: w.article("jieneng", ARTICLE_A.replace("title: 节能降碳", f"title: 节能{EMOJI}降碳")),
     ("jieneng.md:2: error", "used in the title of story 'jieneng'")),
    (lambda w: w.article("jieneng", ARTICLE_A.replace("kicker: 关于", f"kicker: 关于{EMOJI}")),
     ("jieneng.md:3: error", "used in the kicker of story 'jieneng'")),
    (lambda w: w.article("dashuju", ARTICLE_B.replace("---\n本报讯", f"subtitle: ——副{EMOJI}\n---\n本报讯")),
     ("dashuju.md:3: error", "used in the subtitle of story 'dashuju'")),
    (lambda w: w.article("dashuju", ARTICLE_B.replace("---\n本报讯", f"byline: ■记者 {EMOJI}\n---\n本报讯")),
     ("dashuju.md:3: error", "used in the byline of story 'dashuju'")),
    (lambda w: w.article("jieneng", ARTICLE_A.replace("kicker: 关于", f"kicker: 关于\njump_title: 节{EMOJI}")),
     ("jieneng.md:4: error", "used in the jump_title of story 'jieneng'")),
    (lambda w: w.plan(PLAN + IMAGE_BOX.format(path="p.jpg").replace("caption: 图片说明。", f"caption: 说明{EMOJI}")
                      .replace("image: p.jpg", "image: p.jpg\n        placeholder: true")), ("box 'p1.image'",)),
    (lambda w: w.edit_plan("  - page: 1\n", f"  - page: 1\n    section: 要闻{EMOJI}\n"), ("the 报眉 of page 1",)),
    (lambda w: w.edit_plan("  - page: 1\n", f"  - page: 1\n    editors: 责任编辑 {EMOJI}\n"), ("the 报眉 of page 1",)),
    (lambda w: w.edit_plan("pages_total: 12", f"pages_total: 12\npages_note: 津南{EMOJI}"), ("the imprint",)),
    (lambda w: w.style(f"extends: tianjin-daily\nmasthead:\n  name: 天津{EMOJI}日报\n"),
     ("mine.yaml:3: error", "used in the name in the masthead")),
    (lambda w: w.style(f"extends: tianjin-daily\nmasthead:\n  publisher: 出版{EMOJI}\n"),
     ("mine.yaml:3: error", "used in the publisher in the masthead")),
])
def test_every_printed_text_is_checked_for_glyphs(world: World, setup: Callable[[World], None],
                                                  where: tuple[str, ...]) -> None:
    """Each message names the file and line where the character was typed (front matter, plan, style)."""
    expect(world, setup, 2, "no font has the character", *where, "U+1FAE8")
    code, output = run(world, "--allow-missing-glyphs")
    assert code == 0 and "warning: no font has the character" in output, output
    printed = "".join(page.extract_text() for page in pypdf.PdfReader(world.out / "edition.pdf").pages)
    assert EMOJI not in printed  # never the font's .notdef box under the character's name
    if not any(part in where[-1] for part in ("jump_title", "报眉 of page 1")):  # checked but not printed here:
        assert "〓" in printed  # the plan has no continuation, and a front page has no 报眉


# -- images the engine must understand --------------------------------------------------------------------

@pytest.mark.slow  # photos through separation and the ink limit, 2-3 s each
@pytest.mark.parametrize("mode", ["I;16", "P", "LA", "RGBA", "CMYK", "1"])
def test_unusual_image_modes_render(world: World, mode: str) -> None:
    ext = "tif" if mode in ("CMYK", "I;16") else "png"
    world.photo(world.edition / f"p.{ext}", (1500, 900), mode)
    world.plan(PLAN + IMAGE_BOX.format(path=f"p.{ext}"))
    code, output = run(world)
    assert code == 0, output


# -- style values -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("style", "message"), [
    ("paragraphs:\n  body: {font: song, size: -9pt}", "'paragraphs.body.size' must be at least 4pt, got -9pt"),
    ("grid:\n  line: 0pt", "'grid.line' must be more than 0pt"),
    ("grid:\n  line: 5pt", "the line pitch (5pt) is smaller than the body size (9pt)"),
    ("paper:\n  top: -10mm", "'paper.top' must be at least 0mm, got -10mm"),
    ("grid:\n  columns: 0", "'grid.columns' must be at least 1, got 0"),
    ("print:\n  tac: 1000", "'print.tac' must be a number of percent between 100 and 400"),
    ("print:\n  bleed: 1m", "cannot read length '1m'"),
    ("print:\n  bleed: 100mm", "'print.bleed' must be at most"),
    ("rules:\n  heavy: -2pt", "'rules.heavy' must be at least 0pt"),
    ("headline:\n  title: {font: biaosong, sizes: [0pt]}", "'headline.title.sizes.0' must be at least 4pt"),
    ("folio:\n  lines: 100", "'folio.lines' must be at most 20, got 100"),
    ("paragraphs:\n  bodi: {font: song}", "unknown key 'bodi' (did you mean 'body'?)"),
    ("paper:\n  trim: [10mm, 10mm]", "'paper.trim.0' must be at least"),
])
def test_style_values_are_validated_with_file_and_line(world: World, style: str, message: str) -> None:
    out = expect(world, lambda w: w.style("extends: tianjin-daily\n" + style + "\n"), 2, message)
    assert "styles/mine.yaml:" in out


# -- plans ------------------------------------------------------------------------------------------------

def head_too_tall(w: World) -> None:
    w.edit_plan("{col: 1, span: 4, line: 11, lines: 20}", "{col: 1, span: 1, line: 11, lines: 3}")
    w.edit_plan("columns: 4\n      - story: dashuju", "columns: 1\n      - story: dashuju")


def headline_box_too_small(w: World) -> None:
    w.plan(PLAN.replace("      - story: jieneng\n", "      - headline: jieneng\n        at: {col: 1, span: 1, "
                        "line: 40, lines: 2}\n      - story: jieneng\n"))


def caption_too_long(w: World) -> None:
    box = IMAGE_BOX.format(path="p.jpg").replace("caption: 图片说明。", "caption: " + "很长的图片说明" * 40)
    w.plan(PLAN + box.replace("lines: 20", "lines: 3").replace("image: p.jpg", "image: p.jpg\n"
                                                               "        placeholder: true"))


@pytest.mark.parametrize(("setup", "code", "message"), [
    (lambda w: w.edit_plan("pages_total: 12", "pages_total: 1") or w.plan(
        (w.edition / "edition.yaml").read_text(encoding="utf-8") + "  - page: 2\n    boxes: []\n"), 2,
     "page 2 is planned but the edition has 1 pages"),
    (head_too_tall, 1, "the headline block of story 'jieneng' takes"),
    (headline_box_too_small, 1, "the headline block of story 'jieneng' takes"),
    (caption_too_long, 1, "more lines than box 'p1.image' has under the photo"),
    (lambda w: w.edit_plan("{col: 1, span: 4, line: 11, lines: 20}", "{x: -10mm, y: 50mm, width: 100mm, "
                           "height: 100mm}"), 2, "box off the page"),
])
def test_plans_that_cannot_be_printed(world: World, setup: Callable[[World], None], code: int, message: str) -> None:
    expect(world, setup, code, message)


def test_a_caption_that_does_not_fit_is_dropped_only_with_allow_overset(world: World) -> None:
    caption_too_long(world)
    code, output = run(world, "--allow-overset")
    assert code == 0 and "warning: the caption of" in output, output


# -- output as one transaction ----------------------------------------------------------------------------

def render_set(world: World, kill_at: str | None = None) -> int:
    """`layout render` in a process of its own; with `kill_at`, killed at that step of the output commit."""
    command = [str(KILLED), kill_at] if kill_at else ["-m", "layout"]
    proc = subprocess.run([sys.executable, *command, "render", str(world.edition), "-o", str(world.out)],
                          capture_output=True, text=True, timeout=600)
    return proc.returncode


def output_set(world: World) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(world.out.glob("*.pdf"))}


@pytest.fixture
def two_sets(world: World) -> tuple[World, dict[str, str], dict[str, str]]:
    """The edition rendered once (the old set), and the new set a changed plan gives (made elsewhere)."""
    assert render_set(world) == 0
    old = output_set(world)
    world.edit_plan("issue: 28122", "issue: 28123")
    fresh = World(world.root, world.edition, world.outside, world.root / "fresh")
    assert render_set(fresh) == 0
    new = output_set(fresh)
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)
    return world, old, new


@pytest.mark.slow  # renders in fresh processes, killed mid-commit
@pytest.mark.parametrize("step", ["staged-1", "staged-2", "committed"])
def test_a_kill_before_the_renames_leaves_the_old_set(two_sets: tuple[World, dict[str, str], dict[str, str]],
                                                      step: str) -> None:
    world, old, new = two_sets
    assert render_set(world, kill_at=step) == 137
    assert output_set(world) == old  # the plant still sees the previous complete set
    assert render_set(world) == 0 and output_set(world) == new
    assert not (world.out / ".layout-staging").exists()


@pytest.mark.slow  # renders in fresh processes, killed mid-commit
@pytest.mark.parametrize("step", ["renamed-1", "renamed-2"])
def test_a_kill_during_the_renames_is_completed_by_the_next_render(
        two_sets: tuple[World, dict[str, str], dict[str, str]], step: str) -> None:
    world, _old, new = two_sets
    assert render_set(world, kill_at=step) == 137
    assert (world.out / ".layout-staging" / "COMMIT").is_file()  # committed: the set is decided
    assert render_set(world) == 0 and output_set(world) == new
    assert not (world.out / ".layout-staging").exists()


def test_a_full_disk_is_a_clear_error_and_leaves_the_old_set(world: World, tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    disk = tmp_path / "small"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        world.out = disk / "out"
        world.outside.joinpath("x").write_text("x", encoding="utf-8")
        code, output = run(world)
        assert code == 2, output
        assert "the disk is full" in output and "Traceback" not in output
        assert not (world.out / ".layout-staging").exists()
        assert not list(world.out.glob("*.pdf"))
    finally:
        subprocess.run(["umount", str(disk)])


@pytest.mark.slow  # renders in fresh processes
def test_pages_option_writes_only_those_page_files(two_sets: tuple[World, dict[str, str], dict[str, str]]) -> None:
    world, old, _new = two_sets
    code, output = run(world, "--pages", "1")
    assert code == 0 and "edition.pdf left as it was" in output, output
    now = output_set(world)
    assert now["edition.pdf"] == old["edition.pdf"]
