"""Styled spans in `shape`: --spans FILE (JSON) and --markup, their effect on the layout,
and every way their input can be wrong."""

import json

import pytest

from cli_helpers import (NASKH, SANS, all_glyphs, expect_error, expect_ok, layout_json,
                         line_glyphs, png_image, run)

SALAM = "سلام"  # bytes: س 0-2, ل 2-4, ا 4-6, م 6-8
WORD = "بمشاركة"  # ش, in the middle of the joined word, is bytes 4-6


def write_spans(tmp_path, spans, name="spans.json"):
    path = tmp_path / name
    path.write_text(spans if isinstance(spans, str) else json.dumps(spans), encoding="utf-8")
    return path


def glyph_tuples(data):
    return [(g["id"], g["cluster"], g["x"], g["y"], g["advance"]) for g in all_glyphs(data)]


def runs(data):
    return [r for line in data["lines"] for r in line["runs"]]


def run_sizes(data):
    """(start, end, size) of each run, in logical order."""
    return sorted((r["start"], r["end"], r["size"]) for r in runs(data))


# --- colour -----------------------------------------------------------------------------

def test_span_color_keeps_the_glyphs(shape_bin, tmp_path):
    # Colour never splits shaping: the red letter joins its neighbours exactly as before.
    spans = write_spans(tmp_path, [{"start": 2, "end": 4, "color": "#cc0000"}])
    assert glyph_tuples(layout_json(shape_bin, "--spans", spans, SALAM)) == \
        glyph_tuples(layout_json(shape_bin, SALAM))
    marked = layout_json(shape_bin, "--markup", 'بم<span color="#c00">ش</span>اركة')
    assert glyph_tuples(marked) == glyph_tuples(layout_json(shape_bin, WORD))
    # The coloured letter is a run of its own, so that it can be drawn in its colour.
    assert (4, 6) in [(r["start"], r["end"]) for r in runs(marked)]


def test_span_color_in_json(shape_bin, tmp_path):
    spans = write_spans(tmp_path, [{"start": 2, "end": 4, "color": "#cc0000"}])
    data = layout_json(shape_bin, "--spans", spans, SALAM)
    colored = [r for r in runs(data) if "color" in r]
    assert colored and all(r["color"].lower() in ("#cc0000", "#cc0000ff") for r in colored)
    assert all(r["start"] >= 2 and r["end"] <= 4 for r in colored)
    # Runs without a colour of their own keep the existing keys only.
    assert all(set(r) == {"start", "end", "level", "direction", "font", "size", "glyphs"}
               for r in runs(data) if r not in colored)


def test_span_color_is_drawn(shape_bin):
    image = png_image(expect_ok(run(shape_bin, "--font-size", "80", "--markup",
                                    'بم<span color="#ff0000">ش</span>اركة')).stdout)
    colors = {c for _, c in image.getcolors(1 << 20)}
    assert (255, 0, 0, 255) in colors
    assert (0, 0, 0, 255) in colors


# --- size, fonts, features, order -------------------------------------------------------

def test_span_font_size(shape_bin, tmp_path):
    text = "سلام abc"
    spans = write_spans(tmp_path, [{"start": 9, "end": 12, "font-size": 48}])
    data = layout_json(shape_bin, "--spans", spans, text)
    assert (9, 12, 48) in run_sizes(data)
    assert all(size == 32 for start, end, size in run_sizes(data) if end <= 9)
    plain = layout_json(shape_bin, text)
    assert data["lines"][0]["ascent"] > plain["lines"][0]["ascent"]


def test_size_change_inside_a_word_keeps_it_joined(shape_bin):
    plain = layout_json(shape_bin, WORD)
    marked = layout_json(shape_bin, "--markup", 'ب<span size="40">مشا</span>ركة')
    assert [g["id"] for g in all_glyphs(marked)] == [g["id"] for g in all_glyphs(plain)]
    assert (2, 8, 40) in run_sizes(marked)


