#!/usr/bin/env bash
# Search's figures (issue 23, item 3), at N generated posts (default 1000,
# scripts/gen-corpus.py), side by side in one run on this machine:
#
#   - the server's RSS at start and after 10,000 searches of varied words
#     (one connection, one after another; before any other load), with
#     its anonymous and file-backed parts;
#   - requests per second and p99 of a three-word search against the same
#     server's static post page (wrk, HTTP/1.1 keep-alive, brotli asked
#     for; ROUNDS rounds of DURATION s, the two cases alternating), each
#     round's ratio and the ratio of the medians (target >= 0.25), the
#     load at the end of each row, and the RSS after the rounds;
#   - the index's size (read from the packed table, site.bin) against the
#     site's text (the posts' markdown);
#   - Pagefind (`npx pagefind`, its npm package runs offline) over the
#     same site exported for a static host (`phasespace export`): its index
#     on disk, and the bytes a reader's browser downloads for a first
#     search (Chromium through playwright-core, every response counted:
#     its JavaScript, WebAssembly, metadata, index chunks and the result
#     fragments it loads; the page the search starts from is not
#     counted), against ours (one response). Both as sent uncompressed
#     (the server does not compress search pages; python's http.server
#     compresses nothing), and as gzip -6 would send the text (Pagefind's
#     scripts and JSON; its index files are gzip already).
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
# The table just built: the newest, if older builds of the copy left theirs.
table=$(ls -t "$CARGO_TARGET_DIR"/release/build/phasespace-*/out/site.bin | head -1)

