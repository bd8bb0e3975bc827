#!/usr/bin/env bash
# Set up and run PutRight on the embedded default (SQLite under ./var) with the demo landlord.
# Idempotent: the demo data is loaded once; later runs just start the server.
#   PUTRIGHT_PORT=8000 (default)   PUTRIGHT_DATA_DIR=./var (default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PUTRIGHT_APT="${PUTRIGHT_APT:-}"
export PUTRIGHT_NPM=1
bash scripts/bootstrap.sh

export PUTRIGHT_DATA_DIR="${PUTRIGHT_DATA_DIR:-$ROOT/var}"
PORT="${PUTRIGHT_PORT:-8000}"
echo "==> preparing the database in $PUTRIGHT_DATA_DIR"
uv run --frozen putright manage migrate --noinput -v 0
uv run --frozen putright demo --if-empty
uv run --frozen putright manage collectstatic --noinput -v 0
exec uv run --frozen putright serve --port "$PORT"
