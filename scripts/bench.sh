#!/usr/bin/env bash
# Benchmark (not a test): phasespace against nginx serving the same bytes,
# every row of issue 15's table in one run.
#
# Builds the shipped binary (`--profile dist`), exports what it serves
# (`export`: each body with its .gz and .br beside it) and serves those
# files with nginx (gzip_static, brotli_static, 2 workers, sendfile,
# open_file_cache, the same security and caching headers; h2c on a port of
# its own; HTTPS with the same certificate, session cache and tickets on).
# Beside them, for reference:
#   - phasespace-static: the static musl build that the Dockerfile and the
#     release workflow ship (when the x86_64-unknown-linux-musl target is
#     installed; STATIC=0 leaves it out);
#   - bare-hyper: server/examples/bare_hyper.rs, hyper answering the post's
#     bytes with no logic at all, the ceiling for a hyper server here
#     (plain HTTP/1.1 and h2c).
#
# On the first post, each server in turn, the order rotating each round:
#   identity, br         wrk, HTTP/1.1 keep-alive (requests/s, p99, memory
#                        sampled halfway through the run, the server's
#                        CPU time per request)
#   h2c                  h2load -mSTREAMS, brotli, HTTP/2 by prior knowledge
#   KEY-h1, KEY-h2       HTTPS keep-alive, brotli: wrk, h2load -mSTREAMS
#                        (KEY: ecdsa = P-256, rsa = RSA-2048, one
#                        self-signed certificate of each, both servers)
#   KEY-new, KEY-resumed TLS connections/s: HANDSHAKERS `openssl s_time`
#                        clients at once, each connecting, fetching a small
#                        file over HTTP/1.0 and closing, again and again:
#                        a full handshake each time, or resuming the
#                        session of its first connection (`-reuse`); the
#                        share of handshakes resumed is printed
# then the memory rows: RSS at start, with HELD idle keep-alive connections
# open (scripts/hold-connections.py) and after they close, and the same
# over HTTPS with idle h2 connections (what browsers keep open; measured
# after the rate rows); RSS by open connections under wrk (SWEEP); and
# the Lighthouse row (LIGHTHOUSE=1:
# `RUNS=10 scripts/lighthouse.sh`, several minutes; else "skipped").
# Medians over the rounds, ratios to nginx; load average and commit at the
# top, the 1-minute load beside each run.
#
#   scripts/bench.sh                    # 3 rounds of 5 s per case, ~12 min
#   ROUNDS=5 DURATION=10 THREADS=2 scripts/bench.sh
#   TLS=0 SWEEP= scripts/bench.sh       # plain HTTP only, no sweep
#   LIGHTHOUSE=1 scripts/bench.sh       # the Lighthouse row too
#   BEFORE=path/to/older/phasespace scripts/bench.sh   # an older build too
#
# Knobs: ROUNDS, DURATION (s per case), CONNECTIONS (wrk -c, h2load -c),
# THREADS (wrk -t), STREAMS (h2load -m), HANDSHAKERS, HELD (idle
# connections), SWEEP (connection counts, empty for none), TLS, STATIC,
# LIGHTHOUSE, BEFORE.
#
# With BEFORE, that binary (say, an earlier commit's shipping build) joins
# the rotation as phasespace-before, serving its own embedded site: a
# before/after in one run. Its bytes may differ; it is left out of the
# same-bytes check.
#
# Needs nginx with libnginx-mod-http-brotli-static, wrk, h2load (nghttp2-client),
# openssl, curl and python3 (apt).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
STREAMS=${STREAMS:-10}
HANDSHAKERS=${HANDSHAKERS:-8}
HELD=${HELD:-1000}
SWEEP=${SWEEP-64 256 1000}
TLS=${TLS:-1}
STATIC=${STATIC:-1}
LIGHTHOUSE=${LIGHTHOUSE:-0}
BROTLI_MODULE=${BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}
MUSL=x86_64-unknown-linux-musl
TARGET=${CARGO_TARGET_DIR:-target}

for tool in nginx wrk h2load openssl curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done
[ -f "$BROTLI_MODULE" ] || { echo "bench: no brotli static module at $BROTLI_MODULE" >&2; exit 1; }

