"""Layout results: structure, offsets, bidi order, sizes and options."""

import math

import pytest

import satr
from conftest import NASKH, SANS, visual_clusters


def all_glyphs(layout):
    return [g for line in layout.lines for run in line.runs for g in run.glyphs]


def test_astana_article(astana):
    layout = satr.layout(astana, width=600)
    data = astana.encode("utf-8")
    paragraphs = astana.rstrip("\n").split("\n")

    assert len(layout.paragraphs) == len(paragraphs)
    assert all(p.is_rtl and p.level == 1 for p in layout.paragraphs)
    assert len(layout.lines) > len(paragraphs)  # the long paragraphs wrap
    assert layout.width == pytest.approx(600)
    assert layout.height > 0

    # Lines cover the text in logical order without gaps or overlaps.
    assert layout.lines[0].start == 0
    assert layout.lines[-1].end == len(data)
    for before, after in zip(layout.lines, layout.lines[1:]):
        assert before.end == after.start
        assert after.baseline > before.baseline

    for line in layout.lines:
        assert line.ascent > 0 and line.descent > 0
        # Everything but trailing whitespace (which may hang past the edge) fits the width.
        for run in line.runs:
            for g in run.glyphs:
                if not astana[g.cluster_index].isspace():
                    assert -0.01 <= g.x and g.x + g.advance <= 600 + 0.01
        for run in line.runs:
            assert line.start <= run.start < run.end <= line.end
            assert run.font.file_name in (NASKH.name, SANS.name)
            for glyph in run.glyphs:
                assert run.start <= glyph.cluster < run.end

    glyphs = all_glyphs(layout)
    assert all(g.id != 0 for g in glyphs), "no .notdef with the bundled fonts"
    # Arabic runs are right to left and drawn with the Arabic font.
    arabic = [r for line in layout.lines for r in line.runs
              if "\u0600" <= astana[r.start_index] <= "\u06ff"]
    assert arabic and all(r.is_rtl and r.level % 2 == 1 for r in arabic)
    assert all(r.font.family_name == "Noto Naskh Arabic" for r in arabic)


def test_byte_offsets_and_str_indices(astana):
    layout = satr.layout(astana, width=500)
    data = astana.encode("utf-8")
    for line in layout.lines:
        assert line.start_index == len(data[: line.start].decode("utf-8"))
        assert line.end_index == len(data[: line.end].decode("utf-8"))
        for run in line.runs:
            assert astana[run.start_index:run.end_index].encode() == data[run.start:run.end]
            for g in run.glyphs:
                assert g.cluster_index == len(data[: g.cluster].decode("utf-8"))
    assert layout.text_length == len(astana)


def test_indices_beyond_the_bmp():
    text = "a\U0001F600b مرحبا"
    layout = satr.layout(text)
    by_index = {g.cluster_index: g.cluster for g in all_glyphs(layout)}
    assert by_index[0] == 0 and by_index[1] == 1 and by_index[2] == 5
    assert layout.text_length == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # LTR paragraph: "مرحبا 123" is one RTL island (the digits become AN, rule W2),
        # read right to left, with the number itself left to right.
        ("Hello مرحبا 123 world",
         [0, 1, 2, 3, 4, 5, 12, 13, 14, 11, 10, 9, 8, 7, 6, 15, 16, 17, 18, 19, 20]),
        # RTL paragraph: the Latin words and the number after them (W7: EN after L is L)
        # form one LTR island; the final full stop takes the paragraph direction.
        ("مرحبا hello world 2024.",
         [22] + list(range(6, 22)) + [5, 4, 3, 2, 1, 0]),
        # RTL paragraph with numbers after Arabic: each number stays left to right.
        ("رقم 123 و 456", [10, 11, 12, 9, 8, 7, 4, 5, 6, 3, 2, 1, 0]),
    ],
)
def test_mixed_direction_visual_order(text, expected):
    layout = satr.layout(text)
    assert len(layout.lines) == 1
    assert visual_clusters(layout) == expected


