/**
 * The shell the deploy runs, as pure functions of their inputs so tests (and shellcheck) can read
 * them. Secrets never appear in these strings: they arrive as environment variables.
 */

/** Where the repository copy lives on the host (services.opencodeMemory.sourceDir). */
export const HOST_SOURCE_DIR = "/etc/nixos-src";

/** The deploy user's staging area for copies (root cannot log in over SSH on the host). */
export const stagingDir = (user: string) => `/home/${user}/.ocm-deploy`;

/** host.json's place inside the bundle: the host file reads it from beside itself. */
export const hostSettingsPath = (flakeHost: string) => `nixos/hosts/${flakeHost}/host.json`;

/**
 * nixos-anywhere over the server's public address, as root on the stock image (env: HOST_IP,
 * BUNDLE_DIR, FLAKE_HOST, HOST_SETTINGS_JSON, SSH_PRIVATE_KEY, OPNIX_TOKEN, OPNIX_TOKEN_PATH).
 * Wipes the disk: only ever run on a new server.
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
# A copy outside any git checkout, so the flake sees host.json (never committed).
umask 022
cp -a "$BUNDLE_DIR" "$work/src"
printf '%s\\n' "$HOST_SETTINGS_JSON" > "$work/src/nixos/hosts/$FLAKE_HOST/host.json"
# OpNix's service-account token goes onto the new system as a file; everything else it fetches.
umask 077
mkdir -p "$work/extra$(dirname "$OPNIX_TOKEN_PATH")"
printf '%s' "$OPNIX_TOKEN" > "$work/extra$OPNIX_TOKEN_PATH"
chmod 0640 "$work/extra$OPNIX_TOKEN_PATH"
nix --extra-experimental-features 'nix-command flakes' run github:nix-community/nixos-anywhere -- \\
  --flake "$work/src/nixos#$FLAKE_HOST" \\
  --target-host "root@$HOST_IP" \\
  -i "$work/id" \\
  --ssh-option StrictHostKeyChecking=no --ssh-option UserKnownHostsFile=/dev/null \\
  --extra-files "$work/extra"
`;
}

/** Runs on the install resource's updates: never re-installs, whatever input changed. */
export const INSTALL_NOOP_UPDATE = "echo 'NixOS install is keyed on the server id only; nothing to do.'";

export interface RebuildInput {
  /** Bundle hash: names the staged copy. */
  bundleHash: string;
  /** Remote path of the staged host.json. */
  settingsFile: string;
  flakeHost: string;
  /** The deploy user's staging directory (stagingDir). */
  staging: string;
}

const PLAIN = /^[A-Za-z0-9._/-]+$/;

/**
 * As root on the host, after the bundle was copied to `<staging>/<hash>` and host.json beside it:
 * put the tree in place (keeping the host's flake.lock when the bundle has none) and switch.
 */
export function rebuildScript(input: RebuildInput): string {
  if (!/^[0-9a-f]{64}$/.test(input.bundleHash))
    throw new Error("rebuildScript: bundleHash must be a sha256 hex digest");
  for (const v of [input.settingsFile, input.flakeHost, input.staging]) {
    if (!PLAIN.test(v)) throw new Error(`rebuildScript: ${JSON.stringify(v)} is not a plain path or name`);
  }
  const stage = `${input.staging}/${input.bundleHash}`;
  const src = HOST_SOURCE_DIR;
  return `set -eu
stage='${stage}'
# CopyToRemote puts the directory at the path, or inside it when the path already existed.
from="$stage"
[ -f "$from/nixos/flake.nix" ] || from="$stage/$(basename '${stage}')"
[ -f "$from/nixos/flake.nix" ] || { echo "no nixos/flake.nix under $stage" >&2; exit 1; }
lock=''
if [ ! -f "$from/nixos/flake.lock" ] && [ -f '${src}/nixos/flake.lock' ]; then
  lock="$(mktemp)"
  cp '${src}/nixos/flake.lock' "$lock"
fi
mkdir -p '${src}'
# ${src} is a persisted bind mount: empty it, do not replace it.
find '${src}' -mindepth 1 -delete
cp -a "$from/." '${src}/'
cp '${input.settingsFile}' '${src}/${hostSettingsPath(input.flakeHost)}'
if [ -n "$lock" ]; then mv "$lock" '${src}/nixos/flake.lock'; fi
nixos-rebuild switch --flake '${src}/nixos#${input.flakeHost}'
find '${input.staging}' -mindepth 1 -maxdepth 1 ! -name '${input.bundleHash}' ! -path '${input.settingsFile}' -exec rm -rf {} +
`;
}

/** Runs a root script through sudo without quoting trouble: the script travels base64-encoded. */
export function asRoot(script: string): string {
  return `printf '%s' '${Buffer.from(script).toString("base64")}' | base64 -d | sudo bash`;
}
