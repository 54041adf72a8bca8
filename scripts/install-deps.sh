#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Gradus needs that a fresh machine with Swift lacks:
# OpenBLAS, libedit and jemalloc (headers), pkg-config; with --test also Chromium (the export
# tests open exported notebooks in a real headless browser).
set -euo pipefail
packages=(libopenblas-dev libedit-dev libjemalloc-dev pkg-config)
[ "${1:-}" = "--test" ] && packages+=(chromium)
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
