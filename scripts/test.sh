#!/usr/bin/env bash
# Runs every test: the Swift suites (engine, language, runtime, pictures, notebook and lessons,
# REPL), the Jupyter kernel through jupyter_client and nbclient, the design examples against
# PyTorch's values, the benchmark smoke runs, and style.
# Slow checks (fuzzing for minutes, full benchmarks) are separate: see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test

echo "== build (debug, with tests; warnings are errors)"
if ! swift build --build-tests 2>&1 | tee /tmp/gradus-build.log | grep -E "(warning|error):" ; then
  :
fi
if grep -qE "(warning|error):" /tmp/gradus-build.log; then
  echo "the build has warnings or errors (see above)"
  exit 1
fi
bin=$(swift build --show-bin-path)

echo "== swift test"
# The full log is long (parameterised cases print their arguments, some a megabyte long): show
# the failures and the closing line, keep the rest in /tmp/gradus-test.log.
swift test --skip-build --disable-xctest > /tmp/gradus-test.log 2>&1 || true
grep -E "^✘" /tmp/gradus-test.log | cut -c1-400 | head -n 100 || true
summary=$(grep -aE "Test run with [0-9]+ tests?" /tmp/gradus-test.log | tail -n 1 | cut -c1-200)
echo "$summary"
case "$summary" in
  *passed*) ;;
  *) echo "swift test failed (full log: /tmp/gradus-test.log)"; exit 1 ;;
esac

echo "== Jupyter kernel (jupyter_client, nbclient and nbformat from PyPI in .venv-jupyter)"
bash scripts/test-jupyter.sh

if [ -x ../shared/tools/check-examples ]; then
  echo "== design examples against PyTorch's values"
  ../shared/tools/check-examples "$bin/gradus"
fi

echo "== benchmark smoke (figures are not checked here, only that the benchmarks run)"
"$bin/gradus-bench" --quick --only network >/dev/null
"$bin/gradus-bench" --quick --only language >/dev/null
if [ -x scripts/bench-vs-torch.sh ]; then
  GRADUS="$bin/gradus" bash scripts/bench-vs-torch.sh --gradus-only --quick
fi

echo "== style"
swift format lint --strict -r Sources Tests
echo "all checks passed"
