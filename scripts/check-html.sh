#!/usr/bin/env bash
# The Nu HTML checker (npm vnu-jar, run with Java) over the home page, the
# first post and the 404 page as the real binary serves them. Prints every
# error as file:line:col and exits 1 if there is any. Needs `npm ci` and a
# Java runtime (Debian: default-jre-headless).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-for-checks.sh

status=0
for path in / /posts/do-i-dare/ /no/such/page; do
  page=$(curl -s "$BASE$path")
  if [ -z "$page" ]; then
    echo "$path: empty response" >&2
    exit 1
  fi
  # vnu exits 1 on errors; what it prints is what counts.
  errors=$(printf '%s' "$page" |
    java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format gnu - 2>&1 || true)
  if [ -n "$errors" ]; then
    printf '%s\n' "$errors" | sed "s#^[^:]*:#$path:#"
    status=1
  else
    echo "$path: no errors"
  fi
done
exit $status
