"""The `shape` command: every option, every error path, exit statuses and messages."""

import json
import os
import pty
import re
import shutil

import pytest

from cli_helpers import (EXAMPLES, NASKH, SANS, expect_error, expect_ok, layout_json,
                         png_image, run)

ARABIC = "مرحبا بالعالم"


# --- help, version, argument syntax ------------------------------------------------------

def test_help_lists_every_option(shape_bin):
    result = expect_ok(run(shape_bin, "--help"))
    text = result.stdout.decode()
    assert text.startswith("Usage: shape [OPTIONS] [TEXT]")
    for option in ["-o, --output", "--text-file", "--font ", "--font-size", "--features",
                   "--language", "--direction", "--width", "--align", "--line-height",
                   "--margin", "--fg", "--bg", "--format", "--strict-utf8", "--help",
                   "--version", "--justify", "--breaker", "--digits", "--max-lines",
                   "--ellipsis", "--spans", "--markup"]:
        assert option in text, option
    assert expect_ok(run(shape_bin, "-h")).stdout == result.stdout


def test_version(shape_bin):
    result = expect_ok(run(shape_bin, "--version"))
    assert re.fullmatch(r"shape \(satr\) \d+\.\d+\.\d+\n", result.stdout.decode())


def test_unknown_option(shape_bin):
    expect_error(run(shape_bin, "--bogus", "x"), 1, "unknown option '--bogus' (see --help)")
    expect_error(run(shape_bin, "-x", "x"), 1, "unknown option '-x' (see --help)")


def test_missing_value(shape_bin):
    expect_error(run(shape_bin, "x", "--font-size"), 1, "option '--font-size' requires a value")
    expect_error(run(shape_bin, "x", "-o"), 1, "option '-o' requires a value")


def test_flag_with_value(shape_bin):
    expect_error(run(shape_bin, "--strict-utf8=yes", "x"), 1,
                 "option '--strict-utf8' takes no value")


def test_text_argument_rules(shape_bin, tmp_path):
    expect_error(run(shape_bin), 1,
                 "no text: give TEXT or --text-file FILE (- for standard input); see --help")
    expect_error(run(shape_bin, "a", "b"), 1,
                 "unexpected argument 'b': give the text as one argument (quote it)")
    path = tmp_path / "t.txt"
    path.write_text("abc")
    expect_error(run(shape_bin, "abc", "--text-file", path), 1,
                 "give either TEXT or --text-file, not both")
    # After "--", text may start with a hyphen.
    data = layout_json(shape_bin, "--", "-5")
    assert data["lines"][0]["end"] == 2


def test_option_value_forms(shape_bin, tmp_path):
    for args in (["--font-size", "20"], ["--font-size=20"]):
        data = layout_json(shape_bin, *args, "abc")
        assert data["lines"][0]["runs"][0]["size"] == 20
    out = tmp_path / "a.png"
    expect_ok(run(shape_bin, f"-o{out}", "abc"))
    assert png_image(out.read_bytes()).size[0] > 32


# --- input ------------------------------------------------------------------------------

def test_text_file(shape_bin, tmp_path):
    path = tmp_path / "in.txt"
    path.write_text(ARABIC, encoding="utf-8")
    from_file = layout_json(shape_bin, "--text-file", path)
    from_arg = layout_json(shape_bin, ARABIC)
    assert from_file == from_arg


def test_text_from_stdin(shape_bin):
    from_stdin = layout_json(shape_bin, "--text-file", "-", stdin=ARABIC.encode())
    assert from_stdin == layout_json(shape_bin, ARABIC)


def test_unreadable_input(shape_bin, tmp_path):
    missing = tmp_path / "missing.txt"
    expect_error(run(shape_bin, "--text-file", missing), 2,
                 f"cannot read '{missing}': No such file or directory")
    expect_error(run(shape_bin, "--text-file", tmp_path), 2,
                 f"cannot read '{tmp_path}': Is a directory")
    expect_error(run(shape_bin, "--text-file", ""), 1, "--text-file: the file name is empty")


def test_invalid_utf8_is_replaced_by_default(shape_bin):
    data = layout_json(shape_bin, b"ab\xffcd")
    assert data["lines"][0]["end"] == 5


