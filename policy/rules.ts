/**
 * The CrossGuard rules, pure: each validates the plain resource data Pulumi hands a policy pack, so
 * the tests call them directly (no CLI). policy/index.ts only wraps them into a PolicyPack.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BACKUP_METRICS, HOST_UP_CHECK, MEMORY_METRICS } from "@ocm/memory/metrics/names";
import { ALLOWED_LOCATIONS, ALLOWED_SERVER_TYPES } from "../components/config.js";

export const T = {
  firewall: "hcloud:index/firewall:Firewall",
  server: "hcloud:index/server:Server",
  item: "onepassword:index/item:Item",
  b2Bucket: "pulumi-nodejs:dynamic/b2:Bucket",
  localCommand: "command:local:Command",
  remoteCommand: "command:remote:Command",
  monitor: "datadog:index/monitor:Monitor",
} as const;

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** Does a Hetzner port spec ("22", "20-30", "any", absent) include the port? */
export function portIncludes(spec: unknown, port: number): boolean {
  if (spec === undefined || spec === null || spec === "" || spec === "any") return true;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(spec).trim());
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return port >= lo && port <= hi;
}

interface FirewallRule {
  direction?: string;
  protocol?: string;
  port?: string;
  sourceIps?: string[];
}

export const noWorldOpenSsh: ResourceValidationPolicy = {
  name: "no-world-open-ssh",
  description: "No firewall rule lets the whole internet reach SSH (TCP 22).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== T.firewall) return;
    for (const rule of (args.props["rules"] ?? []) as FirewallRule[]) {
      if (rule.direction !== "in" || rule.protocol !== "tcp" || !portIncludes(rule.port, 22)) continue;
      const open = (rule.sourceIps ?? []).filter((ip) => WORLD.has(ip));
      if (open.length > 0)
        report(`firewall rule opens SSH (port ${rule.port ?? "any"}) to ${open.join(", ")}`);
    }
  },
};

export const allowedServer: ResourceValidationPolicy = {
  name: "allowed-server-type-and-location",
  description: `Servers use an allowed type (${ALLOWED_SERVER_TYPES.join(", ")}) and location (${ALLOWED_LOCATIONS.join(", ")}).`,
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== T.server) return;
    const type = args.props["serverType"];
    const location = args.props["location"];
    if (!(ALLOWED_SERVER_TYPES as readonly string[]).includes(type))
      report(`server type ${type} is not allowed`);
    if (!(ALLOWED_LOCATIONS as readonly string[]).includes(location))
      report(`location ${location} is not allowed`);
  },
};

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const TOKEN_LIKE = /\b(tskey-[a-z]+-[A-Za-z0-9-]{8,}|ops_[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9_-]{20,})\b/;

export const secretsAsSecrets: ResourceValidationPolicy = {
  name: "secrets-as-secrets",
  description:
    "Secrets stay secret: 1Password fields are concealed, the B2 keys are secret outputs, and no script embeds a key or token.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === T.item) {
      for (const section of (args.props["sections"] ?? []) as {
        fields?: { label: string; type?: string }[];
      }[]) {
        for (const f of section.fields ?? []) {
          if (f.type !== "CONCEALED") report(`1Password field ${f.label} is not CONCEALED`);
        }
      }
    }
    if (args.type === T.b2Bucket) {
      const secretOutputs = args.opts.additionalSecretOutputs ?? [];
      for (const k of ["applicationKey", "masterKey"]) {
        if (!secretOutputs.includes(k)) report(`B2 bucket output ${k} is not marked secret`);
      }
    }
    if (args.type === T.localCommand || args.type === T.remoteCommand) {
      for (const k of ["create", "update", "delete"]) {
        const script = args.props[k];
        if (typeof script !== "string") continue;
        if (PRIVATE_KEY.test(script) || TOKEN_LIKE.test(script)) {
          report(`command ${k} script embeds a secret; pass it through a secret environment variable`);
        }
      }
    }
  },
};

export const installKeyedOnServer: ResourceValidationPolicy = {
  name: "nixos-install-keyed-on-server",
  description: "The disk-wiping nixos-anywhere command re-runs only for a new server.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== T.localCommand || !String(args.props["create"] ?? "").includes("nixos-anywhere"))
      return;
    const triggers = (args.props["triggers"] ?? []) as unknown[];
    if (triggers.length !== 1)
      report(`nixos-anywhere must be triggered by the server id alone (got ${triggers.length})`);
    for (const k of ["create", "update", "environment"]) {
      if (!args.opts.ignoreChanges.includes(k)) report(`nixos-anywhere command must ignore changes to ${k}`);
    }
    if (String(args.props["update"] ?? "").includes("nixos-anywhere"))
      report("nixos-anywhere must not run on update");
  },
};

/** What must be watched, and a test for a monitor query that watches it. */
export const REQUIRED_MONITORS: { what: string; matches: (query: string) => boolean }[] = [
  { what: "host up", matches: (q) => q.includes(`"${HOST_UP_CHECK}"`) },
  { what: "backup age", matches: (q) => q.includes(`:${BACKUP_METRICS.lastSuccess.name}{`) },
  { what: "recall latency", matches: (q) => q.includes(`:${MEMORY_METRICS.recallLatency.name}{`) },
  { what: "container running", matches: (q) => q.includes(":container.uptime{") },
];

export const monitorsPresent: StackValidationPolicy = {
  name: "monitors-present",
  description: "A stack with a server also monitors host, containers, backups and recall latency.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    if (!args.resources.some((r) => r.type === T.server)) return;
    const queries = args.resources
      .filter((r) => r.type === T.monitor)
      .map((r) => String(r.props["query"] ?? ""));
    for (const req of REQUIRED_MONITORS) {
      if (!queries.some(req.matches)) report(`no Datadog monitor for ${req.what}`);
    }
  },
};

export const POLICIES = [
  noWorldOpenSsh,
  allowedServer,
  secretsAsSecrets,
  installKeyedOnServer,
  monitorsPresent,
];
