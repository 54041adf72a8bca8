#!/usr/bin/env bash
# Runs every test: the Swift test suites, the design examples against PyTorch's values, style.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests 2>&1 | tee /tmp/gradus-build.log | grep -E "warning:|error:" && { echo "build has warnings or errors"; exit 1; } || true
swift test --skip-build --disable-xctest 2>&1 | tail -n 40
if [ -d ../shared/tools ]; then
  ../shared/tools/check-examples "$(swift build -c release --show-bin-path)/gradus"
fi
swift format lint --strict -r Sources Tests
echo "all checks passed"
