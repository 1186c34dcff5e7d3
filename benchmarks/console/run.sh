#!/usr/bin/env bash
# The console benchmark: the web console's size as a browser downloads it (gzip), and the time to first render of an
# appmap page of 500 servers on the local cluster in Debian's headless Chromium, side by side with the API call that
# page needs and with kubectl listing the same Deployments. See benchmarks/README.md.
#
#   benchmarks/console/run.sh [--servers N] [--samples N] [--clients N] [--out FILE] [--keep]
#
#   --servers N   servers in the appmap (default 500), created through the API ("replicas": 0: no pods)
#   --samples N   page loads measured (default 10, after 2 uncounted)
#   --clients N   concurrent clients of the seeding (default 8)
#   --out FILE    also write the results table to FILE
#   --keep        keep the temporary copy of the runtime and its data (logs)
#
# Needs the local cluster up (tools/kube-local/kube-local up), a built runtime with the console
# (distribution/target/cengjiyun), /usr/bin/chromium, node 20 and curl. The runtime is copied to a temporary directory
# and run there on a fresh data directory and a free loopback port (metrics API off), stopped on exit; the service it
# creates (cb-XXXX, namespace cb-XXXX-dev) is deleted at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=$repo/distribution/target/cengjiyun
servers=500 samples=10 clients=8
# shellcheck source=../lib/runtime.sh
. "$here/../lib/runtime.sh"
bench_options '2,17' servers samples clients -- "$@"
((servers <= 2000)) || { echo "--servers must be at most 2000" >&2; exit 2; }
console=$repo/bundles/io.cengjiyun.console/target/classes/web/console
[[ -x $dist/bin/cengjiyun && -f $console/index.html ]] || {
  echo "No runtime with the console: build it (mvn -B -o -q install -DskipTests -pl bundles/io.cengjiyun.console,features/core,distribution)" >&2
  exit 1; }
kubeconfig=/var/lib/cengjiyun-kube-local/admin.kubeconfig
eval "$("$repo/tools/kube-local/kube-local" env)"
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-console.XXXXXX")
service=cb-$(printf '%04x%04x' "$RANDOM" "$RANDOM")
token=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $token ]]; then
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$api/services/$service?cascade=true" || true
  fi
  bench_stop
  kubectl --kubeconfig "$kubeconfig" wait --for=delete "namespace/$service-dev" --timeout=120s >/dev/null 2>&1 || true
  if $keep; then echo "Kept $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_start "$dist" "$work"
kc=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$kubeconfig")
call POST /clusters "{\"name\": \"local\", \"kubeconfig\": $kc}" >/dev/null
call POST /services "{\"name\": \"$service\"}" >/dev/null
call PUT "/services/$service/allotments" '[{"cluster": "local", "cpu": "8", "memory": "16Gi", "pods": 100, "storage": "50Gi"}]' >/dev/null
call POST "/services/$service/appmaps" '{"name": "dev", "cluster": "local", "quota": {"cpu": "2", "memory": "4Gi", "pods": 20, "storage": "10Gi"}}' >/dev/null
echo "Seeding $servers servers (replicas 0) with $clients clients..." >&2
started=$(date +%s)
seq 1 "$servers" | xargs -P "$clients" -I{} bash -c "call POST /services/$service/appmaps/dev/servers \
  '{\"name\": \"s{}\", \"kind\": \"Deployment\", \"replicas\": 0, \"containers\": [{\"name\": \"web\",
    \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\"}]}' >/dev/null"
echo "Seeded in $(($(date +%s) - started)) s" >&2

{
  echo "Console benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  node --experimental-websocket --no-warnings "$here/bench.mjs" "http://127.0.0.1:$port" "$password" "$service" \
    "$servers" "$samples" "$console" "$kubeconfig" "$service-dev"
} | tee ${out:+"$out"}