cargo build --profile dist --quiet --bin phasespace && cargo build --profile dist --quiet -p server --example bare_hyper
BIN=$TARGET/dist/phasespace
STATIC_BIN=
if [ "$STATIC" = 1 ] && rustup target list --installed 2>/dev/null | grep -qx "$MUSL"; then
    cargo build --profile dist --quiet --bin phasespace --target "$MUSL"
    STATIC_BIN=$TARGET/$MUSL/dist/phasespace
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "$WORK"/nginx*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
    sleep 0.2
    rm -rf "$WORK"
}
trap cleanup EXIT

load() { cut -d' ' -f1 /proc/loadavg; }
echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)'), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

# Servers by name: their ports (plain; h2c where it differs; HTTPS per
# key type) and the processes whose memory counts.
declare -A PORT H2C_PORT TLS_PORT PID
SERVERS=(nginx phasespace)
TLS_SERVERS=(nginx phasespace)
KEYS=()
[ "$TLS" = 1 ] && KEYS=(ecdsa rsa)
PORT[nginx]=18481
PORT[phasespace]=18480
PORT[phasespace-static]=18482
PORT[bare-hyper]=18483
PORT[phasespace-before]=18484
H2C_PORT[nginx]=18485
TLS_PORT[nginx.ecdsa]=18490
TLS_PORT[nginx.rsa]=18491
TLS_PORT[phasespace.ecdsa]=18492
TLS_PORT[phasespace.rsa]=18493
TLS_PORT[phasespace-before.ecdsa]=18494
TLS_PORT[phasespace-before.rsa]=18495
wait_for() { for _ in $(seq 50); do curl -fsk "$1" >/dev/null && return; sleep 0.1; done; }
declare -A COMMAND
start() { # name, command...
    local name=$1
    shift
    COMMAND[$name]=$(printf '%q ' "$@")
    "$@" >/dev/null &
    PID[$name]=$!
    PIDS+=($!)
}

# One self-signed certificate per key type, for every HTTPS server.
mkdir -p "$WORK/tls"
for key in "${KEYS[@]}"; do
    case $key in
    ecdsa) algorithm=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
    rsa) algorithm=(-newkey rsa:2048) ;;
    esac
    openssl req -x509 "${algorithm[@]}" -nodes -days 2 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
        -keyout "$WORK/tls/$key.key" -out "$WORK/tls/$key.crt" 2>/dev/null
done
# A phasespace binary on its plain port, and over HTTPS with each key.
start_phasespace() { # name, binary
    local name=$1 binary=$2 key
    start "$name" "$binary" --listen "127.0.0.1:${PORT[$name]}"
    wait_for "http://127.0.0.1:${PORT[$name]}/healthz"
    for key in "${KEYS[@]}"; do
        start "$name.$key" "$binary" --listen "127.0.0.1:${TLS_PORT[$name.$key]}" \
            --tls-cert "$WORK/tls/$key.crt" --tls-key "$WORK/tls/$key.key"
        wait_for "https://127.0.0.1:${TLS_PORT[$name.$key]}/healthz"
    done
}

"$BIN" export --as-served "$WORK/site" >/dev/null
start_phasespace phasespace "$BIN"
if [ -n "$STATIC_BIN" ]; then
    SERVERS+=(phasespace-static)
    start phasespace-static "$STATIC_BIN" --listen "127.0.0.1:${PORT[phasespace-static]}"
    wait_for "http://127.0.0.1:${PORT[phasespace-static]}/healthz"
fi
if [ -n "${BEFORE:-}" ]; then
    start_phasespace phasespace-before "$BEFORE"
fi

POST=$(cd "$WORK/site" && find posts -name index.html | sort | head -1)
POST="/${POST%index.html}"
# The handshake rows fetch a small file (67 bytes here), so that they
# measure connections rather than bytes.
SMALL=/robots.txt
# nginx and bare-hyper send the same headers phasespace does for the page.
curl -fsI "http://127.0.0.1:${PORT[phasespace]}$POST" | tr -d '\r' |
    grep -viE '^(HTTP/|date|content-length|content-encoding|connection|$)' >"$WORK/headers"
header() { sed -n "s/^$1: //Ip" "$WORK/headers"; }
CSP=$(header content-security-policy)
SERVERS+=(bare-hyper)
start bare-hyper "$TARGET/dist/examples/bare_hyper" "127.0.0.1:${PORT[bare-hyper]}" \
    "$WORK/site${POST}index.html" "$WORK/site${POST}index.html.br" "$WORK/headers"
wait_for "http://127.0.0.1:${PORT[bare-hyper]}$POST"

