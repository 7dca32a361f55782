"""The PDF tools on files from outside (docs/errors.md, "The PDF tools"): `preflight`, `diff`, `proof`
and `fonts` treated as a plant and an editor use them. A file that is not what it should be — not a PDF,
cut off, encrypted, a decompression bomb, 10,000 pages, a 200,000 pt page, a folder, a FIFO, a dangling
link, a name that is not UTF-8 — is exit 2 with one message naming the file (and the bound), never a
traceback, a crash or a hang; memory and time stay bounded.

The hostile PDFs are tiny and made here from raw bytes (`raw_pdf`), so they claim huge sizes without
being large. Where the risk is memory or a hang, the command runs in a child process with a timeout and an
address-space limit (RLIMIT_AS), and reports its peak memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result
from reportlab.pdfgen import canvas

from layout.cli import main
from layout.errors import LayoutError

ROOT = Path(__file__).resolve().parents[2]
GB = 1024**3
CHILD = """\
import atexit, sys
def peak():  # VmHWM: this process's own peak (ru_maxrss keeps the forking parent's peak across exec)
    with open("/proc/self/status") as status:
        hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    sys.stderr.write(f"maxrss_kb={hwm[0]}\\n")
atexit.register(peak)
from layout.cli import main
main(sys.argv[1:], prog_name="layout")
"""


# -- making PDFs ---------------------------------------------------------------------------------------

def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (object 1 is the catalogue), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page(media: bytes = b"[0 0 595 842]", contents: bytes = b"4 0 R", resources: bytes = b"<< >>",
             more: list[bytes] | None = None, draw: bytes = b"0 0 1 0 k 10 10 100 100 re f") -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents %s /Resources %s >>"
                    % (media, contents, resources),
                    stream(draw), *(more or [])])


def many_pages(count: int, side: int = 10, claimed: int | None = None) -> bytes:
    """`count` real pages (a Kids array of `count` page objects), each `side` pt square, one shared content;
    the page tree's /Count says `claimed` (default: the truth)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 3 0 R >>" % (side, side)] * count
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count if claimed is None else claimed)
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", tree,
                    stream(b"0 0 0 1 k 1 1 5 5 re f"), *pages])


def deflated_spaces(megabytes: int) -> bytes:
    """A zlib stream of `megabytes` MB of spaces, built from one repeated 1 MB block (fast to make)."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    check = 1
    for _ in range(megabytes):
        check = zlib.adler32(chunk, check)
    return b"\x78\xda" + block * megabytes + tail + check.to_bytes(4, "big")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 5 kB PDF whose one page's content inflates to 2 GB (deflated twice: /FlateDecode /FlateDecode)."""
    twice = zlib.compress(deflated_spaces(2048), 9)
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                    stream(twice, b"/Filter [/FlateDecode /FlateDecode]")])


def good_pdf(path: Path, pages: int = 1, size: tuple[float, float] = (595, 842)) -> Path:
    c = canvas.Canvas(str(path), pagesize=size)
    for n in range(pages):
        c.drawString(100, 100, f"page {n + 1}")
        c.showPage()
    c.save()
    return path


# -- running the CLI -----------------------------------------------------------------------------------

