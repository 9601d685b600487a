#!/usr/bin/env bash
# Renders the application icon (careconsole.svg, and careconsole-16.svg for 16-24 px) into the PNG
# sizes of the hicolor theme, the Windows .ico and the macOS .icns. The results are committed, so
# building on Windows or macOS needs none of these tools; run this after changing an SVG.
# Needs rsvg-convert (librsvg2-bin), convert (imagemagick) and png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"

render() { # size output
    local source=careconsole.svg
    [ "$1" -le 24 ] && source=careconsole-16.svg
    rsvg-convert --width "$1" --height "$1" "$source" --output "$2"
}

mkdir -p png
for size in 16 22 24 32 48 64 128 256 512; do
    render "$size" "png/careconsole-$size.png"
done
# Windows: one .ico with the sizes Explorer and the taskbar ask for.
convert png/careconsole-16.png png/careconsole-24.png png/careconsole-32.png png/careconsole-48.png \
    png/careconsole-64.png png/careconsole-256.png careconsole.ico
# macOS: png2icns takes 16, 32, 48, 128, 256 and 512.
png2icns careconsole.icns png/careconsole-16.png png/careconsole-32.png png/careconsole-48.png \
    png/careconsole-128.png png/careconsole-256.png png/careconsole-512.png >/dev/null
