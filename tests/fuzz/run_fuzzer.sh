#!/usr/bin/env bash
# Fuzzes one target with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tests/fuzz/run_fuzzer.sh TARGET [SECONDS] [extra libFuzzer flags...]
#
# TARGET is layout (text and options through layout_text and render), font (font bytes
# through load, layout, render and carets) or spans (the spans JSON reader and the markup
# parser of `shape`, then layout); SECONDS defaults to 60.
#
# Builds in build-fuzz/ with clang, works on build-fuzz/corpus-TARGET (seeded from
# tests/fuzz/corpus/TARGET and kept between runs so coverage accumulates) and writes
# crashing inputs to build-fuzz/artifacts-TARGET/. Exits non-zero if the fuzzer found a
# crash, a leak, a timeout or a broken invariant. To turn a finding into a regression
# test, minimize it (TARGET_fuzzer -minimize_crash=1 -runs=10000 FILE) and copy it into
# tests/fuzz/corpus/TARGET/ as repro-*. To shrink a grown working corpus before committing
# it: TARGET_fuzzer -merge=1 NEW_DIR build-fuzz/corpus-TARGET.
# The caches of the shared Context live from one input to the next, so a finding may only
# reproduce after the inputs that filled them: if a saved input passes alone, replay it
# after the working corpus (TARGET_fuzzer -runs=0 DIR) and narrow the history down.
# Extra flags are passed to libFuzzer, e.g. -fork=2 -ignore_crashes=1 to keep going
# after a known crash.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:-}
case "$target" in
  layout | font | spans) ;;
  *) echo "usage: $0 layout|font|spans [SECONDS] [libFuzzer flags...]" >&2; exit 2 ;;
esac
shift
seconds=${1:-60}
shift || true
# Font files are large inputs; text, spans and markup are small.
max_len=4096
if [ "$target" = font ]; then max_len=400000; fi

if ! command -v clang++ >/dev/null; then
  echo "clang++ not found; install clang (apt-get install clang)" >&2
  exit 2
fi

build=build-fuzz
# Asserts stay on (no NDEBUG): a broken internal invariant should stop the fuzzer too.
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DSATR_SANITIZE=address,undefined -DSATR_BUILD_FUZZER=ON \
  -DSATR_BUILD_CLI=ON -DSATR_BUILD_BENCH=OFF -DSATR_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${target}_fuzzer"

corpus="$build/corpus-$target"
artifacts="$build/artifacts-$target"
mkdir -p "$corpus" "$artifacts"
cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# With -fork=N -ignore_crashes=1 libFuzzer keeps going after a crash and exits 0, so a
# finding is also detected by a new file in the artifacts folder.
marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
status=0
"$build/tests/${target}_fuzzer" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" \
  "$@" "$corpus" || status=$?
found=$(find "$artifacts" -type f -newer "$marker" | sort)
if [ -n "$found" ]; then
  printf 'new findings:\n%s\n' "$found" >&2
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -ne 0 ]; then
  echo "fuzzer failed (exit $status); inputs are in $artifacts/" >&2
fi
exit "$status"