def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def child(args: list[str | bytes], cwd: Path, memory: int = 3 * GB, timeout: float = 90
          ) -> tuple[int, str, int]:
    """The CLI in a child process with an address-space limit and a timeout: exit code, stderr, peak RSS (MB).
    A crash (a signal, MemoryError) or a hang is a failure of the test, not of the run."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=cwd, env=env, capture_output=True,
                              timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"layout {' '.join(map(str, args))} did not finish in {timeout} s")
    err = done.stderr.decode("utf-8", "replace")
    rss = [int(line.split("=")[1]) // 1024 for line in err.splitlines() if line.startswith("maxrss_kb=")]
    return done.returncode, err, rss[0] if rss else -1


def one_message(result: Result | str) -> str:
    """The output has no traceback and no internal error; return it."""
    text = result if isinstance(result, str) else result.output
    assert "Traceback" not in text and "internal error" not in text, text
    return text


# -- 1. preflight on files that are not PDFs -----------------------------------------------------------

def test_preflight_names_each_file_that_is_not_a_pdf_and_still_checks_the_others(tmp_path: Path) -> None:
    good = good_pdf(tmp_path / "good.pdf")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
    (tmp_path / "notes.txt").write_text("hello plant\n", encoding="utf-8")
    (tmp_path / "empty.pdf").write_bytes(b"")
    data = good.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    names = ["photo.jpg", "notes.txt", "empty.pdf", "cut.pdf", "good.pdf"]
    result = run("preflight", *(str(tmp_path / n) for n in names))
    out = one_message(result)
    assert result.exit_code == 2, out
    assert f"{tmp_path}/photo.jpg: error: not a PDF: starts with FF D8 FF E0 00 10 4A 46 (a JPEG image)" in out
    assert f'{tmp_path}/notes.txt: error: not a PDF: starts with "hello plant" (text)' in out
    assert f"{tmp_path}/empty.pdf: error: not a PDF: the file is empty (0 bytes)" in out
    assert f"{tmp_path}/cut.pdf: error: truncated PDF: no %%EOF in its last 1,024 bytes" in out
    assert out.count("error:") == 4
    assert f"{tmp_path}/good.pdf: FAIL" in out  # checked all the same (it is no PDF/X)


def test_preflight_on_a_broken_or_encrypted_pdf_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n"
                                          b"trailer << /Root 1 0 R >>\n%%EOF\n")
    writer = pypdf.PdfWriter(clone_from=good_pdf(tmp_path / "plain.pdf"))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    for name, expected in (("broken.pdf", "error: cannot read the PDF ("),
                           ("locked.pdf", "error: the PDF is encrypted (password-protected)")):
        result = run("preflight", str(tmp_path / name))
        out = one_message(result)
        assert result.exit_code == 2 and f"{tmp_path}/{name}: {expected}" in out, out
        assert out.count("error:") == 1


# -- 2. diff on non-PDFs, a deflate bomb, 10,000 pages -------------------------------------------------

def test_diff_on_a_file_that_is_not_a_pdf_names_it(tmp_path: Path) -> None:
    good = good_pdf(tmp_path / "a.pdf")
    (tmp_path / "b.pdf").write_bytes(b"GIF89a" + bytes(40))
    result = run("diff", str(good), str(tmp_path / "b.pdf"))
    out = one_message(result)
    assert result.exit_code == 2, out
    assert out.startswith(f"{tmp_path}/b.pdf: error: not a PDF: starts with 47 49 46 38 39 61 00 00 (a GIF image)")


@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
def test_diff_on_a_deflate_bomb_stops_at_the_bound_in_bounded_memory(tmp_path: Path, bomb: bytes) -> None:
    assert len(bomb) < 10_000  # 5 kB that inflate to 2 GB
    good = good_pdf(tmp_path / "a.pdf")
    (tmp_path / "bomb.pdf").write_bytes(bomb)
    code, err, rss = child(["diff", str(good), "bomb.pdf"], tmp_path, memory=2 * GB, timeout=60)
    one_message(err)
    assert code == 2, err
    assert "bomb.pdf: error: page 1: a stream decodes to more than 128 MB (MAX_STREAM_BYTES)" in err
    assert 0 < rss < 400, rss


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_diff_on_10000_pages_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "big.pdf").write_bytes(many_pages(10_000))
    good = good_pdf(tmp_path / "a.pdf")
    code, err, _rss = child(["diff", str(good), "big.pdf"], tmp_path, timeout=30)
    one_message(err)
    assert code == 2, err
    assert "big.pdf: error: the PDF has 10,000 pages; the limit is 1,000 (MAX_PAGES)" in err


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_pages_sharing_one_content_stream_count_it_each_time() -> None:
    """11 pages that each draw the same 100 MB content: 1.1 GB for the reader to decode — over MAX_DECODED_BYTES
    (on one page, 11 times the same content is over MAX_DRAWN_BYTES)."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(11))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 3 0 R >>"
    content = stream(deflated_spaces(100), b"/Filter /FlateDecode")
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count 11 >>" % kids,
                    content, *[page] * 11])
    from layout.tools import pdfin

    with pytest.raises(LayoutError) as caught:
        pdfin.open_pdf_bytes(data, "x.pdf")
    assert "page 11: the file's streams decode to more than 1,024 MB (MAX_DECODED_BYTES)" in str(caught.value)
    one_page_many_times = one_page(contents=b"[" + b" 4 0 R" * 6 + b"]").replace(
        stream(b"0 0 1 0 k 10 10 100 100 re f"), content)
    with pytest.raises(LayoutError) as caught:
        pdfin.open_pdf_bytes(one_page_many_times, "x.pdf")
    assert "page 1: its content with its forms drawn as often as they are used is more than 512 MB" in \
        str(caught.value)


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_a_bomb_in_a_form_the_page_inherits_from_the_page_tree_is_found(bomb: bytes) -> None:
    twice = bomb[bomb.index(b"stream\n") + 7:bomb.rindex(b"\nendstream")]
    form = stream(twice, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter [/FlateDecode /FlateDecode]")
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /XObject << /Fm 5 0 R >> >> >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                    stream(b"/Fm Do"), form])
    from layout.tools import pdfin

    with pytest.raises(LayoutError) as caught:
        pdfin.open_pdf_bytes(data, "x.pdf")
    assert "page 1: a stream decodes to more than 128 MB (MAX_STREAM_BYTES)" in str(caught.value)


