"""Fixtures for the `shape` command tests.

The binary comes from the SATR_SHAPE_BIN environment variable (set by CTest) or the
--shape-bin option. Golden images are rewritten instead of compared when
SATR_UPDATE_GOLDEN=1.
"""

import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]


def pytest_addoption(parser):
    parser.addoption("--shape-bin", default=None, help="path of the built shape binary")


@pytest.fixture(scope="module")
def shape_bin(request):
    path = request.config.getoption("--shape-bin") or os.environ.get("SATR_SHAPE_BIN")
    if not path:
        pytest.fail("set SATR_SHAPE_BIN (or --shape-bin) to the built shape binary")
    if not os.access(path, os.X_OK):
        pytest.fail(f"shape binary not executable: {path}")
    return os.path.abspath(path)
