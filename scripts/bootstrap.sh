#!/usr/bin/env bash
# Install everything PutRight needs on a fresh Debian machine with Python 3.11: uv, the locked Python
# dependencies, and the Debian packages named in PUTRIGHT_APT (if any are missing). Idempotent:
# a second run installs nothing. Sourced by scripts/run.sh and scripts/test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v uv >/dev/null 2>&1; then
  echo "==> installing uv"
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi

need_apt=()
for pkg in ${PUTRIGHT_APT:-}; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "==> installing Python dependencies (uv.lock)"
uv sync --frozen --quiet

if [ -f package.json ] && [ -n "${PUTRIGHT_NPM:-}" ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing front-end packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  uv run --frozen python scripts/vendor_frontend.py
fi
