#!/usr/bin/env bash
# Real blogs, built here (issue 26's proof): for each blog directory given
# (default: the Zola, Hugo and Jekyll blogs under $CORPORA, /work/corpora),
# a scratch copy of this checkout with an empty posts/, the blog imported
# into it with the importer (import/), then `cargo build --release`, and:
# the posts, the build errors (grouped by kind with counts, each one listed
# in a file), a crawl of the served site (scripts/crawl-site.py: every
# reference on its own origin fetched, broken ones listed; formulas left as
# literal TeX), the cold build time (render cache emptied) and the time of
# a rebuild after one sentence appended to one post. A failing build is
# reported and the next blog goes on.
#
# Not part of the test suite, and never commits a blog: the corpora and
# the scratch copies live outside the checkout.
#
#   scripts/real-blogs.sh [BLOG_DIR…]
#   SCRATCH=DIR     where the copies go (default $CORPORA/scratch)
#   CARGO_TARGET_DIR  shared by every copy (default $SCRATCH/target), so
#                   dependencies are compiled once
#   PROFILE=dev     builds with the dev profile instead of release (where
#                   only a debug build's dependencies are compiled yet);
#                   the times are then a debug build's

set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpora=${CORPORA:-/work/corpora}
scratch=${SCRATCH:-$corpora/scratch}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$scratch/target}
profile=${PROFILE:-release}
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
mkdir -p "$scratch"

if [ $# -eq 0 ]; then
  set -- "$corpora/zola-rust-blog" "$corpora/hugo-jeremykun" "$corpora/jekyll-karpathy"
fi

# The importer, built once.
(cd "$repo" && cargo build --profile "$profile" --quiet -p import --bin phasespace-import) || exit 1
importer=$CARGO_TARGET_DIR/$profile_dir/phasespace-import
binary=$CARGO_TARGET_DIR/$profile_dir/phasespace

# A copy of the checkout's sources at $1 with an empty posts/.
prepare() {
  rm -rf "$1" && mkdir -p "$1/posts" "$1/tests" "$1/scripts"
  (cd "$repo" && cp -a Cargo.toml Cargo.lock build.rs src pack search server render preview import static site.toml .cargo "$1/")
  cp -a "$repo/tests/tools" "$1/tests/"
  cp -a "$repo/scripts/rustc-remap.sh" "$1/scripts/"
}

# `cargo build --profile $profile` in $1, its output in $2; prints the
# seconds of wall time, then the CPU seconds of the build and everything
# it ran (user and system): on a machine others load, the wall time
# measures them too.
timed_build() {
  local times rc
  times=$(mktemp)
  (
    TIMEFORMAT='%R %U %S'
    { time (cd "$1" && cargo build --profile "$profile" >"$2" 2>&1); } 2>"$times"
  )
  rc=$?
  awk '{ printf "%.1f s (CPU %.1f s)", $1, $2 + $3 }' "$times"
  rm -f "$times"
  return $rc
}

# The build's `file:line: message` errors of log $1, one a line.
build_errors() {
  sed -n 's/^ *error: \(\(posts\|static\|site\.toml\)[^ ]*: .*\)$/\1/p' "$1"
}

# Errors grouped by kind: the message with its file, quoted text and
# numbers blanked (names in backticks kept: they say which key or option),
# then counted.
error_kinds() {
  sed -E 's/^[^ ]*: //; s/"[^"]*"/"…"/g; s/[0-9]+/N/g; s/, expected one of .*/, expected one of …/; s/^(.{0,110}).*/\1/' |
    sort | uniq -c | sort -rn
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

for blog in "$@"; do
  name=$(basename "$blog")
  site=$scratch/$name
  echo "=== $name ($blog)"
  prepare "$site"
  # The copy with no post, so that compiling dependencies is not counted
  # in the site's cold build.
  warm=$(timed_build "$site" "$site.warm.log") || { echo "the copy does not build:"; tail -n 20 "$site.warm.log"; continue; }
  echo "dependencies and an empty site: ${warm}"

  # The import, and what it could not carry.
  "$importer" "$blog" "$site" >"$site.import.txt" 2>&1 || { echo "import failed:"; cat "$site.import.txt"; continue; }
  echo "import: $(tail -n 1 "$site.import.txt")"
  echo "import notes (not carried): $(($(wc -l <"$site.import.txt") - 1)), in $site.import.txt"
  sed '$d' "$site.import.txt" | sed -E 's/^[^ ]*: //; s/https?:[^ ]*/URL/g' | sort | uniq -c | sort -rn | head -n 8 | sed 's/^/  /'
  posts=$(find "$site/posts" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)
  echo "posts: $posts"

  # Cold build: the render cache emptied (dependencies stay compiled).
  find "$CARGO_TARGET_DIR/$profile_dir/build" -path '*/phasespace-*/out/render-cache.bin' -delete 2>/dev/null
  cold=$(timed_build "$site" "$site.build.log")
  built=$?
  build_errors "$site.build.log" >"$site.errors.txt"
  errors=$(wc -l <"$site.errors.txt")
  echo "cold build ($profile): ${cold}, $( [ $built -eq 0 ] && echo ok || echo FAILED )"
  echo "build errors: $errors (each in $site.errors.txt)"
  if [ "$errors" -le 40 ]; then
    sed 's/^/  /' "$site.errors.txt"
  else
    error_kinds <"$site.errors.txt" | sed 's/^/  /'
  fi
  if [ $built -ne 0 ] && [ "$errors" -eq 0 ]; then
    echo "  (no file:line error: the build's last lines)"
    grep -E '^(error|warning: build failed)' "$site.build.log" | head -n 10 | sed 's/^/  /'
  fi

  # The crawl of the served site.
  if [ $built -eq 0 ]; then
    port=$(free_port)
    "$binary" --listen "127.0.0.1:$port" >"$site.server.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do
      curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
      sleep 0.1
    done
    python3 "$repo/scripts/crawl-site.py" "http://127.0.0.1:$port/" >"$site.crawl.txt"
    kill "$server" && wait "$server" 2>/dev/null
    grep -E '^(pages|references) ' "$site.crawl.txt"
    echo "references broken: $(sed -n 's/^broken-total //p' "$site.crawl.txt")"
    grep '^broken ' "$site.crawl.txt" | head -n 40 | sed 's/^/  /'
    echo "formulas left as literal TeX: $(sed -n 's/^literal-tex-total //p' "$site.crawl.txt")"
    grep '^literal-tex ' "$site.crawl.txt" | head -n 20 | sed 's/^/  /'
  else
    echo "crawl: not run (the build failed)"
  fi

  # One edit: a sentence appended to one post, then the rebuild.
  post=$(find "$site/posts" -type f \( -name '*.md' -o -name '*.markdown' \) | sort | head -n 1)
  printf '\nOne more sentence, to time a rebuild.\n' >>"$post"
  edit=$(timed_build "$site" "$site.edit.log")
  rebuilt=$?
  echo "one-edit rebuild ($profile): ${edit} ($( [ $rebuilt -eq 0 ] && echo ok || echo FAILED ), ${post#"$site"/})"
  echo
done
