#!/usr/bin/env bash
# prune-snapshots.sh SNAPSHOT_DIR DAYS [NOW_EPOCH]
#
# Deletes the persist-<UTC timestamp> snapshots older than DAYS. Age comes from the timestamp in the
# name, never from mtime: a snapshot's root directory carries the mtime /persist had when the
# snapshot was taken, which can be months old on a quiet host, so mtime would delete fresh backups.
set -euo pipefail

[ "$#" -ge 2 ] || { echo "usage: $0 SNAPSHOT_DIR DAYS [NOW_EPOCH]" >&2; exit 2; }
dir="$1"
days="$2"
now="${3:-$(date +%s)}"
case "$days" in '' | *[!0-9]*) echo "prune: DAYS must be a whole number" >&2; exit 2 ;; esac
cutoff=$((now - days * 86400))

shopt -s nullglob
for snap in "$dir"/persist-*; do
  name="${snap##*/persist-}"
  # 20261122T120000Z -> 2026-11-22T12:00:00Z; anything else is not ours: leave it alone.
  if [[ ! "$name" =~ ^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]]; then
    echo "prune: skipping $snap (not a persist-<timestamp> snapshot)" >&2
    continue
  fi
  r=("${BASH_REMATCH[@]}")
  taken="$(date -u -d "${r[1]}-${r[2]}-${r[3]}T${r[4]}:${r[5]}:${r[6]}Z" +%s)"
  if [ "$taken" -lt "$cutoff" ]; then
    echo "prune: deleting $snap" >&2
    btrfs subvolume delete "$snap" >/dev/null
  fi
done
