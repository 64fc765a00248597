#!/usr/bin/env bash
# pod-stop.sh: stop and remove opencode-memory-pod (ExecStop of opencode-memory-pod.service).
# Containers get STOP_TIMEOUT seconds to flush (Valkey/FalkorDB write their AOF on SIGTERM).
set -euo pipefail
POD_NAME="${POD_NAME:-opencode-memory-pod}"
read -r -a PODMAN_FLAGS <<<"${PODMAN_FLAGS:-}"
"${PODMAN:-podman}" "${PODMAN_FLAGS[@]}" pod stop --ignore -t "${STOP_TIMEOUT:-30}" "$POD_NAME"
"${PODMAN:-podman}" "${PODMAN_FLAGS[@]}" pod rm -f --ignore "$POD_NAME"
rm -f "${RUN_DIR:-/run/opencode-memory-pod}"/*.env
