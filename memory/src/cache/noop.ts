import type { CacheLookup, RecallCache } from "./interface.js";

/** No cache configured: every lookup misses and nothing is stored, so recall always reads the store. */
export class NoopCache implements RecallCache {
  readonly backend = "none";

  async get(_group: string, _key: string): Promise<CacheLookup> {
    return { value: null, token: null };
  }

  async set(_group: string, _key: string, _value: string, _token: string): Promise<void> {}

  async invalidate(_group: string): Promise<void> {}

  async health(): Promise<{ ok: boolean; error?: string }> {
    return { ok: true };
  }

  async close(): Promise<void> {}
}
