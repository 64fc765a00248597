/**
 * The host's inbound firewall as data: Hetzner firewalls deny everything not listed, so this list
 * is the whole exposure. Pure, so the rules are tested without Pulumi.
 */

export interface FirewallRuleSpec {
  direction: "in";
  protocol: "tcp" | "udp" | "icmp";
  port?: string;
  sourceIps: string[];
  description: string;
}

export interface FirewallRuleInput {
  /** Admin networks; SSH is open to them only while bootstrapping. */
  adminCidrs: readonly string[];
  bootstrap: boolean;
  /** Cloudflare's edge ranges: the only sources allowed to the proxied dashboard port. */
  cloudflareCidrs: readonly string[];
}

const ANYWHERE = ["0.0.0.0/0", "::/0"];
/** Tailscale's WireGuard port: direct peer connections instead of DERP relays. */
export const TAILSCALE_UDP_PORT = "41641";
/**
 * The host's one public TCP listener: Caddy's dashboard site (nixos/lib/ports.nix
 * caddyPublicDashboard), reached only through Cloudflare's proxy. 8443 is a port Cloudflare
 * proxies, and an origin rule (components/dns.ts) sends dashboard traffic there.
 */
export const DASHBOARD_ORIGIN_PORT = 8443;

export function firewallRules(input: FirewallRuleInput): FirewallRuleSpec[] {
  const rules: FirewallRuleSpec[] = [
    {
      direction: "in",
      protocol: "udp",
      port: TAILSCALE_UDP_PORT,
      sourceIps: ANYWHERE,
      description: "Tailscale direct",
    },
    { direction: "in", protocol: "icmp", sourceIps: ANYWHERE, description: "ping, path MTU" },
  ];
  if (input.cloudflareCidrs.length > 0) {
    rules.push({
      direction: "in",
      protocol: "tcp",
      port: String(DASHBOARD_ORIGIN_PORT),
      sourceIps: [...input.cloudflareCidrs],
      description: "dashboard via Cloudflare proxy",
    });
  }
  if (input.bootstrap) {
    rules.push({
      direction: "in",
      protocol: "tcp",
      port: "22",
      sourceIps: [...input.adminCidrs],
      description: "SSH for bootstrap (admins only)",
    });
  }
  return rules;
}