def test_visual_order_is_per_line():
    text = "كلمة عربية English words كلمة أخرى " * 6
    layout = satr.layout(text, width=250)
    assert len(layout.lines) > 2
    for line in layout.lines:
        for run in line.runs:
            for g in run.glyphs:
                assert line.start_index <= g.cluster_index < line.end_index
        # Glyphs tile the line from left to right.
        xs = [g.x for run in line.runs for g in run.glyphs]
        assert xs == sorted(xs)


def test_direction_option():
    auto = satr.layout("abc")
    rtl = satr.layout("abc", direction="rtl")
    assert not auto.paragraphs[0].is_rtl
    assert rtl.paragraphs[0].is_rtl
    assert satr.layout("مرحبا", direction="ltr").paragraphs[0].level == 0


@pytest.mark.parametrize("align", ["start", "end", "left", "right", "center"])
def test_alignment(align):
    layout = satr.layout("مرحبا", width=400, align=align)
    line = layout.lines[0]
    right = 400 - line.width
    expected = {"start": right, "end": 0, "left": 0, "right": right, "center": right / 2}
    assert line.x == pytest.approx(expected[align], abs=0.01)


def test_size_rule(naskh):
    def height(layout):
        return layout.lines[0].ascent + layout.lines[0].descent

    default = satr.layout("مرحبا", [naskh])
    assert height(default) == pytest.approx(height(satr.layout("مرحبا", [naskh], size=32)))
    big = satr.Font(NASKH, size=64)
    from_font = satr.layout("مرحبا", big)
    assert height(from_font) == pytest.approx(2 * height(default), rel=1e-3)
    from_collection = satr.layout("مرحبا", satr.FontCollection([naskh], size=16))
    assert height(from_collection) == pytest.approx(height(default) / 2, rel=1e-3)
    explicit = satr.layout("مرحبا", big, size=16)  # an explicit size wins
    assert height(explicit) == pytest.approx(height(from_collection), rel=1e-6)
    assert satr.layout("مرحبا", satr.default_fonts(48)).lines[0].runs[0].font_size == 48
    assert from_font.lines[0].runs[0].font == big  # same face, whatever the size


def test_font_collection(naskh, sans):
    chain = satr.FontCollection([naskh, sans])
    assert len(chain) == 2 and chain[0] == naskh and chain[-1] == sans
    assert list(chain) == [naskh, sans] and chain.size == 32
    assert chain.with_size(20).size == 20
    assert satr.FontCollection(iter([sans])).fonts == [sans]
    # Latin falls back to the second font.
    layout = satr.layout("مرحبا hello", chain)
    fonts = {r.font.family_name for line in layout.lines for r in line.runs}
    assert fonts == {"Noto Naskh Arabic", "Noto Sans"}


def test_font_properties(naskh):
    assert naskh.family_name == "Noto Naskh Arabic"
    assert naskh.file_name == NASKH.name and naskh.path == str(NASKH)
    assert naskh.units_per_em > 0
    assert naskh.has_glyph("م") and naskh.has_glyph(0x0645)
    assert naskh.ascender() > 0 and naskh.descender() > 0
    assert naskh.ascender(64) == pytest.approx(2 * naskh.ascender(32))
    assert naskh != satr.Font(NASKH)  # equality is identity of the loaded face
    assert hash(naskh) == hash(naskh.with_size(10)) and naskh == naskh.with_size(10)
    with open(NASKH, "rb") as f:
        assert satr.Font.from_bytes(f.read(), "naskh.ttf").family_name == "Noto Naskh Arabic"
    assert "Noto Naskh Arabic" in repr(naskh)


def test_default_fonts_are_the_bundled_chain():
    chain = satr.default_fonts()
    assert [f.family_name for f in chain] == ["Noto Naskh Arabic", "Noto Sans"]
    assert chain.size == 32
    assert satr.default_fonts(20).size == 20


def test_width_none_and_zero_do_not_wrap(astana):
    unwrapped = satr.layout(astana)
    assert len(unwrapped.lines) == len(unwrapped.paragraphs)
    assert satr.layout(astana, width=0).to_dict() == unwrapped.to_dict()
    assert unwrapped.width == pytest.approx(max(line.width for line in unwrapped.lines))


