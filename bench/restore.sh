#!/usr/bin/env bash
# Backup and restore benchmark: a PostgreSQL add-on filled to about 1 GB with pgbench, then timed through the CLI:
#   backup   `runway db backup APP`   pg_dump -Fc and the manifest (row counts and checksums) in one snapshot
#   verify   `runway db verify APP ID` checksum of the file, pg_restore into a scratch database, compare, drop
#   restore  `runway db restore APP ID` checksum, safety backup, pg_restore into a fresh database, compare, swap
# The restore's own steps are timed from its progress lines, so the table shows how much of it is the safety backup.
# Afterwards the restored database must hold every pgbench row and the app must answer through it.
#
# Usage: bench/restore.sh              (as root on Debian when PostgreSQL 15 must be installed)
# Environment:
#   BENCH_SCALE        pgbench scale factor; each step is about 15 MB (default 70, about 1 GB)
#   RUNWAY             command that runs the Runway CLI (default: the repository's ./runway wrapper)
#   BENCH_RESULTS_DIR  where the Markdown table is written (default bench/results)
# Everything listens on 127.0.0.1 only; the daemon (which stops its PostgreSQL cluster) is stopped by its pid on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="${BENCH_SCALE:-70}"
runway="${RUNWAY:-$root/runway}"
results="${BENCH_RESULTS_DIR:-$root/bench/results}"
pgbin=/usr/lib/postgresql/15/bin
[[ "$scale" =~ ^[0-9]+$ ]] && [ "$scale" -ge 1 ] || { echo "BENCH_SCALE must be a whole number of 1 or more (got '$scale')" >&2; exit 1; }

"$root/scripts/install-prerequisites.sh" test
[ -x "$pgbin/pgbench" ] || { echo "$pgbin/pgbench is missing; install postgresql-15" >&2; exit 1; }

work="$(mktemp -d /tmp/runway-bench-restore.XXXXXX)"
chmod 711 "$work" # the cluster's postgres user and the app's user pass through to their directories
export RUNWAY_HOME="$work/home" NO_COLOR=1
daemon_pid=""

cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # a signal ends the script (and runs cleanup through EXIT) instead of resuming it

now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'; }

"$runway" --version >/dev/null

