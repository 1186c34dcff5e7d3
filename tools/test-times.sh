#!/usr/bin/env bash
# Where the time of the last test run went, read from the test reports: the unit tests per module and the
# integration test classes, longest first. ./test.sh prints it at the end; it can be run by hand after any build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Prints "<seconds> <tests> <name>" for each report file given (JUnit XML: the testsuite element's attributes).
suites() {
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    sed -n 's/.*<testsuite \([^>]*\)>.*/\1/p;T;q' "$f" |
      awk -v file="$f" '{
        name = ""; time = 0; tests = 0
        while (match($0, /[a-z]+="[^"]*"/)) {
          kv = substr($0, RSTART, RLENGTH); $0 = substr($0, RSTART + RLENGTH)
          k = substr(kv, 1, index(kv, "=") - 1); v = substr(kv, index(kv, "=") + 2); v = substr(v, 1, length(v) - 1)
          if (k == "name") name = v; else if (k == "time") time = v; else if (k == "tests") tests = v
        }
        sub(/.*\./, "", name)
        printf "%.1f %d %s\n", time, tests, name
      }'
  done
}

printf '\n== Where the time went (from the test reports)\n'
unit_total=0 unit_tests=0
printf '%-44s %6s %8s\n' "unit tests, per module" tests seconds
for dir in bundles/*/target/surefire-reports examples/*/target/surefire-reports launcher/target/surefire-reports; do
  [ -d "$dir" ] || continue
  read -r secs tests < <(suites "$dir"/TEST-*.xml | awk '{s += $1; t += $2} END {printf "%.1f %d\n", s, t}')
  module=${dir%/target/surefire-reports}
  printf '%-44s %6d %8.1f\n' "${module##*/}" "$tests" "$secs"
  unit_total=$(awk -v a="$unit_total" -v b="$secs" 'BEGIN {printf "%.1f", a + b}')
  unit_tests=$((unit_tests + tests))
done
printf '%-44s %6d %8.1f\n' "all unit tests (test time, not the build's)" "$unit_tests" "$unit_total"

if ls itests/target/failsafe-reports/TEST-*.xml >/dev/null 2>&1; then
  printf '\n%-44s %6s %8s\n' "integration test classes, longest first" tests seconds
  suites itests/target/failsafe-reports/TEST-*.xml | sort -rn |
    awk '{printf "%-44s %6d %8.1f\n", $3, $2, $1; s += $1; t += $2}
         END {printf "%-44s %6d %8.1f  (run at once in forks: the wall time is less)\n", "all integration tests", t, s}'
  waits=$(grep -h 'has the local cluster alone after' itests/target/failsafe-reports/*-output.txt 2>/dev/null || true)
  [ -z "$waits" ] || printf '%s\n' "$waits"
fi
