#!/usr/bin/env bash
# Refreshes the third-party files under static/ from the npm registry: the
# Source Serif 4 and JetBrains Mono woff2 files (Latin and Latin Extended
# subsets only) and KaTeX's stylesheet and fonts, each with its licence, and
# KaTeX's script (with mhchem) under render/vendor/katex.
# Run by hand when upgrading; the build itself needs only cargo.
#
# KaTeX's script and stylesheet come from one version: its HTML and CSS go
# together.
set -euo pipefail
cd "$(dirname "$0")/.."

SERIF=@fontsource-variable/source-serif-4@5.3.1
MONO=@fontsource-variable/jetbrains-mono@5.3.0
KATEX=katex@0.16.4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pkg in "$SERIF" "$MONO" "$KATEX"; do
  name=$(cd "$tmp" && npm pack --silent "$pkg")
  mkdir -p "$tmp/${name%.tgz}"
  tar xzf "$tmp/$name" -C "$tmp/${name%.tgz}"
done
serif=$(echo "$tmp"/fontsource-variable-source-serif-4-*/package)
mono=$(echo "$tmp"/fontsource-variable-jetbrains-mono-*/package)
katex=$(echo "$tmp"/katex-*/package)

# Fonts: the "opsz" files carry both the weight and optical-size axes.
rm -rf static/fonts static/katex
mkdir -p static/fonts static/katex/fonts
for subset in latin latin-ext; do
  for style in normal italic; do
    cp "$serif/files/source-serif-4-$subset-opsz-$style.woff2" static/fonts/
  done
  cp "$mono/files/jetbrains-mono-$subset-wght-normal.woff2" static/fonts/
done
# The licences, each headed by its copyright notice. Fontsource's file for
# Source Serif 4 names "Google Inc." and no Reserved Font Name; Adobe's
# (adobe-fonts/source-serif, LICENSE.md) and the fonts' own copyright
# record reserve "Source", so the notice is the fonts' own. KaTeX's package
# licence (MIT) covers its code; its fonts are under the OFL, their notice
# only in their name tables (IDs 0 and 13), so it is written out here.
ofl() { sed -n '/^This Font Software is licensed/,$p' "$mono/LICENSE"; }
{
  printf '%s\n\n' "© 2014 - 2021 Adobe Systems Incorporated (http://www.adobe.com/), with Reserved Font Name ‘Source’."
  ofl
} >static/fonts/LICENSE-source-serif-4.txt
cp "$mono/LICENSE" static/fonts/LICENSE-jetbrains-mono.txt

# KaTeX: woff2 only (every browser that runs this CSS reads woff2), at
# absolute paths so the stylesheet can be served from anywhere, and
# font-display: swap so formulas are never invisible while the fonts load.
# The families are renamed PhaseMath_* (the file names stay): the site's
# cut fonts go by that name, since each KaTeX_* name is reserved
# (render/src/fonts/names.rs).
cp "$katex"/dist/fonts/*.woff2 static/katex/fonts/
cp "$katex/LICENSE" static/katex/LICENSE.txt
rm -rf render/vendor/katex
mkdir -p render/vendor/katex
cp "$katex/dist/katex.min.js" "$katex/dist/contrib/mhchem.min.js" render/vendor/katex/
cp "$katex/LICENSE" render/vendor/katex/LICENSE
{
  printf '%s\n' "Copyright (c) 2009-2010, Design Science, Inc. (<www.mathjax.org>)" \
    "Copyright (c) 2014-2018 Khan Academy (<www.khanacademy.org>)," \
    "with Reserved Font Names KaTeX_AMS, KaTeX_Caligraphic, KaTeX_Fraktur," \
    "KaTeX_Main, KaTeX_Math, KaTeX_SansSerif, KaTeX_Script, KaTeX_Size1," \
    "KaTeX_Size2, KaTeX_Size3, KaTeX_Size4 and KaTeX_Typewriter." ""
  ofl
} >static/katex/LICENSE-fonts.txt
sed -E \
  -e 's#@font-face\{font-family:#@font-face{font-display:swap;font-family:#g' \
  -e 's#src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\("woff2"\),url\(fonts/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)#src:url("/static/katex/fonts/\1.woff2") format("woff2")#g' \
  -e 's#KaTeX_#PhaseMath_#g' -e 's#fonts/PhaseMath_#fonts/KaTeX_#g' \
  "$katex/dist/katex.min.css" >static/katex/katex.min.css
if grep -q 'url(fonts/' static/katex/katex.min.css; then
  echo "vendor-assets: KaTeX's CSS changed shape; some url(fonts/…) was not rewritten" >&2
  exit 1
fi
echo "vendor-assets: static/fonts and static/katex refreshed"
