#!/usr/bin/env bash
# restore.sh [--timestamp TS|latest] [--data] [--memory] [--list]
#
# The reverse of backup.sh (runbook: docs/runbook-restore.md).
#   --list     print the backup timestamps in the bucket (complete sets only) and stop
#   --data     put the FalkorDB and Valkey files of that backup back under PERSIST_DIR; the pod must
#              be stopped (POD_STOP_CMD / POD_START_CMD run around it when set); the current files
#              are kept beside them as <dir>.pre-restore-<now>
#   --memory   import the backup's NDJSON memory export into the running memory service
# With neither --data nor --memory, both are done (data first, then memory).
set -euo pipefail
umask 077
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stamp=latest
want_data=0
want_memory=0
list_only=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --timestamp) stamp="${2:?--timestamp needs a value}"; shift 2 ;;
    --data) want_data=1; shift ;;
    --memory) want_memory=1; shift ;;
    --list) list_only=1; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
if [ "$want_data" -eq 0 ] && [ "$want_memory" -eq 0 ]; then want_data=1; want_memory=1; fi
DATASETS="${DATASETS:-falkordb:containers/falkordb valkey:containers/valkey}"

setup_remote

# Timestamps for which every dataset and the memory export exist: a half-uploaded run is not offered.
complete_stamps() {
  local listing names=(memory) pair
  for pair in $DATASETS; do names+=("${pair%%:*}"); done
  listing="$(rc lsf --dirs-only "$REMOTE")"
  sed -n 's#^memory-\([0-9]\{8\}T[0-9]\{6\}Z\)/$#\1#p' <<<"$listing" | sort | while read -r ts; do
    local ok=1 n
    for n in "${names[@]}"; do grep -qx "$n-$ts/" <<<"$listing" || ok=0; done
    [ "$ok" -eq 0 ] || echo "$ts"
  done
}

stamps="$(complete_stamps)"
if [ "$list_only" -eq 1 ]; then
  printf '%s\n' "$stamps"
  exit 0
fi
[ -n "$stamps" ] || die "no complete backup in $REMOTE"
if [ "$stamp" = latest ]; then
  stamp="$(tail -n 1 <<<"$stamps")"
elif ! grep -qx "$stamp" <<<"$stamps"; then
  die "no complete backup $stamp in $REMOTE (see --list)"
fi
log "restoring backup $stamp"

staging="$(mktemp -d "${STAGING_DIR:-${TMPDIR:-/tmp}}/opencode-restore.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

if [ "$want_data" -eq 1 ]; then
  require PERSIST_DIR
  now="$(date -u +%Y%m%dT%H%M%SZ)"
  # Download everything before touching anything: a failed download leaves the host as it was.
  for pair in $DATASETS; do
    name="${pair%%:*}"
    rc copy "$REMOTE/$name-$stamp" "$staging/data/$name"
  done
  if [ -n "${POD_STOP_CMD:-}" ]; then log "stopping the pod: $POD_STOP_CMD"; $POD_STOP_CMD; fi
  for pair in $DATASETS; do
    name="${pair%%:*}"
    target="$PERSIST_DIR/${pair#*:}"
    if [ -e "$target" ]; then mv "$target" "$target.pre-restore-$now"; fi
    mkdir -p "$(dirname "$target")"
    cp -a "$staging/data/$name" "$target"
    # Owners inside the containers differ from root: keep what the previous directory had.
    if [ -e "$target.pre-restore-$now" ]; then
      chown -R --reference="$target.pre-restore-$now" "$target"
    fi
    log "restored $name into $target"
  done
  if [ -n "${POD_START_CMD:-}" ]; then log "starting the pod: $POD_START_CMD"; $POD_START_CMD; fi
fi

if [ "$want_memory" -eq 1 ]; then
  require MEMORY_URL MEMORY_TOKEN
  rc copy "$REMOTE/memory-$stamp" "$staging/memory"
  [ -f "$staging/memory/manifest.json" ] || die "memory-$stamp has no manifest.json"
  expected="$(jq '.groups | length' "$staging/memory/manifest.json")"
  imported=0
  for file in "$staging/memory"/*.ndjson; do
    [ -e "$file" ] || continue
    [ -s "$file" ] || die "$(basename "$file") is empty"
    log "import $(basename "$file")"
    memory_curl -X POST -H 'Content-Type: application/x-ndjson' --data-binary "@$file" \
      "$MEMORY_URL/v1/import" >/dev/null
    imported=$((imported + 1))
  done
  [ "$imported" -eq "$expected" ] || die "imported $imported group files, the manifest lists $expected"
  log "imported $imported memory groups"
fi
log "restore of $stamp done"
