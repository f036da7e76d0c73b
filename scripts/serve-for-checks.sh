# Sourced by the check scripts: builds the release binary, starts it on a
# free loopback port, sets BASE to its address and stops it on exit.
cargo build --release --quiet
server_out=$(mktemp)
target/release/phasespace --listen 127.0.0.1:0 >"$server_out" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; rm -f "$server_out"' EXIT
for _ in $(seq 50); do
  BASE=$(sed -n 's#^phasespace: serving on \(http://[^/]*\)/$#\1#p' "$server_out")
  [ -n "$BASE" ] && break
  sleep 0.1
done
if [ -z "$BASE" ]; then
  echo "the server did not start: $(cat "$server_out")" >&2
  exit 1
fi
