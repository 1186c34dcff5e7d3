#!/usr/bin/env bash
# Checks a real kube-local cluster end to end with kubectl, then `down` (nothing of ours may be left)
# and `up` again so the cluster stays running for the next test suites.
#
#   tools/kube-local/test.sh              full run, cluster left running
#   tools/kube-local/test.sh --no-final-up   leave the cluster down at the end
#   tools/kube-local/test.sh --no-down       skip the down/up cycle (cluster checks only)
#
# No check sends a packet off this machine: the guards are checked by reading `iptables -S` and a
# pod's /etc/resolv.conf; HTTP goes to pods, 127.0.0.1 and the machine's own address only.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KL=$HERE/kube-local
NS=kube-local-test
FINAL_UP=1
DO_DOWN=1
for a in "$@"; do
  case "$a" in
    --no-final-up) FINAL_UP=0 ;;
    --no-down) DO_DOWN=0 ;;
    *) echo "usage: $0 [--no-final-up] [--no-down]" >&2; exit 2 ;;
  esac
done

PASS=0
FAIL=0
pass() { PASS=$((PASS + 1)); printf 'PASS  %s\n' "$1"; }
fail() { FAIL=$((FAIL + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && printf '      %s\n' "$2"; return 0; }
# check <description> <command...>
check() { local d=$1; shift; local out; if out=$("$@" 2>&1); then pass "$d"; else fail "$d" "$(tail -5 <<<"$out" | tr '\n' ' ')"; fi; }
# retry <seconds> <command...>
retry() { local s=$1; shift; local t0=$SECONDS; until "$@"; do [ $((SECONDS - t0)) -ge "$s" ] && return 1; sleep 1; done; }

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" = 0 ]
}

echo "== up"
if ! "$KL" up; then fail "kube-local up"; finish; exit 1; fi
pass "kube-local up"
eval "$("$KL" env)"
eval "$("$KL" paths)"   # KL_STATE, KL_RUNTIME, CTRD_SOCK, HOST_IP, NODE, POD_CIDR, SERVICE_CIDR, BRIDGE, ...

echo "== cluster"
check "kubectl is the built one ($(command -v kubectl))" test "$(command -v kubectl)" = "$KL_BIN/kubectl"
check "node $NODE Ready" test "$(kubectl get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" = True
check "default StorageClass present" sh -c "kubectl get storageclass -o jsonpath='{range .items[*]}{.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}{\"\\n\"}{end}' | grep -qx true"

kubectl delete namespace "$NS" --ignore-not-found --wait=true >/dev/null 2>&1
kubectl create namespace "$NS" >/dev/null

web_deployment() { # version
  cat <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: $NS}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: web
        image: cengjiyun.test/busybox:1
        imagePullPolicy: Never
        # As pid 1, httpd would ignore SIGTERM: the shell stays pid 1 and exits on TERM at once.
        command: ["sh", "-c", "mkdir -p /www && echo $1 > /www/index.html && echo started-$1; trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]
        ports: [{containerPort: 8080}]
        readinessProbe:
          httpGet: {path: /index.html, port: 8080}
          periodSeconds: 1
EOF
}

echo "== deployment"
web_deployment v1 | kubectl apply -f - >/dev/null
check "Deployment web (2 replicas, busybox) becomes Ready" kubectl -n "$NS" rollout status deploy/web --timeout=180s
check "2 ready replicas" test "$(kubectl -n "$NS" get deploy web -o jsonpath='{.status.readyReplicas}')" = 2

echo "== rolling update"
web_deployment v2 | kubectl apply -f - >/dev/null
check "rolling update to a new command finishes" kubectl -n "$NS" rollout status deploy/web --timeout=180s
check "revision 2 recorded" test "$(kubectl -n "$NS" get deploy web -o jsonpath='{.metadata.annotations.deployment\.kubernetes\.io/revision}')" = 2
# A pod of the new ReplicaSet that is not terminating.
live_web_pods() { kubectl -n "$NS" get pods -l app=web -o go-template='{{range .items}}{{if not .metadata.deletionTimestamp}}{{.metadata.name}}{{"\n"}}{{end}}{{end}}'; }
retry 60 sh -c "[ \$(kubectl -n $NS get pods -l app=web --no-headers 2>/dev/null | wc -l) = 2 ]"
POD=$(live_web_pods | head -1)
check "kubectl logs shows the new command ran" sh -c "kubectl -n $NS logs deploy/web | grep -qx started-v2"
check "kubectl exec works (serves v2)" test "$(kubectl -n "$NS" exec "$POD" -- cat /www/index.html)" = v2
check "pod to pod HTTP through the bridge" sh -c "ip=\$(kubectl -n $NS get pod $POD -o jsonpath='{.status.podIP}'); kubectl -n $NS exec $POD -- wget -qO- http://\$ip:8080/index.html | grep -qx v2"

echo "== images subcommand"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# A docker-archive of our own: the busybox image re-tagged, as a test would build one.
mkdir "$TMP/img" && tar -xf "$KL_CACHE/images/busybox.tar" -C "$TMP/img"
jq -c '.[0].RepoTags = ["cengjiyun.test/kube-local-test:1"]' "$TMP/img/manifest.json" > "$TMP/m" && mv "$TMP/m" "$TMP/img/manifest.json"
(cd "$TMP/img" && tar -cf "$TMP/test-image.tar" -- *)
check "kube-local images imports a tarball" "$KL" images "$TMP/test-image.tar"
kubectl -n "$NS" run imported --image=cengjiyun.test/kube-local-test:1 --image-pull-policy=Never --restart=Never \
  -- sh -c 'trap "exit 0" TERM; sleep 3600 & wait' >/dev/null
check "a pod runs the imported image" kubectl -n "$NS" wait --for=condition=Ready pod/imported --timeout=120s
kubectl -n "$NS" delete pod imported --wait=false >/dev/null

echo "== registry (TLS from our CA, htpasswd, pulls with an imagePullSecret)"
registry_checks() {
  check "registry listens on $REGISTRY only" test "$(ss -ltnH "sport = :${REGISTRY##*:}" | awk '{print $4}')" = "$REGISTRY"
  check "registry without credentials: 401" test "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$REGISTRY_CA" "https://$REGISTRY/v2/_catalog")" = 401
  catalog_lists_busybox() { # the password goes to curl on stdin, not on its command line
    curl -sf --max-time 5 --cacert "$REGISTRY_CA" -K - "https://$REGISTRY/v2/_catalog" <<<"user = \"$REGISTRY_USER:$REGISTRY_PASSWORD\"" \
      | jq -e '.repositories | index("cengjiyun/busybox")'
  }
  check "registry with credentials lists cengjiyun/busybox" catalog_lists_busybox
  check "no registry of Debian's own on port 5000" test -z "$(ss -ltnpH 'sport = :5000' | grep docker-registr)"
  dockerconfig() { # password
    jq -n --arg r "$REGISTRY" --arg a "$(printf '%s:%s' "$REGISTRY_USER" "$1" | base64 -w0)" '{auths: {($r): {auth: $a}}}'
  }
  dockerconfig "$REGISTRY_PASSWORD" > "$TMP/good.json"
  dockerconfig "wrong-$REGISTRY_PASSWORD" > "$TMP/bad.json"
  kubectl -n "$NS" create secret generic regcred --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson="$TMP/good.json" >/dev/null
  kubectl -n "$NS" create secret generic regcred-wrong --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson="$TMP/bad.json" >/dev/null
  registry_pod() { # name [secret]: pulls REGISTRY_IMAGE every time (Always), so the registry's auth decides
    local secrets="imagePullSecrets: []"
    [ -z "${2:-}" ] || secrets="imagePullSecrets: [{name: $2}]"
    cat <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $1, namespace: $NS}
spec:
  terminationGracePeriodSeconds: 1
  $secrets
  containers:
  - name: c
    image: $REGISTRY_IMAGE
    imagePullPolicy: Always
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
EOF
  }
  { registry_pod pulled regcred; echo ---; registry_pod nosecret; echo ---; registry_pod wrongpw regcred-wrong; } | kubectl apply -f - >/dev/null
  check "a pod with an imagePullSecret pulls $REGISTRY_IMAGE and runs" kubectl -n "$NS" wait --for=condition=Ready pod/pulled --timeout=60s
  check "its image came from the registry" sh -c "kubectl -n $NS get pod pulled -o jsonpath='{.status.containerStatuses[0].imageID}' | grep -q '^$REGISTRY/cengjiyun/busybox@sha256:'"
  pull_refused() { # pod: waiting in ErrImagePull/ImagePullBackOff, and the pull failed with 401 Unauthorized
    local w
    w=$(kubectl -n "$NS" get pod "$1" -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}')
    case "$w" in ErrImagePull|ImagePullBackOff) ;; *) return 1 ;; esac
    { kubectl -n "$NS" get pod "$1" -o jsonpath='{.status.containerStatuses[0].state.waiting.message}'
      kubectl -n "$NS" get events --field-selector "involvedObject.name=$1,reason=Failed" -o jsonpath='{.items[*].message}'
    } | grep -q '401 Unauthorized'
  }
  check "a pod without the secret: ErrImagePull/ImagePullBackOff, 401 Unauthorized" retry 60 pull_refused nosecret
  check "a pod with a wrong password: ErrImagePull/ImagePullBackOff, 401 Unauthorized" retry 60 pull_refused wrongpw
  kubectl -n "$NS" delete pod pulled nosecret wrongpw --wait=false >/dev/null
}

