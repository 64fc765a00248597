/**
 * The memory service's whole configuration: one zod schema over the environment, with CLI flags
 * layered on top. It is parsed once at start; a wrong value stops the process with a message that
 * names the offending key, rather than surfacing later as a confusing runtime error.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { CacheUrlSchema } from "./cache/config.js";

export type StoreConfig =
  | { kind: "sqlite"; path: string }
  | { kind: "falkordb"; host: string; port: number; password?: string };

export interface CacheConfig {
  kind: "redis";
  url: string;
  host: string;
  port: number;
  password?: string;
}

export interface MemoryConfig {
  store: StoreConfig;
  cache: CacheConfig | null;
  openai: {
    baseUrl: string | null;
    apiKey: string | null;
    embedModel: string | null;
    /** Vector size of a non-OpenAI embedding model (else probed once at start). */
    embedDimension: number | null;
    llmModel: string | null;
    /** How the LLM is asked for JSON: strict schema (default), json_object, or plain text. */
    llmResponseFormat: "json_schema" | "json_object" | "none";
  };
  /**
   * The embedded store's commit: `normal` survives the process being killed, `full` also a power
   * cut (an fsync per commit). FalkorDB has its own persistence settings.
   */
  durability: "normal" | "full";
  /** null: no auth, and the server binds loopback only. */
  token: string | null;
  host: string;
  port: number;
  /** DogStatsD target (Datadog agent); null: Prometheus text only. */
  statsd: { host: string; port: number; globalTags: Record<string, string> } | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Flags from `memory serve`; they win over the environment. */
export interface ConfigFlags {
  host?: string;
  port?: string | number;
  store?: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Hosts a tokenless server may bind: nothing else on the network can reach them. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "localhost"]);

