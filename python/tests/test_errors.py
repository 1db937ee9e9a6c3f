"""Every error path raises a Python exception (never a crash), of the expected type."""

import math
import os

import pytest

import satr
from conftest import NASKH


def test_missing_font_file(tmp_path):
    missing = tmp_path / "no-such-font.ttf"
    with pytest.raises(FileNotFoundError) as info:
        satr.Font(missing)
    error = info.value
    assert isinstance(error, satr.FontNotFoundError) and isinstance(error, satr.Error)
    assert error.code == "font_not_found" and error.errno == 2
    assert "no-such-font.ttf" in str(error)


def test_invalid_font_file(tmp_path):
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"this is not a font" * 10)
    with pytest.raises(OSError) as info:
        satr.Font(str(junk))
    assert isinstance(info.value, satr.InvalidFontError)
    assert not isinstance(info.value, FileNotFoundError)
    assert info.value.code == "font_invalid"
    with pytest.raises(satr.InvalidFontError):
        satr.Font.from_bytes(b"")
    with pytest.raises(satr.InvalidFontError):
        satr.Font.from_bytes(b"\0\1\0\0" + b"\xff" * 64)


def test_font_directory_is_not_a_font(tmp_path):
    with pytest.raises(OSError):
        satr.Font(tmp_path)


def test_bad_face_index():
    with pytest.raises(OSError):
        satr.Font(NASKH, face_index=7)


@pytest.mark.parametrize("bad", [123, None, 1.5, ["a.ttf"]])
def test_font_path_type(bad):
    with pytest.raises(TypeError):
        satr.Font(bad)


@pytest.mark.parametrize("size", [0, -1, math.nan, math.inf, 5000])
def test_font_size_domain(size):
    with pytest.raises(ValueError):
        satr.Font(NASKH, size=size)
    with pytest.raises(ValueError):
        satr.layout("abc", size=size)
    with pytest.raises(ValueError):
        satr.default_fonts(size)


def test_numbers_too_large_for_a_double():
    with pytest.raises(ValueError):
        satr.layout("abc", size=10**400)
    with pytest.raises(satr.InvalidArgumentError) as info:
        satr.layout("abc", width=10**400)
    assert info.value.code == "invalid_argument"


def test_collection_errors(naskh):
    with pytest.raises(TypeError):
        satr.FontCollection("NotoSans-Regular.ttf")
    with pytest.raises(TypeError):
        satr.FontCollection([naskh, "x"])
    with pytest.raises(TypeError):
        satr.FontCollection(5)
    with pytest.raises(ValueError):
        satr.FontCollection([naskh], size=-3)
    with pytest.raises(ValueError):
        satr.layout("abc", satr.FontCollection([]))
    with pytest.raises(TypeError):
        satr.layout("abc", "NotoSans-Regular.ttf")
    with pytest.raises(TypeError):
        satr.layout("abc", [naskh, 3])
    with pytest.raises(TypeError):
        satr.layout("abc", 3)


@pytest.mark.parametrize(
    "options",
    [
        {"width": -1},
        {"width": math.nan},
        {"width": math.inf},
        {"align": "middle"},
        {"align": "START"},
        {"direction": "up"},
        {"line_height": 0},
        {"line_height": -1},
        {"line_height": math.nan},
        {"line_height": 1e9},
    ],
)
def test_bad_layout_options(options):
    with pytest.raises(ValueError) as info:
        satr.layout("مرحبا", **options)
    assert isinstance(info.value, satr.InvalidArgumentError)
    assert info.value.code == "invalid_argument"


@pytest.mark.parametrize(
    "options",
    [
        {"size": "big"},
        {"size": True},
        {"width": "100"},
        {"align": 1},
        {"direction": None},
        {"features": 5},
        {"features": [1, 2]},
        {"features": {"liga": "off"}},
        {"language": 3},
        {"line_height": "2"},
    ],
)
def test_wrong_option_types(options):
    with pytest.raises(TypeError):
        satr.layout("مرحبا", **options)


def test_wrong_text_type():
    for bad in (None, 5, ["abc"]):
        with pytest.raises(TypeError):
            satr.layout(bad)


def test_unknown_keyword():
    with pytest.raises(TypeError):
        satr.layout("abc", colour="red")
    with pytest.raises(TypeError):
        satr.layout("abc", 32)  # fonts is the only positional option


def test_strict_invalid_utf8_names_the_byte():
    with pytest.raises(ValueError) as info:
        satr.layout(b"ab\xffcd", strict=True)
    error = info.value
    assert isinstance(error, satr.InvalidUtf8Error)
    assert error.code == "invalid_utf8" and error.byte_offset == 2
    assert "2" in str(error)
    # A truncated sequence at the end, after multi-byte characters.
    data = "مرحبا".encode() + b"\xd9"
    with pytest.raises(satr.InvalidUtf8Error) as info:
        satr.layout(data, strict=True)
    assert info.value.byte_offset == 10


def test_lenient_invalid_utf8_draws_replacement():
    layout = satr.layout(b"ab\xffcd")
    clusters = [g.cluster for l in layout.lines for r in l.runs for g in r.glyphs]
    assert clusters == [0, 1, 2, 3, 4]