# The builder image in a plain pod (not privileged, no hostPath): builds a Dockerfile from a ConfigMap
# on top of the registry's busybox, pushes it, and a pod runs what it pushed. A failing RUN step fails
# the Job and names the step. Uses the secret regcred of registry_checks.
builder_checks() {
  local target=$REGISTRY/kube-local-test/built:1 t_all=$SECONDS
  registry_lists_builder() {
    curl -sf --max-time 5 --cacert "$REGISTRY_CA" -K - "https://$REGISTRY/v2/_catalog" <<<"user = \"$REGISTRY_USER:$REGISTRY_PASSWORD\"" \
      | jq -e '.repositories | index("cengjiyun/buildah")'
  }
  check "the registry holds the builder too (${REGISTRY_BUILDER_IMAGE:-cengjiyun/buildah})" registry_lists_builder
  kubectl -n "$NS" create configmap build-context --from-literal=hello.txt=hello-from-context \
    --from-literal=Dockerfile="$(printf 'FROM %s\nCOPY hello.txt /hello.txt\nRUN echo built > /built.txt\n' "$REGISTRY_IMAGE")" \
    --from-literal=Dockerfile.fail="$(printf 'FROM %s\nCOPY hello.txt /hello.txt\nRUN echo about to fail && exit 7\nRUN echo never\n' "$REGISTRY_IMAGE")" >/dev/null
  kubectl -n "$NS" create configmap registry-ca --from-file=ca.crt="$REGISTRY_CA" >/dev/null
  build_job() { # name dockerfile
    cat <<EOF
apiVersion: batch/v1
kind: Job
metadata: {name: $1, namespace: $NS}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
      - name: buildah
        image: $BUILDER_IMAGE
        imagePullPolicy: IfNotPresent
        command:
        - sh
        - -c
        - >-
          buildah --storage-driver vfs bud --isolation chroot --cert-dir /certs --authfile /auth/auth.json
          -f /context/$2 -t "\$IMAGE" /context &&
          buildah --storage-driver vfs push --cert-dir /certs --authfile /auth/auth.json
          --digestfile /dev/termination-log "\$IMAGE"
        env: [{name: IMAGE, value: "$target"}]
        securityContext:
          runAsUser: 0
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL], add: [SETUID, SETGID, SETFCAP]}
        volumeMounts:
        - {name: context, mountPath: /context, readOnly: true}
        - {name: auth, mountPath: /auth, readOnly: true}
        - {name: certs, mountPath: /certs, readOnly: true}
        - {name: storage, mountPath: /var/lib/containers}
      volumes:
      - {name: context, configMap: {name: build-context}}
      - {name: auth, secret: {secretName: regcred, items: [{key: .dockerconfigjson, path: auth.json}]}}
      - {name: certs, configMap: {name: registry-ca}}
      - {name: storage, emptyDir: {}}
