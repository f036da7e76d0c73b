#!/usr/bin/env bash
# Build-time scale benchmark (a script, not a test). For N generated posts
# (default 10, 100 and 1000; `scripts/gen-corpus.py`) it measures, in one run:
#
#   - the render step alone (`render/examples/render_time.rs`: read inputs,
#     load the render cache, build_site, save the cache), cold on one
#     thread, cold in parallel, and after one post changed, with its peak
#     memory;
#   - Hugo building the same markdown (cold, and after one post changed,
#     which for Hugo is the same full build);
#   - `cargo build --release` of the site with those posts and its render
#     cache emptied ("full": build script, rustc of the server crate, link),
#     and again after one post changed; the build script's and the server
#     crate's shares from cargo's own `--timings`; the binary's size; the
#     build's peak memory (GNU time's max RSS: the largest single process).
#
# Render and Hugo figures are the fastest of $REPEAT runs (default 3); the
# cargo builds run once. Timings on a shared machine are noisy: compare
# figures of the same run and quote ratios.
#
#   scripts/bench-build.sh [N ...]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
REPEAT=${REPEAT:-3}
for tool in hugo python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-build: $tool is required" >&2; exit 1; }
done
source scripts/bench-site.sh

echo "bench-build: building the render_time example and the site copy" >&2
cargo build --quiet --release -p render --example render_time --target-dir target
render_time=$PWD/target/release/examples/render_time
bench_site_prepare
cp -a posts/. "$bench_site/posts/"
bench_site_build --quiet # compiles the copy's crates once: not measured
cache=$bench_work/render-cache.bin

# A one-post edit: a sentence appended to the middle post of DIR.
change_post() { # DIR N
  printf '\nOne more sentence, written at %s.\n' "$(date +%s%N)" \
    >>"$1/post-$(printf %05d $(($2 / 2))).md"
}
# Runs a command; prints its wall seconds and max RSS in MiB. Its output
# is left in $bench_work/out.txt.
measure() {
  /usr/bin/time -f '%e %M' -o "$bench_work/time.txt" "$@" >"$bench_work/out.txt" 2>&1 ||
    { cat "$bench_work/out.txt" >&2; return 1; }
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$bench_work/time.txt"
}
# The fastest of $REPEAT runs of a command that prints "SECONDS MIB".
best_of() {
  for _ in $(seq "$REPEAT"); do "$@"; done | sort -n | head -1
}
# One render_time run: its own total seconds and its peak MiB, after
# checking how many posts it rendered rather than took from the cache.
render_run() { # EXPECTED_RENDERED ARGS...
  local expected=$1 mib line
  shift
  mib=$(measure "$render_time" "$@" | cut -d' ' -f2)
  line=$(cat "$bench_work/out.txt")
  [[ " $line " == *" rendered=$expected "* ]] ||
    { echo "bench-build: expected $expected posts rendered: $line" >&2; return 1; }
  echo "$(tr ' ' '\n' <<<"$line" | sed -n 's/^total_s=//p') $mib"
}
render_one_thread() { (export RAYON_NUM_THREADS=1 && render_run "$n" "$bench_site"); }
render_cold() { rm -f "$cache" && render_run "$n" "$bench_site" "$cache"; }
render_changed() { change_post "$bench_site/posts" "$n" && render_run 1 "$bench_site" "$cache"; }

hugo_site=$bench_work/hugo
rm -rf "$hugo_site" && mkdir -p "$hugo_site/layouts/_default"
cat >"$hugo_site/hugo.toml" <<'TOML'
baseURL = "http://127.0.0.1:8080/"
title = "phase space"
[markup.highlight]
noClasses = false
TOML
cat >"$hugo_site/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><p>{{ .Params.subtitle }}</p>{{ .Content }}</body></html>
HTML
cat >"$hugo_site/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul></body></html>
HTML
cp "$hugo_site/layouts/_default/list.html" "$hugo_site/layouts/index.html"
hugo_run() {
  rm -rf "$hugo_site/public"
  measure hugo --quiet -s "$hugo_site" -d "$hugo_site/public"
  local published
  published=$(find "$hugo_site/public/posts" -name index.html | wc -l)
  [ "$published" -gt "$n" ] || { echo "bench-build: Hugo published $published pages" >&2; return 1; }
}
hugo_changed() { change_post "$hugo_site/content/posts" "$n" && hugo_run; }

