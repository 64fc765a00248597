/**
 * Cache-first recall through the real engine and a real Redis (stands in for Valkey): a repeated
 * question is answered from the cache, any write in the group makes the next answer fresh, and a
 * dead cache degrades to the store without an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecallCache } from "../cache/index.js";
import { findServerBinary, TestRedisServer } from "../cache/testing/redis-server.js";
import { HashedEmbedder } from "../embed/hashed.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { MemoryEngine } from "./interface.js";

const bin = findServerBinary();
if (!bin) throw new Error("redis-server (or valkey-server) is required: apt-get install redis-server");

let server: TestRedisServer;
let engine: MemoryEngine;
const metrics = new Metrics();

beforeAll(async () => {
  server = await TestRedisServer.start(bin);
  engine = createMemoryEngine({
    store: openSqliteStore(":memory:"),
    embedder: new HashedEmbedder(),
    metrics,
    cache: createRecallCache({ url: server.url }, { metrics }),
  });
  // The cache connects in the background (requests meanwhile go to the store): wait for it.
  for (let i = 0; i < 100 && !(await engine.health()).cache.ok; i++)
    await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  await engine?.close();
  await server?.kill();
});

const note = (id: string, content: string) => ({ id, group: "cg", kind: "note" as const, content });

describe("engine with a Valkey recall cache", () => {
  it("answers a repeated question from the cache and a write makes it fresh", async () => {
    await engine.ingest(note("n1", "We decided to use pnpm for this project."));
    const hits0 = await metrics.total(MEMORY_METRICS.cacheHits);
    const first = await engine.context({ group: "cg", q: "package manager pnpm", budget: 600 });
    const again = await engine.context({ group: "cg", q: "package manager pnpm", budget: 600 });
    expect(again).toEqual(first);
    expect(await metrics.total(MEMORY_METRICS.cacheHits)).toBe(hits0 + 1);

    await engine.ingest(note("n2", "We switched from pnpm to bun for this project."));
    const after = await engine.context({ group: "cg", q: "package manager pnpm", budget: 600 });
    expect(after.text).toContain("bun");
    expect(await metrics.total(MEMORY_METRICS.cacheHits)).toBe(hits0 + 1);
  });

  it("forgetting an episode is a write too", async () => {
    const before = await engine.search({ group: "cg", q: "bun", limit: 10, history: false });
    expect(before.episodes.map((e) => e.item.id)).toContain("n2");
    await engine.forgetEpisode("cg", "n2");
    const after = await engine.search({ group: "cg", q: "bun", limit: 10, history: false });
    expect(after.episodes.map((e) => e.item.id)).not.toContain("n2");
  });

  it("a batch that fails part way still makes the group's next answer fresh", async () => {
    // A store without batches (FalkorDB) keeps the episodes before the failing one.
    const sqlite = openSqliteStore(":memory:");
    const store = new Proxy(sqlite, {
      get(target, key) {
        if (key === "batch") return undefined;
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const hashed = new HashedEmbedder();
    const embedder = {
      name: hashed.name,
      dimension: hashed.dimension,
      embed: async (texts: string[]) => {
        if (texts.some((t) => t.includes("explode"))) throw new Error("embeddings endpoint 503");
        return hashed.embed(texts);
      },
    };
    const partial = createMemoryEngine({
      store,
      embedder,
      cache: createRecallCache({ url: server.url }, {}),
    });
    for (let i = 0; i < 100 && !(await partial.health()).cache.ok; i++)
      await new Promise((r) => setTimeout(r, 20));
    const ask = () => partial.search({ group: "pg", q: "zebrafish", limit: 10, history: false });
    expect((await ask()).episodes).toEqual([]);
    const run = (id: string, command: string) => ({
      id,
      group: "pg",
      kind: "tool_call" as const,
      content: command,
      metadata: { tool: "bash", args: { command } },
    });
    await expect(
      partial.ingestBatch([run("p1", "npm run zebrafish"), run("p2", "npm run explode")]),
    ).rejects.toThrow(/503/);
    expect((await ask()).episodes.map((e) => e.item.id)).toEqual(["p1"]);
    await partial.close();
  });

  it("keeps answering from the store while the cache is down, and reports it", async () => {
    await server.kill();
    const errors0 = await metrics.total(MEMORY_METRICS.cacheErrors);
    const started = performance.now();
    const res = await engine.search({ group: "cg", q: "pnpm", limit: 10, history: false });
    expect(res.episodes.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2000);
    await engine.ingest(note("n3", "The CI runs on GitHub Actions."));
    expect(await metrics.total(MEMORY_METRICS.cacheErrors)).toBeGreaterThan(errors0);
    const health = await engine.health();
    expect(health.ok).toBe(true);
    expect(health.cache.ok).toBe(false);
  });
});
