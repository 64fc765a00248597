/**
 * Valkey (Redis protocol) recall cache. One round trip per operation (a Lua script each), a hard
 * deadline on every call, and no error ever reaches the caller: failures are counted
 * (cacheErrors), logged once per outage, and answered as a miss / no-op so recall reads the store.
 *
 * Memory is bounded by the entry TTL plus the server's eviction: run Valkey with `maxmemory` and
 * `maxmemory-policy volatile-lru` (every entry has a TTL, so they are the eviction candidates) or
 * `allkeys-lru`; a generation key lost to eviction is re-created with a fresh, larger value, which
 * only costs misses.
 *
 * Invalidations that cannot reach the server are remembered: until one succeeds the group bypasses
 * the cache in this process (gets miss, sets are skipped), and they are replayed on reconnect, so a
 * blip between a write and its invalidation cannot serve stale data here. Another process holding
 * the same cache learns of the write only through the generation, so if the invalidation never
 * lands its entries stay stale for at most the TTL.
 */
import { Redis } from "iovalkey";
import type { Metrics } from "../metrics/registry.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import type { Logger } from "../observability/logger.js";
import type { ResolvedCacheConfig } from "./config.js";
import { connectionOptions } from "./config.js";
import type { CacheLookup, RecallCache } from "./interface.js";
import { groupKeys, keyDigest } from "./keys.js";
import { errorMessage, OutageLog } from "./outage.js";
import { GET_LUA, INVALIDATE_LUA, SET_LUA } from "./scripts.js";

export interface CacheDeps {
  metrics?: Metrics;
  logger?: Logger;
}

interface ScriptCommands {
  ocmGet(genKey: string, entryPrefix: string, digest: string, genTtl: number): Promise<unknown>;
  ocmSet(
    genKey: string,
    gen: string,
    entryPrefix: string,
    digest: string,
    value: string,
    ttl: number,
    genTtl: number,
  ): Promise<unknown>;
  ocmInvalidate(genKey: string, genTtl: number): Promise<unknown>;
}

/** Groups whose failed invalidation is remembered; beyond it the oldest is forgotten (TTL-stale). */
const MAX_PENDING_INVALIDATIONS = 10_000;

export class ValkeyCache implements RecallCache {
  readonly backend = "valkey";
  private readonly client: Redis & ScriptCommands;
  private readonly pendingInvalidations = new Set<string>();
  private readonly outage: OutageLog;
  private closed = false;

  constructor(
    private readonly config: ResolvedCacheConfig & { url: string },
    private readonly deps: CacheDeps = {},
  ) {
    this.outage = new OutageLog(deps.logger);
    this.client = new Redis({
      ...connectionOptions(config),
      scripts: {
        ocmGet: { lua: GET_LUA, numberOfKeys: 1 },
        ocmSet: { lua: SET_LUA, numberOfKeys: 1 },
        ocmInvalidate: { lua: INVALIDATE_LUA, numberOfKeys: 1 },
      },
    }) as Redis & ScriptCommands;
    // Without a listener the client would print every connection error to the console.
    this.client.on("error", (err: unknown) => this.outage.connectionError(err));
    this.client.on("ready", () => {
      this.outage.ready();
      void this.replayInvalidations();
    });
  }

  async get(group: string, key: string): Promise<CacheLookup> {
    const unread = { value: null, token: null };
    if (this.closed) return unread;
    if (this.pendingInvalidations.has(group) && !(await this.tryInvalidate(group))) {
      this.deps.metrics?.inc(MEMORY_METRICS.cacheMisses);
      return unread;
    }
    const keys = groupKeys(group);
    const digest = keyDigest(key);
    try {
      const reply = await this.deadline(
        "get",
        this.client.ocmGet(keys.gen, keys.entryPrefix, digest, this.config.generationTtlSeconds),
      );
      const [gen, value] = parseGetReply(reply);
      if (value !== null) {
        this.deps.metrics?.inc(MEMORY_METRICS.cacheHits);
        return { value, token: null };
      }
      this.deps.metrics?.inc(MEMORY_METRICS.cacheMisses);
      return { value: null, token: gen };
    } catch (err) {
      this.failed("get", err);
      return unread;
    }
  }

  async set(group: string, key: string, value: string, token: string): Promise<void> {
    if (this.closed || this.pendingInvalidations.has(group)) return;
    const digest = keyDigest(key);
    if (Buffer.byteLength(value, "utf8") > this.config.maxValueBytes) return;
    const keys = groupKeys(group);
    try {
      await this.deadline(
        "set",
        this.client.ocmSet(
          keys.gen,
          token,
          keys.entryPrefix,
          digest,
          value,
          this.config.ttlSeconds,
          this.config.generationTtlSeconds,
        ),
      );
    } catch (err) {
      this.failed("set", err);
    }
  }

  async invalidate(group: string): Promise<void> {
    if (this.closed) return;
    await this.tryInvalidate(group);
  }

  async health(): Promise<{ ok: boolean; error?: string }> {
    if (this.closed) return { ok: false, error: "cache closed" };
    if (this.client.status !== "ready")
      return { ok: false, error: `cache not connected (${this.client.status})` };
    try {
      await this.deadline("ping", this.client.ping());
      return { ok: true };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.deadline("quit", this.client.quit());
    } catch {
      // Not connected or too slow to say goodbye: drop the socket and stop reconnecting.
    }
    this.client.disconnect(false);
  }

  /** Bumps the group's generation; on failure remembers the group so it bypasses the cache. */
  private async tryInvalidate(group: string): Promise<boolean> {
    try {
      await this.deadline(
        "invalidate",
        this.client.ocmInvalidate(groupKeys(group).gen, this.config.generationTtlSeconds),
      );
      this.pendingInvalidations.delete(group);
      return true;
    } catch (err) {
      this.remember(group);
      this.failed("invalidate", err);
      return false;
    }
  }

  private remember(group: string): void {
    this.pendingInvalidations.delete(group);
    this.pendingInvalidations.add(group);
    if (this.pendingInvalidations.size > MAX_PENDING_INVALIDATIONS) {
      const oldest = this.pendingInvalidations.values().next().value;
      if (oldest !== undefined) this.pendingInvalidations.delete(oldest);
    }
  }

  private async replayInvalidations(): Promise<void> {
    for (const group of [...this.pendingInvalidations]) {
      if (this.closed || !(await this.tryInvalidate(group))) return;
    }
  }

  private failed(op: string, err: unknown): void {
    this.deps.metrics?.inc(MEMORY_METRICS.cacheErrors);
    this.outage.operationFailed(op, err);
  }

  /** The client has its own command timeout; this also bounds script-load fallbacks and oddities. */
  private deadline<T>(op: string, promise: Promise<T>): Promise<T> {
    const ms = this.config.commandTimeoutMs * 2;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cache ${op} exceeded ${ms} ms`)), ms);
      timer.unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

function parseGetReply(reply: unknown): [string, string | null] {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") throw new Error("unexpected cache reply");
  const value = reply[1];
  if (value !== null && value !== undefined && typeof value !== "string")
    throw new Error("unexpected cache reply");
  return [reply[0], value ?? null];
}
