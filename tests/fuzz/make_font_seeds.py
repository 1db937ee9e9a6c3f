#!/usr/bin/python3
"""Writes the seed inputs of the font fuzzer into tests/fuzz/corpus/font/seed-*.

Each seed is one option byte (scenario in bits 0-2, size in bits 3-5; see
font_fuzzer.cpp) followed by a font file: small subsets (python3-fonttools) of real
fonts from Debian packages, with TrueType and CFF outlines, GSUB/GPOS from Arabic and
Latin fonts, Graphite tables, colour layers and a collection; and a few of the generated
hostile fonts. Fonts that are not installed are skipped. The subsets keep the characters
the fuzz target lays out, so a mutation lands on tables that are used.
"""
import glob
import io
import os
import subprocess
import sys
import tempfile

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
CORPUS = os.path.join(HERE, "corpus", "font")
TEXT = ("بسم الله الرحمن الرحيم، إرجاء محادثات أستانا ١٥/٠٣ في 2017 "
        "عَرَبِيّ ــ لا Hello world fi 42 سطر ثانٍ")

SOURCES = [
    ("naskh", os.path.join(ROOT, "fonts", "NotoNaskhArabic-Regular.ttf"), 0),
    ("sans", os.path.join(ROOT, "fonts", "NotoSans-Regular.ttf"), 0),
    ("amiri", "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf", 0),
    ("amiri-quran-colored", "/usr/share/fonts/opentype/fonts-hosny-amiri/AmiriQuranColored.ttf", 0),
    ("scheherazade", "/usr/share/fonts/truetype/scheherazade/Scheherazade-Regular.ttf", 0),
    ("dejavu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ("cjk-cff", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("color-emoji-cbdt", "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", 0),
]
EMOJI = "🎉❤"

# (suffix, option byte): scenarios 0-7 at sizes from the table in font_fuzzer.cpp.
OPTIONS = [("line", 0x00), ("kashida-32", 0x02 | 3 << 3), ("optimal-tiny", 0x03 | 1 << 3),
           ("narrow", 0x07)]


def subset_of(path, index):
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = []
    options.hinting = True
    options.font_number = index
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=TEXT + EMOJI)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    return data.getvalue()


def collection(data, faces):
    ttc = TTCollection()
    ttc.fonts = [TTFont(io.BytesIO(data)) for _ in range(faces)]
    out = io.BytesIO()
    ttc.save(out)
    return out.getvalue()


def write(name, option, data):
    with open(os.path.join(CORPUS, "seed-%s" % name), "wb") as f:
        f.write(bytes([option]) + data)


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for old in glob.glob(os.path.join(CORPUS, "seed-*")):
        os.remove(old)
    naskh = None
    for name, path, index in SOURCES:
        if not os.path.exists(path):
            print("skipped (not installed): %s" % path, file=sys.stderr)
            continue
        data = subset_of(path, index)
        if name == "naskh":
            naskh = data
        # Every scenario on one font; one (kashida at 32 px, which reaches the most code)
        # on the others, to keep the corpus small.
        for suffix, option in OPTIONS if name == "naskh" else OPTIONS[1:2]:
            write("%s-%s" % (name, suffix), option, data)
    write("naskh-collection-3", 0x00, collection(naskh, 3))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "fonts",
                                                     "make_hostile_fonts.py"), out], check=True)
        for name in ("upem-16.ttf", "outline-int16.ttf", "gpos-placement-plus30000.ttf",
                     "tatweel1-letters30000.ttf", "fina-30000.ttf", "ascent-negative.ttf"):
            with open(os.path.join(out, name), "rb") as f:
                write("hostile-" + name.rsplit(".", 1)[0], 0x02, f.read())
    write("empty", 0x00, b"")
    write("not-a-font", 0x01, b"OTTO" + bytes(60))


if __name__ == "__main__":
    main()
