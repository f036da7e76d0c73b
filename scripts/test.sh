#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit and integration tests of the
# server and the renderer, browser tests and the deployment tests. The
# README's test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

# tests/deploy.rs runs a statically linked build in an empty root (what a
# FROM scratch image is): the musl build the release uses when its target
# is installed (`rustup target add x86_64-unknown-linux-musl`, Debian's
# musl-tools), else a static glibc build, which proves the same property.
if rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl \
  && command -v musl-gcc >/dev/null; then
  static=x86_64-unknown-linux-musl
  cargo build --target "$static"
else
  # With --target, RUSTFLAGS reach the binary only, not build scripts.
  static=$(rustc -vV | sed -n 's/^host: //p')
  RUSTFLAGS="-C target-feature=+crt-static" cargo build --target "$static"
fi
export PHASESPACE_STATIC_BIN="$PWD/target/$static/debug/phasespace"
echo "static binary for tests/deploy.rs: $PHASESPACE_STATIC_BIN"

cargo test --workspace
