/**
 * The one list of metric names. The memory service emits them (DogStatsD and Prometheus), the
 * backup job emits the backup ones, and the Pulumi Datadog monitors query them: all three import
 * this module (the backup shell script gets them rendered into its environment by the NixOS module),
 * so a rename cannot silently orphan a monitor.
 *
 * Names are Datadog style (dots). Prometheus names are derived by `prometheusName`.
 */

export type MetricKind = "counter" | "gauge" | "histogram";

export interface MetricDef {
  /** Datadog metric name. */
  readonly name: string;
  readonly kind: MetricKind;
  /** Unit, for humans and for dashboards. */
  readonly unit: string;
  readonly help: string;
  /** Tag keys the emitter attaches. */
  readonly tags: readonly string[];
}

const def = (name: string, kind: MetricKind, unit: string, help: string, tags: string[] = []): MetricDef => ({
  name,
  kind,
  unit,
  help,
  tags,
});

/** Metrics emitted by the memory service. */
export const MEMORY_METRICS = {
  episodesIngested: def("ocm.memory.episodes.ingested", "counter", "episode", "Episodes stored", [
    "group",
    "kind",
  ]),
  episodesDuplicate: def(
    "ocm.memory.episodes.duplicate",
    "counter",
    "episode",
    "Episodes skipped because their id was already stored",
  ),
  ingestLatency: def("ocm.memory.ingest.latency", "histogram", "millisecond", "Time to ingest one episode"),
  recallLatency: def(
    "ocm.memory.recall.latency",
    "histogram",
    "millisecond",
    "Time to answer a search or context request",
    ["route"],
  ),
  cacheHits: def("ocm.memory.cache.hits", "counter", "request", "Recall answered from the cache"),
  cacheMisses: def("ocm.memory.cache.misses", "counter", "request", "Recall that had to go to the store"),
  cacheErrors: def("ocm.memory.cache.errors", "counter", "error", "Cache operations that failed (degraded)"),
  llmCalls: def("ocm.memory.llm.calls", "counter", "call", "Calls to the extraction LLM", [
    "model",
    "outcome",
  ]),
  llmTokens: def("ocm.memory.llm.tokens", "counter", "token", "Tokens spent by the extraction LLM", [
    "model",
    "direction",
  ]),
  embedCalls: def("ocm.memory.embed.calls", "counter", "call", "Calls to the embeddings endpoint", ["model"]),
  storeErrors: def("ocm.memory.store.errors", "counter", "error", "Store operations that failed", ["op"]),
  httpRequests: def("ocm.memory.http.requests", "counter", "request", "HTTP requests served", [
    "route",
    "status",
  ]),
  factsInvalidated: def("ocm.memory.facts.invalidated", "counter", "fact", "Facts invalidated by newer ones"),
} as const satisfies Record<string, MetricDef>;

/** Metrics emitted by the backup job (nixos/scripts/backup.sh) after each run. */
export const BACKUP_METRICS = {
  lastSuccess: def("ocm.backup.last_success", "gauge", "second", "Unix time of the last successful backup", [
    "host",
  ]),
  duration: def("ocm.backup.duration", "gauge", "second", "Wall time of the last backup run", ["host"]),
  bytes: def("ocm.backup.bytes", "gauge", "byte", "Bytes uploaded by the last backup run", ["host"]),
  failures: def("ocm.backup.failures", "counter", "run", "Backup runs that failed", ["host"]),
} as const satisfies Record<string, MetricDef>;

/**
 * Metrics we do not emit but monitor: they come from the Datadog agent's own checks
 * (system, container and redisdb integrations) running in the pod.
 */
export const AGENT_METRICS = {
  diskInUse: def("system.disk.in_use", "gauge", "fraction", "Fraction of disk in use", ["device"]),
  containerRunning: def("container.uptime", "gauge", "second", "Container uptime (absent when stopped)", [
    "container_name",
  ]),
  redisUsedMemory: def("redis.mem.used", "gauge", "byte", "Memory used by FalkorDB (redisdb check)", [
    "redis_port",
  ]),
} as const satisfies Record<string, MetricDef>;

/** Datadog service check the agent reports for host liveness. */
export const HOST_UP_CHECK = "datadog.agent.up";

/** Prometheus form of a metric name: dots to underscores, counters end in _total. */
export function prometheusName(metric: MetricDef): string {
  const base = metric.name.replace(/\./g, "_");
  return metric.kind === "counter" ? `${base}_total` : base;
}

/** Every name this project emits itself, for tests that compare emitted and monitored names. */
export const EMITTED_METRIC_NAMES: readonly string[] = [
  ...Object.values(MEMORY_METRICS).map((m) => m.name),
  ...Object.values(BACKUP_METRICS).map((m) => m.name),
];
