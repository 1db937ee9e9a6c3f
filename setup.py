"""Builds the satr Python package: CMake compiles satr._satr against the satr library,
and the bundled fonts are copied into the package (satr/fonts).

Use `python3 -m pip install --no-build-isolation .` (see pyproject.toml). Environment:
CMAKE (the cmake executable, default "cmake"), CMAKE_BUILD_PARALLEL_LEVEL (build jobs,
default the number of CPUs), SATR_CMAKE_ARGS (extra arguments for the configure step).
"""

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))
FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf", "OFL.txt")


def project_version():
    """The version from the top-level CMakeLists.txt, the single source of truth."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        match = re.search(r"project\(\s*satr\s+VERSION\s+([0-9.]+)", f.read())
    if not match:
        raise RuntimeError("cannot find the project version in CMakeLists.txt")
    return match.group(1)


class CMakeExtension(Extension):
    """An extension built by CMake rather than by setuptools' compiler driver."""

    def __init__(self, name, target):
        super().__init__(name, sources=[])
        self.target = target


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.path.join(os.path.abspath(self.build_temp), "cmake")
        cmake = os.environ.get("CMAKE", "cmake")
        configure = [
            cmake, "-S", ROOT, "-B", build_dir,
            "-DCMAKE_BUILD_TYPE=" + ("Debug" if self.debug else "Release"),
            "-DPython_EXECUTABLE=" + sys.executable,
            "-DSATR_BUILD_PYTHON=ON",
            "-DSATR_BUILD_TESTS=OFF",
            "-DSATR_BUILD_BENCH=OFF",
            "-DSATR_BUILD_CLI=OFF",
            "-DSATR_INSTALL=OFF",
        ] + shlex.split(os.environ.get("SATR_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(configure, check=True)
        subprocess.run([cmake, "--build", build_dir, "--target", ext.target,
                        "--parallel", jobs], check=True)

        built = glob.glob(os.path.join(build_dir, "python", "satr", ext.target + ".*"))
        built = [p for p in built if p.endswith((".so", ".pyd", ".dylib"))]
        if len(built) != 1:
            raise RuntimeError(f"expected one built {ext.target} module, found {built}")
        destination = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(built[0], destination)


class BuildPyWithFonts(build_py):
    """Ships the bundled fonts and their licence inside the package, where
    satr.default_fonts() looks first."""

    def run(self):
        super().run()
        font_dir = os.path.join(self.build_lib, "satr", "fonts")
        os.makedirs(font_dir, exist_ok=True)
        for name in FONT_FILES:
            self.copy_file(os.path.join(ROOT, "fonts", name), os.path.join(font_dir, name))

    def get_outputs(self, include_bytecode=True):
        fonts = [os.path.join(self.build_lib, "satr", "fonts", n) for n in FONT_FILES]
        return super().get_outputs(include_bytecode) + fonts


# Keep setuptools' scratch space (build/, *.egg-info) inside python/build, away from the
# CMake build folders at the top of the repository.
BUILD_BASE = os.path.join("python", "build")
os.makedirs(BUILD_BASE, exist_ok=True)

setup(
    version=project_version(),
    ext_modules=[CMakeExtension("satr._satr", target="_satr")],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithFonts},
    options={"build": {"build_base": BUILD_BASE}, "egg_info": {"egg_base": BUILD_BASE}},
    zip_safe=False,
)