def test_span_fonts(shape_bin, tmp_path):
    text = "abc def"
    spans = write_spans(tmp_path, [{"start": 0, "end": 3, "font": str(SANS)}])
    data = layout_json(shape_bin, "--font", NASKH, "--spans", spans, text)
    fonts = {(r["start"], r["end"]): r["font"] for r in runs(data)}
    assert fonts[(0, 3)] == "NotoSans-Regular.ttf"
    assert "NotoNaskhArabic-Regular.ttf" in fonts.values()
    # A span's fonts fall back to the paragraph's: Arabic in a Latin-font span still shows.
    spans = write_spans(tmp_path, [{"start": 0, "end": 8, "font": [str(SANS)]}])
    data = layout_json(shape_bin, "--spans", spans, SALAM)
    assert {r["font"] for r in runs(data)} == {"NotoNaskhArabic-Regular.ttf"}
    assert 0 not in [g["id"] for g in all_glyphs(data)]


def test_span_features(shape_bin, tmp_path):
    spans = write_spans(tmp_path, [{"start": 0, "end": 3, "features": "liga=0"}])
    data = layout_json(shape_bin, "--font", SANS, "--spans", spans, "ffi ffi")
    clusters = [g["cluster"] for g in all_glyphs(data)]
    assert clusters == [0, 1, 2, 3, 4]  # three letters, the space, one ligature


def test_span_spacing(shape_bin, tmp_path):
    # Letter spacing on "abc" (not on the Arabic beside it), word spacing on one space; the
    # same from a spans file and from markup.
    text = "abc سلام def"
    plain = {g["cluster"]: g["advance"] for g in all_glyphs(layout_json(shape_bin, text))}
    spans = write_spans(tmp_path, [{"start": 0, "end": 12, "letter-spacing": 3},
                                   {"start": 12, "end": 13, "word-spacing": 6}])
    from_file = layout_json(shape_bin, "--spans", spans, text)
    from_markup = layout_json(shape_bin, "--markup",
                              '<span letter_spacing="3">abc سلام</span><span word_spacing="6">'
                              ' </span>def')
    assert glyph_tuples(from_file) == glyph_tuples(from_markup)
    added = {g["cluster"]: round(g["advance"] - plain[g["cluster"]], 1)
             for g in all_glyphs(from_file)}
    assert [added[c] for c in (0, 1, 2)] == [3, 3, 3]  # a b c
    assert all(added[c] == 0 for c in range(4, 12) if c in added)  # Arabic: joined, unspaced
    assert added[12] == 6 and added[13] == 0


def test_later_spans_override_earlier(shape_bin, tmp_path):
    spans = write_spans(tmp_path, [{"start": 0, "end": 6, "font-size": 20},
                                   {"start": 3, "end": 9, "font-size": 40}])
    data = layout_json(shape_bin, "--font", SANS, "--spans", spans, "abcdefghi")
    assert run_sizes(data) == [(0, 3, 20), (3, 9, 40)]


def test_spans_from_standard_input_and_empty(shape_bin, tmp_path):
    spans = json.dumps([{"start": 0, "end": 3, "font-size": 20}]).encode()
    data = layout_json(shape_bin, "--font", SANS, "--spans", "-", "abcdef", stdin=spans)
    assert run_sizes(data) == [(0, 3, 20), (3, 6, 32)]
    empty = write_spans(tmp_path, "[]")
    assert layout_json(shape_bin, "--spans", empty, SALAM) == layout_json(shape_bin, SALAM)
    bom = write_spans(tmp_path, "\ufeff [ ]\n")
    assert layout_json(shape_bin, "--spans", bom, SALAM) == layout_json(shape_bin, SALAM)
    expect_error(run(shape_bin, "--spans", "-", "--text-file", "-"), 1,
                 "--spans and --text-file cannot both read standard input")


# --- markup -----------------------------------------------------------------------------

