#!/usr/bin/env bash
# The soak (tests/soak.rs) for longer than the 30 s `cargo test` gives it:
# MINUTES (default 10) with CONNECTIONS clients at once (default 1000),
# HTTP/1.1, h2c and TLS, keep-alive and new connections, slow and hostile
# clients, against the real binary. Prints answers, 4xx, 5xx, failed
# connections and each server's memory; fails on any 5xx, crash, failed
# connection, memory growth past a fifth after the first minute, or an
# unclean exit on SIGTERM. Further arguments go to `cargo test` (for
# example --release). It takes both cores: not while others compile.
#
#   scripts/soak.sh [MINUTES] [cargo test options]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
shift || true
SOAK_SECONDS=$((minutes * 60)) SOAK_CONNECTIONS="${CONNECTIONS:-1000}" \
  cargo test "$@" --test soak -- --nocapture
