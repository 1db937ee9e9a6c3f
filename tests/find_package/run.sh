#!/usr/bin/env bash
# Installs satr from the build tree into a scratch prefix, then builds and runs an outside
# project against it with find_package(satr), and checks pkg-config sees satr.pc.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/satr/satr.hpp"
test -f "$work/prefix/share/satr/fonts/NotoNaskhArabic-Regular.ttf"
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --exists satr
cmake -S "$source_dir/tests/find_package" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DSATR_EXAMPLE="$source_dir/examples/hello.cpp" >/dev/null
cmake --build "$work/consumer" >/dev/null
# The installed library finds its installed fonts when pointed at them.
SATR_FONT_DIR="$work/prefix/share/satr/fonts" "$work/consumer/hello" "$work/hello.png"
test -s "$work/hello.png"
echo "find_package(satr) consumer built and ran"