port=$((20000 + RANDOM % 20000))
"$bench_site_binary" --listen "127.0.0.1:$port" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
base="http://127.0.0.1:$port"
# Resident memory, and how much of it is the binary's own pages (the
# index is read in place: its pages count once they are touched).
rss() { awk '/^(VmRSS|RssAnon|RssFile):/ { kb[$1] = $2 }
  END { printf "%d kB (anonymous %d kB, file-backed %d kB)", kb["VmRSS:"], kb["RssAnon:"], kb["RssFile:"] }' \
  "/proc/$pid/status"; }
rss_start=$(rss)
post=/posts/post-$(printf %05d $((n / 2)))/
search="/search?q=$QUERY"
curl -sf -o /dev/null "$base$post" || { echo "bench-search: $post is not served" >&2; exit 1; }
curl -sf "$base$search" | grep -q 'class="search-results"' ||
  { echo "bench-search: $search found nothing" >&2; exit 1; }

echo
echo "== RSS (VmRSS), 10,000 searches of varied words on one connection; load $(load)"
echo "at start:              $rss_start"
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
echo "after 10,000 searches: $(rss)"

echo
echo "== requests/s and p99, wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s x $ROUNDS rounds; load $(load)"
rate() { # path → "requests/s p99_ms socket_errors non_2xx"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -H 'Accept-Encoding: br, gzip' "$base$1" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
               p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
    /Socket errors/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx/ { bad = $NF }
    END { printf "%.0f %.3f %d %d\n", rps, p99, errors, bad }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
  END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
row() { printf '%-6s %-32s %12s %10s %7s %6s\n' "$@" | sed 's/ *$//'; }
row round path requests/s p99_ms errors load
declare -A rps_of p99_of
for round in $(seq "$ROUNDS"); do
  for path in "$post" "$search"; do
    read -r rps p99 errors bad < <(rate "$path")
    [ "$bad" = 0 ] || { echo "bench-search: $path answered $bad non-2xx responses" >&2; exit 1; }
    rps_of[$path]+=" $rps" p99_of[$path]+=" $p99"
    row "$round" "$path" "$rps" "$p99" "$errors" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  echo "       search / post: $(awk -v s="$rps" -v p="${rps_of[$post]##* }" 'BEGIN { printf "%.2f", s / p }')x"
done
# shellcheck disable=SC2086 # the lists split into their numbers
{
  post_rps=$(median ${rps_of[$post]}) search_rps=$(median ${rps_of[$search]})
  row median "$post" "$post_rps" "$(median ${p99_of[$post]})"
  row median "$search" "$search_rps" "$(median ${p99_of[$search]})"
}
echo "median search / median post: $(awk -v s="$search_rps" -v p="$post_rps" 'BEGIN { printf "%.2f", s / p }')x (target >= 0.25x)"
echo "RSS after the rounds: $(rss)"

echo
echo "== sizes"
python3 - "$table" "$bench_site/posts" <<'EOF'
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
echo "== Pagefind over the export for a static host; load $(load)"
site=$bench_work/export
rm -rf "$site" && "$bench_site_binary" export "$site" >/dev/null 2>&1
(cd "$bench_work" && npx --yes pagefind@1 --site "$site" >/dev/null)
pagefind=$site/pagefind
files() { find "$@" -type f -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d bytes in %d files", s, n }'; }
echo "$(cd "$bench_work" && npx --yes pagefind@1 --version), on disk:"
echo "  all it writes:                         $(files "$pagefind")"
echo "  the index (pf_meta, index/, fragment/): $(files "$pagefind"/*.pf_meta "$pagefind/index" "$pagefind/fragment")"
python3 -m http.server --bind 127.0.0.1 $((port + 1)) --directory "$site" >/dev/null 2>&1 &
static=$!
trap 'kill $pid $static 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$((port + 1))/" >/dev/null; do sleep 0.05; done
echo "first search (${QUERY//+/ }), bytes a reader downloads:"
node --input-type=module - "http://127.0.0.1:$((port + 1))" "${QUERY//+/ }" <<'EOF'
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
const [staticBase, words] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium' });
const page = await browser.newPage();
await page.goto(`${staticBase}/`);
// Pagefind's first search from a page of the site: its script, its
// worker, its WebAssembly, its metadata and chunks, and the ten results'
// fragments; whatever else the page loads meanwhile (its icon) is not
// Pagefind's.
const kinds = { js: 'scripts', json: 'metadata', pf_meta: 'metadata', pagefind: 'WebAssembly',
  pf_index: 'index chunks', pf_fragment: 'fragments' };
const seen = [];
page.on('response', (r) => {
  const url = new URL(r.url());
  if (!url.pathname.startsWith('/pagefind/')) return;
  seen.push(r.body().then((body) => [kinds[url.pathname.split('.').pop()] ?? 'other', body],
    () => ['other', Buffer.alloc(0)]));
});
const results = await page.evaluate(async (words) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(words);
  await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return search.results.length;
}, words);
await page.waitForTimeout(500);
let total = 0, gzipped = 0;
const byKind = {};
for (const [kind, body] of await Promise.all(seen)) {
  total += body.length;
  // A static host compresses text; Pagefind's own files are gzip already.
  gzipped += ['scripts', 'metadata'].includes(kind) ? gzipSync(body, { level: 6 }).length : body.length;
  byKind[kind] = (byKind[kind] ?? [0, 0]).map((v, i) => v + [body.length, 1][i]);
}
console.log(`  pagefind:   ${total} bytes in ${seen.length} responses (${gzipped} with its text gzipped); ${results} results`);
console.log(`    ${Object.entries(byKind).map(([k, [b, n]]) => `${k} ${b} in ${n}`).join(', ')}`);
await browser.close();
EOF
curl -sf -o "$bench_work/search.html" "$base$search"
summary=$(sed -n 's|.*<p class="search-summary">\(.*\)</p>.*|\1|p' "$bench_work/search.html" | sed 's|</p>.*||; s|<[^>]*>||g')
echo "  phasespace: $(stat -c %s "$bench_work/search.html") bytes in 1 response ($(gzip -6 <"$bench_work/search.html" | wc -c) gzipped; sent uncompressed); $summary"