mkdir -p "$WORK/logs" "$WORK/tmp"
cat >"$WORK/site.conf" <<EOF
root $WORK/site;
index index.html;
charset utf-8;
add_header Cache-Control "no-cache" always;
add_header Vary "Accept-Encoding" always;
add_header Content-Security-Policy "$CSP" always;
add_header X-Content-Type-Options "nosniff" always;
add_header Referrer-Policy "strict-origin-when-cross-origin" always;
add_header Cross-Origin-Opener-Policy "same-origin" always;
EOF
# Two nginx instances: plain HTTP (HTTP/1.1 and h2c), whose memory the
# rows count, and HTTPS, so that TLS buffers and the session cache's shared
# memory stay out of the plain rows' memory (as phasespace's HTTPS servers
# are processes of their own).
nginx_conf() { # name, server blocks
    cat <<EOF
load_module $BROTLI_MODULE;
worker_processes 2;
pid $WORK/$1.pid;
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
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:10m;
    ssl_session_tickets on;
    ssl_session_timeout 1h;
$2
}
EOF
}
nginx_conf nginx "
    server {
        listen 127.0.0.1:${PORT[nginx]};
        include $WORK/site.conf;
    }
    server {
        listen 127.0.0.1:${H2C_PORT[nginx]} http2;
        include $WORK/site.conf;
    }" >"$WORK/nginx.conf"
blocks=
for key in "${KEYS[@]}"; do
    blocks+="
    server {
        listen 127.0.0.1:${TLS_PORT[nginx.$key]} ssl http2;
        ssl_certificate $WORK/tls/$key.crt;
        ssl_certificate_key $WORK/tls/$key.key;
        include $WORK/site.conf;
        add_header Strict-Transport-Security \"max-age=31536000\" always;
    }"
done
chmod -R a+rX "$WORK" # nginx's workers run as another user when started by root
nginx -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/logs/error.log"
wait_for "http://127.0.0.1:${PORT[nginx]}$POST"
PID[nginx]="$(cat "$WORK/nginx.pid") $(pgrep -P "$(cat "$WORK/nginx.pid")" | tr '\n' ' ')"
if [ -n "$blocks" ]; then
    nginx_conf nginx-tls "$blocks" >"$WORK/nginx-tls.conf"
    nginx -c "$WORK/nginx-tls.conf" -p "$WORK" -e "$WORK/logs/error.log"
    wait_for "https://127.0.0.1:${TLS_PORT[nginx.${KEYS[0]}]}$POST"
    # One instance serves both keys: its processes count for each.
    for key in "${KEYS[@]}"; do
        PID[nginx.$key]="$(cat "$WORK/nginx-tls.pid") $(pgrep -P "$(cat "$WORK/nginx-tls.pid")" | tr '\n' ' ')"
    done
fi

# Where a server answers a case.
url() { # server, case
    local server=$1 case=$2
    case $case in
    identity | br) echo "http://127.0.0.1:${PORT[$server]}$POST" ;;
    h2c) echo "http://127.0.0.1:${H2C_PORT[$server]:-${PORT[$server]}}$POST" ;;
    *-new | *-resumed) echo "127.0.0.1:${TLS_PORT[$server.${case%-*}]}" ;;
    *-small) echo "https://127.0.0.1:${TLS_PORT[$server.${case%-*}]}$SMALL" ;;
    *) echo "https://127.0.0.1:${TLS_PORT[$server.${case%-*}]}$POST" ;;
    esac
}

# Same bytes from every server, each way a case fetches them: a sanity
# check before measuring. (The older build joins after it.)
same_bytes() { # servers, curl options...
    local servers=$1 want got server
    shift
    want=$(curl -fsk "$@" "$(url phasespace "$CASE")" | sha256sum)
    for server in $servers; do
        got=$(curl -fsk "$@" "$(url "$server" "$CASE")" | sha256sum)
        [ "$got" = "$want" ] || { echo "bench: $server sends other bytes for $CASE" >&2; exit 1; }
    done
}
CASE=identity same_bytes "${SERVERS[*]}"
CASE=br same_bytes "${SERVERS[*]}" -H "Accept-Encoding: br"
CASE=h2c same_bytes "${SERVERS[*]}" -H "Accept-Encoding: br" --http2-prior-knowledge
for key in "${KEYS[@]}"; do
    CASE=$key-small same_bytes "${TLS_SERVERS[*]}" --http1.1
    CASE=$key-h1 same_bytes "${TLS_SERVERS[*]}" -H "Accept-Encoding: br" --http1.1
    CASE=$key-h2 same_bytes "${TLS_SERVERS[*]}" -H "Accept-Encoding: br" --http2
