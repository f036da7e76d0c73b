#!/usr/bin/env bash
# Benchmark (not a test): phasespace against nginx serving the same bytes.
#
# Builds the shipped binary (`--profile dist`), exports what it serves (`export`: each body
# with its .gz and .br beside it) and serves those files with nginx
# (gzip_static, brotli_static, 2 workers, sendfile, open_file_cache, the
# same security and caching headers). Beside them, for reference:
#   - phasespace-static: the static musl build that the Dockerfile and the
#     release workflow ship (when the x86_64-unknown-linux-musl target is
#     installed);
#   - bare-hyper: server/examples/bare_hyper.rs, hyper answering the post's bytes
#     with no logic at all, the ceiling for a hyper server here.
# wrk drives every server in turn, in the same run, on the post page:
# identity, then brotli; the order rotates each round. Prints requests/s,
# p99 latency and memory (nginx: master + workers) sampled halfway through
# each run, then the medians, the peak memory, and ratios to nginx.
#
#   scripts/bench.sh                      # 3 rounds of 5 s per case
#   ROUNDS=5 DURATION=10 THREADS=2 scripts/bench.sh
#   BEFORE=path/to/older/phasespace scripts/bench.sh   # an older build too
#
# With BEFORE, that binary (say, an earlier commit's shipping build) joins
# the rotation as phasespace-before, serving its own embedded site: a
# before/after in one run. Its bytes may differ; it is left out of the
# same-bytes check.
#
# Needs nginx with libnginx-mod-http-brotli-static, and wrk (apt).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
BROTLI_MODULE=${BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}
MUSL=x86_64-unknown-linux-musl

for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done
[ -f "$BROTLI_MODULE" ] || { echo "bench: no brotli static module at $BROTLI_MODULE" >&2; exit 1; }

cargo build --profile dist --quiet --bin phasespace && cargo build --profile dist --quiet -p server --example bare_hyper
BIN=target/dist/phasespace
STATIC_BIN=
if rustup target list --installed 2>/dev/null | grep -qx "$MUSL"; then
    cargo build --profile dist --quiet --bin phasespace --target "$MUSL"
    STATIC_BIN=target/$MUSL/dist/phasespace
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.2
    rm -rf "$WORK"
}
trap cleanup EXIT

# Servers by name: their port, and the process whose memory counts.
declare -A PORT PID
SERVERS=(nginx phasespace)
PORT[nginx]=18481
PORT[phasespace]=18480
PORT[phasespace-static]=18482
PORT[bare-hyper]=18483
PORT[phasespace-before]=18484
wait_for() { for _ in $(seq 50); do curl -fs "http://127.0.0.1:$1$2" >/dev/null && return; sleep 0.1; done; }
start() { # name, command...
    local name=$1
    shift
    "$@" >/dev/null &
    PID[$name]=$!
    PIDS+=($!)
}

"$BIN" export "$WORK/site" >/dev/null
start phasespace "$BIN" --listen "127.0.0.1:${PORT[phasespace]}"
wait_for "${PORT[phasespace]}" /healthz
if [ -n "$STATIC_BIN" ]; then
    SERVERS+=(phasespace-static)
    start phasespace-static "$STATIC_BIN" --listen "127.0.0.1:${PORT[phasespace-static]}"
    wait_for "${PORT[phasespace-static]}" /healthz
fi

if [ -n "${BEFORE:-}" ]; then
    start phasespace-before "$BEFORE" --listen "127.0.0.1:${PORT[phasespace-before]}"
    wait_for "${PORT[phasespace-before]}" /healthz
fi

POST=$(cd "$WORK/site" && find posts -name index.html | sort | head -1)
POST="/${POST%index.html}"
# nginx and bare-hyper send the same headers phasespace does for the page.
curl -fsI "http://127.0.0.1:${PORT[phasespace]}$POST" | tr -d '\r' |
    grep -viE '^(HTTP/|date|content-length|content-encoding|connection|$)' >"$WORK/headers"
header() { sed -n "s/^$1: //Ip" "$WORK/headers"; }
CSP=$(header content-security-policy)
SERVERS+=(bare-hyper)
start bare-hyper target/dist/examples/bare_hyper "127.0.0.1:${PORT[bare-hyper]}" \
    "$WORK/site${POST}index.html" "$WORK/site${POST}index.html.br" "$WORK/headers"
wait_for "${PORT[bare-hyper]}" "$POST"

mkdir -p "$WORK/logs"
cat >"$WORK/nginx.conf" <<EOF
load_module $BROTLI_MODULE;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    gzip_static on;
    brotli_static on;
    client_body_temp_path $WORK/tmp;
    proxy_temp_path $WORK/tmp;
    fastcgi_temp_path $WORK/tmp;
    uwsgi_temp_path $WORK/tmp;
    scgi_temp_path $WORK/tmp;
    server {
        listen 127.0.0.1:${PORT[nginx]};
        root $WORK/site;
        index index.html;
        charset utf-8;
        add_header Cache-Control "no-cache" always;
        add_header Vary "Accept-Encoding" always;
        add_header Content-Security-Policy "$CSP" always;
        add_header X-Content-Type-Options "nosniff" always;
        add_header Referrer-Policy "strict-origin-when-cross-origin" always;
        add_header Cross-Origin-Opener-Policy "same-origin" always;
    }
}
EOF
mkdir -p "$WORK/tmp"
chmod -R a+rX "$WORK" # nginx's workers run as another user when started by root
nginx -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/logs/error.log"
wait_for "${PORT[nginx]}" "$POST"
PID[nginx]="$(cat "$WORK/nginx.pid") $(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')"

