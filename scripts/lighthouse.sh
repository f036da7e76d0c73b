#!/usr/bin/env bash
# Lighthouse 12.2.3 (npm) with Debian's chromium on a page the real binary
# serves (default: the first post), mobile and desktop. Prints the four
# category scores and writes the full reports to target/lighthouse/.
# Needs `npm ci`. Usage: scripts/lighthouse.sh [PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-for-checks.sh

path=${1:-/posts/do-i-dare/}
out=target/lighthouse
mkdir -p "$out"
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for form in mobile desktop; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  node_modules/.bin/lighthouse "$BASE$path" "${preset[@]}" --quiet \
    --chrome-flags="$flags" --output=json --output=html --output-path="$out/$form" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const scores = Object.values(r.categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`);
    const failing = Object.values(r.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => `  ${a.id}: ${a.title}`);
    console.log(`${process.argv[2]}: ${scores.join(", ")}`);
    if (failing.length) console.log(failing.join("\n"));
  ' "$PWD/$out/$form.report.json" "$form"
done
echo "reports: $out/{mobile,desktop}.report.html"
