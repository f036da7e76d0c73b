#!/usr/bin/env bash
# The image budget: what a 4,000 × 3,000 PNG screenshot beside a post costs
# a reader, and what it costs the writer's build.
#
# 1. Serves a copy of the site with the preview (debug build; the image
#    crates are optimised in every profile) and takes the screenshot with
#    headless chromium: this site's second post at 1000 × 750 on a 4×
#    screen, text and a chart in the frame (scripts/image-budget.mjs shot).
# 2. Adds a post showing it and starts the preview again: the first build
#    encodes that one new image (the cache, kept beside the preview, holds
#    the rest), its time is printed; then a sentence is appended to the
#    post, and the rebuild's time shows nothing was encoded again.
# 3. Loads the post in chromium at 1280 px (DPR 1) and at 390 px (DPR 2
#    and 3) and prints the image bytes each fetched and the page's CLS
#    (scripts/image-budget.mjs fetch); fails if the desktop fetched over
#    150 KB, the phone over 60 KB, or the page shifted.
#
# usage: scripts/image-budget.sh
# needs: node with node_modules/playwright-core (npm ci), chromium
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q -p preview
preview="${CARGO_TARGET_DIR:-target}/debug/preview"
work=$(mktemp -d)
log="$work/preview.log"
pid=
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap 'stop; rm -rf "$work"' EXIT
mkdir "$work/site"
cp -a site.toml posts static "$work/site/"

# Starts the preview on the copy and sets BASE; prints its build line.
start() {
  : >"$log"
  "$preview" --root "$work/site" --listen 127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  BASE=
  for _ in $(seq 1200); do
    BASE=$(sed -n 's#^.*serving on \(http://[^/]*\)/.*$#\1#p' "$log" | head -1)
    [ -n "$BASE" ] && break
    sleep 0.1
  done
  [ -n "$BASE" ] || { echo "the preview did not start: $(cat "$log")" >&2; exit 1; }
  grep -m1 'built in' "$log"
}

echo "== the screenshot"
start
node scripts/image-budget.mjs shot "$BASE/posts/forty-three-microseconds/" "$work/shot.png"
stop
ls -l "$work/shot.png" | awk '{print "screenshot.png:", $5, "bytes"}'

echo "== the build, with one new 4000 × 3000 image"
mkdir "$work/site/posts/image-budget"
cp "$work/shot.png" "$work/site/posts/image-budget/screenshot.png"
cat >"$work/site/posts/image-budget/index.md" <<'POST'
+++
title = "The image budget"
date = 2026-12-02
+++

A screenshot, as a writer drops it beside a post.

![This site's second post in a browser: a paragraph, then a histogram of request times](screenshot.png "A 4,000 × 3,000 screenshot")

Text after it.
POST
start
uptime
echo "== a text edit: nothing is encoded again"
echo "One more sentence." >>"$work/site/posts/image-budget/index.md"
for _ in $(seq 600); do grep -q 'rebuilt in' "$log" && break; sleep 0.1; done
grep -m1 'rebuilt in' "$log"

echo "== what readers fetch"
report=$(node scripts/image-budget.mjs fetch "$BASE/posts/image-budget/")
echo "$report"
uptime
stop

# The budget: 150 KB on the desktop, 60 KB on the phone, no layout shift.
status=0
while read -r view px dpr bytes cls; do
  limit=$([ "$view" = desktop ] && echo 150000 || echo 60000)
  verdict=ok
  if [ "$bytes" -gt "$limit" ] || [ "$cls" != "0.0000" ]; then verdict=OVER; status=1; fi
  echo "budget: $view $px DPR $dpr: $bytes bytes (limit $limit), CLS $cls: $verdict"
done < <(echo "$report" | sed -n 's/^\(desktop\|phone\) \([0-9]*\) px DPR \([0-9]*\): \([0-9]*\) image bytes, CLS \([0-9.]*\)$/\1 \2 \3 \4 \5/p')
exit $status
