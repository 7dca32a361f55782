"""Issue 24, the inputs' side (docs/errors.md, "Surface: inputs, JSON and terminal, manifest, the night's run"):
characters the normaliser must not touch, YAML tags as keys, JSON any parser reads, terminal escapes from
every command, ads.yaml in the sandbox, zone codes matched whole, manifest.json read back within bounds and
checked, one send/ for the night's run, and the edition's date in every finished file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.text import normalize
from tests.conftest import ARTICLE_A, ARTICLE_B, PLAN, ROOT, MakeEdition
from tests.zones.family import small_family

ESC = "\x1b[31m"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.exit_code, result.output


def run_process(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a child process: what a script reading its stdout really gets (bytes, the real encoding)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=300, check=False)


# 1. the normaliser: no in-band markers -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "…与\ue0000\ue001。",  # a paper's own characters (造字) in the Private Use Area
    "\ue0005\ue001",
    "见www.example.cn，与\ue0000\ue001。",
    "（记者 张骁\ue0020\ue003）",
    "\ue000\ue001\ue002\ue003",
])
def test_private_use_characters_pass_through_unchanged(text: str) -> None:
    assert normalize(text) == text
    assert normalize(text, spaces=False) == text


def test_urls_are_kept_and_the_map_says_where_each_character_went() -> None:
    from layout.text.normalize import normalize_mapped  # new: imported here, so that the module loads on e346689

    src = "访问 www.example.cn/a,b 了解,他说--不行"
    out, where = normalize_mapped(src)
    assert out == "访问 www.example.cn/a,b 了解，他说——不行"  # the URL kept whole (its comma, the spaces around)
    assert len(where) == len(src) + 1 and where[-1] == len(out)
    url = src.index("www")
    assert [out[where[url + k]] for k in range(len("www.example.cn/a,b"))] == list("www.example.cn/a,b")
    assert out[where[src.index(",他")]] == "，"
    assert out[where[src.index("--")]:where[src.index("--") + 2]] == "——"


def test_a_bold_url_stays_bold_over_exactly_its_characters(make_edition: MakeEdition, tmp_path: Path) -> None:
    from layout.source.article import read_article

    folder = make_edition(articles={"jieneng": ARTICLE_A + "\n详见 **www.example.cn** 网站。\n", "dashuju": ARTICLE_B})
    article = read_article(folder / "articles" / "jieneng.md")
    para = next(p for p in article.paragraphs if "www" in p.text)
    assert para.text == "详见 www.example.cn 网站。"
    (span,) = para.spans
    assert para.text[span.start:span.end] == "www.example.cn"


def test_a_private_use_character_in_an_article_is_named_by_the_glyph_check(make_edition: MakeEdition,
                                                                            tmp_path: Path) -> None:
    folder = make_edition(articles={"jieneng": ARTICLE_A + "\n与\ue0000\ue001。\n", "dashuju": ARTICLE_B})
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert "U+E000" in output and "www." not in output


# 2. a YAML tag as a mapping key ---------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "where"), [
    ("!!python/name:os.system", "edition.yaml:1:1:"),
    ("!custom key", "edition.yaml:1:1:"),
    ("!!binary aGk=", "edition.yaml:1:1:"),
])
def test_a_tagged_mapping_key_is_an_error_at_its_place(make_edition: MakeEdition, tmp_path: Path, key: str,
                                                       where: str) -> None:
    folder = make_edition(f"{key} : 1\n" + PLAN)
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert where in output and "is not supported" in output


def test_a_tagged_key_in_front_matter(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(articles={"jieneng": ARTICLE_A.replace("kicker:", "!!python/name:os.system : 1\nkicker:"),
                                    "dashuju": ARTICLE_B})
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert "jieneng.md:3:1: error: the YAML tag" in output


# 3. JSON any parser reads; terminal output escaped ----------------------------------------------------------

def test_a_lone_surrogate_in_a_story_name_with_json(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN.replace("story: dashuju", 'story: "da\\ud800shuju"'))
    done = run_process("render", "--json", str(folder), "-o", str(tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    doc = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: no lone surrogate reached stdout
    assert doc["ok"] is False and "da\\ud800shuju" in doc["errors"][0]["message"]
    assert b"Traceback" not in done.stderr


@pytest.mark.slow  # renders in a fresh process, 2.5 s
def test_render_json_into_a_folder_whose_name_is_not_utf8(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    out = os.fsencode(tmp_path) + b"/out-\xff"
    done = run_process("render", "--json", str(folder), "-o", out)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout.decode("utf-8"))
    assert doc["ok"] is True and doc["pdf"].endswith("out-\\xff/edition.pdf")
    text = run_process("render", str(folder), "-o", out)
    assert text.returncode == 0 and b"out-\\xff" in text.stdout


@pytest.mark.slow  # renders in a fresh process, 2.5 s
def test_an_edition_folder_whose_name_is_not_utf8_gets_a_manifest(tmp_path: Path) -> None:
    family = small_family(tmp_path / "f")
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/base-\xff")
    family.base.rename(folder)
    done = run_process("render", folder, "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    doc = json.loads((tmp_path / "out" / "manifest.json").read_bytes().decode("utf-8"))
    assert doc["edition"] == "base-\\xff"
    assert b"base-\\xff/edition.yaml:12:9: warning:" in done.stderr


def test_layout_ads_escapes_the_fields_of_ads_yaml(make_edition: MakeEdition) -> None:
    folder = make_edition(PLAN + "      - ad: GG-1\n        at: {col: 1, span: 4, line: 40, lines: 20}\n")
    (folder / "ads.yaml").write_text('ads:\n  - {id: GG-1, advertiser: "银行\\e[31m\\u202e", size: 4栏 × 95.25mm, '
                                     'page: 1, file: "ads/x\\e]0;t\\a.pdf"}\n', encoding="utf-8")
    code, output = run("ads", str(folder))
    assert code == 1, output
    assert "\x1b" not in output and "\u202e" not in output and "\x07" not in output
    assert "银行\\x1b[31m\\u202e" in output and "ads/x\\x1b]0;t\\x07.pdf" in output
    from layout.desk.reports.ads import _width

    head, row = (line for line in output.splitlines() if line.startswith(("booking", "GG-1")))
    assert _width(head[:head.index("state")]) == _width(row[:row.index("missing")])  # measured as shown


def test_the_nights_run_table_escapes_edition_names(tmp_path: Path) -> None:
    family = small_family(tmp_path / "f")
    night = tmp_path / "night"
    night.mkdir()
    family.base.rename(night / f"base{ESC}")  # a folder of editions: the night's run, its table
    code, output = run("render", str(night), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "\x1b" not in output
    head, row = (line for line in output.splitlines() if line.startswith(("edition ", "base")))
    assert row.startswith("base\\x1b[31m  ")
    assert len(row) == len(head)  # its columns measured on what is shown


# 4. ads.yaml in the sandbox ---------------------------------------------------------------------------------

def test_ads_yaml_linked_to_a_file_outside_the_edition_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    secret = tmp_path / "outside.yaml"
    secret.write_text("ads: []\n", encoding="utf-8")
    (folder / "ads.yaml").symlink_to(secret)
    code, output = run("check", str(folder))
    assert code == 2, output
    assert f"{folder}/ads.yaml: error: the ad list ads.yaml is a link to {secret}, outside the edition folder" \
        in output
    (folder / "ads.yaml").unlink()
    (folder / "lists").mkdir()
    (folder / "lists" / "today.yaml").write_text("ads: []\n", encoding="utf-8")
    (folder / "ads.yaml").symlink_to(folder / "lists" / "today.yaml")  # inside: fine
    code, output = run("check", str(folder))
    assert code == 0, output


def test_a_plan_linked_to_a_file_outside_the_edition_is_refused(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition()
    outside = tmp_path / "plan.yaml"
    (folder / "edition.yaml").rename(outside)
    (folder / "edition.yaml").symlink_to(outside)
    code, output = run("check", str(folder))
    assert code == 2, output
    assert f"the plan edition.yaml is a link to {outside}, outside the edition folder" in output


# 5. a zone code is matched whole ----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ['"JN\\n"', '"JN\\r\\n"', '"JN\\n\\n"'])
def test_a_zone_code_with_a_trailing_newline_is_refused(make_edition: MakeEdition, tmp_path: Path,
                                                        code: str) -> None:
    plan = PLAN.replace("pages_total: 12\n", f"pages_total: 12\nzones:\n  - {{code: {code}, name: 津南区, "
                        "pages_total: 16}\n")
    folder = make_edition(plan)
    result, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert result == 2, output
    assert "edition.yaml:6:13: error: zones[1].code" in output or "must be a zone code" in output
    assert not (tmp_path / "out").exists()


# 6. manifest.json read back within bounds, its entries checked -------------------------------------------------

def test_a_deeply_nested_manifest_is_a_warning_not_a_failure_for_good(make_edition: MakeEdition,
                                                                      tmp_path: Path) -> None:
    folder, out = make_edition(), tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, output = run("render", str(folder), "-o", str(out))
    assert code == 0, output
    assert "warning: the manifest of the last render cannot be used (it is nested more than 8 levels deep)" \
        in output
    code, output = run("render", str(folder), "-o", str(out))
    assert code == 0 and "cannot be used" not in output, output
    assert "no page file changed" in output


def test_entries_carried_on_pages_are_checked(tmp_path: Path) -> None:
    family = small_family(tmp_path / "f")
    out = tmp_path / "out"
    code, output = run("render", str(family.base), "-o", str(out))
    assert code == 0, output
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    good = {e["file"]: e["sha256"] for e in doc["pages"]}
    doc["pages"].append({"page": 3, "file": "../../../etc/passwd", "sha256": "0" * 64, "zones": ["main"], "plate": 1})
    doc["pages"].append({"page": 9, "file": "20260423-09.pdf", "sha256": "0" * 64, "zones": ["main"], "plate": 1})
    doc["pages"][0]["sha256"] = "f" * 64  # page 1's file is not the one listed
    (out / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    code, output = run("render", str(family.base), "-o", str(out), "--pages", "2")
    assert code == 0, output
    after = {e["file"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["pages"]}
    assert sorted(after) == ["20260423-01.pdf", "20260423-02.pdf"]
    assert after["20260423-01.pdf"]["sha256"] == good["20260423-01.pdf"]  # re-derived from the file
    assert after["20260423-01.pdf"]["plate"] == 2
    assert "'../../../etc/passwd', which is not a page file of this edition: dropped" in output
    assert "20260423-09.pdf, which is not in" in output or "'20260423-09.pdf', which is not a page file" in output
    assert "20260423-01.pdf is not the file the last manifest lists (its sha256 differs)" in output


# 7. the night's run: one send/ -------------------------------------------------------------------------------

def test_the_nights_run_sends_a_shared_plate_once(tmp_path: Path) -> None:
    family = small_family(tmp_path / "f")
    out = tmp_path / "out"
    code, output = run("render", str(family.base), str(family.zone), "-o", str(out), "--changed-only")
    assert code == 0, output
    sent = sorted(p.name for p in (out / "send").iterdir())
    assert sent == ["20260423-01.pdf", "20260423-02.pdf", "20260423-JN-01.pdf", "20260423-JN-05.pdf",
                    "manifest.json"]
    assert not (out / "base" / "send").exists() and not (out / "zone" / "send").exists()
    plates = {p["file"]: p for p in json.loads((out / "send" / "manifest.json").read_text(encoding="utf-8"))["plates"]}
    assert plates["20260423-02.pdf"]["editions"] == ["base", "zone"]
    assert plates["20260423-02.pdf"]["zones"] == ["main", "JN"]
    assert plates["20260423-01.pdf"]["editions"] == ["base"]
    assert (out / "send" / "20260423-02.pdf").read_bytes() == (out / "zone" / "20260423-02.pdf").read_bytes()


# 8. the edition's date in every finished file ---------------------------------------------------------------

def test_every_finished_file_carries_the_editions_date(make_edition: MakeEdition, tmp_path: Path) -> None:
    folder = make_edition(PLAN.replace("2026-04-23", "2026-05-07"))
    code, output = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert code == 0, output
    files = sorted((tmp_path / "out").glob("*.pdf"))
    assert [f.name for f in files] == ["20260507-01.pdf", "edition.pdf"]
    for f in files:
        info = pypdf.PdfReader(f).metadata
        assert info is not None and info["/Subject"] == "2026-05-07", f
