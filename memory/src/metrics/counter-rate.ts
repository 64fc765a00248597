/**
 * A counter's recent pace: its running total sampled at most once a second, kept for a bounded
 * span, so "episodes per minute over 5 minutes" is the counter's own difference, exact at any
 * ingest rate (a ring of individual samples caps out at its size divided by the span).
 */
export class CounterRate {
  /** [second, total at the end of that second], oldest first. */
  private readonly points: Array<[number, number]> = [];
  /** The total as it stood before the oldest point kept. */
  private before = 0;
  private total = 0;

  constructor(
    private readonly keepSeconds = 900,
    private readonly now: () => number = Date.now,
  ) {}

  add(value: number): void {
    this.total += value;
    const second = Math.floor(this.now() / 1000);
    const last = this.points.at(-1);
    if (last && last[0] === second) last[1] = this.total;
    else this.points.push([second, this.total]);
    while ((this.points[0]?.[0] ?? second) < second - this.keepSeconds)
      this.before = this.points.shift()?.[1] ?? this.before;
  }

  /** Increments per second over the last `seconds` (up to the span kept). */
  perSecond(seconds: number): number {
    const from = Math.floor(this.now() / 1000) - seconds;
    // The total when the span began: the last point at or before its start.
    let start = this.before;
    for (const [second, total] of this.points) {
      if (second > from) break;
      start = total;
    }
    return (this.total - start) / seconds;
  }
}