def test_markup_is_stripped_and_offsets_refer_to_the_stripped_text(shape_bin):
    data = layout_json(shape_bin, "--font", SANS, "--markup",
                       '<span size="40">ab<span size="20">cd</span>ef</span>gh')
    assert data["lines"][0]["end"] == 8
    assert run_sizes(data) == [(0, 2, 40), (2, 4, 20), (4, 6, 40), (6, 8, 32)]
    # Without --markup the tags are text.
    literal = layout_json(shape_bin, "--font", SANS, '<span size="40">ab</span>')
    assert literal["lines"][0]["end"] == len('<span size="40">ab</span>')


def test_markup_references(shape_bin):
    data = layout_json(shape_bin, "--format", "json", "--markup",
                       "&lt;b&gt; &amp; &quot;q&quot; &apos; &#1575;&#x644;")
    plain = layout_json(shape_bin, "<b> & \"q\" ' \u0627\u0644")
    assert glyph_tuples(data) == glyph_tuples(plain)
    attribute = layout_json(shape_bin, "--font", SANS, "--markup",
                            '<span size="&#52;0" color=\'&#x23;c00\'>x</span>')
    assert run_sizes(attribute) == [(0, 1, 40)]


def test_markup_from_files_and_standard_input(shape_bin, tmp_path):
    markup = 'س<span size="40">لا</span>م'
    expected = layout_json(shape_bin, "--markup", markup)
    path = tmp_path / "in.txt"
    path.write_text(markup, encoding="utf-8")
    assert layout_json(shape_bin, "--markup", "--text-file", path) == expected
    assert layout_json(shape_bin, "--markup", "--text-file", "-",
                       stdin=markup.encode()) == expected


def test_markup_with_a_spans_file(shape_bin, tmp_path):
    # The spans file's offsets index the text after the markup is stripped.
    spans = write_spans(tmp_path, [{"start": 9, "end": 12, "font-size": 20}])
    data = layout_json(shape_bin, "--markup", "--spans", spans,
                       '<span size="40">سلام</span> abc')
    sizes = run_sizes(data)
    assert (9, 12, 20) in sizes
    assert all(size == 40 for start, end, size in sizes if end <= 8)


def test_markup_invalid_utf8(shape_bin):
    # Ill-formed bytes become U+FFFD in the stripped text; they never merge across a tag
    # into a character the input did not have (0xD8 0xA7 would be ا).
    data = layout_json(shape_bin, "--markup", b"\xd8<span>\xa7</span>")
    assert data["lines"][0]["end"] == 6
    expect_error(run(shape_bin, "--markup", "--strict-utf8", b"ab<span>\xd8</span>"), 2,
                 "invalid UTF-8 at byte offset 8 in the TEXT argument")


# --- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("spans,message", [
    ('[{"start": 0, "end": 2}', "invalid JSON at byte offset 23 in {path}: expected ']' or ',' "
                                "after an array element, found end of file"),
    ('[{"start": 0, "end": 2},]', "invalid JSON at byte offset 24 in {path}: trailing comma "
                                  "before ']'"),
    ('[{"start": 0 "end": 2}]', "invalid JSON at byte offset 13 in {path}: expected '}' or ',' "
                                "after an object member, found '\"'"),
    ('[{start: 0}]', "invalid JSON at byte offset 2 in {path}: expected a string key in double "
                     "quotes, found 's'"),
    ("", "invalid JSON at byte offset 0 in {path}: the file is empty; expected a JSON value"),
    ("[01]", "invalid JSON at byte offset 1 in {path}: a number must not have a leading zero"),
    ("[1e400]", "invalid JSON at byte offset 1 in {path}: number out of range"),
    ('["a\\x"]', "invalid JSON at byte offset 3 in {path}: invalid escape '\\x' in a string"),
    ('["\\ud800"]', "invalid JSON at byte offset 2 in {path}: unpaired surrogate in a \\u "
                    "escape"),
    ('["a\tb"]', "invalid JSON at byte offset 3 in {path}: control character in a string "
                 "(escape it)"),
    ('[{"a": 1, "a": 2}]', "invalid JSON at byte offset 10 in {path}: duplicate key \"a\""),
    ("[] []", "invalid JSON at byte offset 3 in {path}: unexpected '[' after the JSON value"),
    ("[tru]", "invalid JSON at byte offset 1 in {path}: expected a JSON value, found 't'"),
    ("[" * 100000, "invalid JSON at byte offset 64 in {path}: nesting deeper than 64 levels"),
])
def test_malformed_spans_json(shape_bin, tmp_path, spans, message):
    path = write_spans(tmp_path, spans)
    expect_error(run(shape_bin, "--spans", path, SALAM), 2,
                 message.replace("{path}", f"'{path}'"))


