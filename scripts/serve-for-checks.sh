# Sourced by the check scripts: starts the server on a free loopback port,
# sets BASE to its address and stops it on exit. The server is the host's
# shipping build (`--profile dist`: brotli at its best, as deployed), built
# here, unless the sourcing script set SERVER to another command
# (scripts/pi.sh: qemu running the aarch64 build).
if [ -z "${SERVER+x}" ]; then
  cargo build --profile dist --quiet
  SERVER=("${CARGO_TARGET_DIR:-target}/dist/phasespace")
fi
server_out=$(mktemp)
"${SERVER[@]}" --listen 127.0.0.1:0 >"$server_out" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -f "$server_out"' EXIT
# Up to 10 s: an emulated server starts slowly.
for _ in $(seq 100); do
  BASE=$(sed -n 's#^phasespace: serving on \(http://[^/]*\)/$#\1#p' "$server_out")
  [ -n "$BASE" ] && break
  sleep 0.1
done
if [ -z "$BASE" ]; then
  echo "the server did not start: $(cat "$server_out")" >&2
  exit 1
fi
