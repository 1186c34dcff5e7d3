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
servers=500 samples=10 clients=8 out= keep=false
while (($#)); do
  case $1 in
    --servers|--samples|--clients)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "$1 needs a whole number above 0, not '${2:-}'" >&2; exit 2; }
      declare "${1#--}=$2"; shift 2 ;;
    --out) [[ -n ${2:-} ]] || { echo "--out needs a file name" >&2; exit 2; }; out=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,17s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
((servers <= 2000)) || { echo "--servers must be at most 2000" >&2; exit 2; }
console=$repo/bundles/io.cengjiyun.console/target/classes/web/console
[[ -x $dist/bin/cengjiyun && -f $console/index.html ]] || {
  echo "No runtime with the console: build it (mvn -B -o -q install -DskipTests -pl bundles/io.cengjiyun.console,features/core,distribution)" >&2
  exit 1; }
kubeconfig=/var/lib/cengjiyun-kube-local/admin.kubeconfig
eval "$("$repo/tools/kube-local/kube-local" env)"
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-console.XXXXXX")
runtime=$work/cengjiyun data=$work/data
service=cb-$(printf '%04x%04x' "$RANDOM" "$RANDOM")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api=http://127.0.0.1:$port/api/v1
export CENGJIYUN_HTTP_PORT=$port CENGJIYUN_HTTPS_PORT=$((port + 1)) CENGJIYUN_DATA=$data
token=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $token ]]; then
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$api/services/$service?cascade=true" || true
  fi
  "$runtime/bin/cengjiyun" stop >/dev/null 2>&1 || true
  kubectl --kubeconfig "$kubeconfig" wait --for=delete "namespace/$service-dev" --timeout=120s >/dev/null 2>&1 || true
  if $keep; then echo "Kept $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$runtime"
for entry in "$dist"/*; do [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"; done
printf '\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"
# one runtime at a time serves the cluster's metrics API: this one leaves it to the others
sed -i 's/^metricsApi=.*/metricsApi=false/' "$runtime/etc/io.cengjiyun.monitoring.cfg"
"$runtime/bin/cengjiyun" --daemon >/dev/null
for _ in $(seq 1 120); do curl -sf "$api/health" >/dev/null && break; sleep 1; done
password=$(cat "$data/admin-password")
token=$(curl -sf -X POST "$api/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\": \"admin\", \"password\": \"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
call() { # method path [body]: fails with the answer unless 2xx
  local answer code
  answer=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    "$api$2" ${3:+-d "$3"})
  code=${answer##*$'\n'}
  [[ $code == 2* ]] || { echo "$1 $2: $answer" >&2; return 1; }
}
kc=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$kubeconfig")
call POST /clusters "{\"name\": \"local\", \"kubeconfig\": $kc}"
call POST /services "{\"name\": \"$service\"}"
call PUT "/services/$service/allotments" '[{"cluster": "local", "cpu": "8", "memory": "16Gi", "pods": 100, "storage": "50Gi"}]'
call POST "/services/$service/appmaps" '{"name": "dev", "cluster": "local", "quota": {"cpu": "2", "memory": "4Gi", "pods": 20, "storage": "10Gi"}}'
echo "Seeding $servers servers (replicas 0) with $clients clients..." >&2
started=$(date +%s)
export -f call; export api token
seq 1 "$servers" | xargs -P "$clients" -I{} bash -c "call POST /services/$service/appmaps/dev/servers \
  '{\"name\": \"s{}\", \"kind\": \"Deployment\", \"replicas\": 0, \"containers\": [{\"name\": \"web\",
    \"image\": \"cengjiyun.test/busybox:1\", \"imagePullPolicy\": \"Never\"}]}'"
echo "Seeded in $(($(date +%s) - started)) s" >&2

{
  echo "Console benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  node --experimental-websocket --no-warnings "$here/bench.mjs" "http://127.0.0.1:$port" "$password" "$service" \
    "$servers" "$samples" "$console" "$kubeconfig" "$service-dev"
} | tee ${out:+"$out"}
