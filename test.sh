#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (Debian 12, root):
# installs what the tests need, brings up the local Kubernetes (tools/kube-local) and checks it,
# then runs the unit tests and the Pax Exam integration tests with Maven.
set -euo pipefail
cd "$(dirname "$0")"
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "Installing the packages the tests need"
need=()
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "run as root to install: ${need[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

step "Local Kubernetes: up and checked (tools/kube-local)"
tools/kube-local/kube-local up
tools/kube-local/test.sh

step "Unit and integration tests (mvn install)"
if ! mvn -B install; then
  tools/failure-report.sh
  exit 1
fi

step "Bundle layers: no bundle imports a package of its layer or one above (tools/check-layers.sh)"
tools/check-layers.sh

step "All tests passed"
