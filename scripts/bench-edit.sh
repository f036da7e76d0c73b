#!/usr/bin/env bash
# The writer's wait after an edit, with cargo alone (a script, not a test;
# `cargo preview` is the faster loop: scripts/bench-preview.py). In a copy
# of this checkout (scripts/bench-site.sh), it measures, end to end (build
# script, rustc, link, start):
#
#   - the repository's posts: one sentence appended to the first post, then
#     `cargo run --release` until the new sentence is served;
#   - N generated posts (default 1000, scripts/gen-corpus.py): `cargo build`
#     (debug) after one post edited; and a cold `cargo build`, the render
#     cache emptied (dependencies compiled already: they are not the site's).
#
# Each timing is repeated $REPEAT times (default 5); it prints the median
# and the max. The first builds of the copy compile its crates: not timed.
#
#   scripts/bench-edit.sh [N]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
n=${1:-1000}
REPEAT=${REPEAT:-5}
source scripts/bench-site.sh

now() { date +%s.%N; }
# Median and max of the numbers on stdin, in seconds.
summary() { python3 -c 'import sys, statistics as s; t = [float(x) for x in sys.stdin.read().split()]; print(f"median {s.median(t):.2f} s, max {max(t):.2f} s ({len(t)} runs)")'; }
append() { printf '\nOne more sentence, written at %s.\n' "$2" >>"$1"; }

bench_site_prepare
cp -a posts/. "$bench_site/posts/"
echo "bench-edit: compiling the copy (release and debug; not timed)" >&2
bench_site_build --quiet
(cd "$bench_site" && cargo build --quiet)

echo "bench-edit: repository posts, edit → cargo run --release → served" >&2
port=$((20000 + RANDOM % 20000))
first_post=$(find "$bench_site/posts" -name '*.md' | sort | head -1)
slug=$(basename "$first_post" .md)
for _ in $(seq "$REPEAT"); do
  token="sentence-$(date +%s%N)"
  start=$(now)
  append "$first_post" "$token"
  (cd "$bench_site" && exec cargo run --release --quiet -- --listen "127.0.0.1:$port") >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/posts/$slug/" 2>/dev/null | grep -q "$token"; do sleep 0.02; done
  end=$(now)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pkill -f "$CARGO_TARGET_DIR/release/phasespace --listen 127.0.0.1:$port" 2>/dev/null || true
  echo "$end - $start" | bc
done | summary | sed 's/^/  repository posts, edit → served by cargo run --release: /'

echo "bench-edit: $n generated posts" >&2
rm -rf "$bench_site/posts"
python3 scripts/gen-corpus.py "$n" "$bench_site/posts"
(cd "$bench_site" && cargo build --quiet) # renders them all once: not timed
middle="$bench_site/posts/post-$(printf %05d $((n / 2))).md"
for _ in $(seq "$REPEAT"); do
  append "$middle" "$(date +%s%N)"
  start=$(now)
  (cd "$bench_site" && cargo build --quiet)
  echo "$(now) - $start" | bc
done | summary | sed "s/^/  $n posts, one edited → cargo build: /"
for _ in $(seq "$REPEAT"); do
  find "$CARGO_TARGET_DIR/debug/build" -path '*/phasespace-*/out/render-cache.bin' -delete
  append "$middle" "$(date +%s%N)"
  start=$(now)
  (cd "$bench_site" && cargo build --quiet)
  echo "$(now) - $start" | bc
done | summary | sed "s/^/  $n posts, cold (render cache emptied) → cargo build: /"
echo "bench-edit: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
