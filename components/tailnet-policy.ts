/**
 * The tailnet policy as data. Tailscale denies whatever no rule accepts, so the rules below are
 * the whole of who reaches the server; the `tests` block makes Tailscale refuse a policy that would
 * let the wrong source in.
 */

export interface TailnetPolicyInput {
  adminEmails: readonly string[];
  serverTag: string;
  adminTag: string;
  ciTag: string;
}

/**
 * Ports on the server only admins reach (nixos/lib/ports.nix): Caddy's OpenCode (443), memory
 * and dashboard (7443) and FalkorDB browser (3443) sites, OpenCode itself (4096), SSH.
 */
export const ADMIN_PORTS = [443, 7443, 3443, 4096, 22] as const;

export interface TailnetPolicy {
  groups: Record<string, string[]>;
  tagOwners: Record<string, string[]>;
  acls: { action: "accept"; src: string[]; dst: string[] }[];
  tests: { src: string; accept?: string[]; deny?: string[] }[];
}

export function tailnetPolicy(input: TailnetPolicyInput): TailnetPolicy {
  const admins = "group:ocm-admins";
  const on = (ports: readonly number[]) => ports.map((p) => `${input.serverTag}:${p}`);
  const firstAdmin = input.adminEmails[0];
  if (!firstAdmin) throw new Error("tailnetPolicy: at least one admin email is needed");
  return {
    groups: { [admins]: [...input.adminEmails] },
    tagOwners: {
      [input.serverTag]: [admins],
      [input.adminTag]: [admins],
      [input.ciTag]: [admins],
    },
    acls: [
      { action: "accept", src: [admins, input.adminTag], dst: on(ADMIN_PORTS) },
      // CI deploys over SSH once public SSH is closed; nothing else.
      { action: "accept", src: [input.ciTag], dst: on([22]) },
      // Admins keep reaching their own devices.
      { action: "accept", src: [admins], dst: ["autogroup:self:*"] },
    ],
    tests: [
      { src: firstAdmin, accept: on(ADMIN_PORTS) },
      { src: input.adminTag, accept: on(ADMIN_PORTS) },
      { src: input.ciTag, accept: on([22]), deny: on([443, 7443, 4096, 6379]) },
      // The server itself reaches nothing it does not need.
      { src: input.serverTag, deny: on([4096, 22]) },
    ],
  };
}

/** HuJSON is a superset of JSON: the policy is written as indented JSON. */
export function renderPolicy(policy: TailnetPolicy): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}