def test_a_page_tree_that_hides_its_pages_behind_a_small_count_is_counted(tmp_path: Path) -> None:
    (tmp_path / "hidden.pdf").write_bytes(many_pages(3000, claimed=1))
    result = run("preflight", str(tmp_path / "hidden.pdf"))
    out = one_message(result)
    assert result.exit_code == 2, out
    assert "hidden.pdf: error: the PDF has more than 1,000 pages; the limit is 1,000 (MAX_PAGES)" in out


def test_a_page_tree_that_claims_more_pages_than_it_holds_is_named(tmp_path: Path) -> None:
    (tmp_path / "liar.pdf").write_bytes(many_pages(3, side=100, claimed=900))
    result = run("proof", str(tmp_path / "liar.pdf"), "-o", str(tmp_path / "out"))
    out = one_message(result)
    assert result.exit_code == 2, out
    assert "liar.pdf: error: the page tree is broken: its /Count says 900 pages, it holds 3" in out


def nested_forms(levels: int, times: int, self_drawing: bool = False, again: bool = False) -> bytes:
    """A page that draws form 0 once; form k draws form k+1 `times` times (the last draws a square), so the
    page draws times**(levels-1) squares; with `self_drawing` the last form draws itself instead; with
    `again` the page then draws form 0 once more through one form more (/W): one level deeper."""
    first = 5  # object number of form 0
    forms = []
    for k in range(levels):
        last = k == levels - 1
        if last and not self_drawing:
            body, res = b"0 0 0 1 k 0 0 1 1 re f", b"<< >>"
        else:
            body = b"q 0.9 0 0 0.9 0 0 cm /F Do Q " * times
            res = b"<< /XObject << /F %d 0 R >> >>" % (first + k if last else first + k + 1)
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources %s" % res))
    wrapper = first + levels
    if again:
        forms.append(stream(b"/F Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                      b"/Resources << /XObject << /F %d 0 R >> >>" % first))
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
                    b"/Resources << /XObject << /F %d 0 R %s>> >> >>"
                    % (first, b"/W %d 0 R " % wrapper if again else b""),
                    stream(b"q 20 0 0 20 0 0 cm /F Do " + (b"/W Do " if again else b"") + b"Q"), *forms])


@pytest.mark.slow  # fresh processes with a memory limit, 2.4 s
def test_forms_drawing_forms_ten_times_over_are_refused_before_a_renderer_spends_hours(tmp_path: Path) -> None:
    data = nested_forms(10, 10)
    assert len(data) < 10_000  # 10**9 squares to draw
    (tmp_path / "forms.pdf").write_bytes(data)
    good = good_pdf(tmp_path / "a.pdf")
    for args in (["proof", "forms.pdf", "-o", "proof"], ["diff", str(good), "forms.pdf"]):
        code, err, _rss = child(args, tmp_path, timeout=30)
        one_message(err)
        assert code == 2, err
        assert ("forms.pdf: error: page 1: its content with its forms drawn as often as they are used is more than "
                "512 MB (MAX_DRAWN_BYTES)") in err
    from layout.tools import pdfin

    pdfin.open_pdf_bytes(nested_forms(3, 10), "fine.pdf")  # 100 squares: fine
    with pytest.raises(LayoutError) as caught:
        pdfin.open_pdf_bytes(nested_forms(3, 2, self_drawing=True), "x.pdf")
    assert "page 1: a form draws itself (directly or through other forms)" in str(caught.value)


