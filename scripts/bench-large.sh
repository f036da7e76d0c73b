#!/usr/bin/env bash
# A large blog built cold (a script, not a test; issue 28): N generated
# posts (default 3000), each a directory with its own PNG image shown as a
# figure (`scripts/gen-corpus.py --images`), with tags and series, in a copy
# of this checkout (scripts/bench-site.sh). It prints:
#
#   - the cold `cargo build` (render cache emptied; dependencies compiled
#     before, not timed): wall and CPU seconds, and the peak memory of the
#     largest single process (GNU time's maximum RSS over its children);
#   - rustc and the linker alone (`touch src/main.rs`, build again): wall
#     and their peak memory;
#   - routes served (counted in an `export --as-served`), the packed
#     table's size and the binary's.
#
# PROFILE=release builds `--release` (default: the dev profile, what a
# writer's `cargo build` is); IMAGES=0 generates posts without images.
#
#   scripts/bench-large.sh [N]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
n=${1:-3000}
profile=${PROFILE:-dev}
images=${IMAGES:-1}
command -v /usr/bin/time >/dev/null || { echo "bench-large: GNU time (/usr/bin/time) is required" >&2; exit 1; }
source scripts/bench-site.sh

profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
build() { (cd "$bench_site" && cargo build --quiet --profile "$profile"); }
# "wall s, CPU s, peak MB" of `build`, from GNU time.
timed_build() {
  local log=$bench_work/time.log
  /usr/bin/time -f '%e %U %S %M' -o "$log" bash -c "cd '$bench_site' && cargo build --quiet --profile '$profile'"
  read -r wall user system rss <"$log"
  echo "wall $wall s, CPU $(echo "$user + $system" | bc) s, peak $((rss / 1024)) MB"
}

bench_site_prepare
cp -a posts/. "$bench_site/posts/"
echo "bench-large: compiling the copy ($profile; not timed)" >&2
build

echo "bench-large: $n generated posts (images: $images)" >&2
rm -rf "$bench_site/posts"
flag=$([ "$images" = 1 ] && echo --images || true)
python3 scripts/gen-corpus.py "$n" "$bench_site/posts" $flag
find "$CARGO_TARGET_DIR/$profile_dir/build" -path '*/phasespace-*/out/render-cache.bin' -delete 2>/dev/null || true
echo "  $n posts, cold (render cache emptied) → cargo build: $(timed_build)"
touch "$bench_site/src/main.rs"
echo "  rustc and link alone (touch src/main.rs) → cargo build: $(timed_build)"

binary=$CARGO_TARGET_DIR/$profile_dir/phasespace
packed=$(find "$CARGO_TARGET_DIR/$profile_dir/build" -path '*/phasespace-*/out/*' -name 'site.bin' -print0 | xargs -0 ls -t 2>/dev/null | head -1)
export_dir=$bench_work/export
rm -rf "$export_dir"
"$binary" export --as-served "$export_dir" >/dev/null
routes=$(find "$export_dir" -type f ! -name '*.gz' ! -name '*.br' ! -name _headers | wc -l)
rm -rf "$export_dir"
echo "  routes (files exported): $routes; packed table: $(stat -c %s "$packed" 2>/dev/null || echo '?') bytes; binary: $(stat -c %s "$binary") bytes"
echo "bench-large: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
