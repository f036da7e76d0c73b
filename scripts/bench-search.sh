#!/usr/bin/env bash
# Search's figures (issue 23, item 3), at N generated posts (default 1000,
# scripts/gen-corpus.py), side by side in one run on this machine:
#
#   - requests per second and p99 of a three-word search against the same
#     server's static post page (wrk, HTTP/1.1 keep-alive, brotli asked
#     for; ROUNDS rounds of DURATION s, the two cases alternating);
#   - the index's size (read from the packed table, site.bin) against the
#     site's text (the posts' markdown);
#   - the server's RSS before and after 10,000 searches of varied words;
#   - Pagefind (`npx pagefind`, its npm package runs offline) over the
#     same site exported for a static host (`phasespace export`): its index
#     on disk, and the bytes a reader's browser downloads for a first
#     search (Chromium through playwright-core, every response counted:
#     its JavaScript, WebAssembly, metadata, index chunks and the result
#     fragments it loads), against ours (one response).
#
# Figures are only worth quoting from a quiet machine (`uptime` load under
# the core count); the script prints the load beside each table.
#
#   scripts/bench-search.sh [N]
#
# Needs wrk, node with node_modules/playwright-core (npm ci), chromium,
# python3, curl; Pagefind is fetched by npx from the npm registry into
# the bench directory.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
n=${1:-1000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
QUERY=${QUERY:-cache+tensor+shard}
source scripts/bench-site.sh
for tool in wrk node curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-search: needs $tool" >&2; exit 1; }
done
load() { cut -d' ' -f1-3 /proc/loadavg; }

bench_site_prepare
python3 scripts/gen-corpus.py "$n" "$bench_site/posts"
echo "bench-search: building $n posts (release)" >&2
bench_site_build --quiet
out=$(ls -d "$CARGO_TARGET_DIR"/release/build/phasespace-*/out | while read -r d; do
  [ -f "$d/site.bin" ] && echo "$d"; done | head -1)

port=$((20000 + RANDOM % 20000))
"$bench_site_binary" --listen "127.0.0.1:$port" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
base="http://127.0.0.1:$port"
post=$(cd "$bench_site/posts" && ls | sort | sed -n "$((n / 2))p")
post="/posts/${post%.md}/"
search="/search?q=$QUERY"
curl -sf "$base$search" | grep -q 'class="search-results"' ||
  { echo "bench-search: $search found nothing" >&2; exit 1; }

echo
echo "== requests/s and p99, wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s x $ROUNDS rounds; load $(load)"
rate() { # path → "requests/s p99_ms"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -H 'Accept-Encoding: br, gzip' "$base$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
               p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
    END { printf "%.0f %.3f\n", rps, p99 }'
}
printf '%-6s %-40s %12s %10s\n' round path requests/s p99_ms
for round in $(seq "$ROUNDS"); do
  for path in "$post" "$search"; do
    read -r rps p99 < <(rate "$path")
    printf '%-6s %-40s %12s %10s\n' "$round" "$path" "$rps" "$p99"
  done
done

echo
echo "== sizes"
python3 - "$out/site.bin" "$bench_site/posts" <<'EOF'
import os, struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"PSPACK\x00\x02", "the packed table's version"
words_len, strings_len = struct.unpack_from("<II", data, 8)
words = struct.unpack_from(f"<{words_len}I", data, 16)
routes, redirects = words[0], words[1]
# The site's fields (14 words), the 404 page and the routes (21 words
# each), the redirects (4), the search flag, then the index's body.
at = 14 + 21 * (routes + 1) + 4 * redirects
assert words[at] == 1, "the table has a search section"
index = words[at + 2]
text = sum(os.path.getsize(os.path.join(root, f))
           for root, _, files in os.walk(sys.argv[2]) for f in files if f.endswith(".md"))
print(f"index {index:,} bytes; posts' markdown {text:,} bytes; ratio {index / text:.2f}")
print(f"packed table {len(data):,} bytes")
EOF

echo
echo "== RSS (VmRSS) before and after 10,000 searches; load $(load)"
rss() { sed -n 's/^VmRSS: *//p' "/proc/$pid/status"; }
echo "before: $(rss)"
python3 - "$port" <<'EOF'
import http.client, itertools, sys
words = ("cache tensor shard replica kernel batch throughput latency queue scheduler "
         "gradient optimizer checkpoint pipeline token attention memory bandwidth").split()
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for i, (a, b) in zip(range(10_000), itertools.cycle(itertools.product(words, words))):
    query = f"{a}+{b}" if i % 3 else f"%22{a}+{b}%22"
    conn.request("GET", f"/search?q={query}&page={1 + i % 3}")
    response = conn.getresponse()
    response.read()
    assert response.status == 200, (query, response.status)
EOF
echo "after:  $(rss)"

echo
echo "== Pagefind over the export for a static host; load $(load)"
site=$bench_work/export
rm -rf "$site" && "$bench_site_binary" export "$site" >/dev/null 2>&1
(cd "$bench_work" && npx --yes pagefind@1 --site "$site" >/dev/null)
echo "pagefind index on disk: $(du -sb "$site/pagefind" | cut -f1) bytes in $(find "$site/pagefind" -type f | wc -l) files"
python3 -m http.server --bind 127.0.0.1 $((port + 1)) --directory "$site" >/dev/null 2>&1 &
static=$!
trap 'kill $pid $static 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$((port + 1))/" >/dev/null; do sleep 0.05; done
node --input-type=module - "http://127.0.0.1:$((port + 1))" "${QUERY//+/ }" <<'EOF'
import { chromium } from 'playwright-core';
const [staticBase, words] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium' });
const bytes = async (url, run) => {
  const page = await browser.newPage();
  await page.goto(url);
  let total = 0, count = 0;
  page.on('response', async (r) => {
    const body = await r.body().catch(() => Buffer.alloc(0));
    total += body.length; count += 1;
  });
  await run(page);
  await page.waitForTimeout(500);
  await page.close();
  return [total, count];
};
// Pagefind's first search from a page of the site: its script, its
// WebAssembly, its metadata and chunks, and the ten results' fragments.
const [pf, pfCount] = await bytes(`${staticBase}/`, (page) => page.evaluate(async (words) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(words);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return search.results.length;
}, words));
console.log(`first search, bytes downloaded (decoded): pagefind ${pf} in ${pfCount} responses`);
await browser.close();
EOF
echo "first search, bytes downloaded: phasespace $(curl -s -o /dev/null -w '%{size_download}' "$base$search") in 1 response (identity; no coding at run time)"
