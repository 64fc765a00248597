/**
 * Everything the overview page shows, gathered in one place: per-group counts from the engine,
 * rates and latencies from the shared metrics (the same counters /metrics and DogStatsD report),
 * the backup status file and the engine's health report. Each source may fail on its own; the page
 * shows what it could get.
 */
import type { HealthReport, MemoryEngine } from "../engine/interface.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import type { Metrics } from "../metrics/registry.js";
import type { GroupStats } from "../model/types.js";
import { type BackupStatus, readBackupStatus } from "./backup-status.js";

export interface Overview {
  groups: GroupStats[] | { error: string };
  /** Episodes per minute over the last 5 minutes. */
  ingestPerMinute: number;
  episodesTotal: number;
  recall: { p50: number; p99: number; samples: "recent" } | null;
  /** null when no recall has touched the cache yet (or there is no cache). */
  cacheHitRate: number | null;
  cacheLookups: number;
  backup: BackupStatus;
  health: HealthReport | { unreachable: string };
}

export async function gatherOverview(
  engine: MemoryEngine,
  metrics: Metrics,
  backupStatusFile: string,
): Promise<Overview> {
  const [groups, health, backup, hits, misses, ingested] = await Promise.all([
    engine.groups().catch((err: Error) => ({ error: err.message })),
    engine.health().catch((err: Error) => ({ unreachable: err.message })),
    readBackupStatus(backupStatusFile),
    metrics.total(MEMORY_METRICS.cacheHits),
    metrics.total(MEMORY_METRICS.cacheMisses),
    metrics.total(MEMORY_METRICS.episodesIngested),
  ]);
  const q = metrics.quantiles(MEMORY_METRICS.recallLatency, [0.5, 0.99]);
  const lookups = hits + misses;
  return {
    groups,
    ingestPerMinute: metrics.rate(MEMORY_METRICS.episodesIngested, 300) * 60,
    episodesTotal: ingested,
    recall: q ? { p50: q.p50 ?? 0, p99: q.p99 ?? 0, samples: "recent" } : null,
    cacheHitRate: lookups > 0 ? hits / lookups : null,
    cacheLookups: lookups,
    backup,
    health,
  };
}
