#!/usr/bin/env bash
# The foundation benchmark (issue 2): start-up time, RSS, and REST latency of one server and of a list of 1,000
# servers, against plain JDBC on the same Derby database. See benchmarks/README.md.
#
#   benchmarks/foundation/run.sh [--runs N] [--clients N] [--calls N] [--out FILE] [--keep] [--wait-load L]
#                                [--start-only] [--servers N]
#
#   --runs N     warm restarts to take the median of (default 5)
#   --clients N  concurrent clients for the seeding and the mixed calls (default 4)
#   --calls N    mixed API calls (default 10000)
#   --servers N  servers seeded in the appmap whose list is read (default 1000)
#   --out FILE   also write the results table to FILE
#   --start-only measure the start-up only (cold, then --runs warm restarts)
#   --keep       keep the temporary copy of the runtime and its data (logs) for inspection
#   --wait-load L  first wait (up to 15 minutes) until the 1-minute load average is at most L: on a shared machine
#                the figures depend much on what else runs
#
# The runtime is built if distribution/target/cengjiyun is missing, copied to a temporary directory and run there on
# a fresh data directory and a free loopback port; it is stopped on exit, even on failure. JAVA_OPTS, if set, is
# passed to the runtime (after bin/cengjiyun's defaults).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=$repo/distribution/target/cengjiyun

runs=5
bench_args=()
keep=false
wait_load=
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --clients|--calls|--servers|--out) bench_args+=("$1" "$2"); shift 2 ;;
    --start-only) bench_args+=("$1"); shift ;;
    --keep) keep=true; shift ;;
    --wait-load) wait_load=$2; shift 2 ;;
    -h|--help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "--runs needs a positive number" >&2; exit 2; }

if [[ ! -x $dist/bin/cengjiyun ]]; then
  echo "No runtime at $dist: building it (mvn -B -q -DskipTests install -pl distribution -am)"
  (cd "$repo" && mvn -B -q -DskipTests install -pl distribution -am)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-bench.XXXXXX")
runtime=$work/cengjiyun
data=$work/data

bench_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # The benchmark stops the runtime itself (also from its shutdown hook); make sure, then stop ours if still there.
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

# A copy without data/: the distribution's data/ may hold a framework cache bound to other paths. A build running
# at the same time may be rewriting the distribution: copy until the copy matches it and it did not change meanwhile.
listing() { (cd "$1" && find . -path ./data -prune -o -type f -printf '%p %s %T@\n' | sort); }
copied=false
for _ in 1 2 3 4 5 6; do
  before=$(listing "$dist")
  rm -rf "$runtime" && mkdir -p "$runtime"
  for entry in "$dist"/*; do
    [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"
  done
  if [[ -n $before && $before == "$(listing "$dist")" && $before == "$(listing "$runtime")" ]] \
      && compgen -G "$runtime/system/4/io.cengjiyun.store-*.jar" >/dev/null && [[ -x $runtime/bin/cengjiyun ]]; then
    copied=true
    break
  fi
  echo "The distribution changed while it was copied (a build running?): trying again in 20 s" >&2
  sleep 20
done
$copied || { echo "Could not take a stable copy of $dist" >&2; exit 1; }
# kubectl of the local cluster on the PATH: the cleanup waits with it until the appmaps' namespaces are gone.
eval "$("$repo/tools/kube-local/kube-local" env)"
# Listen on loopback only.
printf '\n# Added by benchmarks/foundation/run.sh\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"

# Derby for the direct baseline: the runtime's own jars (derbyshared and derbytools are inside the wrap fragment).
cp_jars=$(ls "$runtime"/system/*/derby-[0-9]*.jar "$runtime"/system/*/io.cengjiyun.wrap.derby-tools-*.jar 2>/dev/null \
  | paste -sd: || true)
if [[ -z $cp_jars ]]; then
  m2=${HOME}/.m2/repository/org/apache/derby
  cp_jars=$(ls "$m2"/derby/10.16.1.1/*.jar "$m2"/derbyshared/10.16.1.1/*.jar "$m2"/derbytools/10.16.1.1/*.jar | paste -sd:)
fi

if [[ -n $wait_load ]]; then
  for ((i = 0; i < 90; i++)); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && break
    ((i % 6 == 0)) && echo "Load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load" >&2
    sleep 10
  done
fi
echo "nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
# The benchmark's own JVM stays small and quiet (serial GC), so that it takes little from the runtime it measures.
# In the background and waited for, so that a signal to this script runs the cleanup at once.
java -XX:+UseSerialGC -Xmx512m -cp "$cp_jars" "$here/FoundationBenchmark.java" "$runtime" \
  --data "$data" --runs "$runs" "${bench_args[@]}" &
bench_pid=$!
wait "$bench_pid"
