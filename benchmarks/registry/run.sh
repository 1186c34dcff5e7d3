#!/usr/bin/env bash
# The registries and builds benchmark (issue 21), each figure beside its direct baseline measured in the same run:
#  - a small build and push through the platform (a Job of the builder image on the local cluster: POST to SUCCEEDED,
#    seen by the client) vs Debian's buildah run by hand on this machine (the same Dockerfile, context and registry:
#    bud --isolation chroot on vfs storage, then push), alternated;
#  - the pull secrets of N appmaps after a password change (one PUT of the registry: every namespace's secret written,
#    the answer after the last) vs kubectl apply of the same N secrets (one List, server-side apply), alternated.
#
#   benchmarks/registry/run.sh [--appmaps N] [--builds N] [--changes N] [--out FILE] [--keep]
#
#   --appmaps N   appmaps of the service, one namespace each (default 50)
#   --builds N    builds measured each way (default 3, after 1 uncounted each)
#   --changes N   password changes measured each way (default 5)
#   --out FILE    also write the results table to FILE
#   --keep        keep the temporary copy of the runtime and its data (logs)
#
# Needs root, the local cluster and its registry up (tools/kube-local/kube-local up), a built runtime
# (distribution/target/cengjiyun), buildah, kubectl from tools/kube-local, python3 and curl. The runtime is copied to a
# temporary directory and run on a fresh data directory and a free loopback port (metrics API off), stopped on exit; the
# service it creates (rb-XXXX, namespaces rb-XXXX-a1...) is deleted at the end. Every packet stays on this machine.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=$repo/distribution/target/cengjiyun
appmaps=50 builds=3 changes=5
# shellcheck source=../lib/runtime.sh
. "$here/../lib/runtime.sh"
bench_options '2,20' appmaps builds changes -- "$@"
((appmaps <= 200)) || { echo "--appmaps must be at most 200" >&2; exit 2; }
((EUID == 0)) || { echo "Run as root: buildah by hand, like the builder's Job, needs it" >&2; exit 1; }
command -v buildah >/dev/null || { echo "No buildah: apt-get install buildah" >&2; exit 1; }
[[ -x $dist/bin/cengjiyun ]] || { echo "No runtime: build it first (mvn -B -o -q install -DskipTests)" >&2; exit 1; }
kubeconfig=/var/lib/cengjiyun-kube-local/admin.kubeconfig
eval "$("$repo/tools/kube-local/kube-local" env)"
eval "$("$repo/tools/kube-local/kube-local" registry)"
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-registry.XXXXXX")
service=rb-$(printf '%04x' "$RANDOM")
token=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $token ]]; then
    curl -s -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$api/services/$service?cascade=true" || true
  fi
  bench_stop
  kubectl --kubeconfig "$kubeconfig" delete namespace -l "cengjiyun.io/service=$service" --wait=false >/dev/null 2>&1 || true
  if $keep; then echo "Kept $work" >&2; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_start "$dist" "$work"
