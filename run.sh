#!/usr/bin/env bash
# Runs the Cengjiyun platform on its embedded defaults (Derby in data/, HTTP on :8080, a Gogo console).
# Builds the runtime first when it is missing or older than the sources. Extra arguments go to
# bin/cengjiyun (e.g. --daemon, stop, status).
set -euo pipefail
cd "$(dirname "$0")"
runtime=distribution/target/cengjiyun
if [ ! -x "$runtime/bin/cengjiyun" ] || [ -n "$(find bundles launcher features distribution/src wrappers pom.xml -newer "$runtime/bin/cengjiyun" -type f 2>/dev/null | head -1)" ]; then
  echo "Building the runtime (mvn -DskipTests install; the first build downloads dependencies)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl distribution -am
fi
exec "$runtime/bin/cengjiyun" "$@"
