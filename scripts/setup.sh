#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with Swift lacks for Gradus (the OpenBLAS and
# libedit development packages, pkg-config), then builds the release binary.
set -euo pipefail
need=()
for pkg in libopenblas-dev libedit-dev pkg-config; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi
swift build -c release --product gradus >&2
