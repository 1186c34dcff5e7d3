#!/usr/bin/env bash
# The terminal benchmark (issue 16): a keystroke's round trip through the platform's WebSocket terminal vs
# `kubectl exec -it`, following a container that writes 10,000 lines a second through the platform's event stream vs
# `kubectl logs -f`, and the runtime's RSS with 20 terminals open; side by side in one run on the local cluster
# (tools/kube-local). See benchmarks/README.md.
#
#   benchmarks/terminal/run.sh [--samples N] [--warmup N] [--seconds S] [--rate L] [--terminals N]
#                              [--pod-timeout S] [--out FILE] [--keep] [--wait-load L]
#
#   --samples N      keystrokes timed on each side, interleaved (default 300)
#   --warmup N       uncounted keystrokes on each side first (default 50)
#   --seconds S      how long the generator writes in the measured follow round (default 20; at 10,000 lines a
#                    second, more than about 20 s passes the kubelet's default containerLogMaxSize of 10 MiB: the log
#                    is rotated and the kubelet of this cluster, 1.20, then stops every follow of it, kubectl's too)
#   --rate L         lines a second the generator writes (default 10000)
#   --terminals N    terminals open at once for the memory figure (default 20; 5 per user, the default limit)
#   --pod-timeout S  how long to wait for the two pods (default 300 s)
#   --out FILE       also write the results table to FILE
#   --keep           keep the temporary copy of the runtime and its data (logs) for inspection
#   --wait-load L    first wait (up to 15 minutes) until the 1-minute load average is at most L
#
# CENGJIYUN_DIST=DIR takes the runtime from DIR instead of distribution/target/cengjiyun (from a git worktree, say).
# Needs the local cluster up (tools/kube-local/kube-local up; its kubeconfig at
# /var/lib/cengjiyun-kube-local/admin.kubeconfig) with two free pod slots, `script` (util-linux: the pseudo-terminal
# kubectl exec -it needs), a built runtime (distribution/target/cengjiyun, with io.cengjiyun.terminal; this script
# does not build one) and the fabric8 jars in ~/.m2 (resolved offline by pom.xml here). The runtime is copied to a
# temporary directory and run there on a fresh data directory and a free loopback port; it is stopped on exit, even
# on failure or Ctrl-C. Everything the run creates on the cluster (service tmb-XXXX, its namespace tmb-XXXX-bench)
# is deleted at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dist=${CENGJIYUN_DIST:-$repo/distribution/target/cengjiyun}

bench_args=()
keep=false
wait_load=
while (($#)); do
  case $1 in
    --samples|--warmup|--seconds|--rate|--terminals|--pod-timeout)
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
    -h|--help) sed -n '2,28s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# The same checks as the program's, before anything is copied or started.
opt() { local i; for ((i = 0; i < ${#bench_args[@]}; i += 2)); do
  [[ ${bench_args[i]} == "$1" ]] && { echo $((10#${bench_args[i + 1]})); return; }; done; echo "$2"; }
(($(opt --samples 300) >= 1)) || { echo "--samples must be >= 1" >&2; exit 2; }
s=$(opt --seconds 20); ((s >= 1 && s <= 600)) || { echo "--seconds must be 1 to 600" >&2; exit 2; }
r=$(opt --rate 10000); ((r >= 1 && r <= 100000)) || { echo "--rate must be 1 to 100000" >&2; exit 2; }
t=$(opt --terminals 20); ((t >= 1 && t <= 100)) || { echo "--terminals must be 1 to 100" >&2; exit 2; }
(($(opt --pod-timeout 300) >= 1)) || { echo "--pod-timeout must be >= 1" >&2; exit 2; }
command -v script >/dev/null || { echo "No 'script' (util-linux): kubectl exec -it needs a pseudo-terminal" >&2; exit 1; }

if [[ ! -x $dist/bin/cengjiyun ]]; then
  echo "No runtime at $dist: build it (cd $repo && mvn -B -o -q install -DskipTests)" >&2
  exit 1
fi
# kubectl of the local cluster (same version as its API server) and its kubeconfig.
eval "$("$repo/tools/kube-local/kube-local" env)"
kubeconfig=${KUBECONFIG:-/var/lib/cengjiyun-kube-local/admin.kubeconfig}
[[ -f $kubeconfig ]] || { echo "No kubeconfig at $kubeconfig: is the local cluster up (tools/kube-local)?" >&2; exit 1; }
kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null || { echo "The local cluster does not answer" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-terminal.XXXXXX")
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
    echo "Kept $work (runtime copy, data/log/cengjiyun.log, data-launch.log, kubectl-*.txt)" >&2
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
      && compgen -G "$runtime/system/4/io.cengjiyun.terminal-*.jar" >/dev/null && [[ -x $runtime/bin/cengjiyun ]]; then
    copied=true
    break
  fi
  echo "The distribution changed while it was copied (a build running?), or has no io.cengjiyun.terminal bundle:" \
    "trying again in 20 s" >&2
  sleep 20
done
$copied || { echo "Could not take a stable copy of $dist with the terminal bundle" >&2; exit 1; }
# Listen on loopback only.
printf '\n# Added by benchmarks/terminal/run.sh\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"

if [[ -n $wait_load ]]; then
  for ((i = 0; i < 90; i++)); do
    awk -v max="$wait_load" '{ exit !($1 <= max) }' /proc/loadavg && break
    ((i % 6 == 0)) && echo "Load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for <= $wait_load" >&2
    sleep 10
  done
fi
echo "nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1);" \
  "terminal bundle built $(date -u -r "$(compgen -G "$runtime/system/4/io.cengjiyun.terminal-*.jar")" '+%Y-%m-%d %H:%M UTC');" \
  "bundles: $(cd "$runtime/system" && ls */io.cengjiyun.*.jar | sed 's|.*/||; s|-0.1.0-SNAPSHOT.jar||' | paste -sd' ')"
# The benchmark's JVM stays small (serial GC); in the background and waited for, so that a signal runs the cleanup.
java -XX:+UseSerialGC -Xmx512m -cp "$(cat "$cp_file")" "$here/TerminalBenchmark.java" "$runtime" \
  --data "$data" --kubeconfig "$kubeconfig" "${bench_args[@]}" &
bench_pid=$!
wait "$bench_pid"
