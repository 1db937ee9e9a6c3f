#!/usr/bin/env bash
# The whole command, process start to PNG on disk: satr's `shape`, pango-view and hb-view
# rendering the article with the same font file (the bundled Noto Naskh Arabic), 32 px,
# margin 16, white background; satr and Pango wrap at 800 px (hb-view does not wrap: one
# line per paragraph). Also satr's SVG and PDF of the same layout.
#
# hyperfine (Debian package `hyperfine`) times each command; the commands take turns in
# ROUNDS rounds, so that a machine whose speed drifts shifts them all alike, and the
# medians of all rounds are compared in one table of ratios.
#
# usage: bench/cli_compare.sh [-b BUILD_DIR] [-r ROUNDS] [-n RUNS_PER_ROUND]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
build="$root/build-bench"
rounds=5
runs=10
while getopts "b:r:n:" opt; do
  case "$opt" in
    b) build="$OPTARG" ;;
    r) rounds="$OPTARG" ;;
    n) runs="$OPTARG" ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
shape="$build/src/cli/shape"
for tool in hyperfine pango-view hb-view; do
  command -v "$tool" >/dev/null || { echo "cli_compare.sh: $tool not found" >&2; exit 1; }
done
[[ -x "$shape" ]] || { echo "cli_compare.sh: no $shape; build the shape target" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
font="$root/fonts/NotoNaskhArabic-Regular.ttf"
text="$root/examples/astana.txt"
# Pango finds fonts through fontconfig: a configuration that knows only the bundled folder
# makes it use the very same file.
mkdir -p "$work/fc-cache"
cat >"$work/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$root/fonts</dir><cachedir>$work/fc-cache</cachedir></fontconfig>
EOF
export FONTCONFIG_FILE="$work/fonts.conf"
fc-cache "$root/fonts" >/dev/null 2>&1 || true

declare -A commands=(
  [satr]="$shape --font $font --font-size 32 --margin 16 --width 800 --text-file $text -o $work/satr.png"
  [pango-view]="pango-view --no-display --dpi=72 --font='Noto Naskh Arabic 32' --width=800 --margin=16 --background=white -o $work/pango.png $text"
  [hb-view]="hb-view $font --font-size=32 --margin=16 --text-file=$text -O png -o $work/hb.png"
  [satr-svg]="$shape --font $font --font-size 32 --margin 16 --width 800 --text-file $text -o $work/satr.svg"
  [satr-pdf]="$shape --font $font --font-size 32 --margin 16 --width 800 --text-file $text -o $work/satr.pdf"
)
order=(satr pango-view hb-view satr-svg satr-pdf)

for ((r = 1; r <= rounds; r++)); do
  for name in "${order[@]}"; do
    hyperfine --style none --warmup 2 --runs "$runs" --export-json "$work/$name.$r.json" \
      "${commands[$name]}" >/dev/null 2>&1
  done
done

/usr/bin/python3 - "$work" "$rounds" "${order[@]}" <<'EOF'
import json, os, statistics, sys
work, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = {n: [] for n in names}
for n in names:
    for r in range(1, rounds + 1):
        with open(os.path.join(work, f"{n}.{r}.json")) as f:
            times[n] += json.load(f)["results"][0]["times"]
files = {"satr": "satr.png", "pango-view": "pango.png", "hb-view": "hb.png",
         "satr-svg": "satr.svg", "satr-pdf": "satr.pdf"}
median = {n: statistics.median(t) for n, t in times.items()}
print(f"| command | median ms | runs | pango-view ÷ it | hb-view ÷ it | output bytes |")
print("|---|---:|---:|---:|---:|---:|")
for n in names:
    size = os.path.getsize(os.path.join(work, files[n]))
    print(f"| {n} | {median[n] * 1000:.1f} | {len(times[n])} | "
          f"{median['pango-view'] / median[n]:.2f} | {median['hb-view'] / median[n]:.2f} | "
          f"{size:,} |")
EOF