# --- the app: a web service with a PostgreSQL add-on; /url hands its DATABASE_URL to this script ----
mkdir -p "$work/app"
cat > "$work/app/package.json" <<'JSON'
{ "name": "bench-restore", "version": "1.0.0", "private": true, "scripts": { "start": "node server.js" } }
JSON
cat > "$work/app/package-lock.json" <<'JSON'
{ "name": "bench-restore", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": { "": { "name": "bench-restore", "version": "1.0.0" } } }
JSON
cat > "$work/app/runway.toml" <<'TOML'
name = "bench-restore"
[services.web]
startCommand = "node server.js"
healthcheckPath = "/health"
[addons.db]
type = "postgres"
TOML
cat > "$work/app/server.js" <<'JS'
const http = require("http");
const { execFileSync } = require("child_process");
http.createServer((req, res) => {
  if (req.url === "/url") { res.end(process.env.DATABASE_URL); return; }
  if (req.url === "/accounts") { res.end(execFileSync("psql", [process.env.DATABASE_URL, "-qtAc", "select count(*) from pgbench_accounts"]).toString().trim()); return; }
  res.end("ok");
}).listen(Number(process.env.PORT), "127.0.0.1");
JS

# --- the daemon ---------------------------------------------------------------------------------------
setsid "$runway" serve --port 0 > "$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 600); do grep -q "runway: ready" "$work/daemon.log" && break; sleep 0.1; done
grep -q "runway: ready" "$work/daemon.log" || { cat "$work/daemon.log"; echo "the daemon did not start" >&2; exit 1; }
edge_port="$(sed -n 's/.*"EdgePort":\([0-9]*\).*/\1/p' "$RUNWAY_HOME/daemon/api.json")"
get() { curl -sf -H "Host: bench-restore.localhost" "http://127.0.0.1:$edge_port$1"; }

"$runway" deploy "$work/app" > "$work/deploy.log" 2>&1 || { cat "$work/deploy.log" >&2; exit 1; }
url="$(get /url)"

# --- fill it: pgbench -i as the app's own role, so the app owns its tables as usual --------------------
echo "bench: pgbench -i -s $scale (about $((scale * 15)) MB)..." >&2
start="$(now_ms)"
"$pgbin/pgbench" -i -s "$scale" -q "$url" > "$work/pgbench.log" 2>&1 || { cat "$work/pgbench.log" >&2; exit 1; }
fill_ms=$(( $(now_ms) - start ))
db_bytes="$(psql "$url" -qtAc "select pg_database_size(current_database())")"
rows_before="$(get /accounts)"
[ "$rows_before" = "$((scale * 100000))" ] || { echo "pgbench_accounts holds $rows_before rows, not $((scale * 100000))" >&2; exit 1; }

# timed NAME ARGS...: runs `runway ARGS`, prefixing each output line with the milliseconds since the start,
# into $work/NAME.log; prints the total milliseconds.
timed() {
  local name="$1" start; shift
  start="$(now_ms)"
  if ! "$runway" "$@" 2>&1 | while IFS= read -r line; do echo "$(( $(now_ms) - start )) $line"; done > "$work/$name.log"; then
    cat "$work/$name.log" >&2; echo "runway $* failed" >&2; exit 1
  fi
  echo $(( $(now_ms) - start ))
}

# at NAME PATTERN: the milliseconds at which the first line matching PATTERN appeared in NAME's output.
at() { grep -m1 -E "$2" "$work/$1.log" | cut -d' ' -f1; }

load_before="$(cut -d' ' -f1 /proc/loadavg)"
echo "bench: runway db backup..." >&2
backup_ms="$(timed backup db backup bench-restore)"
read -r backup_id backup_bytes < <("$runway" db backups bench-restore | awk '{ print $1, $5; exit }')

echo "bench: runway db verify $backup_id..." >&2
verify_ms="$(timed verify db verify bench-restore "$backup_id")"
grep -q "verified: " "$work/verify.log" || { cat "$work/verify.log" >&2; echo "the backup did not verify" >&2; exit 1; }

psql "$url" -qtAc "delete from pgbench_history; update pgbench_branches set bbalance = bbalance + 1" > /dev/null # changes the restore undoes

echo "bench: runway db restore $backup_id..." >&2
restore_ms="$(timed restore db restore bench-restore "$backup_id")"
safety_start="$(at restore "taking a safety backup")"
safety_end="$(at restore "safety backup .* taken")"
pg_restore_start="$(at restore "pg_restore into database runway_restore_")"
compare_start="$(at restore "comparing runway_restore_")"
swap_start="$(at restore "disconnecting the sessions")"
done_at="$(at restore "restored backup $backup_id")"
rows_after="$(get /accounts)"
[ "$rows_after" = "$rows_before" ] || { echo "after the restore pgbench_accounts holds $rows_after rows, not $rows_before" >&2; exit 1; }
[ "$(psql "$url" -qtAc "select sum(bbalance) from pgbench_branches")" = "0" ] || { echo "the restore did not undo the change to pgbench_branches" >&2; exit 1; }
restore_only_ms=$(( done_at - safety_end ))
load_after="$(cut -d' ' -f1 /proc/loadavg)"

mkdir -p "$results"
out="$results/restore-$(date -u +%Y-%m-%d-%H%M).md"
{
  echo "# Backup and restore of a $(mib "$db_bytes") PostgreSQL add-on (pgbench -s $scale; $(date -u +%Y-%m-%d), $(nproc) cores)"
  echo
  echo "Load average (1 min) when the backup started: $load_before, when the restore ended: $load_after (it counts this benchmark's own work too; well above 2 means other work shared the $(nproc) cores)."
  echo
  echo "| step | time | notes |"
  echo "|---|---|---|"
  echo "| fill: \`pgbench -i -s $scale\` | $(seconds "$fill_ms") | $rows_before rows in pgbench_accounts, database $(mib "$db_bytes") |"
  echo "| \`runway db backup\` | $(seconds "$backup_ms") | pg_dump -Fc + manifest in one snapshot; file $(mib "$backup_bytes") |"
  echo "| \`runway db verify\` | $(seconds "$verify_ms") | SHA-256, pg_restore into a scratch database, compare, drop |"
  echo "| \`runway db restore\` (whole command) | $(seconds "$restore_ms") | SHA-256 + safety backup + restore + compare + swap |"
  echo "| ↳ SHA-256 check of the file | $(seconds "$safety_start") | before anything changes |"
  echo "| ↳ safety backup | $(seconds $(( safety_end - safety_start ))) | a normal backup of the live data, to undo the restore |"
  echo "| ↳ pg_restore into a fresh database | $(seconds $(( compare_start - pg_restore_start ))) | |"
  echo "| ↳ compare with the manifest | $(seconds $(( swap_start - compare_start ))) | row counts and checksums of every table |"
  echo "| ↳ swap into place | $(seconds $(( done_at - swap_start ))) | sessions ended, renamed, the old one dropped |"
  echo "| restore without the safety backup | $(seconds "$restore_only_ms") | target: ≤ 120 s |"
} | tee "$out"
echo "written to $out"