def test_strict_utf8(shape_bin, tmp_path):
    expect_error(run(shape_bin, "--strict-utf8", "--format", "json", b"ab\xffcd"), 2,
                 "invalid UTF-8 at byte offset 2 in the TEXT argument")
    path = tmp_path / "bad.txt"
    path.write_bytes("سلام".encode() + b"\xd8")  # a truncated sequence at the end
    expect_error(run(shape_bin, "--strict-utf8", "--text-file", path, "-o", tmp_path / "x.png"),
                 2, f"invalid UTF-8 at byte offset 8 in '{path}'")
    expect_error(run(shape_bin, "--strict-utf8", "--text-file", "-", "--format", "text",
                     stdin=b"ok\xc0\xafok"),
                 2, "invalid UTF-8 at byte offset 2 in standard input")
    assert not (tmp_path / "x.png").exists()
    layout_json(shape_bin, "--strict-utf8", "سلام")  # valid text passes


# --- fonts ------------------------------------------------------------------------------

def fonts_of(data):
    return [run["font"] for line in data["lines"] for run in line["runs"]]


def test_default_fonts_fall_back_for_latin(shape_bin):
    data = layout_json(shape_bin, "سلام abc")
    assert set(fonts_of(data)) == {"NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf"}


def test_font_chain_order(shape_bin):
    only_sans = layout_json(shape_bin, "--font", SANS, "abc")
    assert fonts_of(only_sans) == ["NotoSans-Regular.ttf"]
    chain = layout_json(shape_bin, "--font", NASKH, "--font", SANS, "سلام abc")
    by_font = {run["font"]: run for line in chain["lines"] for run in line["runs"]}
    assert by_font["NotoNaskhArabic-Regular.ttf"]["start"] == 0
    assert by_font["NotoSans-Regular.ttf"]["end"] == len("سلام abc".encode())


def test_missing_font(shape_bin, tmp_path):
    missing = tmp_path / "nope.ttf"
    expect_error(run(shape_bin, "--font", missing, "abc", "-o", tmp_path / "o.png"), 2,
                 f"font file not found: {missing}")
    assert not (tmp_path / "o.png").exists()


def test_corrupt_font(shape_bin, tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"this is not a font" * 100)
    expect_error(run(shape_bin, "--font", junk, "abc", "-o", tmp_path / "o.png"), 2,
                 f"not a usable font file: {junk}")
    truncated = tmp_path / "truncated.ttf"
    truncated.write_bytes(NASKH.read_bytes()[:2000])
    result = run(shape_bin, "--font", truncated, "سلام", "-o", tmp_path / "o.png")
    expect_error(result, 2, "...")
    assert "truncated.ttf" in result.stderr
    assert not (tmp_path / "o.png").exists()


def test_font_size(shape_bin):
    small = layout_json(shape_bin, "--font-size", "16", ARABIC)
    large = layout_json(shape_bin, "--font-size", "64", ARABIC)
    assert large["lines"][0]["width"] == pytest.approx(4 * small["lines"][0]["width"], rel=0.01)
    assert large["lines"][0]["runs"][0]["size"] == 64


@pytest.mark.parametrize("value,message", [
    ("0", "--font-size: '0' is not a positive size"),
    ("-3", "--font-size: '-3' is not a positive size"),
    ("abc", "--font-size: 'abc' is not a number"),
    ("nan", "--font-size: 'nan' is not a number"),
    ("12px", "--font-size: '12px' is not a number"),
    ("1e999", "--font-size: '1e999' is out of range"),
    ("", "--font-size: '' is not a number"),
    ("5000", "--font-size: 5000 px exceeds the limit of 2048 px"),
    ("2048.5", "--font-size: 2048.5 px exceeds the limit of 2048 px"),
    ("1e-50", "--font-size: '1e-50' is out of range"),
    ("0.015", "--font-size: '0.015' is below the smallest size, 1/64 px"),
])
def test_bad_font_size(shape_bin, value, message):
    expect_error(run(shape_bin, "--font-size", value, "abc"), 1, message)


@pytest.mark.parametrize("size", ["0.015625", "2048"])
def test_font_sizes_at_the_limits_lay_out(shape_bin, size):
    data = layout_json(shape_bin, "--font-size", size, ARABIC)
    # The JSON gives sizes to 1/100 px.
    assert data["lines"][0]["runs"][0]["size"] == pytest.approx(float(size), abs=0.005)


