#!/usr/bin/env bash
# Install everything PutRight needs on a fresh Debian 12 machine with Python 3.11: uv, the locked
# Python dependencies, Node.js/npm and the front-end packages, and the Debian packages named in
# PUTRIGHT_APT (if any are missing). Idempotent: a second run installs nothing.
#
# Needs: root or sudo for apt-get (only when a Debian package is missing), and the package
# registries: Debian's, PyPI and npm's.
#
# uv comes from PyPI into a private virtual environment (.tools/uv), so Debian's own Python, which
# refuses `pip install` outside a virtual environment (PEP 668, "externally managed environment"),
# accepts it. A uv already on PATH is used as it is.
#
# Sourced by scripts/run.sh and scripts/test.sh (so the uv it finds or installs stays on their
# PATH); run it directly to set up a working copy. PUTRIGHT_NPM=0 skips the front-end packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

UV_VERSION="0.13.9"
UV_VENV="$ROOT/.tools/uv"

apt_install() {
  # apt_install PKG...: install the Debian packages among PKG... that are missing.
  local need=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  [ ${#need[@]} -gt 0 ] || return 0
  echo "==> installing Debian packages: ${need[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "bootstrap: installing ${need[*]} needs root: run as root or install sudo" >&2
      return 1
    }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

if [ -x "$UV_VENV/bin/uv" ]; then
  export PATH="$UV_VENV/bin:$PATH"
elif ! command -v uv >/dev/null 2>&1; then
  echo "==> installing uv $UV_VERSION into $UV_VENV"
  # Debian splits venv/ensurepip out of python3; without it `python3 -m venv` cannot make a pip.
  python3 -c "import ensurepip, venv" >/dev/null 2>&1 || apt_install python3-venv
  python3 -m venv "$UV_VENV"
  "$UV_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  export PATH="$UV_VENV/bin:$PATH"
  echo "    (to run uv yourself: export PATH=\"$UV_VENV/bin:\$PATH\")"
fi

want_apt=(${PUTRIGHT_APT:-})
if [ -f package.json ] && [ "${PUTRIGHT_NPM:-1}" != "0" ] && ! command -v npm >/dev/null 2>&1; then
  want_apt+=(nodejs npm)
fi
[ ${#want_apt[@]} -eq 0 ] || apt_install "${want_apt[@]}"

echo "==> installing Python dependencies (uv.lock)"
# Outlook .msg reading (extract-msg, GPL-3.0) is an optional extra: PUTRIGHT_OUTLOOK=1 adds it.
# --compile-bytecode: the packages' .pyc files are written once here (about 25 s the first time,
# nothing when they are current), so no process compiles them from source at start-up. Compiling at
# import costs every web worker and command a transient 20-30 MB and about 0.6 s (the holidays
# package alone loads some 280 modules); PYTHONDONTWRITEBYTECODE=1, set on some machines, would
# otherwise make every process pay it every time.
if [ "${PUTRIGHT_OUTLOOK:-0}" = "1" ]; then
  uv sync --frozen --quiet --compile-bytecode --extra outlook
else
  uv sync --frozen --quiet --compile-bytecode
fi
# PutRight's own modules too. compileall -q prints only the files it could not compile; on a tree
# this user cannot write, that is said and the set-up carries on (they compile in memory at start-up)
uv run --frozen python -m compileall -q putright ||
  echo "    (the files above were not compiled to bytecode: each process will compile them)"

if [ -f package.json ] && [ "${PUTRIGHT_NPM:-1}" != "0" ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing front-end packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  uv run --frozen python scripts/vendor_frontend.py
fi
