#!/bin/sh
# Run by the Maven build of a bundle with a web page, before npm (generate-resources): says what to install when this
# machine cannot build that page, instead of a bare "Cannot run program npm".
# Usage: check-node.sh "<what is built, and where>" [vite]   (vite: also vite's own Node.js requirement)
what=${1:?usage: check-node.sh "<what is built>" [vite]}
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "$what is built with Node.js and npm, and this machine has no" \
    "$(command -v node >/dev/null 2>&1 && echo npm || echo node). Install Node.js 20.19 or later with npm" \
    "(Debian: apt-get install nodejs npm; ./test.sh and ./run.sh do it as root), then build again." >&2
  exit 1
fi
# vite's own requirement (package.json engines): ^20.19.0 || >=22.12.0
if [ "${2:-}" = vite ] && ! node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1);
'; then
  echo "$what is built with vite, which needs Node.js 20.19 or later (22.12 or later on 22);" \
    "this machine has Node.js $(node -v) at $(command -v node). Install a newer Node.js, then build again." >&2
  exit 1
fi
