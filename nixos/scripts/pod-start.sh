#!/usr/bin/env bash
# pod-start.sh: create and start opencode-memory-pod (ExecStart of opencode-memory-pod.service).
#
# Order: Valkey -> FalkorDB -> Datadog agent -> memory service -> OpenCode; each container must be
# healthy before the next starts, so a dependency is never half-up. Only loopback ports are
# published (Caddy and the backup job are on this host; the tailnet reaches us through Caddy).
# Secrets come from the environment (systemd's EnvironmentFile=/run/secrets/opencode.env) and reach
# each container through a 0600 env file holding only what that container needs: never argv.
#
# DRY_RUN=1 prints the podman commands instead of running them (tests, and `--help` for humans).
set -euo pipefail
umask 077

POD_NAME="${POD_NAME:-opencode-memory-pod}"
RUN_DIR="${RUN_DIR:-/run/opencode-memory-pod}"
DATA_DIR="${DATA_DIR:-/persist/containers}"
STATUS_DIR="${STATUS_DIR:-/persist/backup}"
PUBLISH_ADDR="${PUBLISH_ADDR:-127.0.0.1}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-180}"
PODMAN="${PODMAN:-podman}"
# Extra global flags for podman (e.g. "--runtime runc" where crun is absent) and for each run.
read -r -a PODMAN_FLAGS <<<"${PODMAN_FLAGS:-}"
read -r -a RUN_FLAGS <<<"${RUN_FLAGS:-}"
VALKEY_IMAGE="${VALKEY_IMAGE:?}"
FALKORDB_IMAGE="${FALKORDB_IMAGE:?}"
DATADOG_IMAGE="${DATADOG_IMAGE:-}"
MEMORY_IMAGE="${MEMORY_IMAGE:?}"
OPENCODE_IMAGE="${OPENCODE_IMAGE:?}"
PLUGIN_DIR="${PLUGIN_DIR:-}"
WORKSPACE_DIR="${WORKSPACE_DIR:-/persist/workspace}"
PODMAN_SOCKET="${PODMAN_SOCKET:-/run/podman/podman.sock}"
P_OPENCODE="${OPENCODE_PORT:-4096}"
P_MEMORY="${MEMORY_PORT:-7411}"
P_VALKEY="${VALKEY_PORT:-6380}"
P_FALKORDB="${FALKORDB_PORT:-6379}"
P_BROWSER="${FALKORDB_BROWSER_PORT:-3000}"
P_STATSD="${DD_DOGSTATSD_PORT:-8125}"

for secret in VALKEY_PASSWORD FALKORDB_PASSWORD MEMORY_TOKEN OPENCODE_SERVER_PASSWORD; do
  [ -n "${!secret:-}" ] || { echo "pod-start: $secret is not set (is /run/secrets/opencode.env complete?)" >&2; exit 1; }
done
if [ -n "$DATADOG_IMAGE" ] && [ -z "${DD_API_KEY:-}" ]; then
  echo "pod-start: DD_API_KEY is not set but the Datadog agent is enabled" >&2
  exit 1
fi

pm() {
  if [ "${DRY_RUN:-0}" = 1 ]; then
    printf 'podman'
    printf ' %q' "${PODMAN_FLAGS[@]}" "$@"
    printf '\n'
  else
    "$PODMAN" "${PODMAN_FLAGS[@]}" "$@"
  fi
}

# env_file NAME KEY=VALUE...: a per-container env file, one raw KEY=VALUE per line (podman does not
# strip quotes), readable by root only.
env_file() {
  local name="$1" path="$RUN_DIR/$1.env"
  shift
  mkdir -p "$RUN_DIR"
  printf '%s\n' "$@" >"$path"
  chmod 0600 "$path"
  echo "$path"
}

wait_healthy() {
  local name="$1" deadline=$((SECONDS + HEALTH_TIMEOUT))
  [ "${DRY_RUN:-0}" = 1 ] && { echo "# wait until $name is healthy"; return 0; }
  until "$PODMAN" "${PODMAN_FLAGS[@]}" healthcheck run "$name" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "pod-start: $name not healthy after ${HEALTH_TIMEOUT}s; its last log lines:" >&2
      "$PODMAN" "${PODMAN_FLAGS[@]}" logs --tail 30 "$name" >&2 || true
      exit 1
    fi
    sleep 2
  done
  echo "pod-start: $name healthy" >&2
}

# run NAME IMAGE [podman run flags...] -- [command...]
run() {
  local name="$1" image="$2"
  shift 2
  local flags=() cmd=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do flags+=("$1"); shift; done
  [ "$#" -eq 0 ] || { shift; cmd=("$@"); }
  pm run -d --pod "$POD_NAME" --name "$name" --restart on-failure:5 \
    --health-interval 30s --health-retries 3 --health-start-period 60s \
    "${RUN_FLAGS[@]}" "${flags[@]}" "$image" "${cmd[@]}"
  wait_healthy "$name"
}

if [ "${DRY_RUN:-0}" != 1 ]; then
  mkdir -p "$DATA_DIR/valkey" "$DATA_DIR/falkordb" "$DATA_DIR/opencode" "$STATUS_DIR" "$WORKSPACE_DIR"
fi

# A leftover pod from a crash would make `pod create` fail: start from nothing, every time.
pm pod rm -f --ignore "$POD_NAME" >/dev/null
publish=(
  -p "$PUBLISH_ADDR:$P_OPENCODE:$P_OPENCODE"
  -p "$PUBLISH_ADDR:$P_MEMORY:$P_MEMORY"
  -p "$PUBLISH_ADDR:$P_BROWSER:$P_BROWSER"
)
[ -z "$DATADOG_IMAGE" ] || publish+=(-p "$PUBLISH_ADDR:$P_STATSD:$P_STATSD/udp")
pm pod create --name "$POD_NAME" --infra-conmon-pidfile "$RUN_DIR/infra.pid" "${publish[@]}"

