#!/bin/sh
# Lints an OpenAPI document with Redocly CLI's "recommended" rules (redocly.yaml beside this script), offline.
# Usage: lint.sh <openapi.json>
# Exit 0 when there is no error and every warning's rule is listed as `warn` in redocly.yaml (check.mjs).
# Installs the pinned CLI from the committed lock file first, from npm's cache only (a cold cache needs the registry once).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 <openapi.json>" >&2; exit 2; }
doc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/redocly ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --offline --no-audit --no-fund --loglevel=error >&2 2>/dev/null \
    || npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2
fi
# REDOCLY_TELEMETRY=off: no usage data sent (telemetry: off in redocly.yaml as well). REDOCLY_SUPPRESS_NOTIFICATIONS:
# no update check (also skipped when stderr is not a terminal or CI is set). stderr (Node 20 banner) is shown on failure.
out=$(mktemp); err=$(mktemp); trap 'rm -f "$out" "$err"' EXIT
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_NOTIFICATIONS=true \
  npx --no-install redocly lint --config redocly.yaml --format=json --max-problems=1000 "$doc" >"$out" 2>"$err" || true
if [ ! -s "$out" ]; then cat "$err" >&2; echo "redocly lint gave no report for $doc" >&2; exit 1; fi
node check.mjs <"$out"
