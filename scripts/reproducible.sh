#!/usr/bin/env bash
# Builds the current commit twice and checks that the two binaries are the
# same bytes: two fresh clones at different paths (of different lengths),
# built one after the other, each in its own target directory, the second
# with every file's timestamp later and, under faketime when it is
# installed, its clock moved too. The shipping profile by default:
#
#   scripts/reproducible.sh                  # --profile dist: two cold builds
#   PROFILE=release scripts/reproducible.sh  # cheaper, for finding causes
#   SHARED_TARGET=1 scripts/reproducible.sh  # quicker: see below
#
# SHARED_TARGET=1 builds both clones into one target directory, so the
# dependencies compile once: it checks the checkout's path and the time,
# not the target directory's path (the search for paths below still does).
# Only the commit is built: uncommitted changes are not in the clones.
# PHASESPACE_BASE_URL, if set, is passed to both builds (it is part of the
# site). On a difference it says where: diffoscope when installed, else the
# first differing offsets and the strings around them. Either way it
# reports any path of the build (checkout, target, cargo's home) found in a
# binary. Exit status 0 when the binaries are identical, 1 when they
# differ. KEEP=1 keeps the checkouts and their targets.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${PROFILE:-dist}
commit=$(git rev-parse HEAD)
repo=$(pwd)
tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then
  echo "reproducible: checkouts kept in $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

a="$tmp/a"
b="$tmp/second/checkout/at/a/longer/path"
if [ -n "${SHARED_TARGET:-}" ]; then
  export CARGO_TARGET_DIR="$tmp/target"
else
  unset CARGO_TARGET_DIR
fi
rustc -vV | sed 's/^/reproducible: /'

clone() { # dir
  git clone --quiet --no-local "$repo" "$1"
  git -C "$1" checkout --quiet --detach "$commit"
}

build() { # dir, label, [command prefix...]
  local dir=$1 label=$2
  shift 2
  local start=$SECONDS
  (cd "$dir" && "$@" cargo build --quiet --locked --profile "$profile")
  local target=${CARGO_TARGET_DIR:-$dir/target}
  local out=$target/$profile
  [ "$profile" = dev ] && out=$target/debug
  cp "$out/phasespace" "$tmp/phasespace-$label"
  echo "reproducible: build $label ($dir) took $((SECONDS - start)) s"
}

clone "$a"
build "$a" A
# The second build: later, every file of its checkout touched after the
# first build (newer than its outputs, so a shared target rebuilds every
# workspace crate and reruns the build script), and under faketime (if
# installed) another clock.
clone "$b"
sleep 2
find "$b" -path "$b/.git" -prune -o -exec touch -h {} +
if command -v faketime >/dev/null; then
  build "$b" B faketime -f '+400d'
else
  build "$b" B
fi

bin_a="$tmp/phasespace-A"
bin_b="$tmp/phasespace-B"
(cd "$tmp" && sha256sum phasespace-A phasespace-B)

# Paths of this machine's build that made it into a binary.
for path in "$tmp" "${CARGO_HOME:-$HOME/.cargo}" "$repo"; do
  found=$(strings -n 8 "$bin_a" "$bin_b" | grep -cF "$path" || true)
  [ "$found" = 0 ] || echo "reproducible: $found strings name $path, e.g.: $(strings -n 8 "$bin_a" | grep -F "$path" | head -3)" >&2
done

if cmp -s "$bin_a" "$bin_b"; then
  echo "reproducible: identical ($profile, commit ${commit:0:12})"
  exit 0
fi

echo "reproducible: the binaries DIFFER ($profile, commit ${commit:0:12})" >&2
if command -v diffoscope >/dev/null; then
  diffoscope "$bin_a" "$bin_b" | head -200 >&2 || true
else
  echo "$(cmp -l "$bin_a" "$bin_b" | wc -l) bytes differ; the first (offset, octal A, octal B):" >&2
  cmp -l "$bin_a" "$bin_b" | head -20 >&2 || true
  # The strings near the first differences, side by side.
  for offset in $(cmp -l "$bin_a" "$bin_b" | awk 'NR == 1 || $1 > last + 256 { print $1 } { last = $1 }' | head -5); do
    start=$((offset > 128 ? offset - 128 : 0))
    for side in A B; do
      echo "-- $side around offset $offset:" >&2
      dd if="$tmp/phasespace-$side" bs=1 skip="$start" count=256 status=none | strings -n 6 >&2 || true
    done
  done
fi
exit 1
