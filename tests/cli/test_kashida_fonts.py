"""Kashida justification of the Astana article with every Arabic font Debian ships that a
reader is likely to have: the bundled Noto Naskh Arabic, Amiri (whose cmap tatweel is an
empty glyph that shaping replaces), Scheherazade New and Harmattan (whose lookups leave
HarfBuzz's safe-to-insert-tatweel flags off everywhere), Lateef, Noto Sans Arabic and Noto
Kufi Arabic; and Noto Nastaliq Urdu, whose tatweel has no width, so its lines are justified
by their spaces.

The fonts come from the Debian packages scripts/install-deps.sh installs; a missing one is
a failure, not a skip."""

import json
import pathlib

import pytest

from cli_helpers import (EXAMPLES, NASKH, ends_paragraph, hb_glyph_ids, layout_json, line_glyphs,
                         run)

ASTANA = EXAMPLES / "astana.txt"
TEXT = ASTANA.read_bytes()
DECODED = TEXT.decode("utf-8")
# Byte offset of each character, and the character at each character-starting byte.
CHAR_AT = {}
_offset = 0
for _index, _char in enumerate(DECODED):
    CHAR_AT[_offset] = _index
    _offset += len(_char.encode("utf-8"))

FONTS = {
    "Noto Naskh Arabic": NASKH,
    "Amiri": "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf",
    "Scheherazade New": "/usr/share/fonts/truetype/scheherazade/Scheherazade-Regular.ttf",
    "Lateef": "/usr/share/fonts/opentype/lateef/Lateef-Regular.ttf",
    "Harmattan": "/usr/share/fonts/truetype/harmattan/Harmattan-Regular.ttf",
    "Noto Sans Arabic": "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "Noto Kufi Arabic": "/usr/share/fonts/truetype/noto/NotoKufiArabic-Regular.ttf",
}
NASTALIQ = "/usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf"
WIDTHS = [400, 600, 800]
MARGIN = 16
LAM, ALEF_FORMS, ZWNJ = "\u0644", "\u0627\u0622\u0623\u0625\u0671", "\u200c"


def font_path(name_or_path):
    path = pathlib.Path(name_or_path)
    if not path.exists():
        pytest.fail(f"{path} is missing: run scripts/install-deps.sh")
    return path


def tatweel_glyphs(font):
    """The glyphs hb-shape gives one to eight tatweels between two behs."""
    beh = set(hb_glyph_ids(font, "\u0628\u0628"))
    found = set()
    for count in range(1, 9):
        found |= set(hb_glyph_ids(font, "\u0628" + "\u0640" * count + "\u0628")) - beh
    return found


def is_mark(char):
    import unicodedata
    return unicodedata.category(char) in ("Mn", "Me")


def next_letter(index):
    index += 1
    while index < len(DECODED) and is_mark(DECODED[index]):
        index += 1
    return index


def content_advance(line):
    """The line's width without its trailing whitespace, by advances (Amiri positions
    glyphs with offsets, so ink extents are no measure of it)."""
    content_end = line["start"] + len(TEXT[line["start"]:line["end"]].rstrip())
    return sum(g["advance"] for g in line_glyphs(line) if g["cluster"] < content_end)


@pytest.mark.parametrize("name", list(FONTS))
@pytest.mark.parametrize("width", WIDTHS)
def test_kashida_fills_lines_with_each_font(shape_bin, name, width):
    font = font_path(FONTS[name])
    tatweels = tatweel_glyphs(font)
    assert tatweels, f"{name} has a tatweel"
    data = layout_json(shape_bin, "--font", font, "--text-file", ASTANA, "--width", width,
                       "--align", "justify", "--justify", "kashida")
    plain = layout_json(shape_bin, "--font", font, "--text-file", ASTANA, "--width", width)
    cluster_starts = {g["cluster"] for line in plain["lines"] for g in line_glyphs(line)}
    # Amiri draws a few joins with its own tatweel alternates, justified or not.
    own = {g["cluster"] for line in plain["lines"] for g in line_glyphs(line)
           if g["id"] in tatweels}
    justified = with_tatweel = 0
    for line in data["lines"]:
        glyphs = line_glyphs(line)
        if ends_paragraph(data, line):
            assert not any(g["id"] in tatweels and g["cluster"] not in own for g in glyphs), \
                "a last line is not stretched"
            continue
        justified += 1
        assert content_advance(line) == pytest.approx(width, abs=0.5), line["start"]
        placed = [g for g in glyphs if g["id"] in tatweels and g["cluster"] not in own]
        with_tatweel += bool(placed)
        # The line's report agrees with its glyphs.
        how = line.get("justification", {})
        assert how.get("kashida_sites", 0) > 0, line["start"]
        if placed:
            assert how["tatweels"] > 0 and how["kashida_px"] > 0, line["start"]
        for g in placed:
            # A tatweel extends the letter its cluster names, toward the next letter.
            letter = CHAR_AT[g["cluster"]]
            after = next_letter(letter)
            assert after < len(DECODED)
            pair = DECODED[letter] + DECODED[after]
            assert not (pair[0] == LAM and pair[1] in ALEF_FORMS), ("lam-alef", g["cluster"])
            assert ZWNJ not in DECODED[letter:after + 1], ("beside ZWNJ", g["cluster"])
            # Never inside a cluster (a ligature) of the unjustified text.
            after_byte = len(DECODED[:after].encode("utf-8"))
            assert after_byte in cluster_starts, ("inside a ligature", g["cluster"])
    assert justified >= 15
    assert with_tatweel >= 0.8 * justified, (with_tatweel, justified)


@pytest.mark.parametrize("width", WIDTHS)
def test_nastaliq_is_justified_by_spaces(shape_bin, width):
    # Nastaliq does not stretch its joins with tatweel (its tatweel is a zero-width glyph
    # for the font's own use): kashida gives way to the spaces, and the lines still fill.
    # The report says so on every line, and the CLI warns once.
    font = font_path(NASTALIQ)
    result = run(shape_bin, "--format", "json", "--font", font, "--text-file", ASTANA,
                 "--width", width, "--align", "justify", "--justify", "kashida")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    spaces = layout_json(shape_bin, "--font", font, "--text-file", ASTANA, "--width", width,
                         "--align", "justify", "--justify", "spaces")
    assert data == spaces
    plain = layout_json(shape_bin, "--font", font, "--text-file", ASTANA, "--width", width)
    natural = {line["start"]: content_advance(line) for line in plain["lines"]}
    justified = 0
    stretched_paragraphs = []
    for line in data["lines"]:
        if ends_paragraph(data, line):
            assert "justification" not in line
            continue
        justified += 1
        assert content_advance(line) == pytest.approx(width, abs=0.5), line["start"]
        how = line["justification"]
        assert how["kashida_sites"] == how["tatweels"] == how["kashida_px"] == 0
        assert how["spaces"] > 0
        assert how["space_px"] == pytest.approx(width - natural[line["start"]], abs=0.5)
        if line["paragraph"] not in stretched_paragraphs:
            stretched_paragraphs.append(line["paragraph"])
    assert result.stderr.splitlines() == [
        "shape: warning: --justify kashida found no kashida site in "
        f"{len(stretched_paragraphs)} paragraphs (the first is paragraph "
        f"{stretched_paragraphs[0] + 1}, set in NotoNastaliqUrdu-Regular.ttf); their lines "
        "were stretched at the spaces"]
    assert justified >= 15