# Valkey: requirepass from a 0600 config file (not argv); REDISCLI_AUTH lets the health check in.
if [ "${DRY_RUN:-0}" != 1 ]; then
  printf 'requirepass %s\n' "$VALKEY_PASSWORD" >"$RUN_DIR/valkey.conf"
  chmod 0644 "$RUN_DIR/valkey.conf" # the image's valkey user must read it; $RUN_DIR itself is 0700
fi
run valkey "$VALKEY_IMAGE" \
  --env-file "$(env_file valkey "REDISCLI_AUTH=$VALKEY_PASSWORD" "VALKEYCLI_AUTH=$VALKEY_PASSWORD")" \
  -v "$RUN_DIR/valkey.conf:/etc/valkey/secret.conf:ro" -v "$DATA_DIR/valkey:/data:Z" \
  --health-cmd "valkey-cli -p $P_VALKEY ping | grep -q PONG" -- \
  valkey-server /etc/valkey/secret.conf --port "$P_VALKEY" --maxmemory 2gb \
  --maxmemory-policy allkeys-lru --appendonly yes --save "900 1" --dir /data

# FalkorDB: its entrypoint passes REDIS_ARGS to redis-server (inside the pod only).
run falkordb "$FALKORDB_IMAGE" \
  --env-file "$(env_file falkordb "REDIS_ARGS=--requirepass $FALKORDB_PASSWORD --appendonly yes" \
    "REDISCLI_AUTH=$FALKORDB_PASSWORD" "FALKORDB_DATA_PATH=/var/lib/falkordb/data")" \
  -v "$DATA_DIR/falkordb:/var/lib/falkordb/data:Z" \
  --health-cmd "redis-cli -p $P_FALKORDB ping | grep -q PONG"

if [ -n "$DATADOG_IMAGE" ]; then
  run datadog "$DATADOG_IMAGE" \
    --env-file "$(env_file datadog "DD_API_KEY=$DD_API_KEY" "DD_SITE=${DD_SITE:-datadoghq.com}" \
      "DD_HOSTNAME=${DD_HOSTNAME:-$(hostname)}" "DD_ENV=${DD_ENV:-prod}" "DD_LOGS_ENABLED=true" \
      "DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true" "DD_APM_ENABLED=true" \
      "DD_DOGSTATSD_NON_LOCAL_TRAFFIC=true" "DOCKER_HOST=unix://$PODMAN_SOCKET")" \
    -v "$PODMAN_SOCKET:$PODMAN_SOCKET:ro" -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro \
    --health-cmd "agent health"
fi

memory_env=(
  "MEMORY_TOKEN=$MEMORY_TOKEN" "MEMORY_HOST=0.0.0.0" "MEMORY_PORT=$P_MEMORY"
  "FALKORDB_HOST=127.0.0.1" "FALKORDB_PORT=$P_FALKORDB" "FALKORDB_PASSWORD=$FALKORDB_PASSWORD"
  "VALKEY_HOST=127.0.0.1" "VALKEY_PORT=$P_VALKEY" "VALKEY_PASSWORD=$VALKEY_PASSWORD"
  "BACKUP_STATUS_FILE=/persist/backup/status.json" "DD_SERVICE=opencode-memory" "DD_ENV=${DD_ENV:-prod}"
)
[ -z "$DATADOG_IMAGE" ] || memory_env+=("DD_AGENT_HOST=127.0.0.1" "DD_DOGSTATSD_PORT=$P_STATSD")
[ -z "${MEMORY_READONLY_TOKEN:-}" ] || memory_env+=("MEMORY_READONLY_TOKEN=$MEMORY_READONLY_TOKEN")
[ -z "${OPENAI_API_KEY:-}" ] || memory_env+=("OPENAI_API_KEY=$OPENAI_API_KEY")
run memory "$MEMORY_IMAGE" --env-file "$(env_file memory "${memory_env[@]}")" \
  -v "$STATUS_DIR:/persist/backup:ro" \
  --health-cmd "node -e \"fetch('http://127.0.0.1:$P_MEMORY/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))\""

opencode_env=(
  "OPENCODE_SERVER_PASSWORD=$OPENCODE_SERVER_PASSWORD" "MEMORY_URL=http://127.0.0.1:$P_MEMORY"
  "MEMORY_TOKEN=$MEMORY_TOKEN"
)
[ -z "${OPENAI_API_KEY:-}" ] || opencode_env+=("OPENAI_API_KEY=$OPENAI_API_KEY")
plugin_mount=()
[ -z "$PLUGIN_DIR" ] || plugin_mount=(-v "$PLUGIN_DIR:/opt/ocm/plugin:ro")
# Health on /global/health only: /config would hand provider API keys to whoever reads the probe.
run opencode "$OPENCODE_IMAGE" --env-file "$(env_file opencode "${opencode_env[@]}")" \
  -v "$DATA_DIR/opencode:/home/opencode/.local/share/opencode:Z" -v "$WORKSPACE_DIR:/workspace:Z" \
  "${plugin_mount[@]}" \
  --health-cmd "node -e \"fetch('http://127.0.0.1:$P_OPENCODE/global/health',{headers:{authorization:'Basic '+btoa('opencode:'+process.env.OPENCODE_SERVER_PASSWORD)}}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))\""

echo "pod-start: $POD_NAME up" >&2
