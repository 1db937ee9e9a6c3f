"""Helpers shared by the `shape` command tests."""

import io
import json
import pathlib
import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
FONTS = SOURCE_DIR / "fonts"
NASKH = FONTS / "NotoNaskhArabic-Regular.ttf"
SANS = FONTS / "NotoSans-Regular.ttf"
EXAMPLES = SOURCE_DIR / "examples"
GOLDEN = SOURCE_DIR / "tests" / "data" / "golden"


def run(shape_bin, *args, stdin=b"", stdout=subprocess.PIPE, cwd=None):
    """Runs shape with `args` (str, bytes or paths); returns the CompletedProcess with
    stdout as bytes and stderr as text."""
    result = subprocess.run(
        [shape_bin, *[a if isinstance(a, bytes) else str(a) for a in args]],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        timeout=120,
    )
    result.stderr = result.stderr.decode("utf-8", "replace")
    return result


def expect_ok(result):
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def expect_error(result, status, message):
    """The run failed with `status` and printed exactly `shape: <message>` on one line.
    `message` may end with "..." to match a prefix."""
    assert result.returncode == status, (result.returncode, result.stderr)
    assert result.stdout in (b"", None)
    lines = result.stderr.split("\n")
    assert len(lines) == 2 and lines[1] == "", f"not exactly one line: {result.stderr!r}"
    if message.endswith("..."):
        assert lines[0].startswith("shape: " + message[:-3]), lines[0]
    else:
        assert lines[0] == "shape: " + message


def layout_json(shape_bin, *args, stdin=b""):
    result = expect_ok(run(shape_bin, "--format", "json", *args, stdin=stdin))
    return json.loads(result.stdout.decode("utf-8"))


def png_image(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGBA")


def visual_clusters(line):
    """The glyph clusters of a JSON line, left to right."""
    return [g["cluster"] for run in line["runs"] for g in run["glyphs"]]


def images_differ(actual, expected, channel_tolerance=48, max_bad_fraction=0.002):
    """None if two RGBA images match within the tolerance, else a description.

    A pixel is bad when a channel differs by more than `channel_tolerance`; antialiasing
    differences between FreeType versions stay well below it, a missing or moved glyph
    does not. At most `max_bad_fraction` of the pixels may be bad.
    """
    if actual.size != expected.size:
        return f"size {actual.size} != golden {expected.size}"
    bands = ImageChops.difference(actual, expected).split()
    worst = bands[0]
    for band in bands[1:]:
        worst = ImageChops.lighter(worst, band)
    histogram = worst.histogram()  # pixels per largest channel difference, 0..255
    pixels = actual.size[0] * actual.size[1]
    bad = sum(histogram[channel_tolerance + 1:])
    if bad > max_bad_fraction * pixels:
        return f"{bad} of {pixels} pixels differ by more than {channel_tolerance}"
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    if mean > 2.0:
        return f"mean difference {mean:.2f} exceeds 2"
    return None


def hb_glyph_ids(font, text, *extra):
    """The glyph ids HarfBuzz's own hb-shape gives `text` with `font`, in its output order."""
    hb = shutil.which("hb-shape")
    if hb is None:
        pytest.fail("hb-shape is not installed (Debian package libharfbuzz-bin)")
    result = subprocess.run(
        [hb, "--output-format=json", "--no-glyph-names", *extra, str(font), text],
        capture_output=True, check=True)
    return [g["g"] for g in json.loads(result.stdout)]


def line_glyphs(line):
    """All glyphs of a JSON line, left to right."""
    return [g for run_ in line["runs"] for g in run_["glyphs"]]


def all_glyphs(data):
    return [g for line in data["lines"] for g in line_glyphs(line)]


def ends_paragraph(data, line):
    """True for the last line of its paragraph (which justification leaves alone)."""
    return line["end"] >= data["paragraphs"][line["paragraph"]]["end"]
