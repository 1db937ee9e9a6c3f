#!/usr/bin/env bash
# The main job: build satr and render the Astana article to astana.png with the bundled fonts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSATR_BUILD_TESTS=OFF -DSATR_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target shape
build/src/cli/shape --text-file examples/astana.txt --width 800 --output astana.png
echo "wrote $(pwd)/astana.png"
