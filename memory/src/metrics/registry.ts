/**
 * One set of counters, two outlets: Prometheus text for `GET /metrics`, and DogStatsD (hot-shots)
 * for the Datadog agent in the pod. Callers record against the shared definitions in names.ts, so
 * the names the service emits are by construction the ones the monitors query.
 *
 * The dashboard also wants exact recent quantiles and rates, which Prometheus buckets cannot give,
 * so a small rolling window of recent samples is kept per histogram (bounded memory).
 */
import { StatsD } from "hot-shots";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { type MetricDef, prometheusName } from "./names.js";
import { CounterRate } from "./counter-rate.js";
import { RollingWindow } from "./rolling-window.js";

export type Tags = Record<string, string | number>;

export interface MetricsOptions {
  /** DogStatsD target; when absent no UDP traffic is sent (local runs, tests). */
  statsd?: { host: string; port: number; globalTags?: Record<string, string> };
  /** Histogram buckets in the metric's unit (milliseconds for latencies). */
  buckets?: number[];
  /** Samples kept per histogram for exact recent quantiles. */
  windowSize?: number;
}

const DEFAULT_BUCKETS_MS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export class Metrics {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter>();
  private readonly gauges = new Map<string, Gauge>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly windows = new Map<string, RollingWindow>();
  private readonly paces = new Map<string, CounterRate>();
  private readonly statsd: StatsD | null;
  private statsdErrors = 0;

  constructor(private readonly options: MetricsOptions = {}) {
    this.statsd = options.statsd
      ? new StatsD({
          host: options.statsd.host,
          port: options.statsd.port,
          globalTags: options.statsd.globalTags ?? {},
          // A missing agent must never take the service down: count and move on.
          errorHandler: () => {
            this.statsdErrors += 1;
          },
        })
      : null;
  }

  /** Add to a counter. */
  inc(metric: MetricDef, value = 1, tags: Tags = {}): void {
    this.assertKind(metric, "counter");
    this.counter(metric).inc(this.labels(metric, tags), value);
    const pace = this.paces.get(metric.name) ?? new CounterRate();
    this.paces.set(metric.name, pace);
    pace.add(value);
    this.statsd?.increment(metric.name, value, this.ddTags(tags));
  }

  /** Record one observation of a histogram (latencies in milliseconds). */
  observe(metric: MetricDef, value: number, tags: Tags = {}): void {
    this.assertKind(metric, "histogram");
    if (!Number.isFinite(value)) return;
    this.histogram(metric).observe(this.labels(metric, tags), value);
    this.window(metric).push(value);
    this.statsd?.distribution(metric.name, value, this.ddTags(tags));
  }

  /** Set a gauge. */
  set(metric: MetricDef, value: number, tags: Tags = {}): void {
    this.assertKind(metric, "gauge");
    if (!Number.isFinite(value)) return;
    this.gauge(metric).set(this.labels(metric, tags), value);
    this.statsd?.gauge(metric.name, value, this.ddTags(tags));
  }

  /** Exact quantiles over the recent window of a histogram (null when empty). */
  quantiles(metric: MetricDef, qs: number[] = [0.5, 0.99]): Record<string, number> | null {
    const win = this.windows.get(metric.name);
    return win && win.size > 0 ? win.quantiles(qs) : null;
  }

  /**
   * Per second over the last `seconds`: a counter's increments (exact), or a histogram's recent
   * observations (bounded by its window's size).
   */
  rate(metric: MetricDef, seconds = 60): number {
    if (metric.kind === "counter") return this.paces.get(metric.name)?.perSecond(seconds) ?? 0;
    return this.windows.get(metric.name)?.ratePerSecond(seconds) ?? 0;
  }

  /** Sum of a counter across its labels. */
  async total(metric: MetricDef): Promise<number> {
    const c = this.counters.get(metric.name);
    if (!c) return 0;
    const data = await c.get();
    return data.values.reduce((sum, v) => sum + v.value, 0);
  }

  get statsdSendErrors(): number {
    return this.statsdErrors;
  }

  prometheus(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async close(): Promise<void> {
    const client = this.statsd;
    if (client) await new Promise<void>((resolve) => client.close(() => resolve()));
  }

  private assertKind(metric: MetricDef, kind: MetricDef["kind"]): void {
    if (metric.kind !== kind) throw new TypeError(`${metric.name} is a ${metric.kind}, not a ${kind}`);
  }

  /** Prometheus labels: only the tag keys the definition declares, as strings. */
  private labels(metric: MetricDef, tags: Tags): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of metric.tags) out[key] = key in tags ? String(tags[key]) : "";
    return out;
  }

  private ddTags(tags: Tags): string[] {
    return Object.entries(tags).map(([k, v]) => `${k}:${v}`);
  }

  private counter(metric: MetricDef): Counter {
    let c = this.counters.get(metric.name);
    if (!c) {
      c = new Counter({
        name: prometheusName(metric),
        help: metric.help,
        labelNames: [...metric.tags],
        registers: [this.registry],
      });
      this.counters.set(metric.name, c);
    }
    return c;
  }

  private gauge(metric: MetricDef): Gauge {
    let g = this.gauges.get(metric.name);
    if (!g) {
      g = new Gauge({
        name: prometheusName(metric),
        help: metric.help,
        labelNames: [...metric.tags],
        registers: [this.registry],
      });
      this.gauges.set(metric.name, g);
    }
    return g;
  }

  private histogram(metric: MetricDef): Histogram {
    let h = this.histograms.get(metric.name);
    if (!h) {
      h = new Histogram({
        name: prometheusName(metric),
        help: metric.help,
        labelNames: [...metric.tags],
        buckets: this.options.buckets ?? DEFAULT_BUCKETS_MS,
        registers: [this.registry],
      });
      this.histograms.set(metric.name, h);
    }
    return h;
  }

  private window(metric: MetricDef): RollingWindow {
    let w = this.windows.get(metric.name);
    if (!w) {
      w = new RollingWindow(this.options.windowSize ?? 2048);
      this.windows.set(metric.name, w);
    }
    return w;
  }
}