EOF
  }
  local t0=$SECONDS
  { build_job build Dockerfile; echo ---; build_job build-fails Dockerfile.fail; } | kubectl apply -f - >/dev/null
  check "a builder Job ($BUILDER_IMAGE, not privileged) builds and pushes $target" kubectl -n "$NS" wait --for=condition=complete job/build --timeout=120s
  echo "      (build and push: $((SECONDS - t0)) s from the Job's creation)"
  [ "$(kubectl -n "$NS" get job build -o jsonpath='{.status.succeeded}')" = 1 ] || kubectl -n "$NS" logs job/build --tail=20 2>&1 | sed 's/^/      | /'
  local digest
  digest=$(kubectl -n "$NS" get pods -l job-name=build -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.message}')
  check "the builder reports the pushed digest in its termination message ($digest)" grep -qE '^sha256:[0-9a-f]{64}$' <<<"$digest"
  kubectl -n "$NS" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: run-built, namespace: $NS}
spec:
  restartPolicy: Never
  imagePullSecrets: [{name: regcred}]
  containers:
  - name: c
    image: ${target%:*}@$digest
    command: ["sh", "-c", "cat /built.txt /hello.txt"]
EOF
  run_built_ok() {
    [ "$(kubectl -n "$NS" get pod run-built -o jsonpath='{.status.phase}')" = Succeeded ] &&
      [ "$(kubectl -n "$NS" logs run-built)" = "$(printf 'built\nhello-from-context')" ]
  }
  check "a pod runs the pushed image (by digest, with the pull secret) and shows /built.txt" retry 60 run_built_ok
  check "a failing RUN step fails the builder Job" kubectl -n "$NS" wait --for=condition=failed job/build-fails --timeout=120s
  local flog; flog=$(kubectl -n "$NS" logs job/build-fails 2>&1)
  check "its log names the step: STEP 3/4: RUN echo about to fail && exit 7" grep -qxF 'STEP 3/4: RUN echo about to fail && exit 7' <<<"$flog"
  check "its log says why: Error: building at STEP \"RUN echo about to fail && exit 7\": exit status 7" \
    grep -qxF 'Error: building at STEP "RUN echo about to fail && exit 7": exit status 7' <<<"$flog"
  no_step_after() { ! grep -q '^STEP 4/4' <<<"$flog"; }
  check "the step after the failing one never ran" no_step_after
  # The test image leaves the registry (its blobs stay until the registry's garbage collection).
  curl -sf -o /dev/null --max-time 5 --cacert "$REGISTRY_CA" -K - -X DELETE "https://$REGISTRY/v2/kube-local-test/built/manifests/$digest" \
    <<<"user = \"$REGISTRY_USER:$REGISTRY_PASSWORD\"" || echo "      (could not delete kube-local-test/built@$digest from the registry)"
  echo "      (builder part: $((SECONDS - t_all)) s)"
}

