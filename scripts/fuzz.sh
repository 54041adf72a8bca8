#!/usr/bin/env bash
# Fuzzes the parser and the evaluator with libFuzzer.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [parse|eval|both]     (default: 60 both)
# Seeds: the lessons, the design examples and the language reference; dictionary:
# scripts/fuzz/gradus.dict. Crashes are copied to Tests/GradusRuntimeTests/FuzzRegressions/,
# which `swift test` replays. Prints how many inputs ran per target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
which=${2:-both}
scratch=.build-fuzz
swift build -c release --product gradus-fuzz --scratch-path "$scratch" \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING >&2
binary="$scratch/release/gradus-fuzz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds"
for f in lessons/*.grad ../shared/design/examples/*.grad Tests/GradusRuntimeTests/FuzzRegressions/*.grad; do
  [ -f "$f" ] && cp "$f" "$work/seeds/$(echo "$f" | tr '/' '_')"
done
# Every ```gradus block of the reference is a seed too.
awk '/^```gradus/{n++; f=sprintf("'"$work"'/seeds/ref%03d.grad", n); inside=1; next} /^```/{inside=0} inside{print > f}' grammar/REFERENCE.md
mkdir -p Tests/GradusRuntimeTests/FuzzRegressions
status=0
for target in parse eval; do
  [ "$which" != both ] && [ "$which" != "$target" ] && continue
  mkdir -p "$work/corpus-$target" "$work/crashes-$target"
  echo "== fuzzing $target for ${seconds}s" >&2
  set +e
  SWIFT_BACKTRACE=enable=no GRADUS_FUZZ=$target "$binary" "$work/corpus-$target" "$work/seeds" \
    -dict=scripts/fuzz/gradus.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -artifact_prefix="$work/crashes-$target/" -print_final_stats=1 \
    2> "$work/log-$target.txt"
  rc=$?
  set -e
  runs=$(grep -E "stat::number_of_executed_units" "$work/log-$target.txt" | awk '{print $2}')
  found=$(ls "$work/crashes-$target" | wc -l)
  echo "$target: ${runs:-?} inputs run, $found crashes (exit $rc)"
  for c in "$work/crashes-$target"/*; do
    [ -f "$c" ] || continue
    cp "$c" "Tests/GradusRuntimeTests/FuzzRegressions/$target-$(basename "$c").grad"
    status=1
  done
done
exit $status
