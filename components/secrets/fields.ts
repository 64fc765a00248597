/**
 * The contract with the host: the fields of the 1Password item this stack writes and OpNix reads
 * into /run/secrets/opencode.env (one VAR=value line per field, the label as the name). The NixOS
 * side names the same labels (nixos/lib/secret-fields.nix); change them there and here together.
 */
export const HOST_SECRET_FIELDS = [
  "TAILSCALE_AUTH_KEY",
  "B2_KEY_ID",
  "B2_APPLICATION_KEY",
  "B2_BUCKET",
  "B2_S3_ENDPOINT",
  "DD_API_KEY",
  "MEMORY_TOKEN",
  "MEMORY_READONLY_TOKEN",
  "OPENCODE_SERVER_PASSWORD",
  "VALKEY_PASSWORD",
  "FALKORDB_PASSWORD",
  "OPENAI_API_KEY",
] as const;

export type HostSecretField = (typeof HOST_SECRET_FIELDS)[number];

/** Fields this stack generates (random); the others come from other components and config. */
export const GENERATED_FIELDS = [
  "MEMORY_TOKEN",
  "MEMORY_READONLY_TOKEN",
  "OPENCODE_SERVER_PASSWORD",
  "VALKEY_PASSWORD",
  "FALKORDB_PASSWORD",
] as const satisfies readonly HostSecretField[];
export type GeneratedField = (typeof GENERATED_FIELDS)[number];

/** Section of the item holding the fields (OpNix references `<item>/<section>/<field>`). */
export const HOST_SECRET_SECTION = "env";

/**
 * Where the host's OpNix service-account token is written at install (nixos-anywhere --extra-files):
 * services.opencodeMemory.onePassword.tokenFile, under /persist so it survives the root rollback.
 */
export const OPNIX_TOKEN_PATH = "/persist/etc/opnix-token";

/** Fields of the optional provider-token item, and the config key each one replaces. */
export const PROVIDER_TOKEN_FIELDS = {
  HCLOUD_TOKEN: "hcloud:token",
  CLOUDFLARE_API_TOKEN: "cloudflare:apiToken",
  TAILSCALE_API_KEY: "tailscale:apiKey",
  DATADOG_API_KEY: "datadog:apiKey",
  DATADOG_APP_KEY: "datadog:appKey",
  B2_ACCOUNT_ID: "b2AccountId",
  B2_MASTER_KEY: "b2MasterKey",
} as const;
export type ProviderTokenField = keyof typeof PROVIDER_TOKEN_FIELDS;