def test_line_height():
    text = "سطر\nسطر\nسطر"
    single = satr.layout(text)
    double = satr.layout(text, line_height=2)
    assert double.height == pytest.approx(2 * single.height, rel=1e-3)


def test_feature_spellings_agree():
    text = "office ffi مرحبا"
    as_str = satr.layout(text, features="liga=0,kern=0").to_dict()
    assert satr.layout(text, features=["liga=0", "kern=0"]).to_dict() == as_str
    assert satr.layout(text, features={"liga": False, "kern": 0}).to_dict() == as_str
    with_liga = satr.layout(text).to_dict()
    count = lambda d: sum(len(r["glyphs"]) for l in d["lines"] for r in l["runs"])
    assert count(as_str) > count(with_liga)  # "ffi" is one glyph with ligatures on


def test_language_is_accepted():
    assert satr.layout("ییی", language="fa").lines


def test_bytes_input_and_empty_text():
    assert satr.layout("مرحبا".encode()).to_dict() == satr.layout("مرحبا").to_dict()
    empty = satr.layout("")
    assert empty.height >= 0 and not [g for g in all_glyphs(empty)]


def test_lone_surrogate_is_lenient_by_default():
    text = "a\ud800b"
    glyphs = all_glyphs(satr.layout(text))
    # The surrogate is encoded as three bytes; whether they draw as one U+FFFD or three,
    # every glyph maps back into the str that was given.
    assert (glyphs[0].cluster, glyphs[-1].cluster) == (0, 4)
    assert [g.cluster_index for g in glyphs] == [0] + [1] * (len(glyphs) - 2) + [2]


def test_to_dict_schema(astana):
    layout = satr.layout(astana, width=600)
    d = layout.to_dict()
    assert {"width", "height", "lines"} <= d.keys()
    assert d["width"] == math.ceil(layout.width + 32) and d["height"] == math.ceil(layout.height + 32)
    line_keys = {"start", "end", "x", "baseline", "width", "ascent", "descent", "runs"}
    run_keys = {"start", "end", "level", "font", "glyphs"}
    glyph_keys = {"id", "cluster", "x", "y", "advance"}
    assert len(d["lines"]) == len(layout.lines)
    for ld, line in zip(d["lines"], layout.lines):
        assert line_keys <= ld.keys()
        assert (ld["start"], ld["end"]) == (line.start, line.end)
        assert ld["x"] == pytest.approx(line.x + 16, abs=0.006)
        assert ld["baseline"] == pytest.approx(line.baseline + 16, abs=0.006)
        for rd, run in zip(ld["runs"], line.runs):
            assert run_keys <= rd.keys()
            assert (rd["start"], rd["end"], rd["level"]) == (run.start, run.end, run.level)
            assert rd["font"] == run.font.file_name
            for gd, g in zip(rd["glyphs"], run.glyphs):
                assert glyph_keys <= gd.keys()
                assert (gd["id"], gd["cluster"]) == (g.id, g.cluster)
                assert gd["x"] == pytest.approx(g.x + 16, abs=0.006)
                assert gd["y"] == pytest.approx(g.y + 16, abs=0.006)
    plain = layout.to_dict(margin=0)
    assert plain["width"] == math.ceil(layout.width)
    assert plain["lines"][0]["baseline"] == pytest.approx(layout.lines[0].baseline, abs=0.006)


def test_views_outlive_the_layout():
    line = satr.layout("مرحبا hello").lines[0]
    run = line.runs[0]
    assert run.glyphs and line.width > 0


def test_dump_lists_lines_and_runs():
    text = satr.layout("مرحبا hello").dump()
    assert isinstance(text, str) and "NotoSans-Regular.ttf" in text


def test_docstrings():
    for obj in (satr.layout, satr.render_text, satr.default_fonts, satr.Font, satr.Layout,
                satr.Layout.render, satr.Layout.to_dict, satr.Image, satr.FontCollection):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert "explicit" in satr.layout.__doc__ and "line_height" in satr.layout.__doc__
