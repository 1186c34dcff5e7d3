#!/bin/sh
# Run by the Maven build before npm (generate-resources): says what to install when this machine cannot build the
# API documentation page, instead of a bare "Cannot run program npm".
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "The API documentation page (bundles/io.cengjiyun.apidocs/web) is built with Node.js and npm, and this machine" \
    "has no $(command -v node >/dev/null 2>&1 && echo npm || echo node). Install Node.js 18 or later with npm" \
    "(Debian: apt-get install nodejs npm; ./test.sh and ./run.sh do it as root), then build again." >&2
  exit 1
fi
