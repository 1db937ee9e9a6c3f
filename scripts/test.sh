#!/usr/bin/env bash
# Builds satr and runs every test: the unit, conformance, CLI and Python suites, then the
# same C++ suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

# Every option is given: scripts/render-astana.sh configures the same build folder without
# tests, and CMake keeps cached options. ctest fails if it finds no test at all.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSATR_BUILD_TESTS=ON -DSATR_BUILD_CLI=ON \
  -DSATR_BUILD_PYTHON=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure --no-tests=error -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSATR_SANITIZE=address,undefined \
  -DSATR_BUILD_TESTS=ON -DSATR_BUILD_BENCH=OFF -DSATR_BUILD_PYTHON=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure --no-tests=error -j"$jobs" -LE no-sanitizer

# ThreadSanitizer over the tests that share fonts, caches and contexts between threads.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSATR_SANITIZE=thread \
  -DSATR_BUILD_TESTS=ON -DSATR_BUILD_BENCH=OFF -DSATR_BUILD_PYTHON=OFF -DSATR_BUILD_CLI=OFF \
  >/dev/null
cmake --build build-tsan -j"$jobs" --target cache_test paragraph_cache_test render_test runtime_test support_test \
  line_break_conformance_test
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure --no-tests=error \
  -R '^(cache_test|paragraph_cache_test|render_test|runtime_test|support_test|line_break_conformance_test)$'
