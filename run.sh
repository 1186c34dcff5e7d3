#!/usr/bin/env bash
# Runs the Cengjiyun platform on its embedded defaults (Derby in data/, HTTP on :8080, a Gogo console).
# Builds the runtime first when it is missing or older than the sources. Extra arguments go to
# bin/cengjiyun (e.g. --daemon, stop, status).
# First run: when no cluster is registered, the runtime brings this checkout's local Kubernetes (tools/kube-local,
# root on Linux) up in the background and registers it as 'local' (progress: the console, cj:localcluster, the log).
# --no-local-cluster (or CENGJIYUN_LOCAL_CLUSTER=off) turns that off.
set -euo pipefail
cd "$(dirname "$0")"
local_cluster=${CENGJIYUN_LOCAL_CLUSTER:-on}
args=()
for arg in "$@"; do
  if [ "$arg" = --no-local-cluster ]; then local_cluster=off; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}
runtime=distribution/target/cengjiyun
if [ ! -x "$runtime/bin/cengjiyun" ] || ! ls examples/io.cengjiyun.example.hello/target/io.cengjiyun.example.hello-*.jar \
    >/dev/null 2>&1 || [ -n "$(find bundles launcher features distribution/src wrappers examples pom.xml \
    \( -name node_modules -o -name target \) -prune -o -newer "$runtime/bin/cengjiyun" -type f -print 2>/dev/null \
    | head -1)" ]; then
  # The web pages (console, terminal, API reference) are built with node and npm (Node.js 20.19 or later; the build
  # says so when it is older).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing Node.js and npm, which build the web pages (apt-get install nodejs npm)..."
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
    else
      echo "Building the runtime needs Node.js (20.19 or later) and npm, for its web pages: install them" \
        "(Debian: sudo apt-get install nodejs npm), or run ./run.sh as root once." >&2
      exit 1
    fi
  fi
  echo "Building the runtime (mvn -DskipTests install; the first build downloads dependencies)..."
  # and the example extension bundle, which the README's hot-deploy section copies into deploy/
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl distribution,examples/io.cengjiyun.example.hello -am
fi
if [ "$local_cluster" != off ]; then
  export JAVA_OPTS="-Dcengjiyun.localCluster.script=$PWD/tools/kube-local/kube-local ${JAVA_OPTS:-}"
fi
exec "$runtime/bin/cengjiyun" "$@"
