#!/usr/bin/env bash
# Page weight (a script, not a test): what a reader's browser loads on a
# first visit to the home page, the first post and a typical synthetic post.
# The site is this checkout plus N generated posts (default 100;
# scripts/gen-corpus.py), built in a copy (scripts/bench-site.sh) and served
# by the real binary on loopback. Headless Chromium loads each page in a
# fresh profile (scripts/page-loads.py) and reports every request it made
# with the bytes it received, as sent (compressed if the server compressed).
#
# Per page: HTML bytes as identity, as the server sends them to
# `Accept-Encoding: br` (when it offers brotli at all) and `brotli -q 11` of
# the identity bytes; stylesheet and font bytes the browser loaded; the
# number of requests; the first visit's total. Targets: the first post's HTML
# under 14,600 bytes brotli (ten 1,460-byte segments, a fresh TCP
# connection's first round trip) and a first visit under 200,000 bytes.
#
#   scripts/page-weight.sh [N]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
n=${1:-100}
for tool in python3 curl brotli "${CHROMIUM:-/usr/bin/chromium}"; do
  command -v "$tool" >/dev/null || { echo "page-weight: $tool is required" >&2; exit 1; }
done
source scripts/bench-site.sh

# The first post: the oldest of this checkout's own posts.
first_post=$(python3 - posts <<'PY'
import pathlib, sys, tomllib
posts = []
for path in pathlib.Path(sys.argv[1]).glob("**/*.md"):
    front = tomllib.loads(path.read_text().split("+++")[1])
    name = path.parent.name if path.name == "index.md" else path.stem
    posts.append((front["date"], f'/posts/{front.get("slug", name)}/'))
print(min(posts)[1])
PY
)
typical=/posts/post-$(printf %05d $((n / 2)))/

echo "page-weight: building this checkout with $n generated posts" >&2
bench_site_prepare
cp -a posts/. "$bench_site/posts/"
python3 scripts/gen-corpus.py "$n" "$bench_site/posts"
bench_site_build --quiet

"$bench_site_binary" --listen 127.0.0.1:0 >"$bench_work/server.txt" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q 'serving on' "$bench_work/server.txt" && break
  sleep 0.1
done
base=$(sed -n 's|^phasespace: serving on \(http://[^/]*\)/$|\1|p' "$bench_work/server.txt")
[ -n "$base" ] || { cat "$bench_work/server.txt" >&2; exit 1; }

measurements=()
for page in / "$first_post" "$typical"; do
  echo "page-weight: $page" >&2
  curl -sf -H 'Accept-Encoding: identity' -o "$bench_work/page.html" "$base$page"
  identity=$(stat -c %s "$bench_work/page.html")
  brotli11=$(brotli -c -q 11 "$bench_work/page.html" | wc -c)
  curl -sf -H 'Accept-Encoding: br' -D "$bench_work/headers.txt" -o "$bench_work/page.br" "$base$page"
  if grep -qi '^content-encoding: *br' "$bench_work/headers.txt"; then
    served_br=$(stat -c %s "$bench_work/page.br")
  else
    served_br=none
  fi
  loads=$(python3 scripts/page-loads.py "$base$page")
  measurements+=("$page $identity $served_br $brotli11 $loads")
done

printf '%s\n' "${measurements[@]}" >"$bench_work/measurements.txt"
python3 - "$bench_work/measurements.txt" <<'PY'
import json, sys
FIRST_ROUND_TRIP, FIRST_VISIT = 14_600, 200_000
pages = []
for line in open(sys.argv[1]):
    page, identity, served_br, brotli11, loads = line.split(" ", 4)
    pages.append((page, int(identity), served_br, int(brotli11), json.loads(loads)["requests"]))

def of_type(requests, kind):
    return [r for r in requests if r["type"] == kind]

print("| page | HTML identity | HTML br as served | HTML brotli -q 11 | CSS loaded | fonts loaded | requests | first visit |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
for page, identity, served_br, brotli11, requests in pages:
    css = of_type(requests, "Stylesheet")
    fonts = of_type(requests, "Font")
    print(f"| `{page}` | {identity:,} | {served_br if served_br == 'none' else format(int(served_br), ',')} "
          f"| {brotli11:,} | {sum(r['transfer'] for r in css):,} ({len(css)}) "
          f"| {sum(r['transfer'] for r in fonts):,} ({len(fonts)}) | {len(requests)} "
          f"| {sum(r['transfer'] for r in requests):,} |")
print("\nBytes are on the wire as Chromium received them (headers included; compressed when the")
print("server compressed); (n) is the number of files. Every request of each first visit:\n")
for page, _, _, _, requests in pages:
    print(f"- `{page}`: " + "; ".join(
        f"{r['url'].split('/', 3)[3] or '/'} {r['type']} {r['status']} {r['encoding']} {r['transfer']:,}"
        for r in requests))
first = pages[1]
br = int(first[2]) if first[2] != "none" else first[3]
how = "as served" if first[2] != "none" else "brotli -q 11 (the server sent no brotli)"
verdict = "met" if br < FIRST_ROUND_TRIP else f"missed by {br - FIRST_ROUND_TRIP:,} bytes"
print(f"\nFirst post HTML, {how}: {br:,} bytes; target < {FIRST_ROUND_TRIP:,}: {verdict}.")
for page, _, _, _, requests in pages:
    total = sum(r["transfer"] for r in requests)
    verdict = "met" if total < FIRST_VISIT else f"missed by {total - FIRST_VISIT:,} bytes"
    print(f"First visit to `{page}`: {total:,} bytes; target < {FIRST_VISIT:,}: {verdict}.")
PY