@pytest.mark.parametrize("args,message", [
    (["--dpi", "1e-30"], "--dpi: 32 pt at 1e-30 dpi is 4.44444e-31 px, below the smallest font "
                         "size, 1/64 px"),
    (["--dpi", "1", "--font-size", "1"], "--dpi: 1 pt at 1 dpi is 0.0138889 px, below the "
                                         "smallest font size, 1/64 px"),
    (["--dpi", "9000"], "--font-size: 4000 px at --dpi exceeds the limit of 2048 px"),
])
def test_font_size_through_dpi_outside_the_limits(shape_bin, args, message):
    expect_error(run(shape_bin, *args, "abc"), 1, message)


def test_features(shape_bin):
    def glyph_count(*args):
        data = layout_json(shape_bin, "--font", SANS, *args, "ffi")
        return sum(len(run["glyphs"]) for run in data["lines"][0]["runs"])
    assert glyph_count() == 1  # the ffi ligature
    assert glyph_count("--features", "liga=0") == 3
    assert glyph_count("--features", "liga=0,+kern") == 3


def test_bad_features(shape_bin):
    expect_error(run(shape_bin, "--features", "liga=x", "abc"), 1,
                 "--features: invalid OpenType feature 'liga=x'")


def test_language(shape_bin):
    data = layout_json(shape_bin, "--language", "ar", ARABIC)
    assert data["lines"]
    layout_json(shape_bin, "--language", "fa-IR", ARABIC)
    expect_error(run(shape_bin, "--language", "ar arabic", "abc"), 1,
                 "--language: 'ar arabic' is not a BCP 47 language tag")
    expect_error(run(shape_bin, "--language", "", "abc"), 1,
                 "--language: '' is not a BCP 47 language tag")


# --- layout -----------------------------------------------------------------------------

def test_direction(shape_bin):
    def base_level(*args):
        return layout_json(shape_bin, *args)["paragraphs"][0]["level"]
    assert base_level("abc") == 0
    assert base_level(ARABIC) == 1
    assert base_level("--direction", "auto", ARABIC) == 1
    assert base_level("--direction", "rtl", "abc") == 1
    assert base_level("--direction", "ltr", ARABIC) == 0
    expect_error(run(shape_bin, "--direction", "up", "abc"), 1,
                 "--direction: 'up' is not one of auto, rtl, ltr")


def test_width_wraps(shape_bin):
    text = (EXAMPLES / "astana.txt").read_text(encoding="utf-8")
    data = layout_json(shape_bin, "--width", "400", "--margin", "0", text)
    assert data["width"] == 400
    assert len(data["lines"]) > 20
    for line in data["lines"]:
        content = sum(g["advance"] for run in line["runs"] for g in run["glyphs"])
        assert content == pytest.approx(line["width"], abs=0.5)
    unwrapped = layout_json(shape_bin, "--margin", "0", text)
    assert len(unwrapped["lines"]) == len(data["paragraphs"])
    expect_error(run(shape_bin, "--width", "-1", "abc"), 1, "--width: '-1' is negative")
    expect_error(run(shape_bin, "--width", "wide", "abc"), 1, "--width: 'wide' is not a number")


@pytest.mark.parametrize("align,side", [
    ("start", "right"), ("end", "left"), ("left", "left"), ("right", "right"),
    ("center", "center")])
def test_align_rtl(shape_bin, align, side):
    data = layout_json(shape_bin, "--width", "600", "--margin", "10", "--align", align, ARABIC)
    line = data["lines"][0]
    left = line["x"] - 10
    right = 600 - (left + line["width"])
    expected = {"left": (0, None), "right": (None, 0), "center": (None, None)}[side]
    if side == "center":
        assert left == pytest.approx(right, abs=1)
    elif expected[0] is not None:
        assert left == pytest.approx(0, abs=0.5)
    else:
        assert right == pytest.approx(0, abs=0.5)


def test_align_ltr_start_is_left(shape_bin):
    line = layout_json(shape_bin, "--width", "600", "--margin", "0", "--align", "start",
                       "abc")["lines"][0]
    assert line["x"] == pytest.approx(0, abs=0.5)
    expect_error(run(shape_bin, "--align", "middle", "abc"), 1,
                 "--align: 'middle' is not one of start, end, left, right, center, justify")


