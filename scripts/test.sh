#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit and integration tests of the
# server and the renderer, browser tests and the deployment tests. The
# README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

# tests/deploy.rs runs a statically linked build in an empty root (what a
# FROM scratch image is). The release images use musl; this static glibc
# build proves the same property without a second Rust target installed.
# With --target, RUSTFLAGS reach the binary only, not build scripts.
host=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="-C target-feature=+crt-static" cargo build --target "$host"
export PHASESPACE_STATIC_BIN="$PWD/target/$host/debug/phasespace"

cargo test --workspace
