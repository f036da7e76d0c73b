#!/usr/bin/env bash
# Benchmark (not a test): phasespace against nginx serving the same bytes.
#
# Builds the release binary, exports what it serves (`export`: each body
# with its .gz and .br beside it) and serves those files with nginx
# (gzip_static, brotli_static, 2 workers, open_file_cache, the same
# security and caching headers). wrk drives both servers alternately, in
# the same run, on the post page: identity, then brotli. Prints requests/s,
# p99 latency and resident memory (nginx: master + workers) per run, and the
# medians as ratios phasespace / nginx.
#
#   scripts/bench.sh                      # 3 rounds of 5 s per case
#   ROUNDS=5 DURATION=10 scripts/bench.sh
#
# Needs nginx with libnginx-mod-http-brotli-static, and wrk (apt).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
PS_PORT=${PS_PORT:-18480}
NGINX_PORT=${NGINX_PORT:-18481}
BROTLI_MODULE=${BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}

for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done
[ -f "$BROTLI_MODULE" ] || { echo "bench: no brotli static module at $BROTLI_MODULE" >&2; exit 1; }

cargo build --release --quiet
BIN=target/release/phasespace
WORK=$(mktemp -d)
PS_PID=
cleanup() {
    [ -n "$PS_PID" ] && kill "$PS_PID" 2>/dev/null || true
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.2
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" export "$WORK/site" >/dev/null
"$BIN" --listen "127.0.0.1:$PS_PORT" >/dev/null &
PS_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PS_PORT/healthz" >/dev/null && break; sleep 0.1; done

POST=$(cd "$WORK/site" && find posts -name index.html | sort | head -1)
POST="/${POST%index.html}"
# nginx sends the same headers phasespace does for the post page.
header() { curl -fsI "http://127.0.0.1:$PS_PORT$POST" | tr -d '\r' | sed -n "s/^$1: //Ip"; }
CSP=$(header content-security-policy)

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
        listen 127.0.0.1:$NGINX_PORT;
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
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$NGINX_PORT$POST" >/dev/null && break; sleep 0.1; done

# Same bytes from both: a sanity check before measuring.
for enc in identity br; do
    a=$(curl -fs -H "Accept-Encoding: $enc" "http://127.0.0.1:$PS_PORT$POST" | sha256sum)
    b=$(curl -fs -H "Accept-Encoding: $enc" "http://127.0.0.1:$NGINX_PORT$POST" | sha256sum)
    [ "$a" = "$b" ] || { echo "bench: the servers send different $enc bytes" >&2; exit 1; }
done

# Memory in KiB of phasespace, or of nginx's master and its workers:
# `rss` (resident pages, as ps shows them) or `pss` (shared pages divided
# among the processes sharing them, so nginx's shared code counts once).
memory() {
    local field=$1 pids=$2
    [ "$pids" = nginx ] && pids="$(cat "$WORK/nginx.pid") $(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')"
    for pid in $pids; do cat "/proc/$pid/smaps_rollup"; done |
        awk -v f="$field:" 'tolower($1) == f {s += $2} END {print s}'
}

# wrk → "requests/s p99_ms".
measure() {
    local port=$1 encoding=$2 header=()
    [ "$encoding" = br ] && header=(-H "Accept-Encoding: br")
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${header[@]}" \
        "http://127.0.0.1:$port$POST" | awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "99%" {
            v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
            p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v
        }
        END { printf "%.0f %.3f\n", rps, p99 }'
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "post page $POST; wrk -t1 -c$CONNECTIONS -d${DURATION}s; $ROUNDS rounds, servers alternating"
printf '%-9s %-6s %-10s %12s %10s %10s\n' round coding server "requests/s" "p99 ms" "RSS KiB"
declare -A RPS P99
for round in $(seq "$ROUNDS"); do
    for encoding in identity br; do
        order="nginx phasespace"
        [ $((round % 2)) = 0 ] && order="phasespace nginx"
        for server in $order; do
            port=$NGINX_PORT pid=nginx
            [ "$server" = phasespace ] && port=$PS_PORT pid=$PS_PID
            read -r rps p99 < <(measure "$port" "$encoding")
            RPS[$server.$encoding]+="$rps "
            P99[$server.$encoding]+="$p99 "
            printf '%-9s %-6s %-10s %12s %10s %10s\n' "$round" "$encoding" "$server" "$rps" "$p99" "$(memory rss "$pid")"
        done
    done
done

echo
echo "medians, and phasespace / nginx:"
printf '%-9s %14s %14s %8s   %10s %10s %8s\n' coding "nginx req/s" "phasespace" ratio "nginx p99" phasespace ratio
for encoding in identity br; do
    n_rps=$(tr ' ' '\n' <<<"${RPS[nginx.$encoding]}" | grep . | median)
    p_rps=$(tr ' ' '\n' <<<"${RPS[phasespace.$encoding]}" | grep . | median)
    n_p99=$(tr ' ' '\n' <<<"${P99[nginx.$encoding]}" | grep . | median)
    p_p99=$(tr ' ' '\n' <<<"${P99[phasespace.$encoding]}" | grep . | median)
    printf '%-9s %14.0f %14.0f %7.2fx   %9.3fms %8.3fms %7.2fx\n' "$encoding" "$n_rps" "$p_rps" \
        "$(awk "BEGIN {print $p_rps / $n_rps}")" "$n_p99" "$p_p99" "$(awk "BEGIN {print $p_p99 / $n_p99}")"
done
for field in rss pss; do
    n_mem=$(memory $field nginx)
    p_mem=$(memory $field "$PS_PID")
    printf 'memory %s: nginx %s KiB (master + 2 workers), phasespace %s KiB: %.2fx\n' \
        "$field" "$n_mem" "$p_mem" "$(awk "BEGIN {print $p_mem / $n_mem}")"
done