done
if [ -n "${BEFORE:-}" ]; then
    SERVERS+=(phasespace-before)
    TLS_SERVERS+=(phasespace-before)
fi

# Memory in KiB of a server's processes: `rss` (resident pages, as ps
# shows them) or `pss` (shared pages divided among the processes sharing
# them, so nginx's shared code counts once).
memory() {
    local field=$1 pid
    for pid in ${PID[$2]}; do cat "/proc/$pid/smaps_rollup"; done |
        awk -v f="$field:" 'tolower($1) == f {s += $2} END {print s}'
}

# The memory rows come first, on servers that have served nothing yet:
# RSS at start, with HELD idle keep-alive connections open (each fetched
# the post, brotli) and a second after they closed.
# (HTTPS h2 connections, held the same way, come after the rate rows.)
declare -A IDLE HELD_RSS CLOSED TLS_IDLE TLS_HELD_RSS TLS_CLOSED
# One server's three figures into the arrays PREFIX{IDLE,HELD_RSS,CLOSED},
# under `key`.
held() { # processes (a PID key), port, PREFIX, key, [hold-connections options]
    local processes=$1 port=$2 key=$4 holder
    local -n idle=${3}IDLE held_rss=${3}HELD_RSS closed=${3}CLOSED
    shift 4
    idle[$key]=$(memory rss "$processes")
    rm -f "$WORK/hold.in" "$WORK/hold.out"
    mkfifo "$WORK/hold.in"
    python3 scripts/hold-connections.py "$@" "$port" "$HELD" "$POST" <"$WORK/hold.in" >"$WORK/hold.out" &
    holder=$!
    exec 7>"$WORK/hold.in"
    until grep -q ready "$WORK/hold.out"; do
        kill -0 "$holder" 2>/dev/null || { echo "bench: hold-connections failed on $processes" >&2; exit 1; }
        sleep 0.05
    done
    held_rss[$key]=$(memory rss "$processes")
    exec 7>&-
    wait "$holder"
    sleep 1
    closed[$key]=$(memory rss "$processes")
}
# Then each server starts afresh (nginx: new workers), so that what the
# thousand connections left in its heap does not count in the next rows.
restart() { # server
    local server=$1 master old workers
    if [ "$server" = nginx ]; then
        master=$(cat "$WORK/nginx.pid")
        old=$(pgrep -P "$master" | sort)
        nginx -s reload -c "$WORK/nginx.conf" -p "$WORK" -e "$WORK/logs/error.log"
        # Until the two workers are new ones.
        for _ in $(seq 100); do
            workers=$(pgrep -P "$master" | sort)
            [ "$(wc -l <<<"$workers")" = 2 ] && [ -z "$(comm -12 <(echo "$old") <(echo "$workers"))" ] && break
            sleep 0.1
        done
        PID[nginx]="$master $(echo $workers)"
    else
        kill "${PID[$server]}"
        wait "${PID[$server]}" 2>/dev/null || true
        eval "start $server ${COMMAND[$server]}"
    fi
    wait_for "http://127.0.0.1:${PORT[$server]}$POST"
}
if [ "$HELD" -gt 0 ]; then
    echo
    echo "RSS KiB: at start, with $HELD idle keep-alive connections (scripts/hold-connections.py), 1 s after they close; load $(load)"
    printf '%-18s %10s %10s %10s\n' server start held closed
    for server in "${SERVERS[@]}"; do
        held "$server" "${PORT[$server]}" "" "$server"
        printf '%-18s %10s %10s %10s\n' "$server" "${IDLE[$server]}" "${HELD_RSS[$server]}" "${CLOSED[$server]}"
        restart "$server"
    done
fi

# CPU time (user + system, in clock ticks) a server's processes have used.
cpu_ticks() { # server
    local pid
    for pid in ${PID[$1]}; do cat "/proc/$pid/stat"; done |
        awk '{sub(/.*\) /, ""); s += $12 + $13} END {print s}'
}

