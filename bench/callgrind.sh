#!/usr/bin/env bash
# Instructions per character under callgrind, from satr_bench's driver mode: each workload
# is prepared (fonts loaded, one warm-up pass) with collection off, then a fixed number of
# passes over its corpus runs with collection on. Counts are deterministic, unlike timings.
#
# usage: bench/callgrind.sh [-b BUILD_DIR] [-p PASSES] [-a] [-n TOP] [WORKLOAD...]
#   -b  build folder holding bench/satr_bench (default: build-bench next to this folder)
#   -p  passes per workload (default: the driver's, 5 for astana and 1 for large)
#   -a  also print each workload's top functions, inclusive and self cost (callgrind_annotate)
#   -n  how many functions -a prints (default 30)
#   WORKLOAD  names from `satr_bench --list` (default: HarfBuzzBaseline, SatrLayout cold and
#             warm, Raqm and Pango, for each corpus). The ratio column divides by
#             HarfBuzzBaseline of the corpus; a SatrJustify or by-size SatrLayout figure by
#             SatrLayout/<size>/<script>/start/greedy, a SatrCaret one by SatrCaret/1KB/index,
#             each when measured in the same run.
# Output files go to BUILD_DIR/callgrind/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/../build-bench"
passes=""
annotate=0
top=30
while getopts "b:p:an:" opt; do
  case "$opt" in
    b) build="$OPTARG" ;;
    p) passes="$OPTARG" ;;
    a) annotate=1 ;;
    n) top="$OPTARG" ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

bin="$build/bench/satr_bench"
[[ -x "$bin" ]] || { echo "callgrind.sh: no $bin; build the satr_bench target first" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found" >&2; exit 1; }

available="$("$bin" --list)"
workloads=("$@")
if [[ ${#workloads[@]} -eq 0 ]]; then
  for corpus in astana large; do
    for w in "HarfBuzzBaseline/$corpus" "SatrLayout/$corpus/cold" "SatrLayout/$corpus/warm" \
             "Raqm/$corpus" "Pango/$corpus"; do
      # Raqm and Pango exist only when they were found at build time.
      grep -qxF "$w" <<<"$available" && workloads+=("$w")
    done
  done
fi

out_dir="$build/callgrind"
mkdir -p "$out_dir"
declare -A per_char unit_of
for w in "${workloads[@]}"; do
  grep -qxF "$w" <<<"$available" || { echo "callgrind.sh: unknown workload $w" >&2; exit 1; }
  file="$out_dir/${w//\//_}.out"
  args=("--driver=$w")
  [[ -n "$passes" ]] && args+=("--passes=$passes")
  echo "callgrind.sh: $w" >&2
  report="$(valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$file" \
            "$bin" "${args[@]}" 2>"$file.log")"
  chars="$(sed -n 's/.*chars_per_pass=\([0-9]*\).*/\1/p' <<<"$report")"
  n="$(sed -n 's/.*passes=\([0-9]*\).*/\1/p' <<<"$report")"
  # Corpus workloads count per character; the by-size families per byte or per call.
  unit_of[$w]="$(sed -n 's/.*unit=\([a-z]*\).*/\1/p' <<<"$report")"
  unit_of[$w]="${unit_of[$w]:-char}"
  total="$(awk '/^(summary|totals):/ {print $2; exit}' "$file")"
  per_char[$w]="$(awk -v t="$total" -v c="$chars" -v n="$n" 'BEGIN {printf "%.0f", t / (c * n)}')"
done

# Ratio to the raw HarfBuzz figure of the same corpus, when that was measured too.
# A by-size justified layout is compared with start-aligned greedy layout of the same text
# (SatrLayout/<size>/<script>/start/greedy), when that was measured too.
printf '| workload | instructions | per | ÷ baseline |\n|---|---:|---|---:|\n'
for w in "${workloads[@]}"; do
  corpus="$(cut -d/ -f2 <<<"$w")"
  base="${per_char[HarfBuzzBaseline/$corpus]:-}"
  if [[ "$w" == SatrJustify/* || "$w" == SatrLayout/*/*/*/* ]]; then
    base="${per_char[SatrLayout/$corpus/$(cut -d/ -f3 <<<"$w")/start/greedy]:-}"
  elif [[ "$w" == SatrCaret/* ]]; then
    base="${per_char[SatrCaret/1KB/index]:-}"
  fi
  ratio="–"
  [[ -n "$base" ]] && ratio="$(awk -v a="${per_char[$w]}" -v b="$base" 'BEGIN {printf "%.2f", a / b}')"
  printf '| %s | %s | %s | %s |\n' "$w" "${per_char[$w]}" "${unit_of[$w]}" "$ratio"
done

# Keeps callgrind_annotate's lines readable: drops argument and template lists, the
# process start-up frames every profile shares, and names the library of unnamed
# (hidden-symbol) functions.
shorten() {
  perl -ne '
    next unless /^(\s*[\d,]+ \([ \d.]+%\)\s+)(\S.*)$/;
    my ($cost, $f) = ($1, $2);
    my $object = $f =~ s/ \[([^\]]*)\]$// ? $1 : "";
    $f =~ s/^[^:]*://;                           # "file:" prefix
    $f =~ s/\(anonymous namespace\)/{anon}/g;
    1 while $f =~ s/\([^()]*\)(?!$)|\([^()]*\)$//;  # argument lists
    1 while $f =~ s/<[^<>]*>//;                   # template arguments
    next if $f =~ /^(\(below main\)|below main|__libc_start_main.*|main|0x0+1ab70)$/;
    next if $f =~ /^satr_bench::/;
    next if $f eq "";
    if ($f =~ /^0x/) { $object =~ s|.*/||; $f = "$f [$object]"; }
    print "$cost$f\n";'
}

if [[ $annotate -eq 1 ]]; then
  for w in "${workloads[@]}"; do
    file="$out_dir/${w//\//_}.out"
    for mode in yes no; do
      [[ $mode == yes ]] && kind="inclusive" || kind="self"
      printf '\n### %s (%s)\n\n```\n' "$w" "$kind"
      # Function lines look like "12,345 (67.89%)  file:function [object]". head closes
      # the pipe early, which must not end the script.
      { callgrind_annotate --inclusive=$mode "$file" 2>/dev/null |
          grep -E '^ *[0-9,]+ +\([ 0-9.]+%\)' | shorten | head -n "$top"; } || true
      printf '```\n'
    done
  done
fi
