#!/usr/bin/env bash
# Issue 23's benchmark: the platform on Kubernetes itself (tools/kube-local), 1, 2 and 3 replicas of the image the
# build makes, on a PostgreSQL this script starts on this machine's address; the mixed calls through the Service,
# beside the same calls to one pod's own address (no Service: the direct baseline) in the same run; the failover
# time (the leader's pod deleted -> another replica holds the Lease); the image's size and a pod's start to ready.
#
#   benchmarks/replicas/run.sh [--runs N] [--calls N] [--clients N] [--services N] [--wait-load L] [--keep]
#
#   --runs N       runs of the mixed calls per replica count, and failovers (default 3)
#   --calls N      mixed calls per run (default 3000)
#   --clients N    concurrent clients (default 4)
#   --services N   services seeded (default 200)
#   --wait-load L  before each measurement, wait (up to 10 minutes) until the 1-minute load average is at most L
#   --keep         keep the namespace and PostgreSQL (printed) instead of removing them
#
# Needs: tools/kube-local up, PostgreSQL's Debian binaries (apt-get install postgresql), the image
# (distribution/target/cengjiyun-image.tar: built here with `mvn -B -o -q install -pl distribution -Pimage` if
# missing). Every packet stays on this machine: the pods reach PostgreSQL on HOST_IP, the benchmark reaches the
# Service's and the pods' addresses on the local cluster.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/benchmarks/replicas
kl=$root/tools/kube-local/kube-local
runs=3 calls=3000 clients=4 services=200 wait_load= keep=false
while (($#)); do
  case $1 in
    --runs|--calls|--clients|--services)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "$1 needs a whole number above 0, not '${2:-}'" >&2; exit 2; }
      printf -v "${1#--}" '%s' "$2"; shift 2 ;;
    --wait-load)
      [[ ${2:-} =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--wait-load needs a load average, e.g. 2.5, not '${2:-}'" >&2; exit 2; }
      wait_load=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "[replicas] $*" >&2; }
die() { echo "[replicas] $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

eval "$("$kl" paths | grep -E '^(KUBECONFIG_ADMIN|KL_BIN|HOST_IP|POD_CIDR)=')"
export KUBECONFIG=$KUBECONFIG_ADMIN
k() { "$KL_BIN/kubectl" "$@"; }
k get --raw /readyz >/dev/null 2>&1 || die "the local cluster does not answer: run tools/kube-local/kube-local up"
[[ $HOST_IP != 127.* ]] || die "HOST_IP is $HOST_IP: the pods need this machine's own address"

wait_quiet() {
  [[ -n $wait_load ]] || return 0
  local i
  for i in $(seq 1 120); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && return 0
    ((i % 6 == 1)) && log "load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load"
    sleep 5
  done
  log "the load stayed above $wait_load for 10 minutes: measuring anyway"
}

image=$root/distribution/target/cengjiyun-image.tar
if [[ ! -s $image ]]; then
  log "no image: building it (mvn -B -o -q install -pl distribution -Pimage)"
  (cd "$root" && mvn -B -o -q install -pl distribution -Pimage)
fi
image_mib=$(awk -v b="$(stat -c %s "$image")" 'BEGIN {printf "%.1f", b / 1048576}')
t=$(now_ms); "$kl" images "$image" >/dev/null; import_ms=$(($(now_ms) - t))
log "image $image_mib MiB imported in $import_ms ms"

# PostgreSQL on this machine's address, for the pods' CIDR only (SCRAM); trusted on loopback.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $pg_bin/initdb ]] || die "no PostgreSQL binaries in /usr/lib/postgresql/*/bin: apt-get install postgresql"
pg_dir=$(mktemp -d /tmp/cengjiyun-bench-pg.XXXXXX)
chown postgres "$pg_dir"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_password=$(openssl rand -hex 16)
ns=cj-bench-replicas-$$
as_pg() { runuser -u postgres -- "$@"; }
cleanup() {
  if $keep; then
    log "kept: namespace $ns, PostgreSQL in $pg_dir (port $pg_port)"
    return
  fi
  k delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
echo "host all all $POD_CIDR scram-sha-256" >>"$pg_dir/data/pg_hba.conf"
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
  -o "-k $pg_dir -p $pg_port -h 127.0.0.1,$HOST_IP -F -c max_connections=200" start >/dev/null
as_pg "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -qc "ALTER USER postgres PASSWORD '$pg_password'"
as_pg "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -qc "CREATE DATABASE cengjiyun"

# The manifests as a user applies them, in a namespace of this run, starting with one replica.
manifests=$pg_dir/manifests
mkdir -p "$manifests"
for f in "$root"/kubernetes/*.yaml; do
  sed "s/cengjiyun-system/$ns/g" "$f" >"$manifests/$(basename "$f")"
done
sed -i 's/^  replicas: 2$/  replicas: 1/' "$manifests/deployment.yaml"
grep -q '^  replicas: 1$' "$manifests/deployment.yaml" || die "kubernetes/deployment.yaml has no 'replicas: 2' to start from"
admin_password=$(openssl rand -hex 12)
k apply -f "$manifests/namespace.yaml" >/dev/null
printf 'jdbcUrl=jdbc:postgresql://%s:%s/cengjiyun\nuser=postgres\npassword=%s\n' "$HOST_IP" "$pg_port" "$pg_password" \
  >"$pg_dir/io.cengjiyun.database.cfg"
k -n "$ns" create secret generic cengjiyun-database --from-file="$pg_dir/io.cengjiyun.database.cfg" >/dev/null
rm "$pg_dir/io.cengjiyun.database.cfg"
k -n "$ns" create secret generic cengjiyun-keys --from-literal=cluster.key="$(openssl rand -base64 32)" \
  --from-literal=registry.key="$(openssl rand -base64 32)" --from-literal=volumes.key="$(openssl rand -base64 32)" \
  --from-literal=adminPassword="$admin_password" >/dev/null
wait_quiet
t=$(now_ms)
k apply -k "$manifests" >/dev/null
k -n "$ns" rollout status deploy/cengjiyun --timeout=300s >/dev/null
first_ready_ms=$(($(now_ms) - t))
log "1 replica ready $first_ready_ms ms after kubectl apply (empty database: migrations and the first admin)"

svc=http://$(k -n "$ns" get svc cengjiyun -o jsonpath='{.spec.clusterIP}')/api/v1
token=
for _ in $(seq 1 60); do
  token=$(curl -s -X POST "$svc/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$admin_password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [[ -n $token ]] && break
  sleep 1
done
[[ -n $token ]] || die "admin could not sign in through the Service"
bench() { java "$here/ReplicasBenchmark.java" "$@"; }
bench seed "$svc" "$token" bench "$services" >/dev/null

pods() { # running pods not being deleted: name ip
  k -n "$ns" get pods --field-selector=status.phase=Running \
    -o jsonpath='{range .items[*]}{.metadata.name} {.status.podIP} {.metadata.deletionTimestamp}{"\n"}{end}' |
    awk 'NF == 2'
}
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
spread() { sort -n | awk 'NR==1 {min=$1} {max=$1} END {printf "%s-%s", min, max}'; }

declare -A tput p50 p99 bad
results=$pg_dir/results
: >"$results"
measure() { # label base
  local label=$1 base=$2 i line
  for i in $(seq 1 "$runs"); do
    wait_quiet
    line=$(bench mixed "$base" "$token" bench "$services" "$calls" "$clients")
    log "$label run $i: $line (load $(cut -d' ' -f1 /proc/loadavg))"
    echo "$label $(echo "$line" | field perSecond) $(echo "$line" | field p50ms) $(echo "$line" | field p99ms) $(echo "$line" | field unexpected)" >>"$results"
  done
}

start_ready=()
for n in 1 2 3; do
  if ((n > 1)); then
    wait_quiet
    t=$(now_ms)
    k -n "$ns" scale deploy/cengjiyun --replicas="$n" >/dev/null
    k -n "$ns" rollout status deploy/cengjiyun --timeout=300s >/dev/null
    start_ready+=($(($(now_ms) - t)))
    log "$n replicas: the new pod ready ${start_ready[-1]} ms after the scale"
  fi
  if ((n == 1)); then
    measure "pod" "http://$(pods | head -1 | cut -d' ' -f2):8080/api/v1"
  fi
  measure "service$n" "$svc"
done

# Failover with 3 replicas: the leader's pod deleted -> another holds the Lease.
failovers=()
for i in $(seq 1 "$runs"); do
  wait_quiet
  leader=$(k -n "$ns" get lease cengjiyun-leader -o jsonpath='{.spec.holderIdentity}')
  t=$(now_ms)
  k -n "$ns" delete pod "$leader" --wait=false >/dev/null
  next=
  while (($(now_ms) - t < 60000)); do
    next=$(k -n "$ns" get lease cengjiyun-leader -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true)
    [[ -n $next && $next != "$leader" ]] && break
    sleep 0.1
  done
  [[ -n $next && $next != "$leader" ]] || die "no other replica took the Lease within 60 s"
  failovers+=($(($(now_ms) - t)))
  log "failover $i: $leader deleted, $next led ${failovers[-1]} ms later"
  k -n "$ns" rollout status deploy/cengjiyun --timeout=300s >/dev/null
done

row() { # label -> "throughput median (spread) | p50 median | p99 median | unexpected"
  local label=$1
  local t; t=$(awk -v l="$label" '$1 == l {print $2}' "$results")
  echo "$(echo "$t" | median)/s ($(echo "$t" | spread)) | $(awk -v l="$label" '$1 == l {print $3}' "$results" | median) ms | $(awk -v l="$label" '$1 == l {print $4}' "$results" | median) ms | $(awk -v l="$label" '$1 == l {s+=$5} END {print s+0}' "$results")"
}
ratio() { # label
  local a b
  a=$(awk -v l="$1" '$1 == l {print $2}' "$results" | median)
  b=$(awk '$1 == "pod" {print $2}' "$results" | median)
  awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2fx", a / b}'
}
echo
echo "Replicas on tools/kube-local, $(date -u +'%Y-%m-%d %H:%M UTC'), nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg);"
echo "$runs runs of $calls mixed calls with $clients clients ($services services seeded), PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $HOST_IP"
echo
echo "| through | throughput, median (spread) | p50 | p99 | unexpected | vs 1 replica's pod address |"
echo "|---|---|---|---|---|---|"
echo "| 1 replica, its pod's address (direct baseline) | $(row pod) | 1.00x |"
for n in 1 2 3; do
  echo "| the Service, $n replica$( ((n > 1)) && echo s) | $(row service$n) | $(ratio service$n) |"
done
echo
echo "- failover (leader's pod deleted -> another replica holds the Lease), 3 replicas: median $(printf '%s\n' "${failovers[@]}" | median) ms ($(printf '%s\n' "${failovers[@]}" | spread) ms)"
echo "- pod start to ready: 1 replica on an empty database $first_ready_ms ms after kubectl apply; the 2nd and 3rd replica ${start_ready[0]} and ${start_ready[1]} ms after the scale"
echo "- image: $image_mib MiB (docker archive), imported in $import_ms ms"
