#!/usr/bin/env bash
# The lifecycle benchmark (issue 5): servers created, observed and rolled out through the REST API on the local
# cluster (tools/kube-local), each figure beside a direct baseline (fabric8, kubectl) measured in the same run.
# See benchmarks/README.md.
#
#   benchmarks/lifecycle/run.sh [--servers N] [--status-servers N] [--status-samples N] [--ready-runs N]
#                               [--clients N] [--follow sse|poll] [--probe-period S] [--out FILE] [--keep]
#                               [--wait-load L]
#
#   --servers N         figure 1: servers created on each side (default 200)
#   --status-servers N  figure 2: servers in the appmap whose status is read (default 500)
#   --status-samples N  figure 2: samples of each reader (default 30)
#   --ready-runs N      figure 3: runs of each side, after one warm-up each (default 5)
#   --clients N         concurrent clients of figure 1 and of the seeding (default 4)
#   --follow sse|poll   figure 3: follow the API's rollout by its SSE stream (default) or GET .../status every 100 ms
#   --probe-period S    figure 3: readinessProbe periodSeconds on both sides (default 1)
#   --out FILE          also write the results table to FILE
#   --keep              keep the temporary copy of the runtime and its data (logs) for inspection
#   --wait-load L       first wait (up to 15 minutes) until the 1-minute load average is at most L
#
# Needs the local cluster up (tools/kube-local/kube-local up; its kubeconfig at
# /var/lib/cengjiyun-kube-local/admin.kubeconfig) and the fabric8 jars in ~/.m2 (resolved offline by pom.xml here).
# The runtime is copied from distribution/target/cengjiyun to a temporary directory and run there on a fresh data
# directory and a free loopback port; it is stopped on exit, even on failure. Everything the run creates on the cluster
# (namespaces <service>-create|status|ready and their -direct twins, service lcb-XXXX) is deleted at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=$repo/distribution/target/cengjiyun

bench_args=()
keep=false
wait_load=
while (($#)); do
  case $1 in
    --servers|--status-servers|--status-samples|--ready-runs|--clients|--follow|--probe-period|--out)
      bench_args+=("$1" "$2"); shift 2 ;;
    --keep) keep=true; shift ;;
    --wait-load) wait_load=$2; shift 2 ;;
    -h|--help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -x $dist/bin/cengjiyun ]]; then
  echo "No runtime at $dist: build it (cd $repo && mvn -B -o -q install -DskipTests -pl features/core,distribution," \
    "with the bundles installed)" >&2
  exit 1
fi
# kubectl of the local cluster (same version as its API server) and its kubeconfig.
eval "$("$repo/tools/kube-local/kube-local" env)"
kubeconfig=${KUBECONFIG:-/var/lib/cengjiyun-kube-local/admin.kubeconfig}
[[ -f $kubeconfig ]] || { echo "No kubeconfig at $kubeconfig: is the local cluster up (tools/kube-local)?" >&2; exit 1; }
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-lifecycle.XXXXXX")
runtime=$work/cengjiyun
data=$work/data

# The direct baseline's class path: fabric8's client, its JDK HTTP client, slf4j-nop (offline, from ~/.m2).
cp_file=$work/classpath.txt
(cd "$here" && mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >"$work/mvn.log" 2>&1) || {
  cat "$work/mvn.log" >&2; echo "Could not resolve the class path offline (see above)" >&2; rm -rf "$work"; exit 1; }

bench_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # The benchmark cleans up and stops the runtime itself (also from its shutdown hook); make sure.
  if [[ -n $bench_pid ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [[ -f $data/cengjiyun.pid ]]; then
    CENGJIYUN_DATA=$data "$runtime/bin/cengjiyun" stop >/dev/null 2>&1 || true
    pid=$(cat "$data/cengjiyun.pid" 2>/dev/null || true)
    # Only the runtime of our own data directory.
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-Dcengjiyun.data=$data"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if ((rc != 0)) && [[ -f $data/log/cengjiyun.log ]]; then
    echo "--- the end of the runtime's log ($data/log/cengjiyun.log):" >&2
    tail -n 30 "$data/log/cengjiyun.log" >&2
  fi
  if $keep; then
    echo "Kept $work (runtime copy, data/log/cengjiyun.log, data-launch.log, data-manifests/)" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A copy without data/, retried while a build rewrites the distribution (as benchmarks/foundation/run.sh does).
listing() { (cd "$1" && find . -path ./data -prune -o -type f -printf '%p %s %T@\n' | sort); }
copied=false
for _ in 1 2 3 4 5 6; do
  before=$(listing "$dist")
  rm -rf "$runtime" && mkdir -p "$runtime"
  for entry in "$dist"/*; do
    [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"
  done
  if [[ -n $before && $before == "$(listing "$dist")" && $before == "$(listing "$runtime")" ]] \
      && compgen -G "$runtime/system/4/io.cengjiyun.lifecycle-*.jar" >/dev/null && [[ -x $runtime/bin/cengjiyun ]]; then
    copied=true
    break
  fi
  echo "The distribution changed while it was copied (a build running?): trying again in 20 s" >&2
  sleep 20
done
$copied || { echo "Could not take a stable copy of $dist" >&2; exit 1; }
# Listen on loopback only.
printf '\n# Added by benchmarks/lifecycle/run.sh\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"

if [[ -n $wait_load ]]; then
  for ((i = 0; i < 90; i++)); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && break
    ((i % 6 == 0)) && echo "Load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load" >&2
    sleep 10
  done
fi
echo "nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1);" \
  "bundles: $(cd "$runtime/system" && ls */io.cengjiyun.*.jar | sed 's|.*/||; s|-0.1.0-SNAPSHOT.jar||' | paste -sd' ')"
# The benchmark's JVM stays small (serial GC); in the background and waited for, so that a signal runs the cleanup.
java -XX:+UseSerialGC -Xmx512m -cp "$(cat "$cp_file")" "$here/LifecycleBenchmark.java" "$runtime" \
  --data "$data" --kubeconfig "$kubeconfig" "${bench_args[@]}" &
bench_pid=$!
wait "$bench_pid"
