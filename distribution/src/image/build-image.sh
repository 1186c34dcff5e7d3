#!/usr/bin/env bash
# Builds the OCI/docker image of the Cengjiyun runtime without downloading anything: a jlink'ed Java runtime made
# from this machine's JDK, the distribution (target/cengjiyun), the shared libraries ldd names for the runtime,
# busybox-static (a shell for kubectl exec), a non-root user, and Debian's CA bundle, written as a docker-archive
# (`docker save` layout: manifest.json + config + one layer) that `docker load`, `ctr images import`,
# `skopeo copy docker-archive:...` and `tools/kube-local/kube-local images` take.
#
#   distribution/src/image/build-image.sh <distribution dir> <out tarball> <image ref>
#   e.g. build-image.sh distribution/target/cengjiyun distribution/target/cengjiyun-image.tar cengjiyun.local/cengjiyun:0.1.0-SNAPSHOT
#   distribution/src/image/build-image.sh --relabel <image tarball> <out tarball> <image ref>
#     the same image with IMAGE_REVISION as its revision label, under another ref: a new config (a new image id), the
#     same layer, in seconds (no jlink, no layer to write again): a release of the same build, or an upgrade test's
#
# Environment:
#   JAVA_HOME       the JDK whose jlink and jmods are used (default: the one of `jlink` on PATH); its major
#                   version is the runtime's, so use the project's (17)
#   JLINK_MODULES   the modules of the runtime, comma-separated (default below)
#   JLINK_COMPRESS  jlink --compress level: 0, 1 or 2 (default 2; JDK 21+ also takes zip-0..zip-9)
#   IMAGE_REVISION  the label org.opencontainers.image.revision (a commit, a build number; default: none); a new
#                   value makes a new image (its config, hence its id) with the same layer
#
# Image layout: /opt/java (JAVA_HOME), /opt/cengjiyun (the home: bin etc deploy lib system; WorkingDir),
# /var/lib/cengjiyun (the data folder, CENGJIYUN_DATA, owned by 10001), /tmp (1777), /bin/busybox + applets,
# /etc/passwd with cengjiyun (10001), /etc/ssl/certs/ca-certificates.crt. It runs as user 10001, exec form:
#   /opt/java/bin/java -Dcengjiyun.home=/opt/cengjiyun -cp /opt/cengjiyun/lib/* io.cengjiyun.launcher.Main --daemon
# The JVM options of bin/cengjiyun are in JDK_JAVA_OPTIONS (set another value to change them: the java launcher
# puts that variable before the command line, so options there could not override ones in the entrypoint).
# The reproducible tar (sorted names, mtime 0, numeric owners) gives the same image id for the same inputs.
set -euo pipefail

if [[ ${1:-} == --relabel ]]; then
  [[ $# -eq 4 ]] || { echo "usage: $0 --relabel <image tarball> <out tarball> <image ref>" >&2; exit 2; }
  src=$2 out=$3 ref=$4
  [[ -f $src ]] || { echo "build-image: no image tarball at $src (build it first: mvn install -Pimage)" >&2; exit 1; }
  [[ ${IMAGE_REVISION:-} =~ ^[A-Za-z0-9._-]{1,128}$ ]] ||
    { echo "build-image: --relabel needs IMAGE_REVISION: 1-128 letters, digits, '.', '_' or '-'" >&2; exit 1; }
  [[ $ref =~ ^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]{1,128})?$ ]] ||
    { echo "build-image: image ref '$ref': give registry/name:tag in lower case" >&2; exit 1; }
  work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-relabel.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  tar -C "$work" -xf "$src"
  old_cfg=$(sed -n 's/^\[{"Config":"\([0-9a-f]\{64\}\)\.json".*/\1/p' "$work/manifest.json")
  layer=$(sed -n 's/.*"Layers":\["\([0-9a-f]\{64\}\)\/layer\.tar"\]}\]$/\1/p' "$work/manifest.json")
  [[ -n $old_cfg && -n $layer && -f $work/$old_cfg.json ]] ||
    { echo "build-image: $src is not an archive this script wrote (one config, one layer)" >&2; exit 1; }
  sed -e 's/,"org.opencontainers.image.revision":"[^"]*"//' \
    -e "s/\(\"org.opencontainers.image.version\":\"[^\"]*\"\)/\1,\"org.opencontainers.image.revision\":\"$IMAGE_REVISION\"/" \
    "$work/$old_cfg.json" > "$work/config.json"
  grep -q "\"org.opencontainers.image.revision\":\"$IMAGE_REVISION\"" "$work/config.json" ||
    { echo "build-image: $src's config has no version label to put the revision beside" >&2; exit 1; }
  rm "$work/$old_cfg.json"
  cfg_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mv "$work/config.json" "$work/$cfg_id.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg_id" "$ref" "$layer" > "$work/manifest.json"
  mkdir -p "$(dirname "$out")"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" manifest.json "$cfg_id.json" "$layer"
  mv "$out.tmp" "$out"
  echo "[build-image] image $ref (id sha256:$cfg_id, revision $IMAGE_REVISION, the layer of $src) in $out"
  exit 0
