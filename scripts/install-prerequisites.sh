#!/usr/bin/env bash
# Installs the Debian packages Runway needs, only those missing. Usage: install-prerequisites.sh runtime|test
set -euo pipefail
mode="${1:-runtime}"

missing=()
need() { # command package
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
}

need node nodejs
need npm npm
need python3 python3
need setsid util-linux
need flock util-linux
# Managed PostgreSQL add-on: Debian 12's server with pg_stat_statements; its programs live outside PATH.
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
# Point-in-time recovery of the PostgreSQL add-on: WAL archiving and base backups (pgBackRest).
need pgbackrest pgbackrest
# Optional connection pooling in front of the PostgreSQL add-on (pooling = "transaction" / "session"); Runway runs its own instance.
[ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
if [ "$mode" = test ]; then
  need curl curl
fi
# Managed Redis add-ons at runtime, and the tests that start real servers.
need redis-server redis-server

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "runway: missing packages: ${missing[*]} (run as root, or install them with apt-get)" >&2
    exit 1
  fi
  echo "runway: installing ${missing[*]}..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
