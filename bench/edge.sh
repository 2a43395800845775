#!/usr/bin/env bash
# Edge benchmark: Runway's edge against a reference nginx on the same machine, same files, same upstream.
#
# What is measured (each with wrk, against both servers in the same run, in alternating order):
#   small  GET /small.html  a static HTML file of about 2 KB
#   big    GET /big.bin     a 1 MiB static file of random bytes
#   proxy  GET /api/data    a small JSON answered by an upstream nginx, reached through the proxy
#
# Fairness:
#   - One upstream process serves both proxies: Runway starts it as the app's service
#     (runway.toml [services.upstream], listen port from $PORT), and the reference nginx proxies to
#     that same instance, whose port is read from `runway up`'s "upstream  http://127.0.0.1:NNNN" line.
#     Both proxies therefore hit the same process type, config and worker count.
#   - Runway routes /api/* by the site's vercel.json rewrite to the service's public domain
#     (https://upstream.bench.example/api/$1), i.e. the real routing path, not a Host shortcut.
#   - The reference nginx gets the configuration one would deploy: sendfile, tcp_nopush,
#     open_file_cache, upstream keepalive 32 over HTTP/1.1, worker_processes auto (override with
#     NGINX_WORKERS), and, like Runway, a JSON access log line per request written in buffered blocks
#     (buffer=64k flush=1s), and the same default headers (security preset, Cache-Control, Vary).
#   - Nothing is pinned: wrk, both proxies and the upstream share every core of the machine
#     (2 on the reference machine), so absolute numbers are low and the ratios are what matter.
#
# Usage: bench/edge.sh              (as root on Debian when wrk/nginx must be installed)
# Environment:
#   BENCH_DURATION     seconds per measured load (default 10)
#   BENCH_WARMUP       seconds of warm-up load before each case's first measurement (default 5)
#   BENCH_ROUNDS       measurements per case and server, order alternating; medians are reported (default 3)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_CONNECTIONS  wrk connections (default 64)
#   BENCH_CASES        which cases to load, space-separated (default "small big proxy")
#   NGINX_WORKERS      worker_processes of the reference nginx (default auto)
#   RUNWAY             command that runs the Runway CLI (default: the repository's ./runway wrapper)
#   BENCH_RESULTS_DIR  where the Markdown table is written (default bench/results)
# Everything listens on 127.0.0.1 only. Every process the script starts is stopped by its pid on exit,
# including Ctrl-C; every load is bounded by `timeout`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${BENCH_DURATION:-10}"
warmup="${BENCH_WARMUP:-5}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-64}"
rounds="${BENCH_ROUNDS:-3}"
nginx_workers="${NGINX_WORKERS:-auto}"
runway_cmd="${RUNWAY:-$root/runway}"
results_dir="${BENCH_RESULTS_DIR:-$root/bench/results}"

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

for n in "$duration" "$warmup" "$threads" "$connections" "$rounds"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "BENCH_DURATION, BENCH_WARMUP, BENCH_THREADS, BENCH_CONNECTIONS and BENCH_ROUNDS must be whole numbers (got '$n')"
done
[ "$duration" -ge 1 ] || die "BENCH_DURATION must be at least 1 second"
[ "$rounds" -ge 1 ] || die "BENCH_ROUNDS must be at least 1"

# --- tools -----------------------------------------------------------------------------------------
install_missing() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run as root so they can be installed with apt-get, or install them"
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update >/dev/null
    # nginx-light was folded into nginx on newer Debian releases.
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || apt-get install -y --no-install-recommends "${missing[@]/nginx-light/nginx}" >/dev/null
  fi
}
install_missing
nginx_bin="$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)"

# --- processes and cleanup -------------------------------------------------------------------------
work="$(mktemp -d /tmp/runway-edge-bench.XXXXXX)"
# nginx workers run as an unprivileged user when started by root: they must be able to read the files.
chmod 755 "$work"
runway_pid=""
nginx_pid=""