fi

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <distribution dir> <out tarball> <image ref>" >&2
  exit 2
fi
dist=$(cd "$1" && pwd)
out=$2
ref=$3
start=$(date +%s%N)

die() { echo "build-image: $*" >&2; exit 1; }
log() { echo "[build-image] $*"; }

# The modules the runtime needs. jdeps on the bundles' classes gives the static part (java.desktop for
# java.beans, java.management, java.naming, java.net.http, java.sql, java.xml, jdk.httpserver, jdk.management);
# the rest comes from the bundles' Import-Package: Felix exports exactly the packages of the boot layer's modules,
# so a missing module leaves a bundle unresolved (Jetty: javax.rmi.ssl -> java.rmi; HikariCP: javax.sql.rowset ->
# java.sql.rowset; PostgreSQL: javax.transaction.xa, org.ietf.jgss, javax.security.sasl; sun.misc ->
# jdk.unsupported). jdk.crypto.ec: ECDHE/ECDSA for TLS (the Kubernetes API, HTTPS); jdk.zipfs: Jetty's jar
# resources. The --verify run below fails the build when a bundle does not resolve on the new runtime.
default_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi
default_modules+=,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa,java.xml
default_modules+=,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs
modules=${JLINK_MODULES:-$default_modules}

uid=10001
java_home_in_image=/opt/java
home_in_image=/opt/cengjiyun
data_in_image=/var/lib/cengjiyun
main=io.cengjiyun.launcher.Main
# bin/cengjiyun's defaults (see there), and the JVM leaves at once on OutOfMemoryError so the kubelet restarts it.
java_opts="-XX:+UseSerialGC -Xms48m -Xmx256m -Xss512k -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions"
java_opts+=" -XX:-BytecodeVerificationRemote -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 -Djava.awt.headless=true"

[[ -d $dist/lib && -d $dist/system && -d $dist/etc ]] || die "$dist is not a Cengjiyun distribution (lib/, system/, etc/)"
if [[ -z ${JAVA_HOME:-} ]]; then
  command -v jlink >/dev/null || die "no jlink on PATH and JAVA_HOME not set"
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
fi
jdk=$JAVA_HOME
[[ -x $jdk/bin/jlink && -d $jdk/jmods ]] || die "$jdk has no bin/jlink or jmods/ (a JDK with jmods is needed)"
[[ -x /bin/busybox ]] || die "/bin/busybox is missing: apt-get install busybox-static"
/bin/busybox --list >/dev/null 2>&1 || die "/bin/busybox is not a working busybox"
{ ldd /bin/busybox 2>&1 || true; } | grep -q 'not a dynamic executable' || die "/bin/busybox is not static: install busybox-static"
for t in ldd tar sha256sum; do command -v "$t" >/dev/null || die "$t is missing"; done

work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
r=$work/rootfs
mkdir -p "$r"

# 1. The Java runtime.
log "jlink ($("$jdk/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)): $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress="${JLINK_COMPRESS:-2}" --output "$r$java_home_in_image"
jre=$r$java_home_in_image
# Natives of java.desktop that a headless server never loads; they would pull X11, ALSA, freetype, harfbuzz
# and glib into the image. libawt, libawt_headless, libmlib_image, libjavajpeg and liblcms stay (javax.imageio).
rm -f "$jre"/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound,libfontmanager}.so
[[ -s $jre/lib/security/cacerts ]] || die "the jlink'ed runtime has no lib/security/cacerts"

# 2. The distribution (without a data/ of a runtime started in place).
mkdir -p "$r$home_in_image"
tar -C "$dist" --exclude=./data -cf - . | tar -C "$r$home_in_image" -xf -
chmod -R a+rX,go-w "$r$home_in_image"
# bin/cengjiyun needs bash, which the image does not have; the entrypoint runs java itself.

# The runtime must resolve every bundle on the new Java runtime (Felix exports only the boot layer's packages).
log "checking that the bundles resolve on it"
verify_log=$work/verify.log
if ! "$jre/bin/java" -Dcengjiyun.home="$r$home_in_image" -Djava.io.tmpdir="$work" -cp "$r$home_in_image/lib/*" \
    "$main" --verify >"$verify_log" 2>&1; then
  cat "$verify_log" >&2
  die "bundles do not resolve on the jlink'ed runtime: add the modules named above to JLINK_MODULES"
fi
tail -n 1 "$verify_log"

