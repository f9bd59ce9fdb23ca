#!/usr/bin/env bash
# Serve the app as several processes behind nginx, each browser tab kept on one of them by a cookie
# (deploy/nginx.conf.template; docs/deploy.md). Ctrl-C or SIGTERM stops nginx and every replica.
#
# Settings (environment variables):
#   ADDRESS            where nginx listens (default 127.0.0.1; 0.0.0.0 for every interface)
#   PORT               nginx's port (default 8501)
#   REPLICA_PORTS      the replicas' loopback ports, separated by spaces or commas (default "8601 8602")
#   EVIDENCE_DATA_DIR  the data folder every replica reads (default: the bundled data/)
#   RUN_DIR            nginx's config, pid, logs and temp files, and the replicas' logs (default: a new folder in /tmp)
#   PYTHON             a Python with the app installed (default .venv/bin/python, else python3)
#   NGINX              the nginx binary (default: nginx on the PATH, else /usr/sbin/nginx)
#   STARTUP_TIMEOUT    seconds to wait for the replicas to answer their health check (default 120)
set -euo pipefail

caller_dir=$PWD
cd "$(dirname "$0")/.."
root=$PWD

address=${ADDRESS:-127.0.0.1}
port=${PORT:-8501}
ports_setting=${REPLICA_PORTS:-8601 8602}
read -r -a replica_ports <<<"${ports_setting//,/ }"
startup_timeout=${STARTUP_TIMEOUT:-120}
python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

die() {
  echo "serve-replicas: $*" >&2
  exit 1
}

[ ${#replica_ports[@]} -ge 1 ] || die "REPLICA_PORTS names no port"
for p in "$port" "${replica_ports[@]}"; do
  [[ $p =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "not a port: $p"
done
[ -x "$nginx" ] || die "nginx not found (looked for $nginx): scripts/install-system-deps.sh installs it"
if [ -n "${EVIDENCE_DATA_DIR:-}" ]; then
  [ -d "$EVIDENCE_DATA_DIR" ] || die "EVIDENCE_DATA_DIR is not a folder: $EVIDENCE_DATA_DIR"
  EVIDENCE_DATA_DIR=$(cd "$caller_dir" && cd "$EVIDENCE_DATA_DIR" && pwd)
  export EVIDENCE_DATA_DIR
fi
if [ -n "${RUN_DIR:-}" ]; then
  mkdir -p "$RUN_DIR"
  run_dir=$(cd "$caller_dir" && cd "$RUN_DIR" && pwd)
else
  run_dir=$(mktemp -d "${TMPDIR:-/tmp}/rse-replicas.XXXXXX")
fi
mkdir -p "$run_dir/tmp"

# nginx's own address, as a client reaches it
if [ "$address" = 0.0.0.0 ]; then front=127.0.0.1; else front=$address; fi

# $1:$2 answers GET /_stcore/health with 200 (bash's /dev/tcp: no curl needed).
healthy() {
  (
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf 'GET /_stcore/health HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$1" "$2" >&3
    IFS= read -r -t 5 status_line <&3 || exit 1
    [[ $status_line == "HTTP/1."?" 200"* ]]
  ) 2>/dev/null
}

# Something already accepts connections on $1:$2.
listening() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

replica_pids=()
nginx_pid=""

stop_all() {
  local status=$? pid deadline
  trap - EXIT INT TERM
  set +e
  [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null
  for pid in "${replica_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  deadline=$((SECONDS + 20))
  for pid in $nginx_pid "${replica_pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  echo "serve-replicas: stopped (logs in $run_dir)" >&2
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if listening "$front" "$port"; then die "port $port is already in use"; fi
for p in "${replica_ports[@]}"; do
  if listening 127.0.0.1 "$p"; then die "port $p is already in use"; fi
done

for p in "${replica_ports[@]}"; do
  PYTHONUNBUFFERED=1 "$python" -m streamlit run app.py \
    --server.address 127.0.0.1 --server.port "$p" --server.headless true \
    --server.fileWatcherType none --browser.gatherUsageStats false \
    >"$run_dir/replica-$p.log" 2>&1 &
  replica_pids+=($!)
done

deadline=$((SECONDS + startup_timeout))
for i in "${!replica_ports[@]}"; do
  p=${replica_ports[$i]}
  until healthy 127.0.0.1 "$p"; do
    kill -0 "${replica_pids[$i]}" 2>/dev/null || die "the replica on port $p exited: $(tail -n 20 "$run_dir/replica-$p.log")"
    [ $SECONDS -lt $deadline ] || die "the replica on port $p did not answer /_stcore/health within ${startup_timeout}s"
    sleep 0.3
  done
done

servers=""
for p in "${replica_ports[@]}"; do
  servers+="        server 127.0.0.1:$p max_fails=3 fail_timeout=10s;"$'\n'
done
conf=$(<deploy/nginx.conf.template)
conf=${conf//@RUN_DIR@/"$run_dir"}
conf=${conf//@LISTEN@/"$address:$port"}
conf=${conf//@SERVERS@/"${servers%$'\n'}"}
printf '%s\n' "$conf" >"$run_dir/nginx.conf"

# As root, nginx would hand its workers to "nobody", who may not enter RUN_DIR: keep them as the caller.
globals="daemon off;"
if [ "$(id -u)" -eq 0 ]; then globals+=" user root;"; fi
"$nginx" -t -q -p "$run_dir" -c "$run_dir/nginx.conf" -g "$globals" || die "nginx rejected $run_dir/nginx.conf"
"$nginx" -p "$run_dir" -c "$run_dir/nginx.conf" -g "$globals" &
nginx_pid=$!

until healthy "$front" "$port"; do
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(tail -n 20 "$run_dir/error.log" 2>/dev/null)"
  [ $SECONDS -lt $deadline ] || die "nginx did not answer on port $port within ${startup_timeout}s"
  sleep 0.2
done

echo "serve-replicas: http://$address:$port -> ${replica_ports[*]/#/127.0.0.1:} (data: ${EVIDENCE_DATA_DIR:-$root/data})"
echo "serve-replicas: logs in $run_dir (access.log: one JSON line per request, with its replica). Ctrl-C stops."

# Run until a signal, or until nginx or a replica ends (then stop the rest, and exit with its status). On Ctrl-C the
# terminal signals every process here at once, so nginx or a replica may be seen ending before the signal is.
set +e
wait -n
status=$?
for i in "${!replica_ports[@]}"; do
  kill -0 "${replica_pids[$i]}" 2>/dev/null || echo "serve-replicas: the replica on port ${replica_ports[$i]} ended" >&2
done
kill -0 "$nginx_pid" 2>/dev/null || echo "serve-replicas: nginx ended" >&2
exit "$status"