# Same bytes from every server: a sanity check before measuring. (The
# older build joins after it.)
for enc in identity br; do
    want=$(curl -fs -H "Accept-Encoding: $enc" "http://127.0.0.1:${PORT[phasespace]}$POST" | sha256sum)
    for server in "${SERVERS[@]}"; do
        got=$(curl -fs -H "Accept-Encoding: $enc" "http://127.0.0.1:${PORT[$server]}$POST" | sha256sum)
        [ "$got" = "$want" ] || { echo "bench: $server sends other $enc bytes" >&2; exit 1; }
    done
done
[ -n "${BEFORE:-}" ] && SERVERS+=(phasespace-before)

# Memory in KiB of a server's processes: `rss` (resident pages, as ps
# shows them) or `pss` (shared pages divided among the processes sharing
# them, so nginx's shared code counts once).
memory() {
    local field=$1 pid
    for pid in ${PID[$2]}; do cat "/proc/$pid/smaps_rollup"; done |
        awk -v f="$field:" 'tolower($1) == f {s += $2} END {print s}'
}

# wrk on a server → "requests/s p99_ms rss_kib pss_kib", memory sampled
# halfway through the run.
measure() {
    local server=$1 encoding=$2 header=() rss pss
    [ "$encoding" = br ] && header=(-H "Accept-Encoding: br")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" \
        "http://127.0.0.1:${PORT[$server]}$POST" >"$WORK/wrk.out" &
    sleep "$(awk "BEGIN {print $DURATION / 2}")"
    rss=$(memory rss "$server")
    pss=$(memory pss "$server")
    wait $!
    awk -v rss="$rss" -v pss="$pss" '
        /Requests\/sec/ { rps = $2 }
        $1 == "99%" {
            v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
            p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v
        }
        END { printf "%.0f %.3f %d %d\n", rps, p99, rss, pss }' "$WORK/wrk.out"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
maximum() { tr ' ' '\n' | grep . | sort -n | tail -1; }

echo "post page $POST; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; $ROUNDS rounds, servers in turn"
printf '%-6s %-9s %-18s %11s %9s %9s %9s\n' round coding server "requests/s" "p99 ms" "RSS KiB" "PSS KiB"
declare -A RPS P99 RSS PSS
count=${#SERVERS[@]}
for round in $(seq "$ROUNDS"); do
    for encoding in identity br; do
        for i in $(seq 0 $((count - 1))); do
            server=${SERVERS[$(((i + round) % count))]}
            read -r rps p99 rss pss < <(measure "$server" "$encoding")
            RPS[$server.$encoding]+="$rps "
            P99[$server.$encoding]+="$p99 "
            RSS[$server]+="$rss "
            PSS[$server]+="$pss "
            printf '%-6s %-9s %-18s %11s %9s %9s %9s\n' "$round" "$encoding" "$server" "$rps" "$p99" "$rss" "$pss"
        done
    done
done

echo
echo "medians (requests/s, p99) and peaks (memory, halfway through a run); ratio to nginx in brackets:"
printf '%-18s %-17s %-17s %-19s %-19s %-16s %-16s\n' server "identity req/s" "br req/s" "identity p99 ms" "br p99 ms" "RSS KiB" "PSS KiB"
for server in "${SERVERS[@]}"; do
    row=()
    for value in "RPS identity median" "RPS br median" "P99 identity median" "P99 br median" "RSS - maximum" "PSS - maximum"; do
        read -r table encoding reduce <<<"$value"
        key=$server
        [ "$encoding" != - ] && key=$server.$encoding
        nginx_key=nginx
        [ "$encoding" != - ] && nginx_key=nginx.$encoding
        declare -n values=$table
        mine=$($reduce <<<"${values[$key]}")
        theirs=$($reduce <<<"${values[$nginx_key]}")
        row+=("$(awk "BEGIN {printf \"%g (%.2fx)\", $mine, $mine / $theirs}")")
        unset -n values
    done
    printf '%-18s %-17s %-17s %-19s %-19s %-16s %-16s\n' "$server" "${row[@]}"
done

# Memory by open connections: each costs phasespace (hyper's read and
# write buffers, the connection's task) about 30 KiB, nginx far less, so
# the ratio grows with the count. RSS halfway through a 4 s identity run
# at each count in SWEEP.
SWEEP=${SWEEP:-64 256 1000}
echo
echo "RSS KiB by open connections (wrk -c N, identity), ratio to nginx in brackets:"
printf '%-18s' connections
for connections in $SWEEP; do printf ' %-16s' "$connections"; done
echo
declare -A SWEPT
for server in "${SERVERS[@]}"; do
    printf '%-18s' "$server"
    for connections in $SWEEP; do
        read -r _ _ rss _ < <(CONNECTIONS=$connections DURATION=4 measure "$server" identity)
        SWEPT[$server.$connections]=$rss
        printf ' %-16s' "$(awk "BEGIN {printf \"%d (%.2fx)\", $rss, $rss / ${SWEPT[nginx.$connections]}}")"
    done
    echo
done