stop_pid() { # pid, name: TERM, wait up to 15 s, then KILL
  local pid="$1" name="$2" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "$name (pid $pid) did not stop in 15 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  stop_pid "$nginx_pid" "reference nginx"
  # Runway stops the upstream nginx it started (its service instance) on TERM.
  stop_pid "$runway_pid" "runway"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return 0
  local p
  for p in $(shuf -i 20000-60000 -n 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  die "no free port found"
}

wait_http() { # url, seconds
  local url="$1" i
  for i in $(seq 1 $(( $2 * 10 ))); do
    curl -s -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.1
  done
  return 1
}

# --- the bench app ---------------------------------------------------------------------------------
app="$work/app"
mkdir -p "$app/site/public" "$app/upstream"
# ~2 KB of HTML-ish text (not compressed on the wire: wrk sends no Accept-Encoding).
{
  printf '<!doctype html><html><head><title>bench</title></head><body><pre>\n'
  head -c 1400 /dev/urandom | base64 -w 76
  printf '</pre></body></html>\n'
} | head -c 2048 > "$app/site/public/small.html"
head -c 1048576 /dev/urandom > "$app/site/public/big.bin"
printf '{"ok":true,"service":"upstream","items":[1,2,3,4,5],"message":"hello from the bench upstream"}\n' \
  > "$app/upstream/data.json"

cat > "$app/site/vercel.json" <<'EOF'
{
  "outputDirectory": "public",
  "rewrites": [
    { "source": "/api/(.*)", "destination": "https://upstream.bench.example/api/$1" }
  ]
}
EOF

# The upstream's nginx.conf, completed at start with the instance's $PORT and release directory.
cat > "$app/upstream/upstream.conf.in" <<'EOF'
worker_processes 1;
pid @DIR@/upstream-@PORT@.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path @DIR@/tmp; proxy_temp_path @DIR@/tmp; fastcgi_temp_path @DIR@/tmp;
  uwsgi_temp_path @DIR@/tmp; scgi_temp_path @DIR@/tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:@PORT@;
    location = /api/data { default_type application/json; alias @DIR@/data.json; }
  }
}
EOF

cat > "$app/runway.toml" <<EOF
name = "bench"
entry = "site"

[services.upstream]
root = "upstream"
type = "web"
domains = ["upstream.bench.example"]
startCommand = "sh -c 'mkdir -p tmp && sed -e s/@PORT@/\$PORT/g -e s#@DIR@#\$PWD#g upstream.conf.in > upstream.conf && exec $nginx_bin -c \$PWD/upstream.conf -g \"daemon off;\"'"

[sites.site]
root = "site"
EOF

# --- start Runway ----------------------------------------------------------------------------------
runway_port="$(free_port)"
export RUNWAY_HOME="$work/runway-home"
log "starting runway up on 127.0.0.1:$runway_port (building Runway first if its sources changed)"
"$runway_cmd" up "$app" --port "$runway_port" > "$work/runway.log" 2>&1 &
runway_pid=$!

upstream_port=""
for _ in $(seq 1 3000); do # up to 300 s: the wrapper may build Runway first
  if grep -q 'press Ctrl-C to stop' "$work/runway.log" 2>/dev/null; then
    upstream_port="$(grep -oE '^[[:space:]]+upstream[[:space:]]+http://127\.0\.0\.1:[0-9]+' "$work/runway.log" | head -n1 | grep -oE '[0-9]+$' || true)"
    break
  fi
  kill -0 "$runway_pid" 2>/dev/null || { cat "$work/runway.log" >&2; die "runway up exited before the app was up"; }
  sleep 0.1
done
[ -n "$upstream_port" ] || { cat "$work/runway.log" >&2; die "runway did not report the upstream instance's address"; }
log "runway is up; upstream instance at 127.0.0.1:$upstream_port"

# --- start the reference nginx ---------------------------------------------------------------------
nginx_port="$(free_port)"
mkdir -p "$work/nginx/tmp"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes $nginx_workers;
pid $work/nginx/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  # Runway writes one JSON line per request to its access log, in batches; nginx does the same work here.
  log_format runway escape=json '{"time":"\$time_iso8601","host":"\$host","method":"\$request_method","path":"\$uri",'
    '"status":\$status,"durationMs":\$request_time,"bytes":\$body_bytes_sent,"upstream":"\$upstream_addr","client":"\$remote_addr"}';
  access_log $work/nginx/access.log runway buffer=64k flush=1s;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  upstream bench_upstream {
    server 127.0.0.1:$upstream_port;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    root $app/site/public;
    # The headers Runway adds by default: its "default" security preset on every response, and Cache-Control and
    # Vary on static files (add_header in a location replaces the server's, so the static location repeats them).
    add_header X-Content-Type-Options nosniff;
    add_header X-Frame-Options SAMEORIGIN;
    add_header Referrer-Policy strict-origin-when-cross-origin;
    location / {
      add_header Cache-Control "public, max-age=0, must-revalidate";
      add_header Vary Accept-Encoding;
      add_header X-Content-Type-Options nosniff;
      add_header X-Frame-Options SAMEORIGIN;
      add_header Referrer-Policy strict-origin-when-cross-origin;
    }
    location /api/ {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host upstream.bench.example;
    }
  }
}
EOF
[ -f /etc/nginx/mime.types ] || sed -i '/mime.types/d' "$work/nginx/nginx.conf"
"$nginx_bin" -c "$work/nginx/nginx.conf" -g 'daemon off;' > "$work/nginx.log" 2>&1 &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/small.html" 10 || { cat "$work/nginx.log" >&2; die "reference nginx did not start"; }
log "reference nginx on 127.0.0.1:$nginx_port"

