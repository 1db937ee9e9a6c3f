#!/usr/bin/python3
"""Short Arabic lines, each rendered and written to its own PNG file: satr against Pillow's
ImageDraw.text with libraqm (bidi and shaping), the same font file at the same size.

Both sides lay out, draw and encode every line, and write one file per line into a fresh
folder; the two take turns in rounds, so that a machine whose speed drifts shifts both
alike. Prints lines per second and the ratio.

usage: PYTHONPATH=build/python bench/python_png.py [--lines 10000] [--rounds 3]
"""

import argparse
import os
import pathlib
import statistics
import tempfile
import time

from PIL import Image, ImageDraw, ImageFont, features

import satr

ROOT = pathlib.Path(__file__).resolve().parents[1]
FONT = ROOT / "fonts" / "NotoNaskhArabic-Regular.ttf"
SIZE = 32
MARGIN = 16


def short_lines(count):
    """Lines of five words cut from the article, repeated to `count`."""
    words = (ROOT / "examples" / "astana.txt").read_text(encoding="utf-8").split()
    lines = [" ".join(words[i:i + 5]) for i in range(0, len(words) - 5, 5)]
    return [lines[i % len(lines)] for i in range(count)]


def run_satr(lines, folder):
    fonts = satr.FontCollection([satr.Font(FONT)])
    for i, line in enumerate(lines):
        satr.layout(line, fonts=fonts, size=SIZE).save(os.path.join(folder, f"{i}.png"),
                                                      margin=MARGIN)


def run_satr_image(lines, folder):
    """The same through an Image in memory (render() then Image.save): what a caller who
    also edits the pixels does."""
    fonts = satr.FontCollection([satr.Font(FONT)])
    for i, line in enumerate(lines):
        satr.layout(line, fonts=fonts, size=SIZE).render(margin=MARGIN).save(
            os.path.join(folder, f"{i}.png"))


def run_pillow(lines, folder):
    font = ImageFont.truetype(str(FONT), SIZE, layout_engine=ImageFont.Layout.RAQM)
    for i, line in enumerate(lines):
        left, top, right, bottom = font.getbbox(line, direction="rtl")
        image = Image.new("RGB", (right - left + 2 * MARGIN, bottom - top + 2 * MARGIN), "white")
        ImageDraw.Draw(image).text((MARGIN - left, MARGIN - top), line, font=font, fill="black",
                                   direction="rtl")
        image.save(os.path.join(folder, f"{i}.png"))


def timed(function, lines):
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        function(lines, folder)
        elapsed = time.perf_counter() - start
        written = sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder))
    return elapsed, written


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    assert features.check("raqm"), "Pillow has no raqm: the baseline would not shape Arabic"
    lines = short_lines(args.lines)
    timed(run_satr, lines[:200])  # Warm-up: fonts loaded, caches and the allocator settled.
    timed(run_satr_image, lines[:200])
    timed(run_pillow, lines[:200])
    results = {"satr": [], "satr_image": [], "pillow": []}
    sizes = {}
    for _ in range(args.rounds):
        for name, function in (("satr", run_satr), ("satr_image", run_satr_image),
                               ("pillow", run_pillow)):
            elapsed, written = timed(function, lines)
            results[name].append(len(lines) / elapsed)
            sizes[name] = written
    pillow_rate = statistics.median(results["pillow"])
    print(f"{args.lines} lines, {args.rounds} rounds, medians")
    print("| | lines/s | ÷ Pillow | bytes written |\n|---|---:|---:|---:|")
    for name, label in (("satr", "satr, Layout.save"), ("satr_image", "satr, render().save"),
                        ("pillow", "Pillow + raqm")):
        rate = statistics.median(results[name])
        print(f"| {label} | {rate:,.0f} | {rate / pillow_rate:.2f} | {sizes[name]:,} |")


if __name__ == "__main__":
    main()