now() { date +%s.%N; }
ms() { python3 -c "print(round(($2 - $1) * 1000))"; }
json() { python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'; }

kc=$(json <"$kubeconfig")
call POST /clusters "{\"name\": \"local\", \"kubeconfig\": $kc}" >/dev/null
call POST /services "{\"name\": \"$service\"}" >/dev/null
call PUT "/services/$service/allotments" \
  "[{\"cluster\": \"local\", \"cpu\": \"$((appmaps * 2))\", \"memory\": \"$((appmaps * 2))Gi\", \"pods\": $((appmaps * 2)), \"storage\": \"$((appmaps))Gi\"}]" >/dev/null
echo "Making $appmaps appmaps (one namespace each)..." >&2
for i in $(seq 1 "$appmaps"); do
  call POST "/services/$service/appmaps" \
    "{\"name\": \"a$i\", \"cluster\": \"local\", \"quota\": {\"cpu\": \"2\", \"memory\": \"2Gi\", \"pods\": 2, \"storage\": \"1Gi\"}}" >/dev/null
done
ca=$(json <"$REGISTRY_CA")
registry() { # password
  printf '{"address": "%s", "username": "%s", "password": "%s", "ca": %s}' "$REGISTRY" "$REGISTRY_USER" "$1" "$ca"
}
call POST "/services/$service/registries" "{\"name\": \"team\", $(registry "$REGISTRY_PASSWORD" | cut -c2-)" >/dev/null

# the same N secrets, applied by kubectl into the same namespaces under another name (the baseline)
secrets() { # password
  python3 - "$service" "$appmaps" "$REGISTRY" "$REGISTRY_USER" "$1" <<'PY'
import base64, json, sys
service, n, address, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
auth = base64.b64encode(f"{user}:{password}".encode()).decode()
config = json.dumps({"auths": {address: {"username": user, "password": password, "auth": auth}}})
items = [{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
          "metadata": {"name": "bench-pull", "namespace": f"{service}-a{i}"},
          "data": {".dockerconfigjson": base64.b64encode(config.encode()).decode()}} for i in range(1, n + 1)]
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
PY
}
declare -a ours=() theirs=()
for i in $(seq 1 "$changes"); do
  pw=$([[ $((i % 2)) == 1 ]] && echo "bench-$i" || echo "$REGISTRY_PASSWORD")
  t0=$(now)
  answer=$(call PUT "/services/$service/registries/team" "$(registry "$pw")")
  t1=$(now)
  applied=$(grep -o '"outcome":"applied"' <<<"$answer" | wc -l)
  ((applied == appmaps)) || { echo "only $applied of $appmaps pull secrets applied: $answer" >&2; exit 1; }
  ours+=("$(ms "$t0" "$t1")")
  secrets "$pw" >"$work/secrets.json"
  t0=$(now)
  kubectl --kubeconfig "$kubeconfig" apply --server-side --field-manager=bench -f "$work/secrets.json" >/dev/null
  t1=$(now)
  theirs+=("$(ms "$t0" "$t1")")
done
call PUT "/services/$service/registries/team" "$(registry "$REGISTRY_PASSWORD")" >/dev/null

# the build: a small Dockerfile FROM the registry's busybox, COPY a file, RUN a command
ctx=$work/context
mkdir -p "$ctx"
printf 'FROM %s\nARG N\nCOPY hello.txt /hello.txt\nRUN echo built-$N > /built.txt\n' "$REGISTRY_IMAGE" >"$ctx/Dockerfile"
echo hello >"$ctx/hello.txt"
tar -czf "$work/context.tar.gz" -C "$ctx" .
platform_build() { # n: prints the time from POST to SUCCEEDED, in ms
  local t0 id state t1
  t0=$(now)
  id=$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/gzip' \
    --data-binary @"$work/context.tar.gz" \
    "$api/services/$service/builds?appmap=a1&registry=team&repository=bench/app&tag=p$1&arg=N%3D$1" |
    sed 's/.*"id":"\([^"]*\)".*/\1/')
  for _ in $(seq 1 600); do
    state=$(call GET "/services/$service/builds/$id" | sed 's/.*"state":"\([A-Z]*\)".*/\1/')
    [[ $state == SUCCEEDED || $state == FAILED || $state == CANCELLED ]] && break
    sleep 0.2
  done
  t1=$(now)
  [[ $state == SUCCEEDED ]] || { echo "build $id ended $state" >&2; call GET "/services/$service/builds/$id/output" >&2; exit 1; }
  ms "$t0" "$t1"
}
hand_build() { # n: buildah on this machine, the builder's flags: prints the time in ms
  local t0 t1 root=$work/buildah-$1
  mkdir -p "$root/storage" "$root/run" "$root/certs" "$root/context"
  cp "$REGISTRY_CA" "$root/certs/ca.crt"
  t0=$(now)
  tar -xzf "$work/context.tar.gz" -C "$root/context"
  b() { buildah --root "$root/storage" --runroot "$root/run" --storage-driver vfs "$@"; }
  b bud --quiet --isolation chroot --authfile "$REGISTRY_AUTHFILE" --cert-dir "$root/certs" --build-arg "N=$1" \
    -t "$REGISTRY/bench/app:h$1" "$root/context" >/dev/null
  b push --quiet --authfile "$REGISTRY_AUTHFILE" --cert-dir "$root/certs" --digestfile "$root/digest" \
    "$REGISTRY/bench/app:h$1" >/dev/null
  t1=$(now)
  b rmi --all >/dev/null 2>&1 || true
  rm -rf "$root"
  ms "$t0" "$t1"
}
echo "Warming up: one build each way..." >&2
platform_build 0 >/dev/null
hand_build 0 >/dev/null
declare -a pb=() hb=()
for i in $(seq 1 "$builds"); do
  pb+=("$(platform_build "$i")")
  hb+=("$(hand_build "$i")")
done

{
  echo "Registries and builds benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$appmaps" "${ours[*]}" "${theirs[*]}" "${pb[*]}" "${hb[*]}" <<'PY'
import statistics, sys
n = sys.argv[1]
ours, theirs, pb, hb = ([int(x) for x in a.split()] for a in sys.argv[2:6])
def f(xs):
    return f"{statistics.median(xs)} ms ({min(xs)}-{max(xs)}, n={len(xs)})"
print()
print("| figure | Cengjiyun | direct baseline | ratio (median) |")
print("|---|---|---|---|")
print(f"| pull secrets of {n} appmaps after a password change (PUT answered, every secret written) | {f(ours)} |"
      f" kubectl apply --server-side of the same {n} secrets: {f(theirs)} |"
      f" {statistics.median(ours) / statistics.median(theirs):.2f}x |")
print(f"| a small build and push (FROM busybox, COPY, RUN), POST to SUCCEEDED | {f(pb)} |"
      f" buildah bud + push by hand on this machine: {f(hb)} | {statistics.median(pb) / statistics.median(hb):.2f}x |")
PY
} | tee ${out:+"$out"}