MAX_FORM_DEPTH = 12  # layout.plant.walk.MAX_FORM_DEPTH, the opener's bound too (a mutation raising it must fail)


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_forms_nested_one_deeper_than_the_bound_are_refused_at_the_bound_opened(tmp_path: Path) -> None:
    """The opener's form depth is the preflight walk's (one constant, one meaning: a form the page draws is 1
    deep): `proof` and `diff` of forms nested MAX_FORM_DEPTH + 1 deep are refused naming it; at the bound the
    file opens."""
    (tmp_path / "deep.pdf").write_bytes(nested_forms(MAX_FORM_DEPTH + 1, 1))
    good = good_pdf(tmp_path / "a.pdf")
    for args in (["proof", "deep.pdf", "-o", "proof"], ["diff", str(good), "deep.pdf"]):
        code, err, _rss = child(args, tmp_path, timeout=60)
        one_message(err)
        assert code == 2, err
        assert (f"deep.pdf: error: page 1: a form is nested more than {MAX_FORM_DEPTH} forms deep "
                "(MAX_FORM_DEPTH)") in err and err.count("error:") == 1, err
    assert not (tmp_path / "proof").exists()
    from layout.tools import pdfin

    assert pdfin.open_pdf_bytes(nested_forms(MAX_FORM_DEPTH, 1), "fine.pdf").pages == 1


def test_forms_measured_shallow_first_are_still_refused_when_drawn_deeper() -> None:
    """The page draws a chain of MAX_FORM_DEPTH forms (fine), then a form that draws the same chain: one deeper.
    The chain's size is remembered from the first time; its depth must be judged where it is drawn again."""
    from layout.tools import pdfin

    with pytest.raises(LayoutError) as caught:
        pdfin.open_pdf_bytes(nested_forms(MAX_FORM_DEPTH, 1, again=True), "x.pdf")
    assert f"a form is nested more than {MAX_FORM_DEPTH} forms deep (MAX_FORM_DEPTH)" in str(caught.value)


def test_do_operators_split_across_inflate_steps_are_counted() -> None:
    from layout.tools.pdfin import Measured

    found = Measured()
    for piece in (b"q /A Do Q /A Do /F", b"m1 D", b"o /Fm1 Do /Image", b"Do2 Do /Ximg Do"):
        found.feed(piece)
    assert dict(found.calls) == {"A": 2, "Fm1": 2, "ImageDo2": 1, "Ximg": 1}
    assert found.size == sum(len(p) for p in (b"q /A Do Q /A Do /F", b"m1 D", b"o /Fm1 Do /Image",
                                             b"Do2 Do /Ximg Do"))


def test_an_image_claiming_ten_billion_pixels_is_refused(tmp_path: Path) -> None:
    image = stream(b"\x00" * 16, b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                                 b"/ColorSpace /DeviceGray /BitsPerComponent 8")
    data = one_page(resources=b"<< /XObject << /Im1 5 0 R >> >>", more=[image])
    data = data.replace(b"0 0 1 0 k 10 10 100 100 re f", b"q 500 0 0 500 0 0 cm /Im1 Do Q")
    (tmp_path / "huge-image.pdf").write_bytes(data)
    code, err, _rss = child(["proof", "huge-image.pdf", "-o", "proof"], tmp_path, memory=2 * GB, timeout=60)
    one_message(err)
    assert code == 2, err
    assert "an image of 100,000 × 100,000 pixels; an image has at most 120 megapixels (MAX_IMAGE_PIXELS)" in err


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_an_inline_image_claiming_ten_billion_pixels_is_refused(tmp_path: Path) -> None:
    """An inline image (`BI … ID … EI` in a content stream) is bounded like an image XObject (PDFium draws
    one of 100000 × 100000 px in a second; a RIP may not)."""
    data = one_page(draw=b"q 500 0 0 500 0 0 cm BI /W 100000 /H 100000 /CS /G /BPC 8 ID \x00\x00 EI Q")
    (tmp_path / "inline.pdf").write_bytes(data)
    good = good_pdf(tmp_path / "a.pdf")
    for args in (["proof", "inline.pdf", "-o", "proof"], ["diff", str(good), "inline.pdf"]):
        code, err, _rss = child(args, tmp_path, memory=2 * GB, timeout=60)
        one_message(err)
        assert code == 2, err
        assert ("inline.pdf: error: page 1: an inline image (BI … ID … EI) of 100,000 × 100,000 pixels; an image has "
                "at most 120 megapixels (MAX_IMAGE_PIXELS)") in err, err
    from layout.tools import pdfin

    small = one_page(draw=b"q 500 0 0 500 0 0 cm BI /W 1 /H 2 /CS /G /BPC 8 ID \x00\x00 EI Q")
    assert pdfin.open_pdf_bytes(small, "small.pdf").pages == 1


