#!/usr/bin/env bash
# backup.sh: one backup run (opencode-backup.service, every 6 h).
#
#   1. one UTC timestamp for everything this run writes;
#   2. a read-only Btrfs snapshot of /persist (a consistent point in time for the database files);
#   3. upload FalkorDB and Valkey data from the snapshot, and an NDJSON export per memory group from
#      the running memory service, to the bucket under <dataset>-<timestamp>/;
#   4. prune snapshots older than RETENTION_DAYS;
#   5. metrics (DogStatsD) and the status file the dashboard reads.
#
# Fail fast and loud: any error stops the run, counts a failure and exits non-zero (systemd marks
# the unit failed; the backup-age monitor fires when successes stop).
set -euo pipefail
umask 077
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require PERSIST_DIR SNAPSHOT_DIR STATUS_FILE MEMORY_URL MEMORY_TOKEN \
  OCM_METRIC_BACKUP_LAST_SUCCESS OCM_METRIC_BACKUP_DURATION OCM_METRIC_BACKUP_BYTES \
  OCM_METRIC_BACKUP_FAILURES
RETENTION_DAYS="${RETENTION_DAYS:-30}"
# Data directories inside /persist, as "dataset:relative path" pairs.
DATASETS="${DATASETS:-falkordb:containers/falkordb valkey:containers/valkey}"

started="$(date +%s)"
stamp="$(date -u -d "@$started" +%Y%m%dT%H%M%SZ)"
snapshot="$SNAPSHOT_DIR/persist-$stamp"
staging=""

on_exit() {
  local rc=$?
  [ -z "$staging" ] || rm -rf "$staging"
  if [ "$rc" -ne 0 ]; then
    statsd "$OCM_METRIC_BACKUP_FAILURES" 1 c
    log "backup $stamp FAILED (exit $rc)"
  fi
}
trap on_exit EXIT

setup_remote

log "backup $stamp: snapshot $PERSIST_DIR -> $snapshot"
btrfs subvolume snapshot -r "$PERSIST_DIR" "$snapshot" >/dev/null

staging="$(mktemp -d "${STAGING_DIR:-${TMPDIR:-/tmp}}/opencode-backup.XXXXXX")"
bytes=0
count_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

for pair in $DATASETS; do
  name="${pair%%:*}"
  rel="${pair#*:}"
  src="$snapshot/$rel"
  # A dataset that should exist but does not is a broken host, not an empty backup.
  [ -d "$src" ] || die "dataset $name: $src does not exist in the snapshot"
  log "upload $name from $rel"
  rc copy "$src" "$REMOTE/$name-$stamp"
  bytes=$((bytes + $(count_bytes "$src")))
done

log "export memory groups from $MEMORY_URL"
mkdir -p "$staging/memory"
groups_json="$(memory_curl "$MEMORY_URL/v1/groups")"
mapfile -t groups < <(jq -r '.groups[].group' <<<"$groups_json")
for group in "${groups[@]}"; do
  if [ -z "$group" ] || [ "$group" = null ]; then die "memory service returned a group without a name"; fi
  # File names are URL-encoded so any group name is a safe, reversible file name.
  file="$staging/memory/$(jq -rn --arg g "$group" '$g | @uri').ndjson"
  memory_curl -G --data-urlencode "group=$group" "$MEMORY_URL/v1/export" -o "$file"
done
# A manifest makes "this backup had zero groups" distinguishable from "the export was lost".
printf '%s\n' "${groups[@]}" | jq -R . | jq -s '{groups: ., timestamp: $ts}' --arg ts "$stamp" \
  >"$staging/memory/manifest.json"
rc copy "$staging/memory" "$REMOTE/memory-$stamp"
bytes=$((bytes + $(count_bytes "$staging/memory")))

log "prune snapshots older than $RETENTION_DAYS days"
"$(dirname "${BASH_SOURCE[0]}")/prune-snapshots.sh" "$SNAPSHOT_DIR" "$RETENTION_DAYS" "$started"

finished="$(date +%s)"
duration=$((finished - started))
statsd "$OCM_METRIC_BACKUP_LAST_SUCCESS" "$finished" g
statsd "$OCM_METRIC_BACKUP_DURATION" "$duration" g
statsd "$OCM_METRIC_BACKUP_BYTES" "$bytes" g
mkdir -p "$(dirname "$STATUS_FILE")"
status_tmp="$(mktemp "$(dirname "$STATUS_FILE")/.status.XXXXXX")"
jq -n --argjson t "$finished" --argjson d "$duration" --argjson b "$bytes" --arg s "$stamp" \
  '{lastSuccess: $t, duration: $d, bytes: $b, timestamp: $s}' >"$status_tmp"
# The dashboard runs as another user and only needs to read it.
chmod 0644 "$status_tmp"
mv -f "$status_tmp" "$STATUS_FILE"
log "backup $stamp ok: ${#groups[@]} memory groups, $bytes bytes, ${duration}s"
