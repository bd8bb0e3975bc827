#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks: initialised under $PGDIR on first use,
# started if not running, with a role "app" (password "app", CREATEDB) and a database "app".
# Prints the DATABASE_URL. Usage: scripts/pg.sh [start|stop|status] (status: exit 0 if running)
set -euo pipefail
PGDIR="${PUTRIGHT_PGDIR:-/tmp/putright-pg}"
PGPORT="${PUTRIGHT_PGPORT:-55432}"
BIN=/usr/lib/postgresql/15/bin
AS_PG=(su postgres -s /bin/sh -c)
[ "$(id -u)" -eq 0 ] || AS_PG=(sh -c)

if [ "${1:-start}" = "status" ]; then
  exec "${AS_PG[@]}" "$BIN/pg_ctl -D $PGDIR/data status" >/dev/null 2>&1
fi
if [ "${1:-start}" = "stop" ]; then
  "${AS_PG[@]}" "$BIN/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi
mkdir -p "$PGDIR"
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$PGDIR"
if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  "${AS_PG[@]}" "$BIN/initdb -D $PGDIR/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8" >/dev/null
fi
OPTS="-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if ! "${AS_PG[@]}" "$BIN/pg_ctl -D $PGDIR/data status" >/dev/null 2>&1; then
  "${AS_PG[@]}" "$BIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w -o '$OPTS' start" >/dev/null
fi
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q <<SQL
SELECT 'CREATE ROLE app LOGIN PASSWORD ''app'' CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='app')\gexec
SELECT 'CREATE DATABASE app OWNER app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='app')\gexec
SQL
echo "postgresql://app:app@127.0.0.1:$PGPORT/app"
