/**
 * The recall cache the engine consults before the store (cache-aside). Entries are scoped to a
 * group's write generation: a write bumps the generation, so every entry computed before it becomes
 * unreachable at once, with no key scans. Every method degrades instead of failing: a cache outage
 * costs latency (the engine goes to the store), never an error.
 *
 * Usage contract for race safety: `get` a key, compute on a miss, then `set` the same key. `set`
 * stores only if the group's generation is still the one `get` saw, so a value read from the store
 * before a concurrent write can never be stored under the generation that follows the write.
 * `invalidate` is called after the write is committed to the store.
 */
export interface RecallCache {
  readonly backend: string; // "valkey" | "none"
  /** Cached value for (group, key) at the group's current write generation, or null. Never throws. */
  get(group: string, key: string): Promise<string | null>;
  /**
   * Stores under the generation the preceding `get` of this (group, key) observed; a no-op if the
   * generation moved since (a write happened while the value was being computed), if no `get`
   * preceded it, or if the value is larger than the size bound. Never throws.
   */
  set(group: string, key: string, value: string): Promise<void>;
  /** A write happened in the group: bump its generation so every older entry is unreachable at once. Never throws. */
  invalidate(group: string): Promise<void>;
  health(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}
