#!/usr/bin/env bash
# Installs the Debian packages satr needs to build, test and benchmark, if any is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libicu-dev libharfbuzz-dev libfreetype-dev libpng-dev libcairo2-dev
  libgtest-dev libbenchmark-dev unicode-data
  pybind11-dev python3-dev python3-pytest python3-pil python3-numpy
  python3-setuptools python3-wheel python3-pip python3-venv
  python3-fonttools python3-jsonschema util-linux
  libharfbuzz-bin valgrind
  poppler-utils librsvg2-bin
  # Arabic fonts the kashida tests justify with (tests/cli/test_kashida_fonts.py).
  fonts-hosny-amiri fonts-sil-scheherazade fonts-sil-lateef fonts-sil-harmattan fonts-noto-core
)
# clang builds the fuzzers (libFuzzer); without it the corpora still replay under ctest.
if [ "${SATR_WITH_FUZZERS:-1}" = 1 ]; then
  packages+=(clang)
fi
# Optional peers, used by the benchmarks as baselines when present.
if [ "${SATR_WITH_PEERS:-1}" = 1 ]; then
  packages+=(libraqm-dev libpango1.0-dev pango1.0-tools hyperfine)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