def test_lone_surrogates_in_strict_mode():
    with pytest.raises(satr.InvalidUtf8Error) as info:
        satr.layout("a\ud800b", strict=True)
    assert info.value.byte_offset == 1
    with pytest.raises(ValueError):
        satr.layout("\udfff", strict=True)
    satr.layout("\udfff\ud800")  # lenient: no exception


def test_text_limit():
    big = b"a" * ((64 << 20) + 1)
    with pytest.raises(ValueError) as info:
        satr.layout(big)
    assert isinstance(info.value, satr.LimitExceededError)
    assert info.value.code == "limit_exceeded"


def test_image_limit():
    layout = satr.layout("a" * 200, size=2048)
    assert layout.width > 16384
    with pytest.raises(satr.LimitExceededError):
        layout.render()
    with pytest.raises(ValueError):
        satr.layout("abc").render(margin=20000)


@pytest.mark.parametrize("colour", ["nocolour", "#12345", "#gggggg", (1, 2), (1, 2, 3, 4, 5),
                                    (300, 0, 0), (-1, 0, 0), (2**70, 0, 0)])
def test_bad_colours(colour):
    layout = satr.layout("abc")
    with pytest.raises(ValueError):
        layout.render(fg=colour)
    with pytest.raises(ValueError):
        layout.render(bg=colour)


@pytest.mark.parametrize("colour", [1.5, None, (1.0, 2, 3), ("a", "b", "c"), (True, 0, 0)])
def test_colour_types(colour):
    with pytest.raises(TypeError):
        satr.layout("abc").render(fg=colour)


@pytest.mark.parametrize("margin", [-1, math.nan, math.inf])
def test_bad_margin(margin):
    layout = satr.layout("abc")
    with pytest.raises(ValueError):
        layout.render(margin=margin)
    with pytest.raises(ValueError):
        layout.to_dict(margin=margin)


def test_save_failure(tmp_path):
    image = satr.layout("abc").render()
    with pytest.raises(OSError) as info:
        image.save(tmp_path / "missing-folder" / "out.png")
    assert isinstance(info.value, satr.FileError) and info.value.code == "io"
    with pytest.raises(OSError):
        image.save(tmp_path)  # a folder
    assert list(tmp_path.iterdir()) == []  # no partial file left behind
    with pytest.raises(TypeError):
        image.save(42)


def test_font_argument_domains(naskh):
    for bad in (-1, 0x110000, 2**70):
        with pytest.raises(ValueError):
            naskh.has_glyph(bad)
    with pytest.raises(ValueError):
        naskh.has_glyph("ab")
    with pytest.raises(TypeError):
        naskh.has_glyph(None)
    with pytest.raises(ValueError):
        naskh.ascender(10**400)
    with pytest.raises(TypeError):
        naskh.descender("big")
    with pytest.raises(ValueError):
        naskh.with_size(0)


def test_pixel_out_of_range():
    image = satr.layout("abc").render()
    with pytest.raises(IndexError):
        image.pixel(image.width, 0)
    with pytest.raises(IndexError):
        image.pixel(0, -1)


def test_render_text_errors(tmp_path):
    with pytest.raises(TypeError):
        satr.render_text("abc", tmp_path / "a.png", nonsense=1)
    with pytest.raises(ValueError):
        satr.render_text("abc", tmp_path / "a.png", fg="nocolour")
    assert not (tmp_path / "a.png").exists()


def test_errors_share_a_base_class(tmp_path):
    for make in (lambda: satr.Font(tmp_path / "x.ttf"),
                 lambda: satr.layout("a", size=-1),
                 lambda: satr.layout(b"\xff", strict=True)):
        with pytest.raises(satr.Error):
            make()


@pytest.mark.parametrize("features", ["???", "liga=abc", "+", ["liga=0", "!"]])
def test_invalid_features(features):
    with pytest.raises(satr.InvalidArgumentError):
        satr.layout("abc", features=features)


def test_layout_batch_errors():
    with pytest.raises(satr.InvalidUtf8Error) as info:
        satr.layout_batch([b"ok", b"a\xffb", b"\xfe"], strict=True)
    assert info.value.byte_offset == 1  # the first failing text, in text order
    with pytest.raises(TypeError):
        satr.layout_batch("abc")
    with pytest.raises(TypeError):
        satr.layout_batch(["abc", 5])
    with pytest.raises(satr.InvalidArgumentError) as info:
        satr.layout_batch(["abc"], threads=-1)
    assert info.value.code == "invalid_argument"
    with pytest.raises(TypeError):
        satr.layout_batch(["abc"], threads=1.5)
    with pytest.raises(ValueError):
        satr.layout_batch(["abc"], align="middle")


def test_file_names_that_are_not_utf8(tmp_path):
    # On POSIX a file name is bytes; Python shows undecodable bytes as lone surrogates.
    name = str(tmp_path / "font-\udcff.ttf")
    with pytest.raises(FileNotFoundError) as info:
        satr.Font(name)
    assert "\\xff" in str(info.value)
    with open(NASKH, "rb") as src, open(os.fsencode(name), "wb") as dst:
        dst.write(src.read())
    font = satr.Font(name)
    assert font.path == name and font.file_name == "font-\udcff.ttf"
    layout = satr.layout("مرحبا", font)
    assert "font-" in repr(layout.lines[0].runs[0]) and "font-" in layout.dump()
    assert layout.to_dict()["lines"][0]["runs"][0]["font"].startswith("font-")
