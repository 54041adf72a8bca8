#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Gradus needs that a fresh machine with Swift lacks:
# OpenBLAS, libedit, jemalloc, cmark-gfm, ZeroMQ and OpenSSL's libcrypto (headers; the last two for
# the Jupyter kernel), pkg-config; with --test also python3-venv (the Jupyter tests), Chromium
# (the export tests open exported notebooks in a real headless browser) and the fonts it needs
# to draw them: a math font (DejaVu Math TeX Gyre) and a Chinese one (WenQuanYi Micro Hei).
set -euo pipefail
packages=(libopenblas-dev libedit-dev libjemalloc-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libzmq3-dev libssl-dev pkg-config)
[ "${1:-}" = "--test" ] && packages+=(chromium fonts-dejavu-extra fonts-wqy-microhei
  python3-venv)
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
