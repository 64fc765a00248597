#!/usr/bin/env bash
# Shared by backup.sh and restore.sh: logging, the rclone remote built from the environment, and
# DogStatsD. Sourced, never run. Credentials reach rclone through its RCLONE_CONFIG_* environment
# variables, never through argv (visible in ps) or a config file on disk.

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# require VAR...: fail fast, naming every missing variable at once.
require() {
  local missing=() name
  for name in "$@"; do
    [ -n "${!name:-}" ] || missing+=("$name")
  done
  [ "${#missing[@]}" -eq 0 ] || die "missing settings: ${missing[*]}"
}

# The B2 bucket through its S3 endpoint, as the rclone remote "b2:".
setup_remote() {
  require B2_KEY_ID B2_APPLICATION_KEY B2_BUCKET B2_S3_ENDPOINT
  export RCLONE_CONFIG_B2_TYPE=s3
  export RCLONE_CONFIG_B2_PROVIDER=Other
  export RCLONE_CONFIG_B2_ENDPOINT="$B2_S3_ENDPOINT"
  export RCLONE_CONFIG_B2_ACCESS_KEY_ID="$B2_KEY_ID"
  export RCLONE_CONFIG_B2_SECRET_ACCESS_KEY="$B2_APPLICATION_KEY"
  export RCLONE_CONFIG_B2_FORCE_PATH_STYLE="${B2_FORCE_PATH_STYLE:-true}"
  # A missing bucket is an error to report, not something to create under the wrong settings.
  export RCLONE_CONFIG_B2_NO_CHECK_BUCKET=true
  # shellcheck disable=SC2034 # read by the scripts that source this file
  REMOTE="b2:$B2_BUCKET"
}

# rclone with the flags every call shares: no progress noise, retries for a flaky network.
rc() { rclone --retries 3 --low-level-retries 5 --stats 0 "$@"; }

# statsd NAME VALUE TYPE: one DogStatsD datagram, tagged with the host. Metrics are best effort:
# a missing agent must not fail the backup, so errors are swallowed here and only here.
statsd() {
  local line="$1:$2|$3|#host:${BACKUP_HOST:-$(hostname)}"
  { printf '%s' "$line" >"/dev/udp/${DD_AGENT_HOST:-127.0.0.1}/${DD_DOGSTATSD_PORT:-8125}"; } 2>/dev/null || true
}

# curl against the memory service; the token goes through a header file descriptor, not argv.
memory_curl() {
  curl --fail-with-body --silent --show-error --max-time "${MEMORY_TIMEOUT:-600}" \
    -H @<(printf 'Authorization: Bearer %s\n' "$MEMORY_TOKEN") "$@"
}
