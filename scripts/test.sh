#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit and integration tests of the
# server and the renderer. The README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace
