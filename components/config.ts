/**
 * The stack's settings: one zod schema, parsed once by index.ts from `pulumi.Config`. Components
 * never read config; they get the parsed values. Defaults here equal Pulumi.prod.yaml, so a key
 * left out of a stack file behaves as documented in docs/deploy.md.
 */
import { z } from "zod";

/** Hetzner locations that sell the cpx52 line (EU only). */
export const ALLOWED_LOCATIONS = ["nbg1", "fsn1", "hel1"] as const;
/** Server types this stack is sized for: the 2025 CPX line from 8 vCPU up. */
export const ALLOWED_SERVER_TYPES = ["cpx42", "cpx52", "cpx62"] as const;

const WORLD = new Set(["0.0.0.0/0", "::/0"]);
const cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, "expected a CIDR such as 203.0.113.7/32")
  .refine((c) => !WORLD.has(c), "an admin CIDR must not be the whole internet");
const sshPublicKey = z
  .string()
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/=]{40,}( .*)?$/,
    {
      message: "expected an OpenSSH public key line (replace the placeholder in Pulumi.prod.yaml)",
    },
  );
const tag = z.string().regex(/^tag:[a-z0-9-]+$/, "expected a Tailscale tag such as tag:opencode");
const label = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "expected a DNS label");

export const StackConfigSchema = z.object({
  /** Hetzner location. */
  location: z.enum(ALLOWED_LOCATIONS).default("nbg1"),
  /** Hetzner server type. */
  serverType: z.enum(ALLOWED_SERVER_TYPES).default("cpx52"),
  /**
   * Server name. Must equal the NixOS host name (services.opencodeMemory.hostName, "hetzner-vps"):
   * the tailnet device and the Datadog host are looked up by it.
   */
  serverName: label.default("hetzner-vps"),
  /** Image the server boots before nixos-anywhere replaces it (any kexec-capable Linux). */
  bootImage: z.string().min(1).default("ubuntu-24.04"),
  /** Hetzner's own daily server backups (+20% of the server price). */
  hetznerBackups: z.boolean().default(false),
  /** Public keys allowed to log in as root (installer and host). */
  adminSshKeys: z.array(sshPublicKey).min(1),
  /** Where admins connect from while bootstrapping (public SSH is closed otherwise). */
  adminCidrs: z.array(cidr).min(1),
  /**
   * True until the host has joined the tailnet: opens SSH from adminCidrs and deploys over the
   * public address. Set false afterwards: SSH closes and deploys go over the tailnet.
   */
  bootstrap: z.boolean().default(true),
  /** Cloudflare zone. */
  domain: z.string().min(3).default("hbohlen.systems"),
  opencodeSubdomain: label.default("opencode"),
  memorySubdomain: label.default("memory"),
  dashboardSubdomain: label.default("dashboard"),
  /** People: Cloudflare Access to the dashboard, the tailnet's admin group, ACL tests. */
  adminEmails: z.array(z.email()).min(1).default(["dev@hbohlen.systems"]),
  serverTag: tag.default("tag:opencode"),
  adminTag: tag.default("tag:admin"),
  ciTag: tag.default("tag:ci"),
  /** Seconds the host's one-time tailnet key stays valid (it is used once, at first boot). */
  tailnetKeyExpirySeconds: z.number().int().min(300).max(7_776_000).default(86_400),
  /** 1Password vault holding the host's secrets item (OpNix reads it; passed to the host in host.json). */
  opVault: z.string().min(1).default("opencode-memory"),
  /** Title of the item this stack writes and the host reads. */
  opHostItem: z.string().min(1).default("hetzner-vps"),
  /** Title of an item holding provider tokens; unset = providers use their own config keys. */
  opProviderItem: z.string().min(1).optional(),
  /** B2 bucket (globally unique name). */
  backupBucket: z
    .string()
    .regex(/^[a-zA-Z0-9-]{6,63}$/, "B2 bucket names are 6-63 letters, digits and dashes")
    .refine((n) => !n.toLowerCase().startsWith("b2-"), "B2 bucket names must not start with b2-")
    .default("hbohlen-opencode-backups"),
  backupRetentionDays: z.number().int().min(1).max(3650).default(30),
  /** Datadog notification handle(s), e.g. @dev@hbohlen.systems or @slack-ops. */
  datadogNotify: z
    .string()
    .regex(/^@\S+( @\S+)*$/)
    .default("@dev@hbohlen.systems"),
  /** Tags put on every monitor. */
  datadogTags: z.array(z.string().regex(/^[a-z][\w./:-]*$/)).default(["service:opencode-memory", "env:prod"]),
  /** Containers of the pod; one "running" monitor each. */
  podContainers: z.array(label).min(1).default(["opencode", "memory", "falkordb", "valkey", "datadog-agent"]),
  /** p99 recall latency (ms) above which the monitor alerts. */
  recallP99Ms: z.number().positive().default(800),
  /** Backup age (hours) after which the monitor alerts. */
  backupMaxAgeHours: z.number().positive().default(7),
  /** Disk usage fraction (0-1) that alerts. */
  diskUsageMax: z.number().gt(0).lt(1).default(0.85),
  /** FalkorDB used memory (bytes) that alerts. */
  falkordbMemoryMaxBytes: z
    .number()
    .int()
    .positive()
    .default(8 * 1024 ** 3),
  /** Repository root holding nixos/, memory/, plugin/ (the bundle the host builds from), relative to the project. */
  sourceRoot: z.string().min(1).default("."),
  /** User the deploy logs in as after install (root cannot log in; it has passwordless sudo). */
  deployUser: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*$/)
    .default("admin"),
  /** Flake output to install and switch to. */
  flakeHost: z.string().min(1).default("hetzner-vps"),
});

export type StackConfig = z.infer<typeof StackConfigSchema>;

/** Secrets the stack reads from config (or 1Password). Named here so docs and tests agree. */
export const SECRET_CONFIG_KEYS = [
  "opnixToken",
  "sshPrivateKey",
  "datadogApiKey",
  "openaiApiKey",
  "b2AccountId",
  "b2MasterKey",
] as const;
export type SecretConfigKey = (typeof SECRET_CONFIG_KEYS)[number];

/** Parse raw values (config strings already JSON-decoded) with a message naming every bad key. */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
  const result = StackConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`invalid stack configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/**
 * Config values arrive as strings; lists, numbers and booleans set in the stack file arrive as
 * their JSON text. Decode those, keep anything else as the plain string it is.
 */
export function decodeConfigValue(value: string): unknown {
  const t = value.trim();
  if (t === "true" || t === "false" || /^-?\d+(\.\d+)?$/.test(t) || t.startsWith("[") || t.startsWith("{")) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

/** The default of one key: what the program uses when the stack file does not set it. */
export function stackDefault<K extends keyof StackConfig>(key: K): StackConfig[K] {
  const schema = StackConfigSchema.shape[key] as unknown as z.ZodType<StackConfig[K]>;
  return schema.parse(undefined);
}