# One cargo build of the copy: "SECONDS MIB BUILD_RS_SECONDS SERVER_CRATE_SECONDS".
cargo_run() {
  local build shares
  build=$(cd "$bench_site" && measure cargo build --release --timings)
  shares=$(python3 - "$CARGO_TARGET_DIR/cargo-timings/cargo-timing.html" <<'PY'
import json, sys
html = open(sys.argv[1]).read()
start = html.index("UNIT_DATA = ") + len("UNIT_DATA = ")
units = json.JSONDecoder().raw_decode(html[start:])[0]
def seconds(target):
    return sum(u["duration"] for u in units if u["name"] == "phasespace" and u["target"] == target)
print(f'{seconds(" build-script (run)"):.2f} {seconds(" phasespace " + chr(34) + "bin" + chr(34)):.2f}')
PY
)
  echo "$build $shares"
}

rows=()
for n in "${sizes[@]}"; do
  echo "bench-build: $n posts" >&2
  rm -rf "$bench_site/posts"
  python3 scripts/gen-corpus.py "$n" "$bench_site/posts"
  rm -rf "$hugo_site/content" && mkdir -p "$hugo_site/content"
  cp -a "$bench_site/posts" "$hugo_site/content/posts"

  one_thread=$(best_of render_one_thread)
  cold=$(best_of render_cold)
  changed=$(best_of render_changed)
  hugo=$(best_of hugo_run)
  hugo_again=$(best_of hugo_changed)

  find "$CARGO_TARGET_DIR/release/build" -path '*/phasespace-*/out/render-cache.bin' -delete
  full=$(cargo_run)
  change_post "$bench_site/posts" "$n"
  rebuild=$(cargo_run)
  binary=$(stat -c %s "$bench_site_binary")

  rows+=("$n $one_thread $cold $changed $hugo $hugo_again $full $rebuild $binary")
done

echo "bench-build: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
printf '%s\n' "${rows[@]}" | python3 -c '
import sys
rows = [[float(x) for x in line.split()] for line in sys.stdin if line.strip()]
print("Render step, seconds (fastest of several runs); Hugo 0.111 builds the same markdown,")
print("its $…$ math left as text (0.111 has no passthrough extension; nothing runs KaTeX).\n")
print("| posts | cold, 1 thread | cold | 1 post changed | peak MiB | Hugo | Hugo, 1 post changed | Hugo peak MiB | cold ÷ Hugo | changed ÷ Hugo |")
print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for (n, one, _, cold, mib, warm, _, hugo, hugo_mib, hugo2, _, *_) in rows:
    print(f"| {n:.0f} | {one:.2f} | {cold:.2f} | {warm:.2f} | {mib:.0f} | {hugo:.2f} | {hugo2:.2f} | {hugo_mib:.0f} | {cold / hugo:.1f}× | {warm / hugo2:.2f}× |")
print("\n`cargo build --release`, seconds (build.rs and the server crate from `cargo --timings`; peak = max RSS of one process)\n")
print("| posts | full | build.rs | server crate | peak MiB | 1 post changed | build.rs | server crate | peak MiB | binary MiB |")
print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for r in rows:
    n, full, full_mib, full_rs, full_rustc, re, re_mib, re_rs, re_rustc, binary = r[0], *r[11:]
    print(f"| {n:.0f} | {full:.2f} | {full_rs:.2f} | {full_rustc:.2f} | {full_mib:.0f} | {re:.2f} | {re_rs:.2f} | {re_rustc:.2f} | {re_mib:.0f} | {binary / 2**20:.1f} |")
if len(rows) > 1:
    a, b = rows[0], rows[-1]
    print(f"\nFrom {a[0]:.0f} to {b[0]:.0f} posts ({b[0] / a[0]:.0f}× the corpus): the render step takes "
          f"{b[3] / a[3]:.0f}× as long cold, the server crate {b[14] / a[14]:.1f}× as long to compile. "
          f"At {b[0]:.0f} posts, rendering in parallel is {b[1] / b[3]:.1f}× as fast as on one thread.")
'
