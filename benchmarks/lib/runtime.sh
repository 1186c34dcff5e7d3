# Sourced by the benchmark scripts (bash): a copy of the built runtime on a fresh data folder and a free loopback port,
# its metrics API off (one runtime at a time serves the cluster's), signed in as its admin; every packet stays here.
#
#   bench_options "$usage_lines" "$@"   parses --NAME N (whole numbers above 0, for each NAME already set as a
#                                       variable by the caller), --out FILE, --keep, --help
#   bench_start DIST WORK               copies DIST to WORK/cengjiyun, data in WORK/data; sets runtime, data, port,
#                                       api, password, token; waits for /health
#   bench_stop                          stops the runtime
#   call METHOD PATH [BODY]             the API with the admin's token: prints the answer; fails with it unless 2xx

bench_options() { # usage-line-range numeric-names... -- "$@"
  local usage=$1; shift
  local -a numeric=()
  while [[ $1 != -- ]]; do numeric+=("$1"); shift; done
  shift
  out= keep=false
  while (($#)); do
    local name=${1#--} known=false n
    for n in "${numeric[@]}"; do [[ $name == "$n" ]] && known=true; done
    if $known; then
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "$1 needs a whole number above 0, not '${2:-}'" >&2; exit 2; }
      printf -v "$name" '%s' "$2"; shift 2
      continue
    fi
    case $1 in
      --out) [[ -n ${2:-} ]] || { echo "--out needs a file name" >&2; exit 2; }; out=$2; shift 2 ;;
      --keep) keep=true; shift ;;
      -h|--help) sed -n "${usage}s/^# \{0,1\}//p" "$0"; exit 0 ;;
      *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
  done
}

bench_start() { # dist work
  local dist=$1 work=$2 entry
  runtime=$work/cengjiyun data=$work/data
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  api=http://127.0.0.1:$port/api/v1
  export CENGJIYUN_HTTP_PORT=$port CENGJIYUN_HTTPS_PORT=$((port + 1)) CENGJIYUN_DATA=$data
  mkdir -p "$runtime"
  for entry in "$dist"/*; do [[ $(basename "$entry") == data ]] || cp -a "$entry" "$runtime/"; done
  printf '\norg.apache.felix.http.host=127.0.0.1\n' >>"$runtime/etc/framework.properties"
  sed -i 's/^metricsApi=.*/metricsApi=false/' "$runtime/etc/io.cengjiyun.monitoring.cfg"
  "$runtime/bin/cengjiyun" --daemon >/dev/null
  for _ in $(seq 1 120); do curl -sf "$api/health" >/dev/null && break; sleep 1; done
  password=$(cat "$data/admin-password")
  token=$(curl -sf -X POST "$api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$password\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
  export api token
}

bench_stop() {
  [[ -n ${runtime:-} ]] && "$runtime/bin/cengjiyun" stop >/dev/null 2>&1 || true
}

call() { # method path [body]
  local answer code
  answer=$(curl -s -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    "$api$2" ${3:+-d "$3"})
  code=${answer##*$'\n'}
  [[ $code == 2* ]] || { echo "$1 $2: $answer" >&2; return 1; }
  printf '%s' "${answer%$'\n'*}"
}
export -f call
