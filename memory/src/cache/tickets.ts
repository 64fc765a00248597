/**
 * Which generation may a `set` store under? The interface hands `set` no token, so the cache keeps
 * one: every miss records the generation its `get` observed (a ticket) for that (group, key).
 *
 * Concurrent requests for the same key make tickets ambiguous: a `set` cannot tell which `get` it
 * follows. The rule that stays safe whatever the pairing:
 *  - a set may store only under the OLDEST outstanding ticket's generation, and the script stores
 *    only if that is still the current one. Generations only grow, so this means every
 *    outstanding ticket is current: no request that might be finishing a stale computation exists;
 *  - afterwards the set retires the NEWEST ticket. Whichever ticket really was the caller's, the
 *    recorded tickets then stay, one for one, no newer than the true ones, so later checks stay
 *    conservative. Recording a ticket as older than it is (the bucket cap below) keeps that too.
 * The cost of ambiguity is a skipped fill, never a stale entry.
 *
 * Bounds: tickets are counted per (key, generation) with at most `maxGensPerKey` generations per
 * key (an extra one is counted under the newest recorded, i.e. as older: conservative). When
 * `maxKeys` keys are tracked, a miss cannot be recorded; since an unrecorded request might later
 * set a stale value, every set is then refused for `ttlMs` (fills pause, correctness holds).
 * Tickets older than `ttlMs` are forgotten so abandoned misses (a compute that failed and never
 * called set) cannot block a key forever. That is the one assumption: a set follows its get within
 * `ttlMs` (recall computes take milliseconds; the default allows a minute).
 */

export interface TicketBookOptions {
  /** Forget tickets older than this (ms); also how long sets pause after an untracked miss. */
  ttlMs: number;
  /** Keys tracked at once. */
  maxKeys: number;
  /** Distinct generations recorded per key. */
  maxGensPerKey: number;
  now?: () => number;
}

interface Bucket {
  gen: string;
  /** Numeric form for ordering; generations are integers below 2^53. */
  order: number;
  count: number;
  /** Time of the latest ticket counted here. */
  at: number;
}

export class TicketBook {
  private readonly byKey = new Map<string, Bucket[]>();
  private readonly now: () => number;
  private pausedUntil = 0;

  constructor(private readonly options: TicketBookOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Keys currently tracked. */
  get size(): number {
    return this.byKey.size;
  }

  /** A miss observed `gen` for `key`. */
  issue(key: string, gen: string): void {
    const order = /^\d{1,16}$/.test(gen) ? Number(gen) : Number.NaN;
    const now = this.now();
    if (!Number.isSafeInteger(order)) {
      this.pause(now);
      return;
    }
    let buckets = this.live(key, now);
    if (!buckets) {
      if (this.byKey.size >= this.options.maxKeys) this.sweep(now);
      if (this.byKey.size >= this.options.maxKeys) {
        this.pause(now);
        return;
      }
      buckets = [];
      this.byKey.set(key, buckets);
    }
    let target = buckets.find((b) => b.order === order);
    if (!target && buckets.length >= this.options.maxGensPerKey) target = newest(buckets);
    if (target) {
      target.count += 1;
      target.at = now;
    } else {
      buckets.push({ gen, order, count: 1, at: now });
    }
  }

  /**
   * The generation a set for `key` may store under (the oldest outstanding), or null when it must
   * not store. Retires the newest ticket: call once per set, whether or not the store happens.
   */
  redeem(key: string): string | null {
    const now = this.now();
    const buckets = this.live(key, now);
    if (!buckets || buckets.length === 0) return null;
    let oldest = buckets[0] as Bucket;
    for (const b of buckets) if (b.order < oldest.order) oldest = b;
    const gen = oldest.gen;
    const top = newest(buckets);
    top.count -= 1;
    if (top.count === 0) buckets.splice(buckets.indexOf(top), 1);
    if (buckets.length === 0) this.byKey.delete(key);
    return now < this.pausedUntil ? null : gen;
  }

  private pause(now: number): void {
    this.pausedUntil = now + this.options.ttlMs;
  }

  /** The key's buckets with expired ones dropped, or undefined when none remain. */
  private live(key: string, now: number): Bucket[] | undefined {
    const buckets = this.byKey.get(key);
    if (!buckets) return undefined;
    const cutoff = now - this.options.ttlMs;
    if (buckets.every((b) => b.at >= cutoff)) return buckets;
    const kept = buckets.filter((b) => b.at >= cutoff);
    if (kept.length === 0) {
      this.byKey.delete(key);
      return undefined;
    }
    this.byKey.set(key, kept);
    return kept;
  }

  private sweep(now: number): void {
    for (const key of [...this.byKey.keys()]) this.live(key, now);
  }
}

function newest(buckets: Bucket[]): Bucket {
  let top = buckets[0] as Bucket;
  for (const b of buckets) if (b.order > top.order) top = b;
  return top;
}
