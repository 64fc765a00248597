/**
 * The shell the deploy runs, as pure functions of their inputs so tests (and shellcheck) can read
 * them. Secrets never appear in these strings: they arrive as environment variables.
 */

/** Where the flake lives on the host; the rebuild switches to `${HOST_FLAKE_DIR}#<host>`. */
export const HOST_FLAKE_DIR = "/etc/nixos-src";
/** Where each copy of nixos/ lands before it replaces HOST_FLAKE_DIR. */
export const HOST_STAGING_DIR = "/var/lib/ocm-deploy";

/**
 * nixos-anywhere over the server's public address (env: HOST_IP, FLAKE_DIR, FLAKE_HOST,
 * SSH_PRIVATE_KEY, OPNIX_TOKEN, OPNIX_TOKEN_PATH). Wipes the disk: only ever run on a new server.
 */
export function installScript(): string {
  return `set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
umask 077
printf '%s\\n' "$SSH_PRIVATE_KEY" > "$work/id"
ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -i "$work/id")
# A fresh Hetzner server takes a minute before sshd answers.
for _ in $(seq 60); do
  if ssh "\${ssh_opts[@]}" "root@$HOST_IP" true 2>/dev/null; then break; fi
  sleep 5
done
# OpNix's service-account token goes onto the new system as a file; everything else it fetches.
mkdir -p "$work/extra$(dirname "$OPNIX_TOKEN_PATH")"
printf '%s' "$OPNIX_TOKEN" > "$work/extra$OPNIX_TOKEN_PATH"
chmod 0400 "$work/extra$OPNIX_TOKEN_PATH"
nix --extra-experimental-features 'nix-command flakes' run github:nix-community/nixos-anywhere -- \\
  --flake "$FLAKE_DIR#$FLAKE_HOST" \\
  --target-host "root@$HOST_IP" \\
  -i "$work/id" \\
  --ssh-option StrictHostKeyChecking=no --ssh-option UserKnownHostsFile=/dev/null \\
  --extra-files "$work/extra"
`;
}

/** Runs on the install resource's updates: never re-installs, whatever input changed. */
export const INSTALL_NOOP_UPDATE = "echo 'NixOS install is keyed on the server id only; nothing to do.'";

/**
 * On the host, after nixos/ was copied to `${HOST_STAGING_DIR}/<hash>`: put it in place and switch.
 * The hash is inlined (not secret; remote env vars need AcceptEnv on sshd).
 */
export function rebuildScript(hash: string, flakeHost: string, dirName: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error("rebuildScript: hash must be a sha256 hex digest");
  if (!/^[A-Za-z0-9._-]+$/.test(flakeHost) || !/^[A-Za-z0-9._-]+$/.test(dirName)) {
    throw new Error("rebuildScript: flake host and directory name must be plain names");
  }
  const stage = `${HOST_STAGING_DIR}/${hash}`;
  return `set -eu
stage='${stage}'
# CopyToRemote puts the directory at the path, or inside it when the path already existed.
src="$stage"
[ -f "$src/flake.nix" ] || src="$stage/${dirName}"
[ -f "$src/flake.nix" ] || { echo "no flake.nix under $stage" >&2; exit 1; }
rm -rf '${HOST_FLAKE_DIR}.new'
cp -a "$src" '${HOST_FLAKE_DIR}.new'
rm -rf '${HOST_FLAKE_DIR}'
mv '${HOST_FLAKE_DIR}.new' '${HOST_FLAKE_DIR}'
nixos-rebuild switch --flake '${HOST_FLAKE_DIR}#${flakeHost}'
find '${HOST_STAGING_DIR}' -mindepth 1 -maxdepth 1 ! -name '${hash}' -exec rm -rf {} +
`;
}
