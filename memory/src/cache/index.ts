/**
 * Recall cache factory: Valkey when a URL is configured, otherwise a no-op cache that always misses.
 * Invalid settings fail here, at start, with the offending field named; after that nothing the cache
 * does can fail a request.
 */
import { type RecallCacheConfig, RecallCacheConfigSchema } from "./config.js";
import type { RecallCache } from "./interface.js";
import { NoopCache } from "./noop.js";
import { type CacheDeps, ValkeyCache } from "./valkey.js";

export type { RecallCacheConfig } from "./config.js";
export type { RecallCache } from "./interface.js";
export { NoopCache } from "./noop.js";
export type { CacheDeps } from "./valkey.js";
export { ValkeyCache } from "./valkey.js";

export class CacheConfigError extends Error {
  override name = "CacheConfigError";
}

export function createRecallCache(config: RecallCacheConfig = {}, deps: CacheDeps = {}): RecallCache {
  const parsed = RecallCacheConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "cache";
    throw new CacheConfigError(`cache config ${field}: ${issue?.message ?? "invalid"}`);
  }
  const { url } = parsed.data;
  if (!url) return new NoopCache();
  return new ValkeyCache({ ...parsed.data, url }, deps);
}
