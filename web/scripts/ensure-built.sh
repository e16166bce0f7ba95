#!/usr/bin/env bash
# Builds web/dist only when it is missing or older than any source of the build
# (web/src, web/public, index.html, package.json, package-lock.json, vite/ts config).
# Usage: web/scripts/ensure-built.sh   (from anywhere; the README's run command calls it)
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=dist/index.html
stale=0
if [[ ! -f $stamp ]]; then
  stale=1
else
  newer=$(find src public index.html package.json package-lock.json vite.config.ts tsconfig.json \
    -type f -newer "$stamp" -print -quit 2>/dev/null || true)
  [[ -n $newer ]] && stale=1
fi

if [[ $stale == 0 ]]; then
  echo "web/dist is up to date"
  exit 0
fi

if ! command -v npm >/dev/null; then
  echo "web/dist is missing or stale and npm is not installed: install Node.js 20+ and run web/scripts/ensure-built.sh" >&2
  exit 1
fi
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
npm run build
touch "$stamp"
echo "web/dist built"