# A run of one case against one server → "requests/s p99_ms rss_kib
# pss_kib cpu_us note"; memory (plain cases) sampled halfway through the
# run; cpu_us: the server's CPU time per request (plain cases), what the
# requests cost apart from the client's share of the cores; "-" where the
# tool or case has none.
measure() { # server, case
    local server=$1 case=$2 target rss=- pss=- out=$WORK/client.out ticks=- plain=
    target=$(url "$server" "$case")
    [ -n "${PID[$server]:-}" ] && [[ $case = identity || $case = br || $case = h2c ]] && plain=1
    [ -n "$plain" ] && ticks=$(cpu_ticks "$server")
    case $case in
    identity) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$target" >"$out" & ;;
    br | *-h1) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Accept-Encoding: br" "$target" >"$out" & ;;
    h2c | *-h2) h2load -c"$CONNECTIONS" -m"$STREAMS" -D"$DURATION" -H "Accept-Encoding: br" "$target" >"$out" & ;;
    *-new | *-resumed) handshakes "$target" "${case##*-}" >"$out" & ;;
    esac
    local client=$!
    if [ -n "$plain" ]; then
        sleep "$(awk "BEGIN {print $DURATION / 2}")"
        rss=$(memory rss "$server")
        pss=$(memory pss "$server")
    fi
    wait $client
    [ -n "$plain" ] && ticks=$(($(cpu_ticks "$server") - ticks))
    awk -v rss="$rss" -v pss="$pss" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ { rps = $2 }
        / requests in / { done = $1 }
        /^requests:/ { done = $6 }
        $1 == "99%" {
            v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
            p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v
        }
        /Non-2xx|Socket errors/ { note = "errors" }
        /^finished in/ { rps = $4 }
        /^requests:/ && $10 + 0 > 0 { note = $10 " failed" }
        /^handshakes/ { rps = $2; note = $3 }
        END {
            cpu = (ticks == "-" || done + 0 == 0) ? "-" : sprintf("%.2f", ticks / hz * 1e6 / done)
            printf "%.0f %s %s %s %s %s\n", rps, (p99 == "") ? "-" : sprintf("%.3f", p99), rss, pss, cpu, (note == "") ? "-" : note
        }' "$out"
}

# HANDSHAKERS `openssl s_time` clients at once for DURATION s against
# host:port: `new` (a full handshake per connection) or `resumed` (each
# resumes its first connection's session). Prints "handshakes PER_S
# RESUMED%" (s_time marks a resumed connection `r`, a full one `*`).
handshakes() { # host:port, new|resumed
    local mode=-new i started
    [ "$2" = resumed ] && mode=-reuse
    started=$(date +%s.%N)
    for i in $(seq "$HANDSHAKERS"); do
        openssl s_time -connect "$1" "$mode" -time "$DURATION" -www "$SMALL" >"$WORK/s_time.$i" 2>&1 &
    done
    wait
    cat "$WORK"/s_time.* | awk -v started="$started" -v now="$(date +%s.%N)" -v mode="$2" '
        /connections in .* real seconds/ { n += $1 }
        /^[r*]+$/ { full += gsub(/\*/, ""); resumed += gsub(/r/, "") }
        END {
            share = (mode == "resumed" && full + resumed > 0) ? sprintf("resumed=%.0f%%", 100 * resumed / (full + resumed)) : "-"
            printf "handshakes %.0f %s\n", n / (now - started), share
        }'
    rm -f "$WORK"/s_time.*
}

CASES=(identity br h2c)
for key in "${KEYS[@]}"; do CASES+=("$key-h1" "$key-h2" "$key-new" "$key-resumed"); done
servers_of() { # case → the servers that run it
    case $1 in
    identity | br | h2c) echo "${SERVERS[@]}" ;;
    *) echo "${TLS_SERVERS[@]}" ;;
    esac
}

