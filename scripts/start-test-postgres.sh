#!/usr/bin/env bash
# Starts (idempotently) a throwaway PostgreSQL cluster for the Sagewright.Data contract tests and prints
# its connection string on stdout; everything else goes to stderr, so callers can do
#   export SAGEWRIGHT_TEST_POSTGRES="$(tests/Sagewright.Data.Tests/start-test-postgres.sh)"
# Usage: start-test-postgres.sh [DIR=/tmp/sagewright-pg] [PORT=55432]
# Stop:  runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D DIR stop
set -euo pipefail

dir="${1:-/tmp/sagewright-pg}"
port="${2:-55432}"

log() { echo "start-test-postgres: $*" >&2; }

# Runs a command as the postgres OS user: the server refuses to run as root.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

find_bin() {
  local initdb
  initdb="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$initdb" ] && dirname "$initdb"
}

bin="$(find_bin || true)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql"
    exit 1
  fi
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y postgresql >&2 || { apt-get update >&2 && apt-get install -y postgresql >&2; }
  bin="$(find_bin)"
fi

if [ ! -s "$dir/PG_VERSION" ]; then
  log "creating a cluster in $dir"
  mkdir -p "$dir"
  chown postgres:postgres "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  # Local socket connections trust the OS user; TCP on 127.0.0.1 needs the password (md5).
  as_postgres "$bin/initdb" -D "$dir" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=md5 --username=postgres >&2
fi

if as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  log "already running in $dir"
else
  log "starting on 127.0.0.1:$port (fsync on)"
  as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" start >&2
fi

psql_admin() { as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sagewright') THEN
    CREATE ROLE sagewright LOGIN PASSWORD 'sagewright';
  END IF;
END \$\$;" >&2
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'sagewright'")" != 1 ]; then
  # A linguistic default collation (ICU en-US, where 'a' < 'B') as many production databases have:
  # the contract tests then prove that ordering does not depend on it.
  psql_admin -c "CREATE DATABASE sagewright OWNER sagewright TEMPLATE template0 ENCODING 'UTF8'
    LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'" >&2 ||
    psql_admin -c "CREATE DATABASE sagewright OWNER sagewright" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=sagewright;Password=sagewright;Database=sagewright"
