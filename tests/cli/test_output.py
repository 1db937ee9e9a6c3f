"""What `shape` produces: golden images, visual cluster order, and glyphs that agree with
HarfBuzz's own hb-shape on the same font file."""

import json
import os
import shutil
import subprocess

import pytest
from PIL import Image

from cli_helpers import (EXAMPLES, GOLDEN, NASKH, SANS, expect_ok, images_differ,
                         layout_json, line_glyphs, png_image, run, visual_clusters)

UPDATE_GOLDEN = os.environ.get("SATR_UPDATE_GOLDEN") == "1"

ARABIC_LINE = "بسم الله الرحمن الرحيم"
MIXED_LINE = "افتتح معرض Expo 2020 في دبي يوم 1 أكتوبر بمشاركة 192 دولة (حتى 31/3/2022)"
# A red letter inside a joined word, a larger word and a green word; also drawn as
# examples/styled-line.png.
STYLED_LINE = ('افتتح <span size="54">معرض</span> Expo 2020 في <span color="#008800">دبي</span> '
               'يوم 1 أكتوبر بم<span color="#cc0000">ش</span>اركة 192 دولة')
STYLED_LINE_PLAIN = "افتتح معرض Expo 2020 في دبي يوم 1 أكتوبر بمشاركة 192 دولة"
GOLDEN_CASES = {
    "arabic_line": ["--font-size", "40", ARABIC_LINE],
    "mixed_line": ["--font-size", "32", MIXED_LINE],
    "astana_800": ["--width", "800", "--text-file", str(EXAMPLES / "astana.txt")],
    "styled_line": ["--font-size", "36", "--markup", STYLED_LINE],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_image(shape_bin, tmp_path, name):
    out = tmp_path / f"{name}.png"
    expect_ok(run(shape_bin, "-o", out, *GOLDEN_CASES[name]))
    golden = GOLDEN / f"{name}.png"
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, golden)
        return
    assert golden.exists(), f"missing golden {golden}; run with SATR_UPDATE_GOLDEN=1"
    actual = png_image(out.read_bytes())
    expected = Image.open(golden).convert("RGBA")
    problem = images_differ(actual, expected)
    if problem:
        pytest.fail(f"{name}: {problem} (actual image at {out})")


def test_styled_line_keeps_the_glyphs_of_the_plain_text(shape_bin):
    # Colour and size change no glyph: the word with the red letter stays joined.
    styled = layout_json(shape_bin, "--font-size", "36", "--markup", STYLED_LINE)
    plain = layout_json(shape_bin, "--font-size", "36", STYLED_LINE_PLAIN)
    [styled_line], [plain_line] = styled["lines"], plain["lines"]
    assert [g["id"] for g in line_glyphs(styled_line)] == \
        [g["id"] for g in line_glyphs(plain_line)]
    assert visual_clusters(styled_line) == visual_clusters(plain_line)
    larger = STYLED_LINE_PLAIN.encode().index("معرض".encode())
    assert {r["size"] for r in styled_line["runs"] if r["start"] == larger} == {54}


def test_rendering_is_deterministic(shape_bin):
    args = ["--width", "500", MIXED_LINE]
    assert expect_ok(run(shape_bin, *args)).stdout == expect_ok(run(shape_bin, *args)).stdout


# --- visual order of clusters -----------------------------------------------------------

def byte_offsets(text):
    """Byte offset of each character of `text`."""
    offsets, position = [], 0
    for ch in text:
        offsets.append(position)
        position += len(ch.encode())
    return offsets


def test_cluster_order_ltr_paragraph_with_arabic(shape_bin):
    text = "abc سلام def"
    data = layout_json(shape_bin, "--font", SANS, "--font", NASKH, text)
    [line] = data["lines"]
    o = byte_offsets(text)
    # "abc " left to right, the Arabic word right to left, then " def".
    arabic = [c for c in visual_clusters(line) if 4 <= c < o[8]]
    assert visual_clusters(line)[:4] == [0, 1, 2, 3]
    assert visual_clusters(line)[-4:] == [o[8], o[9], o[10], o[11]]
    assert arabic == sorted(arabic, reverse=True)
    levels = {r["level"] for r in line["runs"]}
    assert levels == {0, 1}


def test_cluster_order_rtl_paragraph_with_numbers_and_latin(shape_bin):
    text = "في 12 و13 يونيو عام 2017 ورقم 1.5 كم"
    data = layout_json(shape_bin, text)
    [line] = data["lines"]
    clusters = visual_clusters(line)
    o = byte_offsets(text)

    def position(char_index):
        return clusters.index(o[char_index])

    # Each number reads left to right inside the right-to-left line ...
    for start, end in [(3, 5), (7, 9), (20, 24), (30, 33)]:
        positions = [position(i) for i in range(start, end)]
        assert positions == sorted(positions), text[start:end]
    # ... while the words and numbers follow each other from right to left.
    words = [0, 3, 6, 10, 16, 20, 25, 30, 34]
    assert [position(i) for i in words] == sorted((position(i) for i in words), reverse=True)
    assert {r["level"] for r in line["runs"]} == {1, 2}