def test_spans_json_with_invalid_utf8(shape_bin, tmp_path):
    path = tmp_path / "spans.json"
    path.write_bytes(b'[{"start": 0, "end": 2, "features": "\xff"}]')
    expect_error(run(shape_bin, "--spans", path, SALAM), 2,
                 f"invalid JSON at byte offset 37 in '{path}': invalid UTF-8 in a string")


@pytest.mark.parametrize("spans,message", [
    ('{"start": 0}', "bad span at byte offset 0 in {path}: expected an array of span objects, "
                     "found an object"),
    ("[3]", "bad span at byte offset 1 in {path}: expected a span object, found a number"),
    ('[{"end": 2}]', 'bad span at byte offset 1 in {path}: the span has no "start"'),
    ('[{"start": 0}]', 'bad span at byte offset 1 in {path}: the span has no "end"'),
    ('[{"start": 1, "end": 2}]', 'bad span at byte offset 11 in {path}: "start" 1 is inside a '
                                 'UTF-8 character'),
    ('[{"start": 0, "end": 99}]', 'bad span at byte offset 21 in {path}: "end" 99 is past the '
                                  'end of the text (8 bytes)'),
    ('[{"start": 4, "end": 2}]', 'bad span at byte offset 21 in {path}: "end" 2 is before '
                                 '"start" 4'),
    ('[{"start": -1, "end": 2}]', 'bad span at byte offset 11 in {path}: "start" must be a byte '
                                  'offset (a whole number >= 0)'),
    ('[{"start": 0.5, "end": 2}]', 'bad span at byte offset 11 in {path}: "start" must be a '
                                   'byte offset (a whole number >= 0)'),
    ('[{"start": "0", "end": 2}]', 'bad span at byte offset 11 in {path}: "start" must be a '
                                   'byte offset (a whole number >= 0)'),
    ('[{"start": 0, "end": 2, "colour": "#f00"}]',
     'bad span at byte offset 24 in {path}: unknown key "colour" (known: start, end, color, '
     'font-size, font, features, letter-spacing, word-spacing)'),
    ('[{"start": 0, "end": 2, "letter-spacing": 2000}]',
     'bad span at byte offset 42 in {path}: "letter-spacing": 2000 px exceeds the limit of '
     '±1024 px'),
    ('[{"start": 0, "end": 2, "word-spacing": "4"}]',
     'bad span at byte offset 40 in {path}: "word-spacing" must be a number, not a string'),
    ('[{"start": 0, "end": 2, "color": "red"}]',
     "bad span at byte offset 33 in {path}: \"color\": invalid colour 'red' (expected #rrggbb, "
     "#rrggbbaa, black, white or transparent)"),
    ('[{"start": 0, "end": 2, "color": 255}]',
     'bad span at byte offset 33 in {path}: "color" must be a string, not a number'),
    ('[{"start": 0, "end": 2, "font-size": 0}]',
     'bad span at byte offset 37 in {path}: "font-size": 0 is not a positive size'),
    ('[{"start": 0, "end": 2, "font-size": 5000}]',
     'bad span at byte offset 37 in {path}: "font-size": 5000 px exceeds the limit of 2048 px'),
    ('[{"start": 0, "end": 2, "font-size": "40"}]',
     'bad span at byte offset 37 in {path}: "font-size" must be a number, not a string'),
    ('[{"start": 0, "end": 2, "font": []}]',
     'bad span at byte offset 32 in {path}: "font" must be a file name or a non-empty array of '
     'file names'),
    ('[{"start": 0, "end": 2, "font": [1]}]',
     'bad span at byte offset 33 in {path}: "font" must be a string or an array of strings, not '
     'a number'),
    ('[{"start": 0, "end": 2, "font": "missing.ttf"}]',
     'bad span at byte offset 32 in {path}: "font": font file not found: missing.ttf'),
    ('[{"start": 0, "end": 2, "features": "liga=x"}]',
     "bad span at byte offset 36 in {path}: \"features\": invalid OpenType feature 'liga=x'"),
])
def test_bad_span(shape_bin, tmp_path, spans, message):
    path = write_spans(tmp_path, spans)
    result = run(shape_bin, "--spans", path, SALAM, cwd=tmp_path)
    expect_error(result, 2, message.replace("{path}", f"'{path}'"))


