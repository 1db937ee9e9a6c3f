"""Output formats: one rule choosing them, SVG and PDF that look like the PNG, a PDF whose
text comes back in logical order, --scale and --dpi."""

import re
import shutil
import subprocess
import zlib

import numpy as np
import pytest
from PIL import Image

from cli_helpers import EXAMPLES, expect_error, expect_ok, png_image, run

ARTICLE = EXAMPLES / "astana.txt"
SALAM = "سلام عليكم"


def need(tool):
    path = shutil.which(tool)
    assert path, f"{tool} is not installed (scripts/install-deps.sh installs it)"
    return path


def gray(path_or_image):
    image = path_or_image if isinstance(path_or_image, Image.Image) else Image.open(path_or_image)
    return np.asarray(image.convert("L")).astype(float)


def assert_looks_alike(a, b):
    """The same picture up to the rasterizers' anti-aliasing: over 4×4 px blocks, mean
    difference under 3 levels and none over 64; ink (dark pixels) within 3%."""
    assert a.shape == b.shape
    h, w = (a.shape[0] // 4) * 4, (a.shape[1] // 4) * 4
    blocks = lambda m: m[:h, :w].reshape(h // 4, 4, w // 4, 4).mean(axis=(1, 3))
    difference = abs(blocks(a) - blocks(b))
    assert difference.mean() < 3, difference.mean()
    assert difference.max() < 64, difference.max()
    ink_a, ink_b = (a < 128).sum(), (b < 128).sum()
    assert abs(ink_a - ink_b) < 0.03 * ink_a, (ink_a, ink_b)


@pytest.mark.parametrize("extension, magic", [
    ("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"), ("json", b"{"), ("txt", b"line 0")])
def test_format_follows_the_extension(shape_bin, tmp_path, extension, magic):
    out = tmp_path / f"out.{extension}"
    expect_ok(run(shape_bin, "-o", out, SALAM))
    assert out.read_bytes().startswith(magic)
    upper = tmp_path / f"OUT.{extension.upper()}"
    expect_ok(run(shape_bin, "-o", upper, SALAM))
    assert upper.read_bytes().startswith(magic)


@pytest.mark.parametrize("name, format_option, message", [
    ("out.pdf", "png", "--output: 'DIR/out.pdf' is named for pdf, not png"),
    ("out.png", "svg", "--output: 'DIR/out.png' is named for png, not svg"),
    ("out.json", "text", "--output: 'DIR/out.json' is named for json, not text"),
    ("out.bin", None, "--output: 'DIR/out.bin': unknown file extension '.bin' "
                      "(known: .png, .svg, .pdf, .json, .txt)"),
    ("out.jpeg", "png", "--output: 'DIR/out.jpeg': unknown file extension '.jpeg' "
                        "(known: .png, .svg, .pdf, .json, .txt)"),
])
def test_a_mismatched_or_unknown_extension_is_a_usage_error(shape_bin, tmp_path, name,
                                                           format_option, message):
    out = tmp_path / name
    extra = ["--format", format_option] if format_option else []
    expect_error(run(shape_bin, "-o", out, *extra, SALAM), 1,
                 message.replace("DIR", str(tmp_path)))
    assert list(tmp_path.iterdir()) == [], "nothing is written"


def test_format_option_without_extension_and_on_stdout(shape_bin, tmp_path):
    out = tmp_path / "no_extension"
    expect_ok(run(shape_bin, "-o", out, "--format", "svg", SALAM))
    assert out.read_bytes().startswith(b"<?xml")
    svg = expect_ok(run(shape_bin, "--format", "svg", SALAM)).stdout
    assert svg.startswith(b"<?xml") and b"</svg>" in svg
    pdf = expect_ok(run(shape_bin, "--format", "pdf", SALAM)).stdout
    assert pdf.startswith(b"%PDF")
    expect_error(run(shape_bin, "--format", "jpeg", SALAM), 1,
                 "--format: 'jpeg' is not one of png, svg, pdf, json, text")


def test_svg_rasterized_matches_the_png(shape_bin, tmp_path):
    rsvg = need("rsvg-convert")
    expect_ok(run(shape_bin, "--text-file", ARTICLE, "--width", "800", "-o", tmp_path / "a.png"))
    expect_ok(run(shape_bin, "--text-file", ARTICLE, "--width", "800", "-o", tmp_path / "a.svg"))
    svg = (tmp_path / "a.svg").read_text()
    # Each glyph is defined once and used wherever it is drawn.
    definitions = re.findall(r'<symbol overflow="visible" id="(glyph[\d-]+)"', svg)
    uses = re.findall(r'xlink:href="#(glyph[\d-]+)"', svg)
    assert len(definitions) == len(set(definitions)) and set(uses) <= set(definitions)
    assert len(uses) > 3 * len(definitions)
    subprocess.run([rsvg, tmp_path / "a.svg", "-o", tmp_path / "svg.png"], check=True)
    assert_looks_alike(gray(tmp_path / "a.png"), gray(tmp_path / "svg.png"))


def test_pdf_rasterized_matches_the_png(shape_bin, tmp_path):
    pdftoppm = need("pdftoppm")
    expect_ok(run(shape_bin, "--text-file", ARTICLE, "--width", "800", "-o", tmp_path / "a.png"))
    expect_ok(run(shape_bin, "--text-file", ARTICLE, "--width", "800", "-o", tmp_path / "a.pdf"))
    # Rendered at four times the density and averaged down, so that poppler's hinting at
    # small sizes does not count as a difference.
    subprocess.run([pdftoppm, "-r", "288", "-png", "-singlefile", tmp_path / "a.pdf",
                    tmp_path / "pdf"], check=True)
    big = Image.open(tmp_path / "pdf.png")
    small = big.resize((big.size[0] // 4, big.size[1] // 4), Image.BOX)
    assert_looks_alike(gray(tmp_path / "a.png"), gray(small))


def words(text):
    """Letters with their marks, and numbers, in order: what a reader of the text sees as
    its words, whatever a PDF extractor does with spaces beside punctuation."""
    for mark in "\u202a\u202b\u202c\u200e\u200f":
        text = text.replace(mark, " ")
    return re.findall(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:[\u064B-\u065F\u0670][^\W\d_]*)*",
                      text)


def test_pdf_text_comes_back_in_logical_order(shape_bin, tmp_path):
    pdftotext = need("pdftotext")
    for width in ["800", "400", "0"]:
        out = tmp_path / f"a{width}.pdf"
        expect_ok(run(shape_bin, "--text-file", ARTICLE, "--width", width, "-o", out))
        text = subprocess.run([pdftotext, out, "-"], check=True, capture_output=True,
                              text=True).stdout
        assert words(text) == words(ARTICLE.read_text()), width


def test_pdf_embeds_its_fonts_as_subsets(shape_bin, tmp_path):
    pdffonts = need("pdffonts")
    out = tmp_path / "mixed.pdf"
    expect_ok(run(shape_bin, "-o", out, "كتب Hello"))
    fonts = subprocess.run([pdffonts, out], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    # cairo may split one font into several subsets (its Latin-1 glyphs apart).
    families = {re.match(r"[A-Z]{6}\+(\S+)", row).group(1) for row in rows}
    assert families == {"NotoNaskhArabic-Regular", "NotoSans-Regular"}, fonts
    for row in rows:
        assert " yes yes yes " in row, row  # embedded, subset, with a ToUnicode map


def test_colours_reach_svg_and_pdf(shape_bin, tmp_path):
    expect_ok(run(shape_bin, "--markup", '<span color="#c00000">سلام</span> عليكم', "--bg",
                  "#ffffe0", "-o", tmp_path / "c.svg"))
    svg = (tmp_path / "c.svg").read_text()
    assert "rgb(75.294118%,0%,0%)" in svg or "rgb(192,0,0)" in svg, svg[:2000]
    assert "rgb(100%,100%,87.843137%)" in svg or "rgb(255,255,224)" in svg


def test_scale_renders_glyphs_at_the_scaled_size(shape_bin, tmp_path):
    one = png_image(expect_ok(run(shape_bin, "--format", "png", SALAM)).stdout)
    two = png_image(expect_ok(run(shape_bin, "--format", "png", "--scale", "2", SALAM)).stdout)
    # ceil((layout + 2 × margin) × 2): within a pixel of twice the unscaled image.
    assert abs(two.size[0] - 2 * one.size[0]) <= 1 and abs(two.size[1] - 2 * one.size[1]) <= 1
    # Rasterized at twice the size, not enlarged: averaged back down it is the same picture.
    even = two.crop((0, 0, two.size[0] // 2 * 2, two.size[1] // 2 * 2))
    halved = even.resize((even.size[0] // 2, even.size[1] // 2), Image.BOX)
    assert_looks_alike(gray(one.crop((0, 0) + halved.size)), gray(halved))
    for bad in ["0", "-1", "17", "x"]:
        result = run(shape_bin, "--scale", bad, SALAM)
        assert result.returncode == 1 and "--scale" in result.stderr


def test_dpi_makes_the_size_points(shape_bin, tmp_path):
    # 24 pt at 144 dpi is 48 px per em: the layout of --font-size 48 px.
    at_dpi = expect_ok(run(shape_bin, "--format", "json", "--dpi", "144", "--font-size", "24",
                           SALAM)).stdout
    in_px = expect_ok(run(shape_bin, "--format", "json", "--font-size", "48", SALAM)).stdout
    assert at_dpi == in_px
    out = tmp_path / "dense.png"
    expect_ok(run(shape_bin, "--dpi", "144", "-o", out, SALAM))
    data = out.read_bytes()
    at = data.index(b"pHYs")
    per_metre = int.from_bytes(data[at + 4:at + 8], "big")
    assert per_metre == round(144 / 0.0254)
    assert data[at + 12] == 1  # unit: metre
    pdf = tmp_path / "dense.pdf"
    expect_ok(run(shape_bin, "--dpi", "144", "--font-size", "24", "-o", pdf, SALAM))
    png = png_image(expect_ok(run(shape_bin, "--format", "png", "--font-size", "48",
                                  SALAM)).stdout)
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf.read_bytes())
    assert box, "no MediaBox"
    # Pages in points: px × 72 / dpi.
    assert abs(float(box.group(1)) - png.size[0] / 2) < 0.01
    assert abs(float(box.group(2)) - png.size[1] / 2) < 0.01


def test_pdf_of_text_with_invalid_utf8_carries_replacement_characters(shape_bin, tmp_path):
    # Lenient decoding draws U+FFFD for each ill-formed sequence; the PDF's text says the
    # same rather than handing the raw bytes to cairo, which refuses them.
    pdftotext = need("pdftotext")
    source = tmp_path / "bad.txt"
    source.write_bytes("كتب ".encode() + b"\xff\xfe Hello \xc3 " + "مرحبا".encode())
    out = tmp_path / "bad.pdf"
    expect_ok(run(shape_bin, "--text-file", source, "-o", out))
    text = subprocess.run([pdftotext, out, "-"], check=True, capture_output=True,
                          text=True).stdout
    assert words(text) == ["كتب", "Hello", "مرحبا"]
    assert text.count("\ufffd") == 3
