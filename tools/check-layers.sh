#!/usr/bin/env bash
# Checks that no bundle imports a package of its own layer or a layer above it (docs/architecture.md, "Layers").
# Reads Import-Package from the built bundles (run after mvn install or package); exits 1 naming each offence.
set -euo pipefail
cd "$(dirname "$0")/.."

# The layers, lowest first. A bundle may import the exported packages of lower layers only.
declare -A LAYER=(
  [io.cengjiyun.api]=1
  [io.cengjiyun.database]=2 [io.cengjiyun.rest]=2
  [io.cengjiyun.store]=3
  [io.cengjiyun.security]=4 [io.cengjiyun.cluster]=4
  [io.cengjiyun.lifecycle]=5
  [io.cengjiyun.ports]=6 [io.cengjiyun.volumes]=6 [io.cengjiyun.inspection]=6 [io.cengjiyun.terminal]=6 [io.cengjiyun.monitoring]=6 [io.cengjiyun.telemetry]=6 [io.cengjiyun.apidocs]=6 [io.cengjiyun.console]=6
  [io.cengjiyun.registry]=7 [io.cengjiyun.example.hello]=7
  [io.cengjiyun.build]=8
)

# The bundle that owns a package: io.cengjiyun.<area>[.<sub>...] belongs to io.cengjiyun.<area>.
owner() {
  local p=$1 b
  for b in "${!LAYER[@]}"; do
    if [ "$p" = "$b" ] || [[ "$p" == "$b".* ]]; then
      # the longest bundle name that prefixes the package wins (io.cengjiyun.example.hello over io.cengjiyun.example)
      echo "${#b} $b"
    fi
  done | sort -rn | head -1 | cut -d' ' -f2
}

bad=0 checked=0
for jar in bundles/*/target/io.cengjiyun.*.jar examples/*/target/io.cengjiyun.*.jar; do
  [ -f "$jar" ] || continue
  case "$jar" in *-sources.jar|*-tests.jar) continue ;; esac
  manifest=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed ':a;N;$!ba;s/\n //g')
  self=$(grep '^Bundle-SymbolicName:' <<<"$manifest" | sed 's/^Bundle-SymbolicName: *//; s/;.*//')
  [ -n "${LAYER[$self]:-}" ] || { echo "check-layers: $self ($jar) has no layer: add it to tools/check-layers.sh and docs/architecture.md" >&2; bad=1; continue; }
  checked=$((checked + 1))
  for p in $(grep '^Import-Package:' <<<"$manifest" | grep -o 'io\.cengjiyun\.[a-z0-9.]*[a-z0-9]' | sort -u); do
    o=$(owner "$p")
    [ -n "$o" ] && [ "$o" != "$self" ] || continue
    if [ "${LAYER[$o]}" -ge "${LAYER[$self]}" ]; then
      echo "check-layers: $self (layer ${LAYER[$self]}) imports $p of $o (layer ${LAYER[$o]}): a bundle may use lower layers only" >&2
      bad=1
    fi
  done
done
[ "$checked" -gt 0 ] || { echo "check-layers: no built bundle found: run mvn install first" >&2; exit 1; }
[ "$bad" = 0 ] && echo "check-layers: $checked bundles, every import points to a lower layer"
exit "$bad"
