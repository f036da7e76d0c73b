#!/usr/bin/env bash
# Cross-builds the server for a Raspberry Pi (64-bit Pi OS: aarch64, static
# musl binary), runs it under qemu-aarch64-static on this machine and fetches
# pages from it. Needs: rustup target aarch64-unknown-linux-musl, Debian's
# gcc-aarch64-linux-gnu (the linker, see .cargo/config.toml) with its
# recommended libc6-dev-arm64-cross (aws-lc's C includes the target's libc
# headers) and qemu-user-static. Prints the binary's path and size.
set -euo pipefail
cd "$(dirname "$0")/.."

target=aarch64-unknown-linux-musl
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
cargo build --profile dist --locked --target "$target"
bin="target/$target/dist/phasespace"
file "$bin"
echo "size: $(stat -c %s "$bin") bytes"

SERVER=(qemu-aarch64-static "$bin")
. scripts/serve-for-checks.sh

status=0
for path in / /posts/do-i-dare/ /feed.xml /healthz; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
  echo "GET $path under qemu-aarch64: $code"
  [ "$code" = 200 ] || status=1
done
exit "$status"