def test_line_height(shape_bin):
    text = "سطر\nسطر"
    single = layout_json(shape_bin, "--margin", "0", text)
    double = layout_json(shape_bin, "--margin", "0", "--line-height", "2", text)
    assert double["height"] == pytest.approx(2 * single["height"], abs=2)
    assert double["lines"][1]["baseline"] - double["lines"][0]["baseline"] == pytest.approx(
        2 * (single["lines"][1]["baseline"] - single["lines"][0]["baseline"]), abs=0.1)
    expect_error(run(shape_bin, "--line-height", "0", "abc"), 1,
                 "--line-height: '0' is not positive")
    expect_error(run(shape_bin, "--line-height", "1000", "abc"), 1, "--line-height: ...")


# --- rendering options ------------------------------------------------------------------

def test_margin(shape_bin):
    a = layout_json(shape_bin, "--margin", "0", "abc")
    b = layout_json(shape_bin, "--margin", "20", "abc")
    assert b["width"] == a["width"] + 40
    assert b["height"] == a["height"] + 40
    assert b["lines"][0]["baseline"] == pytest.approx(a["lines"][0]["baseline"] + 20)
    image = png_image(expect_ok(run(shape_bin, "--margin", "20", "abc")).stdout)
    assert image.size == (b["width"], b["height"])
    expect_error(run(shape_bin, "--margin", "-2", "abc"), 1, "--margin: '-2' is negative")


def test_colors(shape_bin):
    image = png_image(expect_ok(run(shape_bin, "--fg", "#ff0000", "--bg", "#00ff00",
                                    "--font-size", "64", ARABIC)).stdout)
    assert image.getpixel((0, 0)) == (0, 255, 0, 255)
    assert (255, 0, 0, 255) in {c for _, c in image.getcolors(1 << 20)}
    clear = png_image(expect_ok(run(shape_bin, "--fg", "white", "--bg", "transparent",
                                    ARABIC)).stdout)
    assert clear.getpixel((0, 0))[3] == 0
    assert (255, 255, 255, 255) in {c for _, c in clear.getcolors(1 << 20)}
    translucent = png_image(expect_ok(run(shape_bin, "--fg", "#00000080", "--bg", "black",
                                          ARABIC)).stdout)
    assert translucent.getpixel((0, 0)) == (0, 0, 0, 255)


def test_short_color_forms(shape_bin):
    def pixels(*args):
        return png_image(expect_ok(run(shape_bin, *args, "--font-size", "40", ARABIC)).stdout)
    assert pixels("--fg", "#c00", "--bg", "#0f08") == pixels("--fg", "#cc0000", "--bg",
                                                             "#00ff0088")


@pytest.mark.parametrize("option", ["--fg", "--bg"])
def test_bad_color(shape_bin, option):
    expect_error(run(shape_bin, option, "red", "abc"), 1,
                 f"{option}: invalid colour 'red' (expected #rrggbb, #rrggbbaa, black, white "
                 "or transparent)")


def test_formats(shape_bin):
    png = expect_ok(run(shape_bin, "--format", "png", "abc")).stdout
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    data = json.loads(expect_ok(run(shape_bin, "--format", "json", "abc")).stdout)
    assert set(data) >= {"width", "height", "lines"}
    text = expect_ok(run(shape_bin, "--format", "text", "abc")).stdout.decode()
    assert text.startswith("line 0 [0,3) paragraph 0 level 0")
    assert '"abc"' in text
    expect_error(run(shape_bin, "--format", "jpeg", "abc"), 1,
                 "--format: 'jpeg' is not one of png, svg, pdf, json, text")


def test_json_schema(shape_bin):
    data = layout_json(shape_bin, "--width", "300", "سلام abc 123")
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    for line in data["lines"]:
        for key in ("start", "end", "x", "baseline", "width", "ascent", "descent", "runs"):
            assert key in line
        for run_ in line["runs"]:
            for key in ("start", "end", "level", "font", "glyphs"):
                assert key in run_
            for glyph in run_["glyphs"]:
                assert set(glyph) == {"id", "cluster", "x", "y", "advance"}


# --- output -----------------------------------------------------------------------------