def test_too_many_spans(shape_bin, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("a" * 32768)
    spans = write_spans(tmp_path, [{"start": i, "end": i + 1, "font-size": 10 + i % 1000}
                                   for i in range(32768)])
    # Both readers stop at the first span past the limit, naming where it is.
    offset = spans.read_text().index("}, {") + 3
    for _ in range(32766):
        offset = spans.read_text().index("}, {", offset) + 3
    expect_error(run(shape_bin, "--format", "json", "--text-file", text, "--spans", spans), 2,
                 f"bad span at byte offset {offset} in '{spans}': more than 32767 spans "
                 "(the limit)")
    expect_error(run(shape_bin, "--format", "json", "--markup", "--text-file", "-",
                     stdin=b"<span></span>" * 32768), 2,
                 "bad markup at byte offset 425971 in standard input: more than 32767 <span> "
                 "tags (the limit)")
    # Together they may not pass it either.
    half = write_spans(tmp_path, [{"start": i, "end": i + 1} for i in range(20000)])
    expect_error(run(shape_bin, "--format", "json", "--markup", "--text-file", "-",
                     "--spans", half, stdin=b"<span>a</span>" * 20000), 2,
                 "too many styled spans: 40000 (the limit is 32767)")


def test_markup_nesting_limit(shape_bin):
    # 256 nested <span> tags lay out; the 257th is refused where it opens (19 bytes per
    # opening tag).
    def nested(depth):
        return ('<span color="#c00">' * depth + "ب" + "</span>" * depth).encode()
    at = layout_json(shape_bin, "--markup", "--text-file", "-", stdin=nested(256))
    assert len(all_glyphs(at)) == 1
    expect_error(run(shape_bin, "--format", "json", "--markup", "--text-file", "-",
                     stdin=nested(257)), 2,
                 "bad markup at byte offset 4864 in standard input: <span> tags nested deeper "
                 "than 256")


def test_spans_file_problems(shape_bin, tmp_path):
    missing = tmp_path / "missing.json"
    expect_error(run(shape_bin, "--spans", missing, SALAM), 2,
                 f"cannot read '{missing}': No such file or directory")
    expect_error(run(shape_bin, "--spans", "", SALAM), 1, "--spans: the file name is empty")
    expect_error(run(shape_bin, SALAM, "--spans"), 1, "option '--spans' requires a value")
    out = tmp_path / "out.png"
    expect_error(run(shape_bin, "--spans", write_spans(tmp_path, "[1"), SALAM, "-o", out), 2,
                 "...")
    assert not out.exists()


@pytest.mark.parametrize("markup,message", [
    ('ab <span color="#f00">cd', "bad markup at byte offset 3 in {label}: <span> is not closed"),
    ("ab </span>", "bad markup at byte offset 3 in {label}: </span> without an open <span>"),
    ("a <b>x</b>", "bad markup at byte offset 2 in {label}: '<' starts no <span> or </span> tag; "
                   "write &lt; for a literal '<'"),
    ("a</b>", "bad markup at byte offset 1 in {label}: unknown closing tag; only </span> is "
              "known"),
    ("1 < 2", "bad markup at byte offset 2 in {label}: '<' starts no <span> or </span> tag; "
              "write &lt; for a literal '<'"),
    ("a & b", "bad markup at byte offset 2 in {label}: '&' starts no character reference; write "
              "&amp; for a literal '&'"),
    ("a &nbsp; b", "bad markup at byte offset 2 in {label}: unknown character reference "
                   "'&nbsp;' (known: &lt; &gt; &amp; &quot; &apos; &#N; &#xH;)"),
    ("&#xD800;", "bad markup at byte offset 0 in {label}: &#xD800; is not a Unicode scalar "
                 "value"),
    ("&#99999999;", "bad markup at byte offset 0 in {label}: &#99999999; is not a Unicode "
                    "scalar value"),
    ('x<span colour="#f00">y</span>', "bad markup at byte offset 7 in {label}: unknown "
                                      "attribute 'colour' (known: color, size, font, features, "
                                      "letter_spacing, word_spacing)"),
    ('<span letter_spacing="-5000">y</span>', "bad markup at byte offset 22 in {label}: "
                                              "letter_spacing: -5000 px exceeds the limit of "
                                              "±1024 px"),
    ('<span word_spacing="wide">y</span>', "bad markup at byte offset 20 in {label}: "
                                           "word_spacing: 'wide' is not a number"),
    ('x<span color="red">y</span>', "bad markup at byte offset 14 in {label}: color: invalid "
                                    "colour 'red' (expected #rrggbb, #rrggbbaa, black, white or "
                                    "transparent)"),
    ('<span size="0">y</span>', "bad markup at byte offset 12 in {label}: size: 0 is not a "
                                "positive size"),
    ('<span size="big">y</span>', "bad markup at byte offset 12 in {label}: size: 'big' is not "
                                  "a number"),
    ('<span font="missing.ttf">y</span>', "bad markup at byte offset 12 in {label}: font: font "
                                          "file not found: missing.ttf"),
    ('<span features="liga=x">y</span>', "bad markup at byte offset 16 in {label}: features: "
                                         "invalid OpenType feature 'liga=x'"),
    ("<span/>", "bad markup at byte offset 0 in {label}: <span/> is not supported; write "
                "<span ...></span>"),
    ('<span color="#f00"size="9">y</span>', "bad markup at byte offset 18 in {label}: expected "
                                            "a space before the attribute"),
    ("<span color=#f00>y</span>", "bad markup at byte offset 12 in {label}: expected a quoted "
                                  "value for attribute 'color'"),
    ('<span size="9" size="9">y</span>', "bad markup at byte offset 15 in {label}: attribute "
                                         "'size' given twice"),
    ('<span color="#f00', "bad markup at byte offset 12 in {label}: the value of attribute "
                          "'color' is not closed"),
    ('<span color="a<b">y</span>', "bad markup at byte offset 14 in {label}: '<' inside an "
                                   "attribute value; write &lt;"),
    ("<span", "bad markup at byte offset 0 in {label}: <span> tag is not ended by '>'"),
])
def test_bad_markup(shape_bin, tmp_path, markup, message):
    expect_error(run(shape_bin, "--markup", markup, cwd=tmp_path), 2,
                 message.replace("{label}", "the TEXT argument"))
    path = tmp_path / "in.txt"
    path.write_text(markup, encoding="utf-8")
    expect_error(run(shape_bin, "--markup", "--text-file", path, cwd=tmp_path), 2,
                 message.replace("{label}", f"'{path}'"))


def test_markup_error_offsets_count_bytes(shape_bin):
    # Offsets are bytes of the input, so Arabic before the fault counts two per letter.
    expect_error(run(shape_bin, "--markup", "سلام </span>"), 2,
                 "bad markup at byte offset 9 in the TEXT argument: </span> without an open "
                 "<span>")
    expect_error(run(shape_bin, "--markup", "--text-file", "-", stdin="سلام &".encode()), 2,
                 "bad markup at byte offset 9 in standard input: '&' starts no character "
                 "reference; write &amp; for a literal '&'")
