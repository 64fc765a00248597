import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "../store/sqlite/driver.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { createMemoryEngine } from "./engine.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "warm-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seeded(path: string) {
  const engine = createMemoryEngine({ store: openSqliteStore(path), embedder: new HashedEmbedder() });
  for (const group of ["alpha", "beta"])
    await engine.ingest({ id: `${group}-1`, group, kind: "note", content: `${group} deploys with pulumi` });
  await engine.close();
}

describe("warming the search indexes", () => {
  it("loads every group's indexes before the first query asks", async () => {
    const path = join(dir, "m.db");
    await seeded(path);
    const store = openSqliteStore(path);
    const engine = createMemoryEngine({ store, embedder: new HashedEmbedder() });
    expect(await engine.warm()).toMatchObject({ groups: 2 });
    // Rows removed behind the store's back still answer from memory: the index was built before.
    const raw = new Database(path);
    raw.prepare("DELETE FROM episodes WHERE grp = 'beta'").run();
    raw.close();
    expect((await store.searchEpisodes("beta", "pulumi", null, 5)).map((h) => h.id)).toEqual(["beta-1"]);
    await engine.close();
  });

  it("warms the most recently active group first", async () => {
    const path = join(dir, "m.db");
    const writer = createMemoryEngine({ store: openSqliteStore(path), embedder: new HashedEmbedder() });
    for (const [group, month] of [
      ["zeta", "01"],
      ["alpha", "03"],
      ["mid", "02"],
    ] as const)
      await writer.ingest({
        group,
        kind: "note",
        content: "deploys",
        occurredAt: `2026-${month}-01T00:00:00.000Z`,
      });
    await writer.close();
    const store = openSqliteStore(path);
    const warmed: string[] = [];
    const warmGroup = store.warm?.bind(store);
    store.warm = async (group, dimension) => {
      warmed.push(group);
      await warmGroup?.(group, dimension);
    };
    const engine = createMemoryEngine({ store, embedder: new HashedEmbedder() });
    await engine.warm();
    expect(warmed).toEqual(["alpha", "mid", "zeta"]);
    await engine.close();
  });

  it("runs its warm-up recalls past the recall metrics: they are not the user's", async () => {
    const path = join(dir, "m.db");
    await seeded(path);
    const metrics = new Metrics();
    const engine = createMemoryEngine({
      store: openSqliteStore(path),
      embedder: new HashedEmbedder(),
      metrics,
    });
    await engine.warm();
    expect(metrics.quantiles(MEMORY_METRICS.recallLatency)).toBeNull();
    await engine.search({ group: "alpha", q: "pulumi", limit: 10, history: false });
    expect(metrics.quantiles(MEMORY_METRICS.recallLatency)).not.toBeNull();
    await engine.close();
  });

  it("stops at the next group once the engine closes", async () => {
    const path = join(dir, "m.db");
    await seeded(path);
    const engine = createMemoryEngine({ store: openSqliteStore(path), embedder: new HashedEmbedder() });
    const warming = engine.warm();
    await engine.close();
    expect((await warming).groups).toBeLessThan(2);
  });
});
