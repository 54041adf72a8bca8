#!/usr/bin/env bash
# Sets up a fresh machine (apt packages, release build) and starts Gradus.
# Arguments are passed to gradus; without any it starts the interactive notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec "$(swift build -c release --show-bin-path)/gradus" "$@"
