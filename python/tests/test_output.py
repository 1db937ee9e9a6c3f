"""Output formats from Python: Layout.save follows the extension, to_svg and to_pdf give
bytes, Image.save writes PNG only, render(scale=...)."""

import json
import shutil
import subprocess

import numpy
import pytest

import satr

TEXT = "السلام عليكم 2024"


def test_save_follows_the_extension(tmp_path):
    layout = satr.layout(TEXT, size=32)
    for name, magic in [("a.png", b"\x89PNG"), ("a.svg", b"<?xml"), ("a.pdf", b"%PDF"),
                        ("a.json", b"{"), ("a.txt", b"line 0")]:
        layout.save(tmp_path / name)
        assert (tmp_path / name).read_bytes().startswith(magic), name
    assert json.loads((tmp_path / "a.json").read_text()) == layout.to_dict()
    layout.save(tmp_path / "no_extension", format="svg")
    assert (tmp_path / "no_extension").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("name, fmt", [("a.pdf", "png"), ("a.png", "pdf"), ("a.bin", None),
                                       ("a.jpeg", "png")])
def test_save_refuses_a_name_for_another_format(tmp_path, name, fmt):
    layout = satr.layout(TEXT)
    with pytest.raises(satr.InvalidArgumentError):
        layout.save(tmp_path / name, format=fmt)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(satr.InvalidArgumentError):
        layout.save(tmp_path / "a.png", format="jpeg")


def test_image_save_is_png_only(tmp_path):
    image = satr.layout(TEXT).render()
    image.save(tmp_path / "ok.png")
    for name in ["bad.svg", "bad.pdf", "bad.json"]:
        with pytest.raises(satr.InvalidArgumentError):
            image.save(tmp_path / name)
    assert [p.name for p in tmp_path.iterdir()] == ["ok.png"]


def test_svg_and_pdf_bytes(tmp_path):
    layout = satr.layout(TEXT, size=40)
    svg = layout.to_svg(fg="#c00000")
    assert svg.startswith(b"<?xml") and b"<symbol" in svg and b"<use" in svg
    pdf = layout.to_pdf(dpi=144)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is not installed"
    (tmp_path / "t.pdf").write_bytes(pdf)
    text = subprocess.run([pdftotext, tmp_path / "t.pdf", "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "السلام" in text and "عليكم" in text and "2024" in text


def test_render_scale():
    layout = satr.layout(TEXT, size=32)
    one = numpy.asarray(layout.render())
    two = numpy.asarray(layout.render(scale=2))
    assert abs(two.shape[0] - 2 * one.shape[0]) <= 1 and abs(two.shape[1] - 2 * one.shape[1]) <= 1
    ink_one = (one[..., 0] < 128).sum()
    ink_two = (two[..., 0] < 128).sum()
    assert 3.6 * ink_one < ink_two < 4.4 * ink_one  # four times the area
    for bad in [0, -1, 17, float("nan")]:
        with pytest.raises(satr.InvalidArgumentError):
            layout.render(scale=bad)
