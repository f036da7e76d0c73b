# Sourced by scripts/bench-build.sh and scripts/page-weight.sh (with the
# repository root as the working directory): a copy of this checkout under
# target/bench/site whose posts/ the caller fills, built with
# `bench_site_build` in its own target directory (target/bench/target,
# seeded once from target/release so that dependencies are not rebuilt).
# The checkout itself, its posts and its target/release are left alone.

bench_work=$PWD/target/bench
bench_site=$bench_work/site
export CARGO_TARGET_DIR=$bench_work/target

# A fresh copy of the sources, with an empty posts/. `cp -a` keeps mtimes,
# so cargo rebuilds the copy's crates only when the sources changed.
bench_site_prepare() {
  rm -rf "$bench_site" && mkdir -p "$bench_site/posts"
  cp -a Cargo.toml Cargo.lock build.rs src pack search server render preview import static site.toml .cargo "$bench_site/"
  # build.rs includes the test-tool detection from tests/tools.
  mkdir -p "$bench_site/tests" && cp -a tests/tools "$bench_site/tests/"
  # .cargo/config.toml runs rustc through this wrapper.
  mkdir -p "$bench_site/scripts" && cp -a scripts/rustc-remap.sh "$bench_site/scripts/"
  if [ ! -d "$CARGO_TARGET_DIR/release" ] && [ -d target/release ]; then
    mkdir -p "$CARGO_TARGET_DIR" && cp -a target/release "$CARGO_TARGET_DIR/"
  fi
}

# `cargo build --release` of the copy, with any extra arguments.
bench_site_build() {
  (cd "$bench_site" && cargo build --release "$@")
}

bench_site_binary=$CARGO_TARGET_DIR/release/phasespace