def test_an_inline_image_split_across_inflate_steps_is_measured() -> None:
    from layout.tools.pdfin import Measured

    found = Measured()
    for piece in (b"q 9 0 0 9 0 0 cm B", b"I /W 20000 /H 1", b"0000 /CS /G /BPC 8 I", b"D \x00\x00 EI Q /X Do"):
        found.feed(piece)
    assert found.inline == (20000, 10000) and dict(found.calls) == {"X": 1}


def test_a_jpeg_whose_size_is_not_its_dictionarys_is_named(tmp_path: Path) -> None:
    """A JPEG's own size (its frame header) must be the image's /Width and /Height: else it is broken."""
    import io

    from PIL import Image

    jpeg = io.BytesIO()
    Image.new("CMYK", (16, 8), (0, 80, 80, 0)).save(jpeg, "JPEG")
    image = stream(jpeg.getvalue(), b"/Type /XObject /Subtype /Image /Width 16 /Height 80 /ColorSpace /DeviceCMYK "
                                    b"/BitsPerComponent 8 /Filter /DCTDecode")
    data = one_page(resources=b"<< /XObject << /Im1 5 0 R >> >>", more=[image], draw=b"q 100 0 0 50 0 0 cm /Im1 Do Q")
    (tmp_path / "broken.pdf").write_bytes(data)
    result = run("proof", str(tmp_path / "broken.pdf"), "-o", str(tmp_path / "out"))
    out = one_message(result)
    assert result.exit_code == 2, out
    assert ("broken.pdf: error: page 1: an image says it is 16 × 80 pixels, its JPEG data is 16 × 8: a broken image, "
            "drawn garbled or not at all") in out, out
    from layout.tools import pdfin

    assert pdfin.open_pdf_bytes(data.replace(b"/Height 80 ", b"/Height 8  "), "fine.pdf").pages == 1


# -- 3. proof on a huge page, 10,000 pages; streaming --------------------------------------------------

def test_proof_of_a_200000_pt_page_names_the_page_size_bound(tmp_path: Path) -> None:
    (tmp_path / "huge.pdf").write_bytes(one_page(media=b"[0 0 200000 200000]"))
    code, err, _rss = child(["proof", "huge.pdf", "-o", "proof"], tmp_path, memory=2 * GB, timeout=60)
    one_message(err)
    assert code == 2, err
    assert ("huge.pdf: error: page 1 is 200,000 × 200,000 pt; a page side is at most 14,400 pt (MAX_PAGE_SIDE"
            in err)
    assert not (tmp_path / "proof").exists()


@pytest.mark.slow  # decodes hundreds of MB or opens thousands of pages, 1-5 s
def test_proof_of_10000_pages_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "big.pdf").write_bytes(many_pages(10_000))
    code, err, _rss = child(["proof", "big.pdf", "-o", "proof"], tmp_path, timeout=30)
    one_message(err)
    assert code == 2 and "big.pdf: error: the PDF has 10,000 pages; the limit is 1,000 (MAX_PAGES)" in err, err