def test_png_to_terminal_is_refused(shape_bin):
    leader, follower = pty.openpty()
    try:
        result = run(shape_bin, "abc", stdout=follower)
    finally:
        os.close(follower)
        os.close(leader)
    expect_error(result, 1, "standard output is a terminal; give -o FILE for the PNG")


def test_text_formats_may_go_to_a_terminal(shape_bin):
    leader, follower = pty.openpty()
    try:
        result = run(shape_bin, "--format", "text", "abc", stdout=follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0, result.stderr


def test_output_file(shape_bin, tmp_path):
    out = tmp_path / "out.png"
    expect_ok(run(shape_bin, "-o", out, ARABIC))
    assert png_image(out.read_bytes()).size[1] > 32
    json_out = tmp_path / "out.json"
    expect_ok(run(shape_bin, "--output", json_out, "--format", "json", ARABIC))
    assert json.loads(json_out.read_text())["lines"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.png"]


def test_unwritable_output(shape_bin, tmp_path):
    target = tmp_path / "no-such-folder" / "out.png"
    expect_error(run(shape_bin, "-o", target, "abc"), 2,
                 f"cannot write '{target}': No such file or directory")
    expect_error(run(shape_bin, "-o", tmp_path, "abc"), 2,
                 f"cannot write '{tmp_path}': Is a directory")
    expect_error(run(shape_bin, "-o", "", "abc"), 1, "--output: the file name is empty")
    assert list(tmp_path.iterdir()) == []


def test_failed_run_keeps_the_old_output(shape_bin, tmp_path):
    out = tmp_path / "out.png"
    out.write_bytes(b"previous")
    expect_error(run(shape_bin, "-o", out, "--font", tmp_path / "missing.ttf", "abc"), 2,
                 "...")
    expect_error(run(shape_bin, "-o", out, "--width", "20000", "abc"), 2, "...")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_full_stdout(shape_bin):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        result = run(shape_bin, "--format", "json", "abc", stdout=full)
    expect_error(result, 2, "cannot write to standard output: No space left on device")


def test_output_to_device(shape_bin):
    expect_ok(run(shape_bin, "-o", "/dev/null", "abc"))
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


# --- limits -----------------------------------------------------------------------------

def test_image_too_large(shape_bin, tmp_path):
    out = tmp_path / "big.png"
    expect_error(run(shape_bin, "-o", out, "--width", "20000", "abc"), 2,
                 "image size 20032x...")
    result = run(shape_bin, "-o", out, "--width", "20000", "abc")
    assert "exceeds the limit of 16384 px per side" in result.stderr
    expect_error(run(shape_bin, "-o", out, "--margin", "9000", "abc"), 2, "image size ...")
    text = "\n".join(["سطر"] * 400)
    expect_error(run(shape_bin, "-o", out, "--font-size", "64", text), 2, "image size ...")
    assert not out.exists()


def test_input_too_large(shape_bin, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate((64 << 20) + 1)  # sparse: cheap to make, one byte over the limit
    expect_error(run(shape_bin, "--text-file", path, "--format", "json"), 2,
                 f"'{path}' is larger than the limit of 67108864 bytes")


def test_huge_font_size_within_limit(shape_bin, tmp_path):
    out = tmp_path / "big.png"
    expect_ok(run(shape_bin, "-o", out, "--font-size", "2048", "--margin", "0", "ب"))
    assert png_image(out.read_bytes()).size[1] >= 2048


def test_unusual_text(shape_bin, tmp_path):
    # Empty text, only newlines, controls and NUL bytes in a file: no crash, valid output.
    for text in [b"", b"\n\n", b"\x00\x01\x02", "\u202e\u2067abc\u2069".encode()]:
        path = tmp_path / "t.txt"
        path.write_bytes(text)
        expect_ok(run(shape_bin, "--text-file", path, "-o", tmp_path / "o.png"))
        layout_json(shape_bin, "--text-file", path)


def test_no_temporary_files_left(shape_bin, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    expect_ok(run(shape_bin, "-o", "out.png", "abc", cwd=work))
    expect_error(run(shape_bin, "-o", "out2.png", "--width", "99999", "abc", cwd=work), 2, "...")
    assert [p.name for p in work.iterdir()] == ["out.png"]
    shutil.rmtree(work)
