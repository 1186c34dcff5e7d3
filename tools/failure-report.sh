#!/usr/bin/env bash
# Prints what a person needs to see why the tests failed: each failing test class's report (assertions, without the
# stack frames), the last lines of its output (for a Pax Exam class: the runtime's log), and the last lines of the
# local cluster's component logs. ./test.sh calls it when the build fails; it can be run by hand after a failed build.
set -uo pipefail
cd "$(dirname "$0")/.."

printf '\n== Why the tests failed\n'
found=0
for report in bundles/*/target/surefire-reports/*.txt examples/*/target/surefire-reports/*.txt \
    itests/target/failsafe-reports/*.txt; do
  [ -f "$report" ] || continue
  case "$report" in *-output.txt) continue ;; esac
  grep -qE '(Failures|Errors): [1-9]' "$report" || continue
  found=1
  printf -- '\n--- %s\n' "$report"
  grep -vE '^[[:space:]]+at |^[[:space:]]+\.\.\. [0-9]+ more' "$report" | head -80
  output="${report%.txt}-output.txt"
  if [ -f "$output" ]; then
    printf -- '\n--- the last 60 lines of its output (%s)\n' "$output"
    tail -60 "$output"
  fi
done
[ "$found" = 1 ] || echo "No failing test report: the build failed before or outside the tests (see the Maven output above)."

logs=$(tools/kube-local/kube-local paths 2>/dev/null | sed -n 's/^LOGS=//p')
if [ -n "$logs" ] && [ -d "$logs" ]; then
  for component in kube-apiserver kubelet kube-controller-manager kube-scheduler containerd; do
    [ -f "$logs/$component.log" ] || continue
    printf -- '\n--- the last 15 lines of %s\n' "$logs/$component.log"
    tail -15 "$logs/$component.log"
  done
fi
printf '\n== End of the failure report\n'
