"""Rendering: PNG files read back with Pillow, the buffer protocol with numpy."""

import io
import pathlib

import numpy
import pytest
from PIL import Image as PILImage

import satr

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_astana_png_read_back(astana, tmp_path):
    layout = satr.layout(astana, width=600)
    path = tmp_path / "astana.png"
    image = layout.render()
    image.save(path)
    expected = layout.to_dict()
    assert (image.width, image.height) == (expected["width"], expected["height"])

    with PILImage.open(path) as png:
        assert png.size == (image.width, image.height)
        pixels = numpy.asarray(png.convert("RGBA"))
    assert (pixels[0, 0] == [255, 255, 255, 255]).all()
    ink = (pixels[..., :3] < 128).all(axis=-1)
    assert ink.sum() > 1000, "text is drawn"
    assert not ink[:16].any() and not ink[-16:].any(), "margins stay empty"
    # RTL paragraphs aligned to the start: ink reaches close to the right margin.
    columns = numpy.nonzero(ink.any(axis=0))[0]
    assert columns.max() > image.width - 16 - 20


def test_png_bytes_match_pixels():
    image = satr.layout("مرحبا hello", size=40).render(fg="#0000ff", bg=(255, 255, 0))
    data = image.to_png()
    assert data.startswith(PNG_SIGNATURE)
    with PILImage.open(io.BytesIO(data)) as png:
        # The PNG's colour type is the smallest that holds the picture (here a palette);
        # decoded to RGBA it gives back the image's bytes.
        assert png.mode in ("L", "P", "RGB", "RGBA") and png.size == image.size
        assert png.convert("RGBA").tobytes() == bytes(image)
    assert image.pixel(0, 0) == (255, 255, 0, 255)
    colours = {tuple(p) for p in numpy.asarray(image).reshape(-1, 4)}
    assert (0, 0, 255, 255) in colours  # full ink somewhere inside the strokes


def test_buffer_protocol_without_copy():
    image = satr.layout("مرحبا", size=24).render(margin=4)
    array = numpy.asarray(image)
    assert array.shape == (image.height, image.width, 4) and array.dtype == numpy.uint8
    assert array.flags["C_CONTIGUOUS"]
    view = memoryview(image)
    assert view.format == "B" and view.shape == (image.height, image.width, 4)
    assert not view.readonly
    # The array shares the image's memory: a write through it shows in the image.
    array[1, 2] = (10, 20, 30, 40)
    assert image.pixel(2, 1) == (10, 20, 30, 40)
    png = PILImage.open(io.BytesIO(image.to_png())).convert("RGBA")
    assert png.getpixel((2, 1)) == (10, 20, 30, 40)


def test_pillow_frombuffer():
    image = satr.layout("hello مرحبا").render()
    pil = PILImage.frombuffer("RGBA", (image.width, image.height), image, "raw", "RGBA", 0, 1)
    assert pil.size == image.size
    assert pil.getpixel((0, 0)) == image.pixel(0, 0)
    assert pil.tobytes() == bytes(image)
    copy = image.to_pil()
    assert copy.mode == "RGBA" and copy.tobytes() == bytes(image)


def test_image_keeps_alive_behind_views():
    array = numpy.asarray(satr.layout("abc").render())
    assert array.sum() > 0  # the Image object is kept alive by the array


def test_colours_and_transparency():
    image = satr.layout("abc").render(fg="white", bg="transparent")
    assert image.pixel(0, 0)[3] == 0
    alpha = numpy.asarray(image)[..., 3]
    assert alpha.max() == 255
    tinted = satr.layout("abc").render(fg=(200, 0, 0, 255), bg="#00ff0080")
    assert tinted.pixel(0, 0) == (0, 255, 0, 128)


def test_margin_changes_the_size():
    layout = satr.layout("abc")
    assert layout.render(margin=0).width + 20 == layout.render(margin=10).width
    assert layout.render(margin=10).size == (layout.to_dict(10)["width"],
                                             layout.to_dict(10)["height"])


def test_render_text(tmp_path):
    path = tmp_path / "salam.png"
    image = satr.render_text("السلام عليكم 2024", path, size=48, width=300, fg="#202020",
                             margin=8, align="center")
    assert isinstance(image, satr.Image)
    with PILImage.open(path) as png:
        assert png.size == image.size
    assert image.width == 300 + 16
    satr.render_text(b"hello", str(tmp_path / "hello.png"))
    assert (tmp_path / "hello.png").read_bytes().startswith(PNG_SIGNATURE)


def test_empty_text_renders_margin_only():
    image = satr.layout("").render(margin=5)
    assert image.width >= 10 and image.height >= 10
    assert (numpy.asarray(image) == 255).all()


def test_repr():
    layout = satr.layout("مرحبا")
    assert "Layout" in repr(layout) and "Line" in repr(layout.lines[0])
    assert "Run" in repr(layout.lines[0].runs[0])
    assert "Glyph" in repr(layout.lines[0].runs[0].glyphs[0])
    assert "x" in repr(layout.render())
