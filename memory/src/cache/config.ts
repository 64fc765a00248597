/**
 * Cache settings, validated once at the boundary, and the connection options derived from them.
 * The defaults aim at "a dead cache costs milliseconds": tight per-operation deadline, no offline
 * queue, no per-request retries; reconnection happens in the background.
 */
import type { RedisOptions } from "iovalkey";
import { z } from "zod";

const CACHE_URL = /^(redis|rediss|valkey|valkeys):\/\//i;

/**
 * redis://[user:password@]host:port[/db], rediss:// for TLS (valkey:// and valkeys:// accepted).
 * The service's MEMORY_CACHE is read with this same schema, so what starts is what connects.
 */
export const CacheUrlSchema = z
  .string()
  .regex(CACHE_URL, "must start with redis://, rediss://, valkey:// or valkeys://")
  .refine(isUsableUrl, "needs a host, a valid port and an integer database, e.g. redis://host:6379/0");

export const RecallCacheConfigSchema = z.object({
  url: CacheUrlSchema.optional(),
  /** Wins over a password in the URL (VALKEY_PASSWORD). */
  password: z.string().min(1).optional(),
  /** Entry lifetime; bounds memory and staleness when an invalidation could not reach the server. */
  ttlSeconds: z.number().int().min(1).max(86_400).default(300),
  /** Values larger than this are not cached (UTF-8 bytes). */
  maxValueBytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(256 * 1024),
  /** Deadline for one cache operation, after which it counts as an error and the store answers. */
  commandTimeoutMs: z.number().int().min(1).max(10_000).default(50),
  /** A connection with replies outstanding and silent this long is dropped and re-established. */
  socketTimeoutMs: z.number().int().min(1).max(600_000).default(1_000),
  /** Deadline for establishing a connection (background; callers never wait on it). */
  connectTimeoutMs: z.number().int().min(1).max(60_000).default(500),
  /** Ceiling of the background reconnect backoff. */
  reconnectMaxDelayMs: z.number().int().min(10).max(60_000).default(2_000),
  /** How long a generation key outlives its last use (it is re-created safely when gone). */
  generationTtlSeconds: z.number().int().min(60).default(86_400),
});

export type RecallCacheConfig = z.input<typeof RecallCacheConfigSchema>;
export type ResolvedCacheConfig = z.output<typeof RecallCacheConfigSchema>;

function isUsableUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname.length > 0 && /^(\/\d*)?$/.test(url.pathname);
  } catch {
    return false;
  }
}

/** Connection options from a cache URL. Parsed here (not by the client) so `password` wins. */
export function connectionOptions(config: ResolvedCacheConfig & { url: string }): RedisOptions {
  const url = new URL(config.url);
  const tls = /^(rediss|valkeys):$/i.test(url.protocol);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = config.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    host,
    port: url.port ? Number(url.port) : 6379,
    db,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(tls ? { tls: { servername: host } } : {}),
    connectionName: "ocm-memory-cache",
    connectTimeout: config.connectTimeoutMs,
    commandTimeout: config.commandTimeoutMs,
    // A hung server or a half-open connection would otherwise keep timed-out commands queued forever.
    socketTimeout: Math.max(config.socketTimeoutMs, config.commandTimeoutMs),
    // A disconnected cache must fail at once, not queue work until it returns.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, config.reconnectMaxDelayMs),
    // The client reconnects in the background from the first moment; no lazy first-command connect.
    lazyConnect: false,
  };
}
