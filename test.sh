#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (Debian 12, root):
# installs what the tests need; brings up the local Kubernetes (tools/kube-local) and checks it while Maven builds
# and runs the unit tests; then runs the Pax Exam integration tests against that cluster, several test classes at once.
set -euo pipefail
cd "$(dirname "$0")"
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "Installing the packages the tests need"
need=()
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The web terminal's page is built with node and npm (bundles/io.cengjiyun.terminal/web, vite needs Node.js 20.19 or
# later); TerminalBrowserIT drives Debian's headless Chromium (no chromedriver: the DevTools protocol).
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
# The runtime's image (Maven profile image: distribution/src/image/build-image.sh) has a static busybox for a shell.
[ -x /bin/busybox ] || need+=(busybox-static)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root to install: ${need[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# The cluster and the Maven build need nothing of each other until the integration tests: both start now. The
# cluster's output goes to a file, shown when it is done (and its progress while we wait for it).
mkdir -p target
cluster_log=target/kube-local.log
step "Local Kubernetes: up and checked (tools/kube-local up, then tools/kube-local/test.sh), in the background; log: $cluster_log"
( tools/kube-local/kube-local up && tools/kube-local/test.sh ) > "$cluster_log" 2>&1 &
cluster=$!

step "Build and unit tests (mvn install -DskipITs -Pimage: the runtime's image too), while the cluster comes up"
mvn -B install -DskipITs -Pimage &
build=$!
trap 'kill "$build" 2>/dev/null || true' INT TERM

# Whichever ends first: a cluster that fails stops the run at once, with its own words. A failed build stops it too;
# the cluster then goes on coming up by itself (ready for the next run).
cluster_rc= build_rc=
if wait -n -p first "$cluster" "$build"; then rc=0; else rc=$?; fi
if [ "$first" = "$cluster" ]; then
  cluster_rc=$rc
  if [ "$cluster_rc" != 0 ]; then
    kill "$build" 2>/dev/null || true
    wait "$build" 2>/dev/null || true
    step "The local Kubernetes did not come up or failed its checks (exit $cluster_rc): the end of $cluster_log"
    tail -60 "$cluster_log"
    echo "The cluster's component logs: $(tools/kube-local/kube-local paths 2>/dev/null | sed -n 's/^LOGS=//p')"
    exit 1
  fi
  if wait "$build"; then build_rc=0; else build_rc=$?; fi
else
  build_rc=$rc
fi
if [ "$build_rc" != 0 ]; then
  tools/failure-report.sh
  exit 1
fi

step "Waiting for the local Kubernetes (progress from $cluster_log)"
if [ -z "$cluster_rc" ]; then
  tail -n +1 -f --pid="$cluster" "$cluster_log" &
  follow=$!
  if wait "$cluster"; then cluster_rc=0; else cluster_rc=$?; fi
  sleep 1; kill "$follow" 2>/dev/null || true
  wait "$follow" 2>/dev/null || true
else
  cat "$cluster_log"
fi
if [ "$cluster_rc" != 0 ]; then
  step "The local Kubernetes did not come up or failed its checks (exit $cluster_rc): see above"
  echo "The cluster's component logs: $(tools/kube-local/kube-local paths 2>/dev/null | sed -n 's/^LOGS=//p')"
  exit 1
fi
trap - INT TERM

step "Integration tests against the cluster (mvn verify -pl itests)"
if ! mvn -B verify -pl itests; then
  tools/failure-report.sh
  exit 1
fi

step "Error statuses: each one the API's document names was answered in some test (tools/openapi-lint/statuses.mjs)"
node tools/openapi-lint/statuses.mjs api/openapi.json itests/target/api-statuses

step "Bundle layers: no bundle imports a package of its layer or one above (tools/check-layers.sh)"
tools/check-layers.sh

tools/test-times.sh
step "All tests passed"
