#!/usr/bin/env bash
# Compares two directories of screenshots (scripts/page-shots.mjs) pixel by
# pixel with ImageMagick's `compare`: for each PNG in BEFORE, the number of
# pixels that differ in AFTER's file of the same name (0: identical), or
# the two sizes if they differ. Writes a picture of each difference to
# DIFF_DIR (default target/shots-diff). Exits 1 if any pair differs.
# usage: scripts/compare-shots.sh BEFORE AFTER [DIFF_DIR]
set -euo pipefail
before=${1:?usage: scripts/compare-shots.sh BEFORE AFTER [DIFF_DIR]}
after=${2:?usage: scripts/compare-shots.sh BEFORE AFTER [DIFF_DIR]}
diffs=${3:-target/shots-diff}
mkdir -p "$diffs"
status=0
for a in "$before"/*.png; do
  name=$(basename "$a")
  b="$after/$name"
  size_a=$(identify -format '%wx%h' "$a")
  size_b=$(identify -format '%wx%h' "$b")
  if [ "$size_a" != "$size_b" ]; then
    echo "$name: size $size_a before, $size_b after"
    status=1
    continue
  fi
  # `compare` exits 1 when the pictures differ; the count is on stderr.
  pixels=$(compare -metric AE "$a" "$b" "$diffs/$name" 2>&1 || true)
  echo "$name: $size_a, $pixels pixels differ"
  [ "$pixels" = 0 ] || status=1
done
exit $status
