#!/bin/sh
# Run by the Maven build before npm (generate-resources): says what to install when this machine cannot build the
# web console, instead of a bare "Cannot run program npm".
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "The web console (bundles/io.cengjiyun.console/web) is built with Node.js and npm, and this machine" \
    "has no $(command -v node >/dev/null 2>&1 && echo npm || echo node). Install Node.js 20.19 or later with npm" \
    "(Debian: apt-get install nodejs npm; ./test.sh and ./run.sh do it as root), then build again." >&2
  exit 1
fi
# vite's own requirement (package.json engines): ^20.19.0 || >=22.12.0
if ! node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1);
'; then
  echo "The web console is built with vite, which needs Node.js 20.19 or later (22.12 or later on 22);" \
    "this machine has Node.js $(node -v) at $(command -v node). Install a newer Node.js, then build again." >&2
  exit 1
fi