/** Default store: per-user data dir, so `memory serve` finds the same memory from any directory. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(base, "opencode-memory", "memory.db");
}

const empty = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(empty, z.string().optional());
const PortSchema = z.coerce.number().int().min(0).max(65535);
const optionalPort = z.preprocess(empty, PortSchema.optional());
const portWithDefault = (fallback: number) => z.preprocess(empty, PortSchema.default(fallback));

const StoreUrlSchema = z.string().transform((value, ctx): StoreConfig => {
  if (value.startsWith("sqlite:")) {
    const path = value.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!path) ctx.addIssue({ code: "custom", message: "sqlite: needs a path, e.g. sqlite:./memory.db" });
    return { kind: "sqlite", path };
  }
  if (value.startsWith("falkordb://")) {
    const url = safeUrl(value);
    if (!url?.hostname) {
      ctx.addIssue({ code: "custom", message: "expected falkordb://[:PASSWORD@]HOST:PORT" });
      return z.NEVER;
    }
    return {
      kind: "falkordb",
      host: url.hostname,
      port: url.port ? Number(url.port) : 6379,
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    };
  }
  ctx.addIssue({ code: "custom", message: "expected sqlite:PATH or falkordb://HOST:PORT" });
  return z.NEVER;
});

const MemoryCacheSchema = CacheUrlSchema.transform((value): CacheConfig => {
  const url = new URL(value);
  return {
    kind: "redis",
    url: value,
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
});

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const EnvSchema = z.object({
  MEMORY_STORE: z.preprocess(empty, StoreUrlSchema.optional()),
  MEMORY_CACHE: z.preprocess(empty, MemoryCacheSchema.optional()),
  MEMORY_DURABILITY: z.preprocess(
    empty,
    z.enum(["normal", "full"], { error: "expected normal or full" }).default("normal"),
  ),
  OPENAI_BASE_URL: z.preprocess(
    empty,
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  ),
  OPENAI_API_KEY: optionalString,
  MEMORY_EMBED_MODEL: optionalString,
  MEMORY_LLM_MODEL: optionalString,
  MEMORY_EMBED_DIMENSION: z.preprocess(empty, z.coerce.number().int().min(1).max(65_536).optional()),
  MEMORY_LLM_RESPONSE_FORMAT: z.preprocess(
    empty,
    z.enum(["json_schema", "json_object", "none"]).default("json_schema"),
  ),
  MEMORY_TOKEN: z.preprocess(
    empty,
    z
      .string()
      .min(16, "must be at least 16 characters (e.g. `openssl rand -hex 32`)")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
  ),
  MEMORY_HOST: z.preprocess(empty, z.string().min(1).default("127.0.0.1")),
  MEMORY_PORT: portWithDefault(7411),
  FALKORDB_HOST: optionalString,
  FALKORDB_PORT: optionalPort,
  FALKORDB_PASSWORD: optionalString,
  VALKEY_HOST: optionalString,
  VALKEY_PORT: optionalPort,
  VALKEY_PASSWORD: optionalString,
  DD_AGENT_HOST: optionalString,
  DD_DOGSTATSD_PORT: portWithDefault(8125),
  DD_ENV: optionalString,
  DD_SERVICE: optionalString,
  DD_VERSION: optionalString,
  LOG_LEVEL: z.preprocess(
    empty,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
});

/** Parse env + flags; throws ConfigError naming every wrong key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): MemoryConfig {
  // Flags are validated by the same rules as their env twins, and reported under the flag's name.
  const merged = {
    ...env,
    ...(flags.host !== undefined ? { MEMORY_HOST: flags.host } : {}),
    ...(flags.port !== undefined ? { MEMORY_PORT: String(flags.port) } : {}),
    ...(flags.store !== undefined ? { MEMORY_STORE: flags.store } : {}),
  };
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const flagName: Record<string, string> = {
      MEMORY_HOST: flags.host !== undefined ? "--host" : "",
      MEMORY_PORT: flags.port !== undefined ? "--port" : "",
      MEMORY_STORE: flags.store !== undefined ? "--store" : "",
    };
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "config");
      return `${flagName[key] || key}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;

  const store: StoreConfig =
    e.MEMORY_STORE ??
    (e.FALKORDB_HOST
      ? {
          kind: "falkordb",
          host: e.FALKORDB_HOST,
          port: e.FALKORDB_PORT ?? 6379,
          ...(e.FALKORDB_PASSWORD ? { password: e.FALKORDB_PASSWORD } : {}),
        }
      : { kind: "sqlite", path: defaultStorePath(env) });

  const cache: CacheConfig | null =
    e.MEMORY_CACHE ??
    (e.VALKEY_HOST
      ? {
          kind: "redis",
          url: `redis://${e.VALKEY_HOST}:${e.VALKEY_PORT ?? 6379}`,
          host: e.VALKEY_HOST,
          port: e.VALKEY_PORT ?? 6379,
          ...(e.VALKEY_PASSWORD ? { password: e.VALKEY_PASSWORD } : {}),
        }
      : null);

  const token = e.MEMORY_TOKEN ?? null;
  if (!token && !LOOPBACK_HOSTS.has(e.MEMORY_HOST)) {
    throw new ConfigError(
      `refusing to listen on ${e.MEMORY_HOST} without MEMORY_TOKEN: anyone on that network could read ` +
        "and rewrite the memory. Set MEMORY_TOKEN (every /v1 request then needs `Authorization: Bearer " +
        "<token>`), or bind 127.0.0.1 / ::1 / localhost.",
    );
  }

  const globalTags: Record<string, string> = {};
  if (e.DD_ENV) globalTags.env = e.DD_ENV;
  if (e.DD_SERVICE) globalTags.service = e.DD_SERVICE;
  if (e.DD_VERSION) globalTags.version = e.DD_VERSION;

  return {
    store,
    cache,
    openai: {
      baseUrl: e.OPENAI_BASE_URL ?? null,
      apiKey: e.OPENAI_API_KEY ?? null,
      embedModel: e.MEMORY_EMBED_MODEL ?? null,
      embedDimension: e.MEMORY_EMBED_DIMENSION ?? null,
      llmModel: e.MEMORY_LLM_MODEL ?? null,
      llmResponseFormat: e.MEMORY_LLM_RESPONSE_FORMAT,
    },
    durability: e.MEMORY_DURABILITY,
    token,
    host: e.MEMORY_HOST,
    port: e.MEMORY_PORT,
    statsd: e.DD_AGENT_HOST ? { host: e.DD_AGENT_HOST, port: e.DD_DOGSTATSD_PORT, globalTags } : null,
    logLevel: e.LOG_LEVEL,
  };
}

/** A description of the config that is safe to log: no token, no passwords, no API key. */
export function describeConfig(config: MemoryConfig): Record<string, unknown> {
  const store =
    config.store.kind === "sqlite"
      ? `sqlite:${config.store.path}`
      : `falkordb://${config.store.host}:${config.store.port}`;
  return {
    store,
    ...(config.store.kind === "sqlite" ? { durability: config.durability } : {}),
    cache: config.cache ? `redis://${config.cache.host}:${config.cache.port}` : null,
    auth: config.token ? "bearer" : "none (loopback only)",
    listen: `${config.host}:${config.port}`,
    llm: config.openai.llmModel,
    embeddings: config.openai.embedModel ?? "hashed (offline)",
    statsd: config.statsd ? `${config.statsd.host}:${config.statsd.port}` : null,
  };
}
