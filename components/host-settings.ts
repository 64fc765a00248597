/**
 * host.json: what the deploy knows that the NixOS host needs (docs/nixos.md, "Deploy contract").
 * The host file (nixos/hosts/<host>/default.nix) reads it from beside itself.
 */
export interface HostSettings {
  /** The machine's MagicDNS name (Caddy's TLS certificate comes from tailscaled); unknown before install. */
  tailnetHost?: string;
  adminSshKeys: string[];
  /** Cloudflare-proxied dashboard name, or null for none. */
  publicDashboardHost: string | null;
  onePasswordVault: string;
  onePasswordItem: string;
}

/** Stable JSON (fixed key order), so equal settings hash equal. */
export function renderHostSettings(s: HostSettings): string {
  const ordered: Record<string, unknown> = {};
  if (s.tailnetHost) ordered["tailnetHost"] = s.tailnetHost;
  ordered["adminSshKeys"] = [...s.adminSshKeys];
  ordered["publicDashboardHost"] = s.publicDashboardHost;
  ordered["onePasswordVault"] = s.onePasswordVault;
  ordered["onePasswordItem"] = s.onePasswordItem;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
