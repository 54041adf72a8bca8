#!/usr/bin/env bash
# REPL start-up to the first prompt, prelude included: times `echo ':quit' | gradus` (the
# budget is 100 ms; see benchmarks/REPL.md). Uses hyperfine when installed, else a loop.
# Usage: scripts/bench-startup.sh [path/to/gradus] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-}"
runs="${2:-30}"
if [ -z "$binary" ]; then
  swift build -c release --product gradus >/dev/null
  binary="$(swift build -c release --show-bin-path)/gradus"
fi
export NO_COLOR=1 HOME="$(mktemp -d)"
trap 'rm -rf "$HOME"' EXIT

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" --input <(printf ':quit\n') "$binary"
  exit 0
fi

echo ':quit' | "$binary" >/dev/null  # warm the file cache
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  echo ':quit' | "$binary" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
  { t[NR] = $1; sum += $1 }
  END {
    printf "gradus start-up to first prompt and :quit, %d runs\n", runs
    printf "  min %.1f ms   median %.1f ms   mean %.1f ms   max %.1f ms\n",
      t[1] / 1000, t[int((NR + 1) / 2)] / 1000, sum / NR / 1000, t[NR] / 1000
  }'
