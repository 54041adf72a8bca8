#!/usr/bin/env bash
# Runs the whole Swift test suite under AddressSanitizer (with LeakSanitizer): a debug build
# with -sanitize=address of every target, tests and the `gradus` binary the tests start as a
# child process, in its own build folder (.build-asan) so the normal build is kept.
#   scripts/test-asan.sh [--filter PATTERN]     (extra arguments go to `swift test`)
# Not part of scripts/test.sh or CI: the build and the run take tens of minutes.
#
# Every process (the test runner and each `gradus` child) writes what ASan finds to its own file,
# .build-asan/reports/asan.PID, so a report from a child whose stderr a test swallows is kept.
# Prints the test summary and the first lines of every report; exits 1 if a test failed or
# ASan reported anything, 2 if the build failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-asan
flags=(-c debug --sanitize=address --scratch-path "$scratch")
# The toolchain's lld links the sanitized binaries (gold has failed on them, see fuzz.sh).
if command -v ld.lld > /dev/null || [ -x "$(dirname "$(command -v swift)")/ld.lld" ]; then
  flags+=(-Xswiftc -use-ld=lld)
fi
mkdir -p "$scratch"

echo "== build (debug, -sanitize=address, in $scratch)"
. scripts/retry-build.sh
built=0
if retry_build "$scratch/build.log" --build-tests "${flags[@]}"; then
  built=1
fi
if [ "$built" != 1 ]; then
  grep -E "error:" "$scratch/build.log" | head -20 >&2 || tail -20 "$scratch/build.log" >&2
  echo "the ASan build failed (log: $scratch/build.log)" >&2
  exit 2
fi

reports="$PWD/$scratch/reports"
rm -rf "$reports"
mkdir -p "$reports"
echo "== swift test under AddressSanitizer (reports in $reports)"
# detect_leaks is LeakSanitizer, on by default on Linux; said here so the intent is visible.
# Children inherit ASAN_OPTIONS, so each `gradus` a test starts reports to the same folder.
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan:${ASAN_OPTIONS:-}"
status=0
swift test --skip-build --disable-xctest "${flags[@]}" "$@" > "$scratch/test.log" 2>&1 || status=$?
grep -E "^✘" "$scratch/test.log" | cut -c1-400 | head -n 100 || true
summary=$(grep -aE "Test run with [0-9]+ tests?" "$scratch/test.log" | tail -n 1 | cut -c1-200)
echo "${summary:-no summary: the test process stopped (exit $status); log: $scratch/test.log}"

found=0
for report in "$reports"/asan.*; do
  [ -e "$report" ] || continue
  found=$((found + 1))
  echo "-- $report"
  grep -E "^(==[0-9]+==ERROR|SUMMARY|Direct|Indirect|    #[0-9] )" "$report" | head -n 40
done
echo "ASan reports: $found (log: $scratch/test.log)"
if [ "$found" != 0 ] || [ "$status" != 0 ] || [[ "$summary" != *passed* ]]; then
  exit 1
fi
echo "clean under AddressSanitizer"