echo
echo "post page $POST; wrk -t$THREADS -c$CONNECTIONS, h2load -c$CONNECTIONS -m$STREAMS, $HANDSHAKERS s_time clients fetching $SMALL; ${DURATION} s per case, $ROUNDS rounds, servers in turn"
printf '%-6s %-13s %-18s %11s %9s %9s %9s %9s %-14s %5s\n' round case server "requests/s" "p99 ms" "RSS KiB" "PSS KiB" "CPU us" note load
declare -A RPS P99 RSS PSS CPU NOTE
for round in $(seq "$ROUNDS"); do
    for case in "${CASES[@]}"; do
        read -ra servers <<<"$(servers_of "$case")"
        count=${#servers[@]}
        for i in $(seq 0 $((count - 1))); do
            server=${servers[$(((i + round) % count))]}
            read -r rps p99 rss pss cpu note < <(measure "$server" "$case")
            RPS[$server.$case]+="$rps "
            P99[$server.$case]+="$p99 "
            # The memory row is the first round's HTTP/1.1 runs: h2c keeps
            # 640 streams in flight, and its heap stays for later rounds.
            [[ $round = 1 && ($case = identity || $case = br) ]] && RSS[$server]+="$rss " && PSS[$server]+="$pss "
            [ "$note" != - ] && NOTE[$server.$case]+="$note "
            CPU[$server.$case]+="$cpu "
            printf '%-6s %-13s %-18s %11s %9s %9s %9s %9s %-14s %5s\n' "$round" "$case" "$server" "$rps" "$p99" "$rss" "$pss" "$cpu" "$note" "$(load)"
        done
    done
done

# What a browser keeps open to an HTTPS site: idle h2 connections over
# TLS, with the first key; on servers that have served the rate rows
# (phasespace's HTTPS servers are processes of their own, as is nginx's).
if [ "$HELD" -gt 0 ] && [ ${#KEYS[@]} -gt 0 ]; then
    key=${KEYS[0]}
    echo
    echo "RSS KiB over HTTPS ($key): before, with $HELD idle h2 connections (hold-connections.py --tls h2), 1 s after they close; load $(load)"
    printf '%-18s %10s %10s %10s\n' server before held closed
    for server in "${TLS_SERVERS[@]}"; do
        held "$server.$key" "${TLS_PORT[$server.$key]}" TLS_ "$server" --tls h2
        printf '%-18s %10s %10s %10s\n' "$server" "${TLS_IDLE[$server]}" "${TLS_HELD_RSS[$server]}" "${TLS_CLOSED[$server]}"
    done
fi

median() { tr ' ' '\n' | grep -v '^-\?$' | sort -n | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
maximum() { tr ' ' '\n' | grep -v '^-\?$' | sort -n | tail -1; }
# "value (ratio×)" of one figure against nginx's; "value" alone for nginx.
versus() { # mine, nginx's
    if [ -z "$1" ]; then echo -; elif [ -z "$2" ] || [ "$2" = 0 ]; then echo "$1"; else awk "BEGIN {printf \"%g (%.2fx)\", $1, $1 / $2}"; fi
}

echo
echo "medians (requests/s, p99) and peaks (memory, halfway through round 1's HTTP/1.1 runs); ratio to nginx in brackets:"
printf '%-18s %-17s %-17s %-19s %-19s %-16s %-16s\n' server "identity req/s" "br req/s" "identity p99 ms" "br p99 ms" "RSS KiB" "PSS KiB"
for server in "${SERVERS[@]}"; do
    row=()
    for value in "RPS identity median" "RPS br median" "P99 identity median" "P99 br median" "RSS - maximum" "PSS - maximum"; do
        read -r table case reduce <<<"$value"
        key=$server nginx_key=nginx
        [ "$case" != - ] && key=$server.$case nginx_key=nginx.$case
        declare -n values=$table
        row+=("$(versus "$($reduce <<<"${values[$key]:-}")" "$($reduce <<<"${values[$nginx_key]:-}")")")
        unset -n values
    done
    printf '%-18s %-17s %-17s %-19s %-19s %-16s %-16s\n' "$server" "${row[@]}"
done

# Memory by open connections under load: RSS halfway through a 4 s
# identity run at each count in SWEEP.
if [ -n "$SWEEP" ]; then
    echo
    echo "RSS KiB by open connections (wrk -c N, identity), ratio to nginx in brackets; load $(load):"
    printf '%-18s' connections
    for connections in $SWEEP; do printf ' %-16s' "$connections"; done
    echo
    declare -A SWEPT
    for server in "${SERVERS[@]}"; do
        printf '%-18s' "$server"
        for connections in $SWEEP; do
            read -r _ _ rss _ _ _ < <(CONNECTIONS=$connections DURATION=4 measure "$server" identity)
            SWEPT[$server.$connections]=$rss
            printf ' %-16s' "$(versus "$rss" "${SWEPT[nginx.$connections]}")"
        done
        echo
    done
fi

# Issue 15's table: each row for every server that takes part, ratio to
# nginx in brackets.
echo
echo "issue 15's rows (medians over $ROUNDS rounds; ratio to nginx in brackets):"
ALL=(nginx phasespace)
[ -n "$STATIC_BIN" ] && ALL+=(phasespace-static)
ALL+=(bare-hyper)
[ -n "${BEFORE:-}" ] && ALL+=(phasespace-before)
printf '%-34s' row
for server in "${ALL[@]}"; do printf ' %-22s' "$server"; done
echo
issue_row() { # label, then one cell per server in ALL
    local label=$1 cell
    shift
    printf '%-34s' "$label"
    for cell in "$@"; do printf ' %-22s' "$cell"; done
    echo
}
# "!" after a median whose runs had errors, failed requests or fewer than
# 95% of handshakes resumed (the run lines say which).
flag() { # notes
    local note
    for note in $1; do
        case $note in
        resumed=100% | resumed=9[5-9]%) ;;
        *) echo " !" && return ;;
        esac
    done
}
# Medians of a case from the table RPS (requests/s, the default, with
# its "!" flags) or CPU (the server's µs per request).
rate_row() { # label, case, [table]
    local cells=() server marks
    local -n figures=${3:-RPS}
    for server in "${ALL[@]}"; do
        marks=
        [ "${3:-RPS}" = RPS ] && marks=$(flag "${NOTE[$server.$2]:-}")
        cells+=("$(versus "$(median <<<"${figures[$server.$2]:-}")" "$(median <<<"${figures[nginx.$2]:-}")")$marks")
    done
    unset -n figures
    issue_row "$1" "${cells[@]}"
}
memory_row() { # label, array name
    local cells=() server
    declare -n figures=$2
    for server in "${ALL[@]}"; do cells+=("$(versus "${figures[$server]:-}" "${figures[nginx]:-}")"); done
    unset -n figures
    issue_row "$1" "${cells[@]}"
}
rate_row "first post, identity, req/s" identity
rate_row "first post, brotli, HTTP/1.1" br
rate_row "first post, brotli, h2c -m$STREAMS" h2c
# The server's CPU time per request, where a lower ratio is better.
# Unpinned, it moves with the scheduler too (docs/benchmarks.md): compare
# builds pinned, one core each.
rate_row "  server CPU us/request, identity" identity CPU
rate_row "  server CPU us/request, brotli" br CPU
rate_row "  server CPU us/request, h2c" h2c CPU
declare -A PEAK
for server in "${ALL[@]}"; do PEAK[$server]=$(maximum <<<"${RSS[$server]:-}"); done
memory_row "RSS KiB, $CONNECTIONS connections (round 1)" PEAK
if [ "$HELD" -gt 0 ]; then
    memory_row "RSS KiB at start" IDLE
    memory_row "RSS KiB, $HELD idle connections" HELD_RSS
    memory_row "RSS KiB after they close" CLOSED
    cells=()
    for server in "${ALL[@]}"; do
        cells+=("$([ -n "${IDLE[$server]:-}" ] && awk "BEGIN {printf \"%.2fx\", ${CLOSED[$server]} / ${IDLE[$server]}}" || echo -)")
    done
    issue_row "  after close / at start" "${cells[@]}"
    if [ ${#KEYS[@]} -gt 0 ]; then
        memory_row "RSS KiB, HTTPS, before h2 held" TLS_IDLE
        memory_row "RSS KiB, $HELD idle HTTPS h2" TLS_HELD_RSS
        memory_row "RSS KiB, HTTPS, after they close" TLS_CLOSED
    fi
fi
for key in "${KEYS[@]}"; do
    rate_row "HTTPS $key, HTTP/1.1 req/s" "$key-h1"
    rate_row "HTTPS $key, h2 -m$STREAMS req/s" "$key-h2"
    rate_row "HTTPS $key, new connections/s" "$key-new"
    rate_row "HTTPS $key, resumed connections/s" "$key-resumed"
done

echo
if [ "$LIGHTHOUSE" = 1 ]; then
    echo "Lighthouse, mobile, first post (RUNS=10 scripts/lighthouse.sh), load $(load):"
    # On the binary measured above (serve-for-checks.sh takes SERVER).
    SERVER=$BIN RUNS=10 scripts/lighthouse.sh
else
    echo "Lighthouse: skipped (LIGHTHOUSE=1 runs RUNS=10 scripts/lighthouse.sh)"
fi
