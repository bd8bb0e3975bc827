#!/usr/bin/env bash
# Set up and run PutRight on the embedded default (SQLite under ./var) with the demo landlord: the web
# server (gunicorn) and, beside it, the task worker that emails letters and reminders and schedules
# retries of failed emails. Ctrl-C stops both; if either stops, the other is stopped too.
# Idempotent: the demo data is loaded once and static files are collected only when they changed.
#   PUTRIGHT_PORT=8000 (default)   PUTRIGHT_DATA_DIR=./var (default)
#   PUTRIGHT_SITE_URL=http://127.0.0.1:$PUTRIGHT_PORT (default; the address links in emails use)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PUTRIGHT_APT="${PUTRIGHT_APT:-}"
source scripts/bootstrap.sh

export PUTRIGHT_DATA_DIR="${PUTRIGHT_DATA_DIR:-$ROOT/var}"
PORT="${PUTRIGHT_PORT:-8000}"
# links in emails (the worker's letters and reminders, replies to mail) point at this server unless
# the landlord gives its public address
export PUTRIGHT_SITE_URL="${PUTRIGHT_SITE_URL:-http://127.0.0.1:$PORT}"
echo "==> preparing the database in $PUTRIGHT_DATA_DIR"
uv run --frozen putright manage migrate --noinput -v 0
uv run --frozen putright demo --if-empty

pids=()
stop_all() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

echo "==> starting the task worker (letters, reminders, retries)"
uv run --frozen putright worker &
pids+=($!)
uv run --frozen putright serve --port "$PORT" &
pids+=($!)
# Whichever stops first (a crash, a signal), the other follows.
wait -n
