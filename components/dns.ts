/**
 * Names under the Cloudflare zone: OpenCode and memory resolve to the host's tailnet addresses
 * (not proxied: only tailnet members can use them), the dashboard goes through Cloudflare's proxy
 * to the public address and sits behind Cloudflare Access (admins' emails only).
 */
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { DASHBOARD_ORIGIN_PORT } from "./firewall-rules.js";

export interface DnsArgs {
  /** Zone name, e.g. hbohlen.systems. */
  domain: string;
  opencodeSubdomain: string;
  memorySubdomain: string;
  dashboardSubdomain: string;
  /** The host's tailnet addresses (IPv4 100.x, IPv6 fd7a:...). */
  tailnetAddresses: pulumi.Input<string[]>;
  /** The server's public addresses (dashboard origin). */
  publicIpv4: pulumi.Input<string>;
  publicIpv6: pulumi.Input<string>;
  /** Who passes Cloudflare Access to the dashboard. */
  adminEmails: string[];
}

/** Cloudflare's "automatic" TTL; proxied records must use it. */
const AUTO_TTL = 1;
const TAILNET_TTL = 300;

export class Dns extends pulumi.ComponentResource {
  readonly opencodeHost: string;
  readonly memoryHost: string;
  readonly dashboardHost: string;
  readonly records: cloudflare.DnsRecord[] = [];

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ocm:dns:Dns", name, {}, opts);
    const child = { parent: this };
    this.opencodeHost = `${args.opencodeSubdomain}.${args.domain}`;
    this.memoryHost = `${args.memorySubdomain}.${args.domain}`;
    this.dashboardHost = `${args.dashboardSubdomain}.${args.domain}`;

    const zone = cloudflare.getZoneOutput({ filter: { name: args.domain } }, child);
    const zoneId = zone.zoneId;
    const addresses = pulumi.output(args.tailnetAddresses);
    const v4 = addresses.apply((a) => pick(a, false));
    const v6 = addresses.apply((a) => pick(a, true));

    const record = (
      key: string,
      fqdn: string,
      type: "A" | "AAAA",
      content: pulumi.Input<string>,
      proxied: boolean,
    ) =>
      this.records.push(
        new cloudflare.DnsRecord(
          `${name}-${key}`,
          {
            zoneId,
            name: fqdn,
            type,
            content,
            proxied,
            ttl: proxied ? AUTO_TTL : TAILNET_TTL,
            comment: "managed by Pulumi (opencode-memory)",
          },
          child,
        ),
      );
    record("opencode-a", this.opencodeHost, "A", v4, false);
    record("opencode-aaaa", this.opencodeHost, "AAAA", v6, false);
    record("memory-a", this.memoryHost, "A", v4, false);
    record("memory-aaaa", this.memoryHost, "AAAA", v6, false);
    record("dashboard-a", this.dashboardHost, "A", args.publicIpv4, true);
    record("dashboard-aaaa", this.dashboardHost, "AAAA", args.publicIpv6, true);

    // Visitors use 443; the origin listens on DASHBOARD_ORIGIN_PORT. Note: a zone has one origin-rule
    // entry point, so a zone that already has origin rules must have them imported first.
    new cloudflare.Ruleset(
      `${name}-dashboard-origin`,
      {
        zoneId,
        kind: "zone",
        phase: "http_request_origin",
        name: "opencode dashboard origin port",
        rules: [
          {
            action: "route",
            expression: `(http.host eq "${this.dashboardHost}")`,
            description: `dashboard to origin port ${DASHBOARD_ORIGIN_PORT}`,
            actionParameters: { origin: { port: DASHBOARD_ORIGIN_PORT } },
            enabled: true,
          },
        ],
      },
      child,
    );

    const policy = new cloudflare.ZeroTrustAccessPolicy(
      `${name}-dashboard-admins`,
      {
        accountId: zone.account.id,
        name: "opencode dashboard admins",
        decision: "allow",
        includes: args.adminEmails.map((email) => ({ email: { email } })),
        sessionDuration: "24h",
      },
      child,
    );
    new cloudflare.ZeroTrustAccessApplication(
      `${name}-dashboard-access`,
      {
        zoneId,
        name: "opencode memory dashboard",
        type: "self_hosted",
        domain: this.dashboardHost,
        sessionDuration: "24h",
        policies: [{ id: policy.id, precedence: 1 }],
      },
      child,
    );

    this.registerOutputs({
      opencodeHost: this.opencodeHost,
      memoryHost: this.memoryHost,
      dashboardHost: this.dashboardHost,
    });
  }
}

/** The first IPv4 or IPv6 address of a device, or a clear error when it has none. */
export function pick(addresses: readonly string[], ipv6: boolean): string {
  const found = addresses.find((a) => a.includes(":") === ipv6);
  if (!found) throw new Error(`the tailnet device has no ${ipv6 ? "IPv6" : "IPv4"} address`);
  return found;
}
