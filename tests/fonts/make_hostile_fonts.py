#!/usr/bin/python3
"""Writes fonts built to break a text engine, for tests/fonts/hostile_font_test.cpp and
python/tests/test_hostile_fonts.py.

    make_hostile_fonts.py OUT_DIR

Each font starts from a small subset of the bundled Noto Naskh Arabic (beh, teh, alef,
lam, meem, tatweel, space, a few Latin letters) and changes one thing to an extreme a
valid parser still has to accept (or must refuse): the units per em, outline coordinates,
glyph count, advances, placements, vertical metrics, the number of faces in a collection.
OUT_DIR/MANIFEST lists "file expectation" per line, where expectation is "loads" (layout
and render must succeed) or "refused" (loading must fail with FontInvalid).
"""
import io
import logging
import os
import sys

from fontTools import subset
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fontTools.ttLib.ttCollection import TTCollection

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "fonts", "NotoNaskhArabic-Regular.ttf")
TEXT = "بتثالمـ abcxyz"

BEH_FORMS = ["uni0628", "uniFE90", "uniFE91", "uniFE92"]
FINAL_FORMS = ["uniFE90", "uniFE8E", "uniFE96", "uniFEE2"]  # beh, alef, teh, meem


def base_font(keep_space=True):
    options = subset.Options()
    options.layout_features = ["*"]
    options.glyph_names = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.hinting = False
    font = TTFont(SOURCE)
    text = TEXT if keep_space else TEXT.replace(" ", "")
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    # A round trip through bytes gives a font whose tables are all loaded and independent.
    return reload(font)


def reload(font):
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    return TTFont(data)


def with_gpos(font, features):
    """Replaces GPOS with the feature code given (the subset's kerning and marks go)."""
    if "GPOS" in font:
        del font["GPOS"]
    addOpenTypeFeaturesFromString(font, "languagesystem DFLT dflt;\nlanguagesystem arab dflt;\n"
                                  + features, tables=["GPOS"])
    return font


def set_advance(font, names, advance):
    for name in names:
        if name in font["hmtx"].metrics:
            lsb = font["hmtx"].metrics[name][1]
            font["hmtx"].metrics[name] = (advance, lsb)


def replace_outline(font, name, x_min, y_min, x_max, y_max):
    """Makes `name` one filled rectangle (a simple glyph: no components to follow). The
    glyf table stores each point as an int16 step from the previous one, so long edges
    get points in between."""
    corners = [(x_min, y_min), (x_min, y_max), (x_max, y_max), (x_max, y_min)]
    pen = TTGlyphPen(None)
    pen.moveTo(corners[0])
    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1]):
        steps = max(abs(x1 - x0), abs(y1 - y0)) // 30000 + 1
        for i in range(1, steps + 1):
            point = (x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps)
            if point != corners[0]:
                pen.lineTo(point)
    pen.closePath()
    glyph = pen.glyph()
    glyph.recalcBounds(font["glyf"])
    font["glyf"][name] = glyph


def units_per_em(value):
    font = base_font()
    font["head"].unitsPerEm = value
    return font


def int16_outlines():
    font = base_font()
    for name in BEH_FORMS + ["uni0627"]:
        replace_outline(font, name, -32768, -32768, 32767, 32767)
    return font


def giant_glyph():
    # unitsPerEm 16 makes the widest outline FreeType accepts hundreds of ems wide.
    font = base_font()
    font["head"].unitsPerEm = 16
    for name in font.getGlyphOrder():
        if name in font["glyf"].glyphs and font["hmtx"].metrics[name][0] > 0:
            set_advance(font, [name], 8)
    replace_outline(font, "uni0628", 0, -16000, 32000, 16000)
    set_advance(font, ["uni0628"], 16)
    return font


def many_glyphs(count):
    font = base_font()
    order = list(font.getGlyphOrder())
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    empty = Glyph()
    empty.numberOfContours = 0
    for i in range(len(order), count):
        name = "extra%05d" % i
        order.append(name)
        glyf.glyphs[name] = empty
        hmtx.metrics[name] = (500, 0)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    font["maxp"].numGlyphs = count
    if "post" in font:
        font["post"].formatType = 3.0  # No names: 65,535 of them would not fit.
    return font


def gpos_advance(value):
    font = base_font()
    return with_gpos(font, "feature kern { pos [%s] <0 0 %d 0>; } kern;\n"
                     % (" ".join(BEH_FORMS), value))


def gpos_placement(value):
    font = base_font()
    return with_gpos(font, "feature kern { pos [%s] <%d %d 0 0>; } kern;\n"
                     % (" ".join(BEH_FORMS), value, value))


def tatweel_advance(value):
    font = base_font()
    if value >= 0:
        set_advance(font, ["uni0640"], value)
        return font
    set_advance(font, ["uni0640"], 0)
    return with_gpos(font, "feature kern { pos uni0640 <0 0 %d 0>; } kern;\n" % value)


def no_space():
    return base_font(keep_space=False)


