/**
 * The Datadog monitor definitions as data, built from the shared metric names
 * (@ocm/memory/metrics/names) so a renamed metric cannot leave a monitor watching nothing.
 */
import { AGENT_METRICS, BACKUP_METRICS, HOST_UP_CHECK, MEMORY_METRICS } from "@ocm/memory/metrics/names";

export interface MonitorInput {
  /** Datadog host name (the server's hostname). */
  host: string;
  containers: readonly string[];
  recallP99Ms: number;
  backupMaxAgeHours: number;
  diskUsageMax: number;
  falkordbMemoryMaxBytes: number;
  /** Notification handle(s) appended to every message. */
  notify: string;
}

export interface MonitorSpec {
  key: string;
  name: string;
  type: "service check" | "metric alert" | "query alert";
  query: string;
  message: string;
  thresholds: { critical: string; warning?: string };
  notifyNoData: boolean;
  noDataTimeframe?: number;
}

export function monitorSpecs(input: MonitorInput): MonitorSpec[] {
  const h = `host:${input.host}`;
  const msg = (what: string) => `${what} on ${input.host}. ${input.notify}`;
  const backupMinutes = Math.round(input.backupMaxAgeHours * 60);
  return [
    {
      key: "host-up",
      name: `[opencode] ${input.host} is up`,
      type: "service check",
      query: `"${HOST_UP_CHECK}".over("${h}").by("host").last(2).count_by_status()`,
      message: msg("The Datadog agent stopped reporting"),
      thresholds: { critical: "1" },
      notifyNoData: true,
      noDataTimeframe: 10,
    },
    ...input.containers.map(
      (c): MonitorSpec => ({
        key: `container-${c}`,
        name: `[opencode] container ${c} running`,
        type: "metric alert",
        // Uptime is absent while the container is stopped: the no-data alert is the signal.
        query: `max(last_5m):max:${AGENT_METRICS.containerRunning.name}{${h},container_name:${c}} <= 0`,
        message: msg(`Container ${c} is not running`),
        thresholds: { critical: "0" },
        notifyNoData: true,
        noDataTimeframe: 10,
      }),
    ),
    {
      key: "recall-p99",
      name: "[opencode] memory recall latency p99",
      type: "query alert",
      query: `percentile(last_15m):p99:${MEMORY_METRICS.recallLatency.name}{${h}} > ${input.recallP99Ms}`,
      message: msg(`Memory recall p99 is above ${input.recallP99Ms} ms`),
      thresholds: {
        critical: String(input.recallP99Ms),
        warning: String(Math.round(input.recallP99Ms * 0.75)),
      },
      notifyNoData: false,
    },
    {
      key: "backup-age",
      name: "[opencode] backup older than " + `${input.backupMaxAgeHours} h`,
      type: "metric alert",
      // The job sends last_success only after a successful run: silence for the window = stale backup.
      query: `max(last_1h):max:${BACKUP_METRICS.lastSuccess.name}{${h}} < 0`,
      message: msg(`No successful backup for ${input.backupMaxAgeHours} h`),
      thresholds: { critical: "0" },
      notifyNoData: true,
      noDataTimeframe: backupMinutes,
    },
    {
      key: "disk-usage",
      name: "[opencode] disk usage",
      type: "metric alert",
      query: `avg(last_10m):max:${AGENT_METRICS.diskInUse.name}{${h}} by {device} > ${input.diskUsageMax}`,
      message: msg(`A disk is over ${Math.round(input.diskUsageMax * 100)}% full`),
      thresholds: { critical: String(input.diskUsageMax) },
      notifyNoData: false,
    },
    {
      key: "falkordb-memory",
      name: "[opencode] FalkorDB memory",
      type: "metric alert",
      query: `avg(last_10m):max:${AGENT_METRICS.redisUsedMemory.name}{${h}} > ${input.falkordbMemoryMaxBytes}`,
      message: msg("FalkorDB uses more memory than allowed"),
      thresholds: { critical: String(input.falkordbMemoryMaxBytes) },
      notifyNoData: false,
    },
  ];
}
