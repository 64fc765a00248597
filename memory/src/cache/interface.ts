/**
 * The recall cache the engine consults before the store (cache-aside). Entries are scoped to a
 * group's write generation: a write bumps the generation, so every entry computed before it becomes
 * unreachable at once, with no key scans. Every method degrades instead of failing: a cache outage
 * costs latency (the engine goes to the store), never an error.
 *
 * Race safety: `get` a key, compute on a miss, then `set` it with the token that miss returned.
 * The token is the group's write generation the `get` observed, and `set` stores only while it is
 * still the current one, so a value read from the store before a concurrent write can never be
 * stored under the generation that follows the write. `invalidate` is called after the write is
 * committed to the store.
 */
export interface CacheLookup {
  /** The cached value, or null on a miss. */
  value: string | null;
  /**
   * What a `set` of this key must hand back: the generation this miss observed. null on a hit,
   * and when the cache could not be read (outage, timeout): then there is nothing to fill.
   */
  token: string | null;
}

export interface RecallCache {
  readonly backend: string; // "valkey" | "none"
  /** The cached value for (group, key) at the group's current write generation. Never throws. */
  get(group: string, key: string): Promise<CacheLookup>;
  /**
   * Stores under the generation `token` names; a no-op if the generation moved since (a write
   * happened while the value was being computed) or if the value is larger than the size bound.
   * Never throws.
   */
  set(group: string, key: string, value: string, token: string): Promise<void>;
  /** A write happened in the group: bump its generation so every older entry is unreachable at once. Never throws. */
  invalidate(group: string): Promise<void>;
  health(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}