def space_advance(value):
    font = base_font()
    set_advance(font, ["space", "uni0020"], value)
    return font


def vertical_metrics(ascent, descent):
    font = base_font()
    hhea = font["hhea"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, descent, 0
    os2 = font["OS/2"]
    os2.sTypoAscender, os2.sTypoDescender = ascent, descent
    os2.usWinAscent = max(0, min(65535, ascent))
    os2.usWinDescent = max(0, min(65535, -descent))
    return font


def tatweel_one_letters_wide():
    font = base_font()
    set_advance(font, ["uni0640"], 1)
    set_advance(font, BEH_FORMS + ["uni0627", "uniFE8E"], 30000)
    return font


def wide_final_forms():
    font = base_font()
    set_advance(font, FINAL_FORMS, 30000)
    return font


def tatweel_after_lam():
    """A tatweel that a contextual substitution replaces after lam (by a medial beh, the
    shape does not matter), and nowhere else: between two behs it is a plain extender, so
    only the font's lookups tell that inserting it after lam changes what is drawn."""
    font = base_font()
    del font["GSUB"]
    addOpenTypeFeaturesFromString(font, """languagesystem DFLT dflt;
languagesystem arab dflt;
feature init { sub uni0628 by uniFE91; sub uni062A by uniFE97; sub uni062B by uniFE9B;
  sub uni0644 by uniFEDF; sub uni0645 by uniFEE3; } init;
feature medi { sub uni0628 by uniFE92; sub uni062A by uniFE98; sub uni062B by uniFE9C;
  sub uni0644 by uniFEE0; sub uni0645 by uniFEE4; } medi;
feature fina { sub uni0628 by uniFE90; sub uni062A by uniFE96; sub uni062B by uniFE9A;
  sub uni0644 by uniFEDE; sub uni0645 by uniFEE2; sub uni0627 by uniFE8E; } fina;
feature calt { sub [uniFEDF uniFEE0] uni0640' by uniFE92; } calt;
""", tables=["GSUB"])
    return font


def collection(faces):
    font = base_font()
    data = io.BytesIO()
    font.save(data)
    fonts = []
    for _ in range(faces):
        data.seek(0)
        fonts.append(TTFont(io.BytesIO(data.getvalue())))
    ttc = TTCollection()
    ttc.fonts = fonts
    return ttc


FONTS = [
    ("upem-0.ttf", lambda: units_per_em(0), "refused"),
    ("upem-1.ttf", lambda: units_per_em(1), "refused"),
    ("upem-16.ttf", lambda: units_per_em(16), "loads"),
    ("upem-16384.ttf", lambda: units_per_em(16384), "loads"),
    ("upem-16385.ttf", lambda: units_per_em(16385), "refused"),
    ("outline-int16.ttf", int16_outlines, "loads"),
    ("giant-glyph-upem16.ttf", giant_glyph, "loads"),
    ("glyphs-65535.ttf", lambda: many_glyphs(65535), "loads"),
    ("gpos-advance-minus30000.ttf", lambda: gpos_advance(-30000), "loads"),
    ("gpos-placement-plus30000.ttf", lambda: gpos_placement(30000), "loads"),
    ("gpos-placement-minus30000.ttf", lambda: gpos_placement(-30000), "loads"),
    ("tatweel-0.ttf", lambda: tatweel_advance(0), "loads"),
    ("tatweel-1.ttf", lambda: tatweel_advance(1), "loads"),
    ("tatweel-negative.ttf", lambda: tatweel_advance(-500), "loads"),
    ("no-space.ttf", no_space, "loads"),
    ("space-0.ttf", lambda: space_advance(0), "loads"),
    ("space-65535.ttf", lambda: space_advance(65535), "loads"),
    ("ascent-extreme.ttf", lambda: vertical_metrics(32767, -32768), "loads"),
    ("ascent-negative.ttf", lambda: vertical_metrics(-1000, 1000), "loads"),
    ("tatweel1-letters30000.ttf", tatweel_one_letters_wide, "loads"),
    ("fina-30000.ttf", wide_final_forms, "loads"),
    ("faces-300.ttc", lambda: collection(300), "loads"),
    ("tatweel-after-lam.ttf", tatweel_after_lam, "loads"),
]


def main():
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "huge advance width" is the point.
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    manifest = []
    for name, build, expectation in FONTS:
        font = build()
        path = os.path.join(out, name)
        temporary = path + ".part"
        fonts = font.fonts if isinstance(font, TTCollection) else [font]
        for face in fonts:
            # hhea's extents, recomputed from extreme outlines, overflow int16; the values
            # kept are the subset's.
            face.recalcBBoxes = False
        font.save(temporary)
        os.replace(temporary, path)
        manifest.append("%s %s\n" % (name, expectation))
    with open(os.path.join(out, "MANIFEST.part"), "w") as f:
        f.writelines(manifest)
    os.replace(os.path.join(out, "MANIFEST.part"), os.path.join(out, "MANIFEST"))


if __name__ == "__main__":
    main()