# REGISTRY, REGISTRY_USER, REGISTRY_PASSWORD, REGISTRY_CA, REGISTRY_IMAGE, BUILDER_IMAGE
if REG_ENV=$("$KL" registry) && eval "$REG_ENV" && [ -n "${REGISTRY_IMAGE:-}" ]; then
  pass "kube-local registry prints the registry as shell assignments"
  registry_checks
  echo "== builder image (buildah in a pod: build, push, run the result)"
  if [ -n "${BUILDER_IMAGE:-}" ]; then
    pass "kube-local registry prints BUILDER_IMAGE=$BUILDER_IMAGE"
    builder_checks
  else
    fail "kube-local registry prints BUILDER_IMAGE"
  fi
else
  fail "kube-local registry prints the registry as shell assignments"
fi

echo "== guards (read, never probed)"
# The guard rules as `iptables -S` prints them; used again after the final `up`.
check_guard_rules() { # suffix for the check names
  local f m f6
  f=$(iptables -S); m=$(iptables -t mangle -S); f6=$(ip6tables -S)
  check "OUTPUT rejects the service range $SERVICE_CIDR$1" grep -qE -- "^-A OUTPUT -d $SERVICE_CIDR -m comment --comment kube-local -j REJECT" <<<"$f"
  check "FORWARD rejects the service range $SERVICE_CIDR$1" grep -qE -- "^-A FORWARD -d $SERVICE_CIDR -m comment --comment kube-local -j REJECT" <<<"$f"
  check "FORWARD rejects pod traffic leaving $POD_CIDR$1" grep -qE -- "^-A FORWARD -s $POD_CIDR ! -d $POD_CIDR -m comment --comment kube-local -j REJECT" <<<"$f"
  check "pod addresses never routed off the bridge$1" grep -qE -- "^-A POSTROUTING -d $POD_CIDR ! -o $BRIDGE -m comment --comment kube-local -j DROP" <<<"$m"
  check "component packets (cgroup) go through the egress chain$1" grep -qE -- "^-A OUTPUT -m cgroup --path cengjiyun-kube-local -m comment --comment kube-local -j CENGJIYUN-KL-EGRESS" <<<"$f"
  check "egress chain lets only this machine and the cluster through$1" test "$(grep -E '^-A CENGJIYUN-KL-EGRESS' <<<"$f" | sed -E 's/ -m comment --comment kube-local//; s/ --reject-with.*//' | tr '\n' ';')" = \
    "-A CENGJIYUN-KL-EGRESS -d 127.0.0.0/8 -j RETURN;-A CENGJIYUN-KL-EGRESS -d $HOST_IP/32 -j RETURN;-A CENGJIYUN-KL-EGRESS -d $POD_CIDR -j RETURN;-A CENGJIYUN-KL-EGRESS -d $SERVICE_CIDR -j RETURN;-A CENGJIYUN-KL-EGRESS -j REJECT;"
  check "IPv6: egress chain ends in REJECT$1" grep -qE -- "^-A CENGJIYUN-KL-EGRESS -m comment --comment kube-local -j REJECT" <<<"$f6"
  check "IPv6: nothing forwarded from the bridge$1" grep -qE -- "^-A FORWARD -i $BRIDGE -m comment --comment kube-local -j REJECT" <<<"$f6"
}
check_guard_rules ""
check "bridge CNI has ipMasq false" test "$(jq -r '.plugins[] | select(.type=="bridge") | .ipMasq' "$CNI_CONFLIST")" = false
check "no MASQUERADE rule for the pod range from CNI" sh -c "! iptables -t nat -S | grep -E -- '-s $POD_CIDR .*(MASQUERADE|CNI-)'"
RESOLV=$(kubectl -n "$NS" exec "$POD" -- cat /etc/resolv.conf)
check "pod resolv.conf names only 127.0.0.1" test "$(awk '$1=="nameserver"{print $2}' <<<"$RESOLV" | sort -u | tr '\n' ' ')" = "127.0.0.1 "
component_pids() { cat "$KL_STATE"/run/*.pid 2>/dev/null; }
in_cgroup() { local p; for p in $(component_pids); do grep -qx '0::/cengjiyun-kube-local' "/proc/$p/cgroup" || { echo "pid $p not in the cgroup"; return 1; }; done; }
check "every component runs in the egress cgroup" in_cgroup
outside_peers() { # sockets of component processes whose peer is not this machine or the cluster
  local pids; pids=$(component_pids | paste -sd'|')
  ss -tunpH 2>/dev/null | grep -E "pid=($pids)," | awk '{print $6}' | sed -E 's/^\[::ffff:([0-9.]+)\]/\1/' \
    | grep -vE "^(127\.|$HOST_IP:|10\.244\.|10\.0\.0\.|\[::1\]|\*|0\.0\.0\.0)" || true
}
no_outside_peers() { local o; o=$(outside_peers); [ -z "$o" ] || { echo "outside peers: $o"; return 1; }; }
check "no component socket connected to an outside address" no_outside_peers
echo "      (component packets to outside addresses rejected so far: $(iptables -L CENGJIYUN-KL-EGRESS -v -n -x | awk '$3=="REJECT"{s+=$1} END{print s+0}'))"

echo "== volume"
kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: $NS}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 16Mi}}
EOF
check "PVC binds through the default StorageClass" retry 60 sh -c "[ \"\$(kubectl -n $NS get pvc data -o jsonpath='{.status.phase}')\" = Bound ]"
pvc_pod() { # name command
  cat <<EOF
apiVersion: v1
kind: Pod
metadata: {name: $1, namespace: $NS}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: cengjiyun.test/busybox:1
    imagePullPolicy: Never
    command: ["sh", "-c", "$2"]
    volumeMounts: [{name: d, mountPath: /data}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
EOF
}
STAMP="written-$(date +%s)"
pvc_pod writer "echo $STAMP > /data/f && sync; trap 'exit 0' TERM; sleep 3600 & wait" | kubectl apply -f - >/dev/null
check "writer pod Ready" kubectl -n "$NS" wait --for=condition=Ready pod/writer --timeout=120s
check "writer wrote to the volume" test "$(kubectl -n "$NS" exec writer -- cat /data/f)" = "$STAMP"
kubectl -n "$NS" delete pod writer --wait=true >/dev/null
pvc_pod reader "trap 'exit 0' TERM; sleep 3600 & wait" | kubectl apply -f - >/dev/null
check "reader pod (new pod, same claim) Ready" kubectl -n "$NS" wait --for=condition=Ready pod/reader --timeout=120s
check "data survives the pod restart" test "$(kubectl -n "$NS" exec reader -- cat /data/f)" = "$STAMP"

echo "== NodePort"
kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: web, namespace: $NS}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
NP=$(kubectl -n "$NS" get svc web -o jsonpath='{.spec.ports[0].nodePort}')
check "NodePort $NP answers on the host address $HOST_IP" retry 30 sh -c "curl -sf --max-time 2 http://$HOST_IP:$NP/index.html | grep -qx v2"
check "NodePort $NP answers on 127.0.0.1" retry 30 sh -c "curl -sf --max-time 2 http://127.0.0.1:$NP/index.html | grep -qx v2"
CIP=$(kubectl -n "$NS" get svc web -o jsonpath='{.spec.clusterIP}')
check "ClusterIP $CIP answers from the host (kube-proxy DNAT passes the guard)" retry 30 sh -c "curl -sf --max-time 2 http://$CIP/index.html | grep -qx v2"

echo "== clean up"
# Kubernetes 1.20's kubelet takes 5-20 s per deleted pod, the namespace controller backs off on top.
check "namespace $NS deleted" kubectl delete namespace "$NS" --wait=true --timeout=300s
check "dynamic PV released and deleted" retry 120 sh -c "! kubectl get pv -o jsonpath='{range .items[*]}{.spec.claimRef.namespace}{\"\\n\"}{end}' | grep -qx $NS"

if [ "$DO_DOWN" = 1 ]; then
  echo "== down"
  check "kube-local down" "$KL" down
  ours_running() {
    local p exe
    for p in /proc/[0-9]*; do
      exe=$(readlink "$p/exe" 2>/dev/null) || continue
      case "${exe% (deleted)}" in
        "$KL_BIN"/*|/usr/bin/etcd|/usr/bin/containerd|/usr/bin/docker-registry) echo "${p#/proc/} $exe" ;;
        /usr/bin/containerd-shim-runc-v2) tr '\0' ' ' < "$p/cmdline" | grep -q -- "$CTRD_SOCK" && echo "${p#/proc/} $exe" ;;
      esac
    done
    return 0
  }
  check "no process of ours left" test -z "$(ours_running)"
  check "no mount of ours left" test -z "$(findmnt -rn -o TARGET | grep -E "^($KL_STATE|$KL_RUNTIME)(/|$)")"
  check "no cni network namespace mount left" test -z "$(findmnt -rn -o TARGET | grep -E '^/(var/)?run/netns/cni-')"
  check "bridge $BRIDGE removed" sh -c "! ip link show $BRIDGE >/dev/null 2>&1"
  check "no KUBE-* chain or rule left (iptables)" sh -c "! iptables-save | grep -E 'KUBE-|cengjiyun-kube-local'"
  check "no KUBE-* chain or rule left (ip6tables)" sh -c "! ip6tables-save | grep -E 'KUBE-|cengjiyun-kube-local'"
  check "guards removed (last)" sh -c "! { iptables-save; ip6tables-save; } | grep -E -- '--comment kube-local|CENGJIYUN-KL-EGRESS'"
  check "egress cgroup removed" sh -c "! findmnt -rn -t cgroup2 -o TARGET | while read -r d; do [ -d \"\$d/cengjiyun-kube-local\" ] && echo x; done | grep -q x"
  if [ "$FINAL_UP" = 1 ]; then
    echo "== up again (left running for the next suites)"
    check "kube-local up after down" "$KL" up
    check "node Ready again" retry 60 sh -c "[ \"\$(kubectl get node $NODE -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}')\" = True ]"
    check_guard_rules " (after up again)"
  fi
fi

finish