@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
def test_a_large_page_is_proofed_at_a_lower_resolution_with_a_note(tmp_path: Path) -> None:
    """14,000 pt square (within PDF's limit) at 100 dpi would be 378 megapixels (1.5 GB while drawn)."""
    (tmp_path / "large.pdf").write_bytes(one_page(media=b"[0 0 14000 14000]"))
    code, err, rss = child(["proof", "large.pdf", "-o", "proof"], tmp_path, memory=2 * GB, timeout=90)
    one_message(err)
    assert code == 0, err
    assert ("note: page 1 is 14,000 × 14,000 pt: drawn at 36.36 dpi instead of 100 (a page image has at most "
            "50,000,000 pixels, MAX_RASTER_PIXELS)") in err
    from PIL import Image

    with Image.open(tmp_path / "proof" / "page-01.png") as img:
        assert img.width * img.height <= 50_000_000  # MAX_RASTER_PIXELS
    assert rss < 1200, rss


@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
def test_diff_of_large_pages_compares_them_at_one_lower_resolution_in_bounded_memory(tmp_path: Path) -> None:
    """Two 14,000 pt pages at 50 dpi would be 94 megapixels each; the old diff kept every page image of both."""
    (tmp_path / "large.pdf").write_bytes(one_page(media=b"[0 0 14000 14000]"))
    code, err, rss = child(["diff", "large.pdf", "large.pdf"], tmp_path, memory=2 * GB, timeout=90)
    one_message(err)
    assert code == 0, err
    assert ("note: page 1: compared at 36.36 dpi instead of 50 (a page image has at most 50,000,000 pixels, "
            "MAX_RASTER_PIXELS)") in err
    assert rss < 1200, rss


@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
def test_proof_keeps_one_page_image_at_a_time(tmp_path: Path) -> None:
    """40 pages of 8 MB images each: the old proof kept all of them (320 MB) until the overview was drawn."""
    good_pdf(tmp_path / "pages.pdf", pages=40, size=(1000, 1400))
    code, err, rss = child(["proof", "pages.pdf", "-o", "proof"], tmp_path, timeout=120)
    one_message(err)
    assert code == 0, err
    assert len(list((tmp_path / "proof").glob("page-*.png"))) == 40
    assert (tmp_path / "proof" / "overview.png").is_file()
    assert rss < 260, rss


def test_the_overview_is_split_into_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from layout.tools import proof

    monkeypatch.setattr(proof, "SHEET_PAGES", 2)
    pdf = good_pdf(tmp_path / "p.pdf", pages=3, size=(100, 140)).read_bytes()
    written = proof.write_proofs(pdf, tmp_path / "proof", 20.0)
    assert [p.name for p in written] == ["page-01.png", "page-02.png", "overview.png", "page-03.png",
                                         "overview-2.png"]


# -- 4. a path that is not what it should be -----------------------------------------------------------

@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
@pytest.mark.parametrize("command", ["preflight", "diff", "proof"])
def test_a_folder_a_fifo_and_a_dangling_link_are_named_as_such(tmp_path: Path, command: str) -> None:
    good = good_pdf(tmp_path / "good.pdf")
    (tmp_path / "folder.pdf").mkdir()
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    cases = {"folder.pdf": "PDF {p} is a folder",
             "pipe.pdf": "PDF {p} is not a regular file (a FIFO, socket or device)",
             "gone.pdf": "the PDF is a link to '{t}/nowhere.pdf', which leads nowhere"}
    for name, message in cases.items():
        if command == "proof" and name == "folder.pdf":
            continue  # a folder is an edition folder to `proof`: "no edition.yaml in …"
        path = tmp_path / name
        args = {"preflight": [str(path)], "diff": [str(good), str(path)], "proof": [str(path), "-o", "out"]}[command]
        code, err, _rss = child([command, *args], tmp_path, timeout=30)  # a FIFO must not hang
        one_message(err)
        assert code == 2, (name, err)
        assert f"{path}: error: " + message.format(p=path, t=tmp_path) in err, (name, err)
        assert "Usage:" not in err and err.count("error:") == 1


