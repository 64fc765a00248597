/**
 * A fixed-size ring of recent samples with their arrival times: exact quantiles and rates over
 * the recent past in O(n) memory, for the dashboard (Prometheus buckets are too coarse for p99).
 */
export class RollingWindow {
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a positive integer");
    this.values = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.times[this.next] = this.now();
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Nearest-rank quantiles, keyed "p50", "p99", ... */
  quantiles(qs: number[]): Record<string, number> {
    const sorted = Array.from(this.values.subarray(0, this.count)).sort((a, b) => a - b);
    const out: Record<string, number> = {};
    for (const q of qs) {
      const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
      out[`p${Math.round(q * 100)}`] = sorted[rank] ?? 0;
    }
    return out;
  }

  /** Samples per second that arrived within the last `seconds`. */
  ratePerSecond(seconds: number): number {
    const since = this.now() - seconds * 1000;
    let n = 0;
    for (let i = 0; i < this.count; i++) if ((this.times[i] ?? 0) > since) n++;
    return n / seconds;
  }
}
