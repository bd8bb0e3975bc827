#!/usr/bin/env bash
# Set up and run every check: lint, types, the test suite on SQLite (the embedded default), then the
# suite again on a real PostgreSQL 15. Installs what it needs first (idempotent). Usage:
#   scripts/test.sh            everything
#   scripts/test.sh -k 6_13    extra arguments go to both pytest runs
# The PostgreSQL cluster (scripts/pg.sh) is stopped at the end if this script started it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PUTRIGHT_APT="${PUTRIGHT_APT:-postgresql-15 postgresql-client-15 chromium poppler-utils dovecot-imapd}"
# The tests cover the optional Outlook .msg reader too (and, with it blocked, the message without it).
export PUTRIGHT_OUTLOOK="${PUTRIGHT_OUTLOOK:-1}"
source scripts/bootstrap.sh

echo "==> ruff"
uv run --frozen ruff check putright tests benchmarks
uv run --frozen ruff format --check putright tests benchmarks
echo "==> mypy"
uv run --frozen mypy putright

echo "==> tests on SQLite"
uv run --frozen pytest -p no:cacheprovider -q "$@"

echo "==> tests on PostgreSQL 15"
if ! bash scripts/pg.sh status; then
  trap 'bash scripts/pg.sh stop' EXIT
fi
DATABASE_URL="$(bash scripts/pg.sh start | tail -1)"
export DATABASE_URL
uv run --frozen pytest -p no:cacheprovider -q -m "not browser" "$@"