def test_cluster_order_of_each_wrapped_line(shape_bin):
    text = (EXAMPLES / "astana.txt").read_text(encoding="utf-8")
    data = layout_json(shape_bin, "--width", "800", text)
    encoded = text.encode()
    assert len(data["lines"]) > 10
    for line in data["lines"]:
        for run_ in line["runs"]:
            clusters = [g["cluster"] for g in run_["glyphs"]]
            expected = sorted(clusters, reverse=run_["level"] % 2 == 1)
            assert clusters == expected, (line["start"], run_)
            assert all(run_["start"] <= c < run_["end"] for c in clusters)
        # Lines tile the text in order.
        assert 0 <= line["start"] < line["end"] <= len(encoded)
    starts = [line["start"] for line in data["lines"]]
    assert starts == sorted(starts)
    # "1.5" and "17" come out left to right.
    for number in ("1.5", "17"):
        at = encoded.index(number.encode())
        for line in data["lines"]:
            if line["start"] <= at < line["end"]:
                clusters = visual_clusters(line)
                indices = [clusters.index(at + k) for k in range(len(number))]
                assert indices == sorted(indices), number


# --- agreement with hb-shape --------------------------------------------------------------

def hb_shape(font, text, size, *extra):
    hb = shutil.which("hb-shape")
    if hb is None:
        pytest.fail("hb-shape is not installed (Debian package libharfbuzz-bin)")
    result = subprocess.run(
        [hb, f"--font-size={size}", "--output-format=json", "--no-glyph-names",
         "--utf8-clusters", *extra, str(font), text],
        capture_output=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("text", ["سلام", "بسم الله الرحمن الرحيم", "إرجاء محادثات أستانا",
                                  "لأجل غير مسمّى"])
def test_arabic_glyphs_match_hb_shape(shape_bin, text):
    data = layout_json(shape_bin, "--font", NASKH, "--font-size", "32", "--direction", "rtl",
                       text)
    [line] = data["lines"]
    glyphs = [g for run_ in line["runs"] for g in run_["glyphs"]]
    expected = hb_shape(NASKH, text, 32, "--direction=rtl", "--script=arab")
    assert [g["id"] for g in glyphs] == [g["g"] for g in expected]
    assert [g["cluster"] for g in glyphs] == [g["cl"] for g in expected]
    # hb-shape rounds to whole px at this size; satr keeps fractions.
    for ours, theirs in zip(glyphs, expected):
        assert ours["advance"] == pytest.approx(theirs["ax"], abs=1.0)


def test_latin_glyphs_match_hb_shape(shape_bin):
    text = "Office fluffy"
    data = layout_json(shape_bin, "--font", SANS, "--font-size", "24", text)
    glyphs = [g for run_ in data["lines"][0]["runs"] for g in run_["glyphs"]]
    expected = hb_shape(SANS, text, 24)
    assert [g["id"] for g in glyphs] == [g["g"] for g in expected]
    assert [g["cluster"] for g in glyphs] == [g["cl"] for g in expected]


def test_text_listing_matches_json(shape_bin):
    text = "سلام abc"
    listing = expect_ok(run(shape_bin, "--format", "text", text)).stdout.decode()
    data = layout_json(shape_bin, text)
    rows = listing.splitlines()
    assert rows[0].startswith("line 0 [0,12) paragraph 0 level 1")
    glyph_row = rows[-1].strip()
    ids = [int(item.split("=")[0]) for group in glyph_row.split(" ")
           for item in group.strip("[]").split("|")]
    assert ids == [g["id"] for run_ in data["lines"][0]["runs"] for g in run_["glyphs"]]


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_pixels_are_exactly_those_of_before(shape_bin, tmp_path, name):
    # The golden files were written as 8-bit RGBA; the encoder now picks gray, palette or
    # RGB where the picture allows it. Decoded, every pixel must be the same.
    out = tmp_path / f"{name}.png"
    expect_ok(run(shape_bin, "-o", out, *GOLDEN_CASES[name]))
    actual = Image.open(out)
    expected = Image.open(GOLDEN / f"{name}.png")
    assert expected.mode == "RGBA"
    assert actual.mode in ("L", "P", "RGB")  # text over a white page needs no alpha
    assert actual.convert("RGBA").tobytes() == expected.convert("RGBA").tobytes()
    assert out.stat().st_size < (GOLDEN / f"{name}.png").stat().st_size
