#!/usr/bin/env bash
# The property tests with many more cases than `cargo test` runs:
# PROPTEST_CASES per property (default 2000; `cargo test` runs 24 to 512).
# The server's properties take about 20 s at 2000 in a debug build, the
# renderer's about 10 minutes (each case is a whole build). A failure is
# saved by proptest under proptest-regressions/ (server) or beside the test
# (render/tests/*.proptest-regressions): commit it, and pin the input in a
# named #[test].
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES="${PROPTEST_CASES:-2000}"
cargo test -p server --lib prop
cargo test -p render --test prop_build
