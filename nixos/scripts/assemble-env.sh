#!/usr/bin/env bash
# assemble-env.sh SECRETS_DIR OUT_FILE FIELD:FILE:required|optional ...
#
# OpNix writes one file per 1Password field; the services want one environment file. This builds
# OUT_FILE (mode 0600, written atomically) as KEY='value' lines, a form both systemd's
# EnvironmentFile= and a POSIX shell read the same way. Values must be one line without a single
# quote (generated tokens are), so no escaping rules can differ between the two readers.
set -euo pipefail
umask 077

[ "$#" -ge 3 ] || { echo "usage: $0 SECRETS_DIR OUT_FILE FIELD:FILE:required|optional ..." >&2; exit 2; }
secrets_dir="$1"
out="$2"
shift 2

tmp="$(mktemp "$(dirname "$out")/.opencode.env.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
problems=()
for spec in "$@"; do
  IFS=: read -r field file need <<<"$spec"
  path="$secrets_dir/$file"
  if [ ! -s "$path" ]; then
    [ "$need" = optional ] || problems+=("$field (no $path)")
    continue
  fi
  value="$(cat "$path")"
  value="${value%$'\n'}"
  case "$value" in
    *$'\n'* | *"'"*) problems+=("$field (contains a newline or a single quote)"); continue ;;
  esac
  printf "%s='%s'\n" "$field" "$value" >>"$tmp"
done
if [ "${#problems[@]}" -gt 0 ]; then
  # Names only: the values are secrets.
  printf 'assemble-env: unusable secrets: %s\n' "${problems[*]}" >&2
  exit 1
fi
mv -f "$tmp" "$out"
trap - EXIT
echo "assemble-env: wrote $out ($# fields considered)" >&2
