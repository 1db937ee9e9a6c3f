"""Shared fixtures for the satr Python tests.

Run from a build tree (ctest sets PYTHONPATH) or against an installed package:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest python/tests
"""

import os
import pathlib

import pytest

import satr

ROOT = pathlib.Path(os.environ.get("SATR_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
FONT_DIR = ROOT / "fonts"
NASKH = FONT_DIR / "NotoNaskhArabic-Regular.ttf"
SANS = FONT_DIR / "NotoSans-Regular.ttf"


@pytest.fixture(scope="session")
def astana() -> str:
    return (ROOT / "examples" / "astana.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def naskh() -> satr.Font:
    return satr.Font(NASKH)


@pytest.fixture(scope="session")
def sans() -> satr.Font:
    return satr.Font(SANS)


def visual_clusters(layout: satr.Layout) -> list:
    """Code point indices of the clusters in visual order, line by line, left to right,
    each cluster once (marks and multi-glyph clusters share an index)."""
    order = []
    for line in layout.lines:
        for run in line.runs:
            for glyph in run.glyphs:
                if not order or order[-1] != glyph.cluster_index:
                    order.append(glyph.cluster_index)
    return order
