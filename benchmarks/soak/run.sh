#!/usr/bin/env bash
# The soak test (issue 18): N clients of mixed calls with a churn of servers on the local cluster (create, read,
# status, list, update with If-Match, stop, status, start, scale, the appmap's overview, delete) for a bounded time,
# with at most a bounded number of servers alive at once; every answer's status checked; the runtime's RSS, heap after
# GC, threads, open files and database pool sampled, and their slope after the warm-up. Not part of CI. See
# benchmarks/README.md.
#
#   benchmarks/soak/run.sh [--minutes N] [--clients N] [--warmup-minutes N] [--max-servers N] [--sample-seconds S]
#                          [--out FILE] [--keep] [--wait-load L]
#
#   --minutes N          how long the clients run (default 20)
#   --clients N          concurrent clients (default 8)
#   --warmup-minutes N   the first minutes left out of the slopes (default 3); the baseline is the end of it
#   --max-servers N      servers alive at once, shared evenly by the clients (default 40: 5 each)
#   --sample-seconds S   how often the runtime's process is sampled, each time after a full GC (default 10)
#   --out FILE           also write the results (markdown) to FILE
#   --keep               keep the temporary copy of the runtime and its data (logs) for inspection
#   --wait-load L        first wait (up to 15 minutes) until the 1-minute load average is at most L
#
# CENGJIYUN_DIST=DIR takes the runtime from DIR instead of distribution/target/cengjiyun (this tree's build; this
# script does not build one). Needs the local cluster up (tools/kube-local; its kubeconfig at
# /var/lib/cengjiyun-kube-local/admin.kubeconfig) and jcmd. The runtime is copied to a temporary directory and run
# there on a fresh data directory and a free loopback port; at the end (also on failure or Ctrl-C) its service is
# deleted with ?cascade=true, kubectl waits until the namespace is gone, and the runtime is stopped. Its database is
# then opened with the runtime's own Derby jars to count what is left in the tables with a server column.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=${CENGJIYUN_DIST:-$repo/distribution/target/cengjiyun}

bench_args=()
keep=false
wait_load=
while (($#)); do
  case $1 in
    --minutes|--clients|--warmup-minutes|--max-servers|--sample-seconds)
      [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "$1 needs a whole number, not '${2:-}'" >&2; exit 2; }
      bench_args+=("$1" "$2"); shift 2 ;;
    --out)
      [[ -n ${2:-} && ${2:-} != -* ]] || { echo "--out needs a file name" >&2; exit 2; }
      touch "$2" 2>/dev/null || { echo "--out: cannot write $2" >&2; exit 2; }
      bench_args+=("$1" "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --keep) keep=true; shift ;;
    --wait-load)
      [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "--wait-load needs a load average, not '${2:-}'" >&2; exit 2; }
      wait_load=$2; shift 2 ;;
    -h|--help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -x $dist/bin/cengjiyun ]]; then
  echo "No runtime at $dist: build it (cd $repo && mvn -B -o -q package -DskipTests)" >&2
  exit 1
fi
command -v jcmd >/dev/null || { echo "No jcmd (the JDK's): the heap figures need it" >&2; exit 1; }
# kubectl of the local cluster (same version as its API server) and its kubeconfig.
eval "$("$repo/tools/kube-local/kube-local" env)"
kubeconfig=${KUBECONFIG:-/var/lib/cengjiyun-kube-local/admin.kubeconfig}
[[ -f $kubeconfig ]] || { echo "No kubeconfig at $kubeconfig: is the local cluster up (tools/kube-local)?" >&2; exit 1; }
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-soak.XXXXXX")
runtime=$work/cengjiyun
data=$work/data

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
    echo "Kept $work (runtime copy, data/log/cengjiyun.log, data-launch.log)" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A copy without data/, retried while a build rewrites the distribution (as benchmarks/monitoring/run.sh does).
listing() { (cd "$1" && find . -path ./data -prune -o -type f -printf '%p %s %T@\n' | sort); }
copied=false
for _ in 1 2 3 4 5 6; do
  before=$(listing "$dist")
  rm -rf "$runtime" && mkdir -p "$runtime"
  for entry in "$dist"/*; do
    [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"
  done
  if [[ -n $before && $before == "$(listing "$dist")" && $before == "$(listing "$runtime")" ]] \
      && [[ -x $runtime/bin/cengjiyun ]]; then
    copied=true
    break
  fi
  echo "The distribution changed while it was copied (a build running?): trying again in 20 s" >&2
  sleep 20
done
$copied || { echo "Could not take a stable copy of $dist" >&2; exit 1; }
# Listen on loopback only.
printf '\n# Added by benchmarks/soak/run.sh\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"

# Derby for the check of the database after the run: the runtime's own jars.
derby_jars=$(ls "$runtime"/system/*/derby-[0-9]*.jar "$runtime"/system/*/io.cengjiyun.wrap.derby-tools-*.jar 2>/dev/null | paste -sd: || true)

if [[ -n $wait_load ]]; then
  for ((i = 0; i < 90; i++)); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && break
    ((i % 6 == 0)) && echo "Load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load" >&2
    sleep 10
  done
fi
echo "nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg); $(free -m | awk '/^Mem:/ {print "memory " $7 " of " $2 " MiB available"}');" \
  "$(java -version 2>&1 | head -1); test JVMs running: $(pgrep -fc 'surefire|failsafe' || true);" \
  "runtime $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?'), lifecycle bundle built" \
  "$(date -u -r "$(compgen -G "$runtime/system/*/io.cengjiyun.lifecycle-*.jar" | head -1)" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
# The benchmark's JVM stays small (serial GC); in the background and waited for, so that a signal runs the cleanup.
java -XX:+UseSerialGC -Xmx256m -cp "$derby_jars" "$here/SoakBenchmark.java" "$runtime" \
  --data "$data" --kubeconfig "$kubeconfig" --kubectl "$(command -v kubectl)" "${bench_args[@]}" &
bench_pid=$!
wait "$bench_pid"