# --- correctness before timing ---------------------------------------------------------------------
read -r -a cases <<< "${BENCH_CASES:-small big proxy}"
for c in "${cases[@]}"; do
  case "$c" in small|big|proxy) ;; *) die "BENCH_CASES takes small, big and proxy (got '$c')" ;; esac
done
declare -A path=([small]=/small.html [big]=/big.bin [proxy]=/api/data)
declare -A expected=([small]="$app/site/public/small.html" [big]="$app/site/public/big.bin" [proxy]="$app/upstream/data.json")
declare -A label=([small]="static 2 KB (/small.html)" [big]="static 1 MB (/big.bin)" [proxy]="proxied JSON (/api/data)")
declare -A port=([nginx]="$nginx_port" [runway]="$runway_port")

for c in "${cases[@]}"; do
  for server in nginx runway; do
    url="http://127.0.0.1:${port[$server]}${path[$c]}"
    code="$(curl -s -o "$work/check.body" -w '%{http_code}' --max-time 10 "$url" || true)"
    [ "$code" = "200" ] || die "$server: $url answered $code, expected 200"
    cmp -s "$work/check.body" "${expected[$c]}" \
      || die "$server: $url returned $(stat -c %s "$work/check.body") bytes that differ from ${expected[$c]} ($(stat -c %s "${expected[$c]}") bytes)"
  done
done
log "correctness: every URL returns 200 with the expected bytes through both servers"

# --- load ------------------------------------------------------------------------------------------
to_ms() { # wrk latency like 812.00us, 3.41ms, 1.02s, 2.00m -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n = n / 1000; else if (u == "s") n = n * 1000; else if (u == "m") n = n * 60000
    printf "%.2f", n }'
}

