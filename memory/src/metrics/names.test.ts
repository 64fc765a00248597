import { describe, expect, it } from "vitest";
import { BACKUP_METRICS, EMITTED_METRIC_NAMES, MEMORY_METRICS, prometheusName } from "./names.js";

describe("metric names", () => {
  it("are unique and namespaced", () => {
    expect(new Set(EMITTED_METRIC_NAMES).size).toBe(EMITTED_METRIC_NAMES.length);
    for (const name of EMITTED_METRIC_NAMES) expect(name).toMatch(/^ocm\.(memory|backup)\.[a-z_.]+$/);
  });

  it("derive Prometheus names that Prometheus accepts", () => {
    expect(prometheusName(MEMORY_METRICS.episodesIngested)).toBe("ocm_memory_episodes_ingested_total");
    expect(prometheusName(BACKUP_METRICS.lastSuccess)).toBe("ocm_backup_last_success");
    for (const m of [...Object.values(MEMORY_METRICS), ...Object.values(BACKUP_METRICS)]) {
      expect(prometheusName(m)).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    }
  });
});
