#!/usr/bin/env bash
# Fuzzes the parser and the evaluator with libFuzzer.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [parse|eval|both]     (default: 60 both)
#   scripts/fuzz.sh smoke                                        (CI: 45 s per target, both)
# Seeds: the lessons, the design examples, the regression inputs and the language reference;
# dictionary: scripts/fuzz/gradus.dict. The corpus grows in .build-fuzz/corpus-TARGET between
# runs (not committed). Crashes, timeouts and out-of-memory inputs are copied to
# Tests/GradusRuntimeTests/FuzzRegressions/, which `swift test` replays.
# Prints how many inputs ran per target; exits 1 if anything was found, 2 if the build failed.
# The build is release with -sanitize=fuzzer in .build-fuzz (a few minutes the first time; the
# smoke mode's 90 s of fuzzing come on top of it).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = smoke ]; then
  set -- 45 both
fi
seconds=${1:-60}
which=${2:-both}
case "$which" in parse | eval | both) ;; *)
  echo "usage: $0 [SECONDS] [parse|eval|both] | $0 smoke" >&2
  exit 2
  ;;
esac
scratch=.build-fuzz

# The toolchain's lld links the sanitized binary; gold has failed here with an internal error
# (format_file_lineno in dwarf_reader.cc).
linker=()
if command -v ld.lld > /dev/null || [ -x "$(dirname "$(command -v swift)")/ld.lld" ]; then
  linker=(-Xswiftc -use-ld=lld)
fi
# Others may be editing sources while this builds: SwiftPM then stops with "modified during the
# build". Retry a few times before giving up.
built=0
for attempt in 1 2 3 4; do
  if swift build -c release --product gradus-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING ${linker[@]+"${linker[@]}"} > "$scratch.log" 2>&1; then
    built=1
    break
  fi
  if grep -q "modified during the build" "$scratch.log"; then
    echo "sources changed during the build (attempt $attempt); retrying in 30 s" >&2
    sleep 30
  else
    break
  fi
done
if [ "$built" != 1 ]; then
  grep -E "error:" "$scratch.log" | head -20 >&2 || tail -20 "$scratch.log" >&2
  echo "the fuzz build failed (log: $scratch.log)" >&2
  exit 2
fi
binary="$scratch/release/gradus-fuzz"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds"
for f in lessons/*.grad ../shared/design/examples/*.grad Tests/GradusRuntimeTests/FuzzRegressions/*.grad \
  scripts/fixtures/*.grad; do
  [ -f "$f" ] && cp "$f" "$work/seeds/$(echo "$f" | tr '/' '_')"
done
# Every ```gradus block of the reference is a seed too.
awk '/^```gradus/{n++; f=sprintf("'"$work"'/seeds/ref%03d.grad", n); inside=1; next} /^```/{inside=0} inside{print > f}' grammar/REFERENCE.md

mkdir -p Tests/GradusRuntimeTests/FuzzRegressions
status=0
for target in parse eval; do
  [ "$which" != both ] && [ "$which" != "$target" ] && continue
  # Absolute paths: the fuzz binary works in a scratch directory of its own.
  corpus="$PWD/$scratch/corpus-$target"
  mkdir -p "$corpus" "$work/crashes-$target"
  echo "== fuzzing $target for ${seconds}s" >&2
  set +e
  mkdir -p "$work/files"
  SWIFT_BACKTRACE=enable=no GRADUS_FUZZ=$target GRADUS_FUZZ_DIR="$work/files" "$binary" "$corpus" "$work/seeds" \
    -dict="$PWD/scripts/fuzz/gradus.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -artifact_prefix="$work/crashes-$target/" -print_final_stats=1 \
    2> "$work/log-$target.txt"
  rc=$?
  set -e
  runs=$(grep -E "stat::number_of_executed_units" "$work/log-$target.txt" | awk '{print $2}' | tail -1)
  crashes=$(find "$work/crashes-$target" -type f -name 'crash-*' | wc -l)
  timeouts=$(find "$work/crashes-$target" -type f -name 'timeout-*' | wc -l)
  ooms=$(find "$work/crashes-$target" -type f \( -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  echo "$target: ${runs:-?} inputs run, corpus $(find "$corpus" -type f | wc -l) files, $crashes crashes, $timeouts timeouts, $ooms out of memory (exit $rc)"
  if [ "$rc" != 0 ] && [ "$((crashes + timeouts + ooms))" = 0 ]; then
    # libFuzzer stopped without leaving an input: show why.
    tail -20 "$work/log-$target.txt" >&2
    status=1
  fi
  for c in "$work/crashes-$target"/*; do
    [ -f "$c" ] || continue
    kept="Tests/GradusRuntimeTests/FuzzRegressions/$target-$(basename "$c").grad"
    cp "$c" "$kept"
    echo "  kept $kept" >&2
    grep -E "^==[0-9]+==|ERROR|Fatal error|runtime failure|#[0-9]+ 0x" "$work/log-$target.txt" | head -12 >&2 || true
    status=1
  done
done
exit $status
