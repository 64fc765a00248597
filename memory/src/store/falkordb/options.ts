/**
 * Connection options and graph naming. One graph per group, as Graphiti does on FalkorDB: the
 * graph name is `prefix + group`, and groups match ^[A-Za-z0-9_-]{1,64}$, so the meta graph (store
 * metadata and the list of groups) takes a name with a `.` that no group graph can have.
 */
import { z } from "zod";
import { GroupSchema } from "../../model/schemas.js";

const PrefixSchema = z
  .string()
  .regex(/^[A-Za-z0-9_:-]{0,64}$/, "graphPrefix must match ^[A-Za-z0-9_:-]{0,64}$")
  .default("ocm_");

const UrlSchema = z
  .string()
  .regex(
    /^(redis|rediss|falkor|falkors|falkordb):\/\/[^\s]+$/,
    "url must be redis[s]://, falkor[s]:// or falkordb://",
  );

export const FalkorOptionsSchema = z
  .object({
    url: UrlSchema.optional(),
    host: z.string().min(1).max(255).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    graphPrefix: PrefixSchema,
    /** Per-query server-side timeout (GRAPH.QUERY ... TIMEOUT), ms. */
    queryTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
    connectTimeoutMs: z.number().int().min(1).max(120_000).default(5_000),
  })
  .refine((o) => o.url !== undefined || o.host !== undefined, "either url or host is required");

export type FalkorStoreOptions = z.input<typeof FalkorOptionsSchema>;
export type ResolvedFalkorOptions = z.output<typeof FalkorOptionsSchema>;

/** Options for `FalkorDB.connect` (node-redis underneath). */
export interface ConnectOptions {
  url?: string;
  socket: {
    host?: string;
    port?: number;
    connectTimeout: number;
    reconnectStrategy: (retries: number) => number;
  };
  username?: string;
  password?: string;
  /** Fail commands while disconnected instead of queueing them forever. */
  disableOfflineQueue: true;
}

export function connectOptions(o: ResolvedFalkorOptions): ConnectOptions {
  const socket: ConnectOptions["socket"] = {
    connectTimeout: o.connectTimeoutMs,
    // Keep reconnecting after an outage, backing off to 5 s; commands fail fast meanwhile.
    reconnectStrategy: (retries) => Math.min(5_000, 100 * 2 ** Math.min(retries, 6)),
  };
  if (!o.url) {
    socket.host = o.host;
    socket.port = o.port ?? 6379;
  }
  return {
    ...(o.url ? { url: redisUrl(o.url) } : {}),
    socket,
    ...(o.username ? { username: o.username } : {}),
    ...(o.password ? { password: o.password } : {}),
    disableOfflineQueue: true,
  };
}

/**
 * node-redis only speaks redis:// and rediss://. The client itself rewrites a leading "falkor" to
 * "redis", which would turn falkordb:// into the meaningless redisdb://: map every form here.
 */
export function redisUrl(url: string): string {
  return url
    .replace(/^falkordb:\/\//, "redis://")
    .replace(/^falkors:\/\//, "rediss://")
    .replace(/^falkor:\/\//, "redis://");
}

export function groupGraph(prefix: string, group: string): string {
  // Group names reach Redis key names: refuse anything the model would have refused.
  GroupSchema.parse(group);
  return `${prefix}${group}`;
}

export function metaGraph(prefix: string): string {
  return `${prefix}.meta`;
}
