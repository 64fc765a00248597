/**
 * The overview's numbers come from the real engine (embedded store in memory) and the real metrics
 * registry: per-group counts with invalidated facts, ingest rate, recall quantiles, cache hit rate,
 * backup status and health; and a failing source degrades only its own part.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { createMemoryEngine } from "../engine/engine.js";
import type { MemoryEngine } from "../engine/interface.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { gatherOverview } from "./overview-data.js";

let engine: MemoryEngine;
let metrics: Metrics;

beforeAll(async () => {
  metrics = new Metrics();
  engine = createMemoryEngine({
    store: await openSqliteStore(":memory:"),
    embedder: new HashedEmbedder(),
    metrics,
  });
  // The engine times each stored episode itself (the ingest rate's source).
  const note = (id: string, content: string, occurredAt: string) =>
    engine.ingest({ id, group: "acme", kind: "note", content, occurredAt, metadata: { project: "acme" } });
  await note("a", "The project uses Node 18.", "2026-01-01T00:00:00Z");
  await note("b", "The project uses Node 22 now.", "2026-02-01T00:00:00Z");
  await engine.ingest({ id: "c", group: "other", kind: "note", content: "We use Vitest for tests." });
});
afterAll(async () => engine?.close());

describe("gatherOverview", () => {
  it("counts current and invalidated facts per group", async () => {
    const o = await gatherOverview(engine, metrics, "/nonexistent/backup.json");
    if ("error" in o.groups) throw new Error(o.groups.error);
    const acme = o.groups.find((g) => g.group === "acme");
    expect(acme).toMatchObject({ episodes: 2, invalidatedFacts: 1 });
    expect(acme?.facts).toBeGreaterThan(1);
    expect(o.groups.find((g) => g.group === "other")).toMatchObject({ episodes: 1, invalidatedFacts: 0 });
    expect(o.backup).toMatchObject({ state: "missing" });
    expect(o.health).toMatchObject({ ok: true, store: { ok: true, backend: "sqlite" } });
  });

  it("derives ingest rate, recall quantiles and cache hit rate from the shared counters", async () => {
    // A repeated id is a duplicate, not an ingest.
    await engine.ingest({ id: "c", group: "other", kind: "note", content: "We use Vitest for tests." });
    const before = await gatherOverview(engine, metrics, "/nonexistent/backup.json");
    expect(before.recall).toBeNull();
    expect(before.cacheHitRate).toBeNull();
    // Three episodes stored in the last 5 minutes (a repeat is not counted): 0.6 per minute.
    expect(before.ingestPerMinute).toBeCloseTo(0.6, 5);
    expect(before.episodesTotal).toBe(3);

    for (const ms of [1, 2, 3, 4, 100]) metrics.observe(MEMORY_METRICS.recallLatency, ms);
    metrics.inc(MEMORY_METRICS.cacheHits, 3);
    metrics.inc(MEMORY_METRICS.cacheMisses);
    const after = await gatherOverview(engine, metrics, "/nonexistent/backup.json");
    expect(after.recall?.p50).toBe(3);
    expect(after.recall?.p99).toBeGreaterThan(4);
    expect(after.cacheHitRate).toBe(0.75);
    expect(after.cacheLookups).toBe(4);
  });

  it("shows what it can when the engine fails", async () => {
    const broken: MemoryEngine = {
      ...engine,
      groups: () => Promise.reject(new Error("store offline")),
      health: () => Promise.reject(new Error("health timed out")),
    };
    const o = await gatherOverview(broken, metrics, "/nonexistent/backup.json");
    expect(o.groups).toEqual({ error: "store offline" });
    expect(o.health).toEqual({ unreachable: "health timed out" });
    expect(o.cacheHitRate).toBe(0.75);
  });
});
