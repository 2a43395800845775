#!/usr/bin/env bash
# Deploy benchmark: how long from `runway deploy` to the new version answering through the edge.
#
# Two apps, each deployed once to warm up (npm's cache, the OS's file cache), then redeployed
# BENCH_ROUNDS times with a changed version string:
#   static  a Vercel-style static site (index.html + vercel.json), no build command
#   node    a Node API with one npm dependency (served from npm's cache after the warm-up),
#           railway.toml with a health check path, as on Railway
# Each round's time runs from starting the `runway deploy` command to the first response with the
# new version on the daemon's edge (polled every 10 ms). The node app's own boot (node starting and
# listening) is measured apart by starting it alone, so the table can show Runway's share.
#
# Usage: bench/deploy.sh
# Environment:
#   BENCH_ROUNDS       redeploys per app; the median is reported (default 5)
#   RUNWAY             command that runs the Runway CLI (default: the repository's ./runway wrapper)
#   BENCH_RESULTS_DIR  where the Markdown table is written (default bench/results)
# Everything listens on 127.0.0.1 only; the daemon and its apps are stopped by pid on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${BENCH_ROUNDS:-5}"
runway="${RUNWAY:-$root/runway}"
results="${BENCH_RESULTS_DIR:-$root/bench/results}"
work="$(mktemp -d /tmp/runway-bench-deploy.XXXXXX)"
chmod 711 "$work" # isolated instances (when root) run as their app's user and must pass through to their release
export RUNWAY_HOME="$work/home" NO_COLOR=1
daemon_pid=""

cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

now_ms() { date +%s%3N; }

"$runway" --version >/dev/null

# --- the two apps -------------------------------------------------------------------------------
mkdir -p "$work/static" "$work/node"
cat > "$work/static/vercel.json" <<'JSON'
{ "cleanUrls": true }
JSON
echo '<!doctype html><title>bench</title><p>static-0</p>' > "$work/static/index.html"

cat > "$work/node/package.json" <<'JSON'
{ "name": "bench-node", "version": "1.0.0", "private": true,
  "scripts": { "start": "node server.js" },
  "dependencies": { "ms": "2.1.3" } }
JSON
cat > "$work/node/railway.toml" <<'TOML'
[deploy]
healthcheckPath = "/health"
healthcheckTimeout = 30
TOML
cat > "$work/node/server.js" <<'JS'
const http = require("http");
const ms = require("ms");
const version = "node-0";
http.createServer((req, res) => {
  if (req.url === "/health") { res.end("ok"); return; }
  res.end(version + " " + ms(60000));
}).listen(Number(process.env.PORT), "127.0.0.1");
JS
(cd "$work/node" && npm install --package-lock-only --no-audit --no-fund >/dev/null 2>&1)

# --- the daemon -----------------------------------------------------------------------------------
setsid "$runway" serve --port 0 > "$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 600); do grep -q "runway: ready" "$work/daemon.log" && break; sleep 0.1; done
grep -q "runway: ready" "$work/daemon.log" || { cat "$work/daemon.log"; echo "the daemon did not start" >&2; exit 1; }
edge_port="$(sed -n 's/.*"EdgePort":\([0-9]*\).*/\1/p' "$RUNWAY_HOME/daemon/api.json")"

# deploy DIR HOST EXPECTED: prints milliseconds from the command's start to EXPECTED on the edge.
deploy() {
  local dir="$1" host="$2" expected="$3" start end
  start="$(now_ms)"
  "$runway" deploy "$dir" > "$work/deploy.log" 2>&1 || { cat "$work/deploy.log" >&2; exit 1; }
  for _ in $(seq 1 3000); do
    if curl -s -H "Host: $host" "http://127.0.0.1:$edge_port/" | grep -q "$expected"; then
      end="$(now_ms)"; echo $((end - start)); return
    fi
    sleep 0.01
  done
  echo "$expected never answered on $host" >&2; exit 1
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

measure() {
  local app="$1" dir="$2" host="$3" file="$4" times=()
  deploy "$dir" "$host" "$app-0" > /dev/null # warm-up: first release, caches filled
  for round in $(seq 1 "$rounds"); do
    sed -i "s/$app-$((round - 1))/$app-$round/" "$dir/$file"
    times+=("$(deploy "$dir" "$host" "$app-$round")")
  done
  printf '%s\n' "${times[@]}" | median
}

static_ms="$(measure static "$work/static" static.localhost index.html)"
node_ms="$(measure node "$work/node" bench-node.localhost server.js)"

# The node app's own boot: node starting until it answers, without Runway, in the last release
# (where its dependencies were installed). Bounded: a node that does not answer in 10 s ends the script.
release="$(ls -d "$RUNWAY_HOME"/releases/bench-node/*/web | sort -V | tail -n 1)"
boot_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
boots=()
for _ in $(seq 1 "$rounds"); do
  start="$(now_ms)"
  (cd "$release" && PORT="$boot_port" exec node server.js) & boot_pid=$!
  for _ in $(seq 1 1000); do curl -s "http://127.0.0.1:$boot_port/health" > /dev/null && break; sleep 0.01; done
  curl -s "http://127.0.0.1:$boot_port/health" > /dev/null || { echo "node did not boot in $release" >&2; exit 1; }
  boots+=($(( $(now_ms) - start )))
  kill "$boot_pid"; wait "$boot_pid" 2>/dev/null || true
done
boot_ms="$(printf '%s\n' "${boots[@]}" | median)"

mkdir -p "$results"
out="$results/deploy-$(date -u +%Y-%m-%d-%H%M).md"
{
  echo "# Deploy: \`runway deploy\` to the new version serving ($(date -u +%Y-%m-%d), $(nproc) cores, median of $rounds)"
  echo
  echo "| app | deploy → serving | target | app's own boot |"
  echo "|---|---|---|---|"
  echo "| static site (vercel.json) | ${static_ms} ms | ≤ 2000 ms | - |"
  echo "| Node API, cached dependency | ${node_ms} ms | ≤ 10000 ms + boot | ${boot_ms} ms |"
} | tee "$out"
echo "written to $out"