declare -A rps p99 errors   # per server,case: space-separated values, one per round
# CPU time (user + system, in clock ticks) the server's own processes have used: Runway's process (not the upstream it
# started, which both proxies share), or the reference nginx's master and workers.
server_pids() {
  case "$1" in
    runway) echo "$runway_pid" ;;
    nginx) echo "$nginx_pid" $(pgrep -P "$nginx_pid" 2>/dev/null || true) ;;
  esac
}
cpu_ticks() { # pids...
  local total=0 pid fields
  for pid in "$@"; do
    fields="$(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null || echo '0 0')"
    total=$(( total + ${fields% *} + ${fields#* } ))
  done
  echo "$total"
}
ticks_per_second="$(getconf CLK_TCK)"

declare -A cpu_us   # per server,case: CPU microseconds per request, one value per round
run_wrk() { # server case round
  local server="$1" c="$2" round="$3" url out r q pids before after requests cpu
  url="http://127.0.0.1:${port[$server]}${path[$c]}"
  if [ "$warmup" -gt 0 ] && [ "$round" -eq 1 ]; then
    timeout $(( warmup + 20 )) wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" > /dev/null 2>&1 || true
  fi
  out="$work/wrk-$server-$c-$round.txt"
  read -r -a pids <<< "$(server_pids "$server")"
  before="$(cpu_ticks "${pids[@]}")"
  timeout $(( duration + 30 )) wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" > "$out" 2>&1 \
    || { cat "$out" >&2; die "wrk against $server $url failed"; }
  after="$(cpu_ticks "${pids[@]}")"
  r="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  q="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  [ -n "$r" ] || { cat "$out" >&2; die "could not read requests/s from wrk's output"; }
  requests="$(awk '/ requests in / { print $1 }' "$out")"
  cpu="$(awk -v t=$(( after - before )) -v hz="$ticks_per_second" -v n="${requests:-0}" 'BEGIN { if (n > 0) printf "%.1f", t * 1000000 / hz / n; else print 0 }')"
  rps[$server,$c]="${rps[$server,$c]:-} $r"
  p99[$server,$c]="${p99[$server,$c]:-} $q"
  cpu_us[$server,$c]="${cpu_us[$server,$c]:-} $cpu"
  local non2xx sock
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
  sock="$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")"
  errors[$server,$c]=$(( ${errors[$server,$c]:-0} + ${non2xx:-0} + ${sock:-0} ))
  log "$(printf 'round %s  %-6s %-26s %9s req/s  p99 %8s ms  %7s µs CPU/request' "$round" "$server" "${label[$c]}" "$r" "$q" "$cpu")"
}

median() { # "values" decimals
  printf '%s\n' $1 | sort -g | awk -v d="$2" '{ v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.*f\n", d, m }'
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "load: $rounds round(s) of wrk -t$threads -c$connections -d${duration}s --latency per case and server, ${warmup}s warm-up first; the order alternates each round"
for c in "${cases[@]}"; do
  for round in $(seq 1 "$rounds"); do
    # Alternating who goes first spreads drifts in the machine's other load over both servers.
    if [ $(( round % 2 )) -eq 1 ]; then order=(nginx runway); else order=(runway nginx); fi
    for server in "${order[@]}"; do run_wrk "$server" "$c" "$round"; done
  done
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ----------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
cores="$(nproc)"
cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"
runway_version="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
stamp="$(date -u +%Y-%m-%d-%H%M)"

report="$work/report.md"
{
  echo "# Edge benchmark: Runway vs nginx ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- Machine: $cores cores ($cpu), shared by wrk, the reference nginx, Runway and the upstream; nothing pinned."
  echo "- Load average (1/5/15 min) before the runs: $load_before, after: $load_after (other work on the machine skews absolute numbers and, less, the ratios)."
  echo "- Load: $rounds round(s) of \`wrk -t$threads -c$connections -d${duration}s --latency\` per case and server (order alternating), ${warmup} s warm-up first; all on 127.0.0.1."
  echo "- Runway $runway_version (\`runway up\`, Release); nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), worker_processes $nginx_workers, sendfile, open_file_cache, upstream keepalive 32, buffered JSON access log and Runway's default response headers (as Runway)."
  echo "- Proxied JSON: both proxies forward to the same upstream nginx instance (1 worker) that Runway started as the app's service; Runway routes it by the site's vercel.json rewrite to the service's domain."
  echo
  echo "Medians over $rounds round(s); ratios are of the medians. \"per round\" lists each round's Runway/nginx ratio, the two runs of"
  echo "a round being back to back; \"paired\" is the median of those, which a drift in the machine's other load between rounds"
  echo "moves less than the ratio of medians."
  echo
  echo "| case | nginx req/s | Runway req/s | req/s ratio (Runway/nginx) | req/s per round | nginx p99 ms | Runway p99 ms | p99 ratio (Runway/nginx) | p99 per round | p99 ratio, paired | nginx CPU µs/req | Runway CPU µs/req | CPU ratio (Runway/nginx) | errors nginx/Runway |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"
  for c in "${cases[@]}"; do
    n_rps="$(median "${rps[nginx,$c]}" 0)"; r_rps="$(median "${rps[runway,$c]}" 0)"
    n_p99="$(median "${p99[nginx,$c]}" 2)"; r_p99="$(median "${p99[runway,$c]}" 2)"
    read -r -a n_each <<< "${rps[nginx,$c]}"; read -r -a r_each <<< "${rps[runway,$c]}"
    read -r -a n_p99_each <<< "${p99[nginx,$c]}"; read -r -a r_p99_each <<< "${p99[runway,$c]}"
    per_round=""; p99_per_round=""; p99_ratios=""
    for i in "${!n_each[@]}"; do
      per_round+="${per_round:+ / }$(ratio "${r_each[$i]}" "${n_each[$i]}")"
      p99_per_round+="${p99_per_round:+ / }$(ratio "${r_p99_each[$i]}" "${n_p99_each[$i]}")"
      p99_ratios+=" $(ratio "${r_p99_each[$i]}" "${n_p99_each[$i]}")"
    done
    n_cpu="$(median "${cpu_us[nginx,$c]}" 1)"; r_cpu="$(median "${cpu_us[runway,$c]}" 1)"
    echo "| ${label[$c]} | $n_rps | $r_rps | $(ratio "$r_rps" "$n_rps") | $per_round | $n_p99 | $r_p99 | $(ratio "$r_p99" "$n_p99") | $p99_per_round | $(median "$p99_ratios" 2) | $n_cpu | $r_cpu | $(ratio "$r_cpu" "$n_cpu") | ${errors[nginx,$c]}/${errors[runway,$c]} |"
  done
  echo
  echo "req/s ratio above 1 means Runway served more; p99 ratio above 1 means Runway's tail latency was longer."
  echo "CPU µs/req is the proxy's own CPU time (user + system) per request during the measured load: Runway's process,"
  echo "or the reference nginx's master and workers; the shared upstream and wrk are not counted. With every core busy,"
  echo "req/s also depends on what the other processes leave over, so the CPU ratio is the plainer measure of efficiency."
} > "$report"

mkdir -p "$results_dir"
cp "$report" "$results_dir/edge-$stamp.md"
echo
cat "$report"
echo
echo "Note: only $cores cores, shared by the load generator and all servers; compare ratios, not absolute numbers."
log "written to $results_dir/edge-$stamp.md"
