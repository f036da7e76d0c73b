#!/bin/sh
# rustc, with the paths that name this machine replaced by fixed ones in
# what it writes (panic locations, file!(), debug info): cargo's home
# (crates.io sources, git checkouts) and the build script's OUT_DIR (the
# site's generated table and bodies). Workspace crates are already named by
# paths relative to the checkout. So a binary built here is the same bytes
# as one built from the same commit in another directory, by another user,
# in CI or in the container (scripts/reproducible.sh checks it).
# .cargo/config.toml makes this cargo's rustc wrapper; a RUSTC_WRAPPER in
# the environment (sccache…) replaces it.
# The flags go last: cargo may call this with clippy-driver (its workspace
# wrapper) before rustc, and either reads options anywhere.
home=${CARGO_HOME:-$HOME/.cargo}
if [ -n "${OUT_DIR:-}" ]; then
  exec "$@" --remap-path-prefix="$home=/cargo-home" --remap-path-prefix="$OUT_DIR=/phasespace-out"
fi
exec "$@" --remap-path-prefix="$home=/cargo-home"