# 3. Shared libraries: every one ldd names for the runtime's programs and libraries, at the path ldd prints
# (/lib/x86_64-linux-gnu/..., /lib64/ld-linux-x86-64.so.2), resolved (no symlinks to follow).
mapfile -t elfs < <(find "$jre/bin" "$jre/lib" -type f \( -name '*.so' -o -perm -u+x \) -print)
libs=()
for f in "${elfs[@]}"; do
  head -c 4 "$f" | grep -q 'ELF' || continue
  out_ldd=$(LD_LIBRARY_PATH="$jre/lib:$jre/lib/server" ldd "$f" 2>&1) || continue
  if grep -q 'not found' <<<"$out_ldd"; then die "ldd $f: $(grep 'not found' <<<"$out_ldd" | tr -s ' \n\t' ' ')"; fi
  while read -r lib; do
    [[ $lib == "$jre"/* ]] || libs+=("$lib")
  done < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$out_ldd")
done
mapfile -t libs < <(printf '%s\n' "${libs[@]}" | sort -u)
for lib in "${libs[@]}"; do
  mkdir -p "$r$(dirname "$lib")"
  cp -L "$lib" "$r$lib"
done
log "libraries: $(printf '%s\n' "${libs[@]}" | xargs -n1 basename | tr '\n' ' ')"

# 4. busybox, users, folders, CA bundle.
mkdir -p "$r/bin" "$r/etc/ssl/certs" "$r/tmp" "$r$data_in_image" "$r/home"
cp /bin/busybox "$r/bin/busybox"
for a in $(/bin/busybox --list); do [[ $a == busybox ]] || [[ -e $r/bin/$a ]] || ln -s busybox "$r/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\ncengjiyun:x:%s:%s:Cengjiyun:%s:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
  "$uid" "$uid" "$data_in_image" > "$r/etc/passwd"
printf 'root:x:0:\ncengjiyun:x:%s:\nnogroup:x:65534:\n' "$uid" > "$r/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$r/etc/nsswitch.conf"
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/"
else
  log "warning: /etc/ssl/certs/ca-certificates.crt missing (apt-get install ca-certificates); the image has none"
fi
chmod 1777 "$r/tmp"
chmod 0750 "$r$data_in_image"

# 5. The docker-archive. make_docker_archive as in tools/kube-local/kube-local, except that the data folder is
# appended to the layer owned by the runtime's user (everything else is root's and read-only for it).
make_docker_archive() {
  local rootfs=$1 ref=$2 out=$3 cfg=$4 owned=$5 work
  work=$(mktemp -d "${TMPDIR:-/tmp}/cengjiyun-archive.XXXXXX")
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --exclude=".$owned" -C "$rootfs" -cf "$work/layer.tar" .
  tar --sort=name --mtime=@0 --owner="$uid" --group="$uid" --numeric-owner -C "$rootfs" -rf "$work/layer.tar" ".$owned"
  local diff_id; diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  mkdir -p "$work/$diff_id" && mv "$work/layer.tar" "$work/$diff_id/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":%s,"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"cengjiyun distribution/src/image/build-image.sh"}]}' \
    "$cfg" "$diff_id" > "$work/config.json"
  local cfg_id; cfg_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mv "$work/config.json" "$work/$cfg_id.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg_id" "$ref" "$diff_id" > "$work/manifest.json"
  # Entries without a "./" prefix, as `docker save` writes them.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" \
    manifest.json "$cfg_id.json" "$diff_id"
  mv "$out.tmp" "$out"
  rm -rf "$work"
  echo "$cfg_id"
}

version=$(sed -n 's/.*cengjiyun-launcher-\(.*\)\.jar/\1/p' < <(ls "$dist/lib"))
revision=
if [[ -n ${IMAGE_REVISION:-} ]]; then
  [[ $IMAGE_REVISION =~ ^[A-Za-z0-9._-]{1,128}$ ]] || die "IMAGE_REVISION '$IMAGE_REVISION': give 1-128 letters, digits, '.', '_' or '-'"
  revision=",\"org.opencontainers.image.revision\":\"$IMAGE_REVISION\""
fi
config=$(cat <<EOF
{"User":"$uid","WorkingDir":"$home_in_image","ExposedPorts":{"8080/tcp":{}},
"Env":["PATH=$java_home_in_image/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home_in_image","CENGJIYUN_HTTP_PORT=8080","CENGJIYUN_DATA=$data_in_image","JDK_JAVA_OPTIONS=$java_opts"],
"Entrypoint":["$java_home_in_image/bin/java","-Dcengjiyun.home=$home_in_image","-cp","$home_in_image/lib/*","$main"],
"Cmd":["--daemon"],
"StopSignal":"SIGTERM",
"Labels":{"org.opencontainers.image.title":"Cengjiyun","org.opencontainers.image.version":"${version:-unknown}"$revision}}
EOF
)
config=$(tr -d '\n' <<<"$config")
mkdir -p "$(dirname "$out")"
cfg_id=$(make_docker_archive "$r" "$ref" "$out" "$config" "$data_in_image")

unpacked=$(du -sb "$r" | cut -f1)
tarball=$(stat -c %s "$out")
jre_size=$(du -sb "$jre" | cut -f1)
dist_size=$(du -sb "$r$home_in_image" | cut -f1)
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
log "image $ref (id sha256:$cfg_id) in $out"
log "size: $(mib "$unpacked") unpacked (java $(mib "$jre_size"), distribution $(mib "$dist_size")), tarball $(mib "$tarball")"
log "built in $(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN {printf "%.1f s", ns / 1e9}')"
