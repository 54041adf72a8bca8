#!/usr/bin/env bash
# The Jupyter kernel's logo as PNG: draws Sources/GradusKernel/Resources/logo-svg.svg with
# headless Chromium at 32 and 64 pixels (transparent outside the rounded square) and writes
# logo-32x32.png and logo-64x64.png beside it. `gradus kernel install` copies all three into
# the kernelspec (they are compiled into the binary). Run after editing the SVG, look at the
# PNGs, commit them. CHROMIUM=PATH picks another browser.
set -euo pipefail
cd "$(dirname "$0")/../Sources/GradusKernel/Resources"
chromium=${CHROMIUM:-chromium}
page=$(mktemp -d)
trap 'rm -rf "$page"' EXIT
cp logo-svg.svg "$page/"
for size in 32 64; do
  cat >"$page/logo-$size.html" <<HTML
<!doctype html><html><body style="margin:0;background:transparent">
<img src="logo-svg.svg" width="$size" height="$size" style="display:block"></body></html>
HTML
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --default-background-color=00000000 --window-size="$size,$size" \
    --screenshot="$PWD/logo-${size}x${size}.png" "file://$page/logo-$size.html" >/dev/null 2>&1
  echo "wrote logo-${size}x${size}.png"
done