@pytest.mark.slow  # a fresh process with a memory limit, 2-5 s
def test_a_name_that_is_not_utf8_is_shown_with_its_bytes(tmp_path: Path) -> None:
    good = good_pdf(tmp_path / "good.pdf")
    odd = os.fsencode(tmp_path) + b"/ad\xff.pdf"
    os.symlink(good, odd)
    result = subprocess.run([sys.executable, "-c", CHILD, "preflight", odd], capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = result.stdout.decode("utf-8")  # what a terminal or a log reads: valid UTF-8
    assert f"{tmp_path}/ad\\xff.pdf: FAIL" in out, out
    (tmp_path / "notpdf").mkdir()
    bad = os.fsencode(tmp_path) + b"/notpdf/x\xfe.pdf"
    Path(os.fsdecode(bad)).write_bytes(b"hello")
    result = subprocess.run([sys.executable, "-c", CHILD, "diff", str(good), bad], capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and f'{tmp_path}/notpdf/x\\xfe.pdf: error: not a PDF: starts with "hello"' in err


def test_one_rule_for_lone_surrogates_on_the_terminal_and_in_json() -> None:
    """A byte of a file name that is not UTF-8 is shown as that byte (\\xff) by every surface: the terminal
    (`escape_controls`, the PDF tools' `shown`) and JSON (`for_json`); any other lone surrogate as \\ud800."""
    from layout.errors import escape_controls, for_json
    from layout.tools.pdfin import shown

    name = os.fsdecode(b"ad\xff\x80.pdf")
    for show in (escape_controls, for_json, shown):
        assert show(name) == "ad\\xff\\x80.pdf", show
        assert show("da\ud800shuju") == "da\\ud800shuju", show
        assert show("\udc7f") == "\\udc7f", show  # below U+DC80: not a byte surrogateescape makes


def test_proof_of_a_jpeg_says_it_is_not_a_pdf(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xdb" + bytes(100))
    result = run("proof", str(tmp_path / "photo.jpg"), "-o", str(tmp_path / "out"))
    out = one_message(result)
    assert result.exit_code == 2 and f"{tmp_path}/photo.jpg: error: not a PDF: starts with FF D8 FF DB" in out, out
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("make", ["folder", "file", "dangling", "not-utf8"])
def test_fonts_on_a_path_that_is_not_an_edition(tmp_path: Path, make: str) -> None:
    """(Already handled on e346689: kept as a guard.)"""
    target = {"folder": tmp_path / "empty", "file": tmp_path / "x.jpg", "dangling": tmp_path / "gone",
              "not-utf8": Path(os.fsdecode(os.fsencode(tmp_path) + b"/ed\xff"))}[make]
    if make in ("folder", "not-utf8"):
        target.mkdir()
    elif make == "file":
        target.write_bytes(b"\xff\xd8\xff")
    else:
        target.symlink_to(tmp_path / "nowhere")
    result = run("fonts", str(target))
    out = one_message(result)
    assert result.exit_code == 2 and out.count("error:") == 1, out


def test_an_output_folder_that_cannot_be_written_and_a_page_the_pdf_lacks(tmp_path: Path) -> None:
    good = good_pdf(tmp_path / "a.pdf")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for args, message in ((["proof", str(good), "-o", str(tmp_path / "file")], f"cannot write to {tmp_path}/file"),
                          (["diff", str(good), str(good), "-o", str(tmp_path / "file" / "x")],
                           f"cannot write to {tmp_path}/file/x"),
                          (["proof", str(good), "-o", str(tmp_path / "p"), "--pages", "5"],
                           f"{good}: error: the PDF has 1 page, there is no page 5")):
        result = run(*args)
        out = one_message(result)
        assert result.exit_code == 2 and message in out and out.count("error:") == 1, out
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("dpi", ["0", "-5", "100000"])
def test_a_resolution_out_of_range_is_refused(tmp_path: Path, dpi: str) -> None:
    good = good_pdf(tmp_path / "a.pdf")
    for args in (["proof", str(good), "-o", str(tmp_path / "p"), "--dpi", dpi],
                 ["diff", str(good), str(good), "--dpi", dpi]):
        result = run(*args)
        assert result.exit_code == 2 and "--dpi" in result.output and "1.0<=x<=2400.0" in result.output, result.output


def test_a_good_pdf_passes_every_bound(tmp_path: Path) -> None:
    from layout.tools import pdfin

    opened = pdfin.open_pdf(good_pdf(tmp_path / "ok.pdf", pages=3))
    assert opened.pages == 3 and opened.name == str(tmp_path / "ok.pdf")
