#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with Swift lacks, then builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product gradus >&2
