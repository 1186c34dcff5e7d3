#!/usr/bin/env bash
# The monitoring benchmark (issue 17): the sampler's CPU per round and the RSS it adds with about 100 running pods
# (against fetching the same kubelet summary directly, and metrics-server's documented footprint); a 24-hour query of
# one server at 1-minute steps on a seeded history (against one SQL SELECT of the same rows); the time from a load
# change to the HorizontalPodAutoscaler's scale-up (against the HPA's sync period plus one sampling interval). Side by
# side in one run on the local cluster (tools/kube-local). See benchmarks/README.md.
#
#   benchmarks/monitoring/run.sh [--servers N] [--running N] [--interval S] [--rounds N] [--warmup-rounds N]
#                                [--idle-seconds S] [--query-samples N] [--query-warmup N] [--pod-timeout S]
#                                [--hpa-timeout S] [--metrics-api] [--no-hpa] [--out FILE] [--keep] [--wait-load L]
#
#   --servers N        servers in the appmap (default 100); every one gets 24 h of seeded history
#   --running N        how many of them run a busybox pod (default 100; fewer if the node has not the free slots)
#   --interval S       the sampler's interval while its cost is measured (default 5 s)
#   --rounds N         rounds measured (default 24), after --warmup-rounds N uncounted ones (default 6)
#   --idle-seconds S   how long the quiet runtime is measured first (default 60)
#   --query-samples N  samples of the 24-hour query and of its SQL baseline (default 300), after --query-warmup N (50)
#   --pod-timeout S    how long to wait for the pods (default 600 s)
#   --hpa-timeout S    how long to wait for the HPA's scale-up (default 240 s)
#   --metrics-api      serve the resource metrics API for the HPA's figure (metricsApi=true during it; only if no
#                      APIService v1beta1.metrics.k8s.io is on the cluster already); without it that part is pending
#   --no-hpa           leave out the HPA's figure
#   --out FILE         also write the results table to FILE
#   --keep             keep the temporary copy of the runtime and its data (logs) for inspection
#   --wait-load L      first wait (up to 15 minutes) until the 1-minute load average is at most L
#
# CENGJIYUN_DIST=DIR takes the runtime from DIR instead of distribution/target/cengjiyun (from a git worktree, say).
# Needs the local cluster up (tools/kube-local/kube-local up; its kubeconfig at
# /var/lib/cengjiyun-kube-local/admin.kubeconfig) with free pod slots, a built runtime with io.cengjiyun.monitoring
# (this script does not build one), jcmd, and the fabric8 jars in ~/.m2 (resolved offline by pom.xml here). The
# runtime is copied to a temporary directory and run there on a fresh data directory and a free loopback port, with
# its own etc/io.cengjiyun.monitoring.cfg (metricsApi=false unless --metrics-api); it is stopped on exit, even on
# failure or Ctrl-C. Everything the run creates on the cluster (service mnb-XXXX, its namespace mnb-XXXX-bench) is
# deleted at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=${CENGJIYUN_DIST:-$repo/distribution/target/cengjiyun}

bench_args=()
keep=false
wait_load=
while (($#)); do
  case $1 in
    --servers|--running|--interval|--rounds|--warmup-rounds|--idle-seconds|--query-samples|--query-warmup|--pod-timeout|--hpa-timeout)
      [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "$1 needs a whole number, not '${2:-}'" >&2; exit 2; }
      bench_args+=("$1" "$2"); shift 2 ;;
    --metrics-api|--no-hpa) bench_args+=("$1"); shift ;;
    --out)
      [[ -n ${2:-} && ${2:-} != -* ]] || { echo "--out needs a file name" >&2; exit 2; }
      touch "$2" 2>/dev/null || { echo "--out: cannot write $2" >&2; exit 2; }
      bench_args+=("$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --keep) keep=true; shift ;;
    --wait-load)
      [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--wait-load needs a load average, not '${2:-}'" >&2; exit 2; }
      wait_load=$2; shift 2 ;;
    -h|--help) sed -n '2,35s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -x $dist/bin/cengjiyun ]]; then
  echo "No runtime at $dist: build it (cd $repo && mvn -B -o -q -pl distribution -am package -DskipTests)" >&2
  exit 1
fi
command -v jcmd >/dev/null || { echo "No jcmd (the JDK's): the heap figures need it" >&2; exit 1; }
# kubectl of the local cluster (same version as its API server) and its kubeconfig.
eval "$("$repo/tools/kube-local/kube-local" env)"
kubeconfig=${KUBECONFIG:-/var/lib/cengjiyun-kube-local/admin.kubeconfig}
[[ -f $kubeconfig ]] || { echo "No kubeconfig at $kubeconfig: is the local cluster up (tools/kube-local)?" >&2; exit 1; }
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-monitoring.XXXXXX")
runtime=$work/cengjiyun
data=$work/data

# fabric8's client, its JDK HTTP client, slf4j-nop (offline, from ~/.m2).
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
    echo "Kept $work (runtime copy, data/log/cengjiyun.log, data-launch.log, kubectl-stderr.txt)" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A copy without data/, retried while a build rewrites the distribution (as benchmarks/lifecycle/run.sh does).
listing() { (cd "$1" && find . -path ./data -prune -o -type f -printf '%p %s %T@\n' | sort); }
copied=false
for _ in 1 2 3 4 5 6; do
  before=$(listing "$dist")
  rm -rf "$runtime" && mkdir -p "$runtime"
  for entry in "$dist"/*; do
    [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"
  done
  if [[ -n $before && $before == "$(listing "$dist")" && $before == "$(listing "$runtime")" ]] \
      && compgen -G "$runtime/system/*/io.cengjiyun.monitoring-*.jar" >/dev/null && [[ -x $runtime/bin/cengjiyun ]]; then
    copied=true
    break
  fi
  echo "The distribution changed while it was copied (a build running?), or has no io.cengjiyun.monitoring bundle:" \
    "trying again in 20 s" >&2
  sleep 20
done
$copied || { echo "Could not take a stable copy of $dist with the monitoring bundle" >&2; exit 1; }
# Listen on loopback only. The benchmark writes etc/io.cengjiyun.monitoring.cfg itself (metricsApi=false but for
# --metrics-api's part), before the start and between the parts.
printf '\n# Added by benchmarks/monitoring/run.sh\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"

# Derby for the SQL baseline: the runtime's own jars (derbyshared and derbytools are inside the wrap fragment).
derby_jars=$(ls "$runtime"/system/*/derby-[0-9]*.jar "$runtime"/system/*/io.cengjiyun.wrap.derby-tools-*.jar | paste -sd:)

if [[ -n $wait_load ]]; then
  for ((i = 0; i < 90; i++)); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && break
    ((i % 6 == 0)) && echo "Load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load" >&2
    sleep 10
  done
fi
echo "nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg); $(free -m | awk '/^Mem:/ {print "memory " $7 " of " $2 " MiB available"}');" \
  "$(java -version 2>&1 | head -1); test JVMs running: $(pgrep -fc 'surefire|failsafe' || true);" \
  "monitoring bundle built $(date -u -r "$(compgen -G "$runtime/system/*/io.cengjiyun.monitoring-*.jar")" '+%Y-%m-%d %H:%M UTC')"
# The benchmark's JVM stays small (serial GC); in the background and waited for, so that a signal runs the cleanup.
java -XX:+UseSerialGC -Xmx512m -cp "$(cat "$cp_file"):$derby_jars" "$here/MonitoringBenchmark.java" "$runtime" \
  --data "$data" --kubeconfig "$kubeconfig" "${bench_args[@]}" &
bench_pid=$!
wait "$bench_pid"
