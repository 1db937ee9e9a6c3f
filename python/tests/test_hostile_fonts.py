"""The generated hostile fonts (tests/fonts/make_hostile_fonts.py) through the Python API:
each font and scenario in a child process limited to 512 MiB of address space, which must
end within 5 s with the result the generator's manifest expects."""

import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT

CHILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile_font_child.py")
LIMIT = 512 << 20
SECONDS = 5.0


@pytest.fixture(scope="module")
def hostile_fonts(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    subprocess.run([sys.executable, str(ROOT / "tests" / "fonts" / "make_hostile_fonts.py"),
                    str(out)], check=True)
    with open(out / "MANIFEST") as f:
        return out, [line.split() for line in f if line.strip()]


@pytest.mark.parametrize("scenario", ["line", "kashida", "optimal", "narrow"])
def test_hostile_fonts_end_bounded(hostile_fonts, scenario):
    folder, manifest = hostile_fonts
    assert len(manifest) >= 22
    problems = []
    for name, expectation in manifest:
        start = time.monotonic()
        child = subprocess.run([sys.executable, CHILD, str(folder / name), scenario, str(LIMIT)],
                               capture_output=True, text=True, timeout=60)
        seconds = time.monotonic() - start
        wanted = {4} if expectation == "refused" else {0, 3}
        if child.returncode not in wanted:
            problems.append(f"{name}: exit {child.returncode}: {child.stderr[-300:]}")
        if seconds > SECONDS:
            problems.append(f"{name}: {seconds:.1f} s")
    assert problems == []
