#!/usr/bin/env bash
# Prepares the browser tests (tests/e2e): Debian's Chromium and the npm packages, and
# pdftotext for tests/print.rs.
# Idempotent: does nothing when both are already in place. Playwright's own browser
# downloads are never used: the tests drive /usr/bin/chromium (or $CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup.sh: installing chromium with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "setup.sh: $chromium is missing. Install Chromium as root (Debian/Ubuntu:" >&2
    echo "  sudo apt-get install chromium), or point CHROMIUM_PATH at a Chromium or Chrome binary." >&2
    exit 1
  fi
fi

# pdftotext (poppler-utils) reads the printable edition's PDF in tests/print.rs.
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup.sh: installing poppler-utils (pdftotext) with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "setup.sh: pdftotext is missing (Debian/Ubuntu: sudo apt-get install poppler-utils)." >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "setup.sh: Node.js 20 or newer with npm is needed (https://nodejs.org/)." >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "setup.sh: Node.js 20 or newer is needed (found $(node --version))." >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp=node_modules/.stratwiki-lock
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --ignore-scripts
  echo "$want" >"$stamp"
fi
echo "setup.sh: browser tests ready ($("$chromium" --version 2>/dev/null || echo "$chromium"))" >&2
