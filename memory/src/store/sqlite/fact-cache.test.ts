import { describe, expect, it } from "vitest";
import type { Fact } from "../../model/types.js";
import type { Store } from "../interface.js";
import { entity, episode, fact, write } from "../contract.js";
import { FactCache } from "./fact-cache.js";
import { openSqliteStore } from "./index.js";
import { MAX_FACT_EPISODE_IDS } from "./rows.js";

const G = "contract-g";
const T = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const supports = (f: Fact | undefined) => f?.episodeIds;

describe("FactCache", () => {
  it("hands out copies, so a caller sorting a fact's episodes changes nothing kept", () => {
    const cache = new FactCache();
    cache.remember(7, fact("f1", "a", "uses", "b", 1, { episodeIds: ["e2", "e1"] }));
    cache.get(G, "f1")?.episodeIds.sort();
    expect(supports(cache.atRowid(G, 7))).toEqual(["e2", "e1"]);
  });

  it("takes a committed write as the row now stands, episodes capped, and patches invalidations", () => {
    const cache = new FactCache();
    cache.remember(7, fact("f1", "a", "uses", "b", 1));
    const many = Array.from({ length: MAX_FACT_EPISODE_IDS + 4 }, (_, i) => `e${i}`);
    cache.written(fact("f1", "a", "uses", "b", 1, { episodeIds: many }));
    expect(supports(cache.get(G, "f1"))).toEqual(many.slice(-MAX_FACT_EPISODE_IDS));
    cache.invalidated(G, { factId: "f1", invalidAt: T(5), expiredAt: T(6), invalidatedBy: "f2" });
    expect(cache.atRowid(G, 7)).toMatchObject({ invalidAt: T(5), expiredAt: T(6), invalidatedBy: "f2" });
    // A write of a fact never read stays unknown: its rowid is not known here.
    cache.written(fact("f9", "a", "uses", "c", 2));
    expect(cache.get(G, "f9")).toBeUndefined();
  });

  it("forgets everything past its bound rather than grow", () => {
    const cache = new FactCache(2);
    cache.remember(1, fact("f1", "a", "r", "b", 1));
    cache.remember(2, fact("f2", "a", "r", "c", 1));
    cache.remember(3, fact("f3", "a", "r", "d", 1));
    expect(cache.get(G, "f1")).toBeUndefined();
    expect(cache.atRowid(G, 3)?.id).toBe("f3");
  });
});

describe("fact reads of the embedded store stay exact with remembered facts", () => {
  const proj = entity("p", "acme", "project");
  const node18 = entity("n18", "node 18");
  const node22 = entity("n22", "node 22");
  const old = fact("f1", "p", "uses_runtime", "n18", 1);
  const next = fact("f2", "p", "uses_runtime", "n22", 5);
  const read = async (store: Store) => (await store.getFacts(G, ["f1"]))[0];
  const around = async (store: Store) =>
    (await store.factsTouching(G, ["p"], {}, 10)).map((f) => [f.id, f.invalidAt]);

  it("sees re-support, invalidation, a rolled-back batch and forget after the fact was read", async () => {
    const store = openSqliteStore(":memory:");
    await store.commit(write(episode("ep1", 1), [[proj], [node18]], [[old]]));
    expect(supports(await read(store))).toEqual(["ep1"]);
    expect(await around(store)).toEqual([["f1", null]]);

    await store.commit(write(episode("ep2", 2), [[proj], [node18]], [[{ ...old, episodeIds: ["ep1"] }]]));
    expect(supports(await read(store))).toEqual(["ep1", "ep2"]);

    const invalidation = { factId: "f1", invalidAt: T(5), expiredAt: T(6), invalidatedBy: "f2" };
    await expect(
      store.batch?.(async () => {
        await store.commit(write(episode("ep3", 5), [[node22]], [[next]], [invalidation]));
        expect((await read(store))?.invalidAt).toBe(T(5));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await read(store))?.invalidAt).toBeNull();
    expect(await around(store)).toEqual([["f1", null]]);

    await store.commit(write(episode("ep3", 5), [[node22]], [[next]], [invalidation]));
    expect((await read(store))?.invalidAt).toBe(T(5));
    expect(await around(store)).toEqual([["f2", null]]);

    expect(await store.forgetEpisode(G, "ep3")).toBe(true);
    expect((await read(store))?.invalidAt).toBeNull();
    expect(await around(store)).toEqual([["f1", null]]);
    await store.close();
  });

  it("returns every fact it read even when remembering them reaches the cache's bound", async () => {
    const store = openSqliteStore(":memory:", { factCacheEntries: 2 });
    const objects = Array.from({ length: 5 }, (_, i) => entity(`o${i}`, `dep ${i}`));
    const facts = objects.map((o, i) => fact(`d${i}`, "p", "depends_on", o.id, i + 1));
    await store.commit(
      write(
        episode("ep1", 1),
        [[proj], ...objects.map((o): [typeof o] => [o])],
        facts.map((f): [Fact] => [f]),
      ),
    );
    expect((await store.factsTouching(G, ["p"], {}, 10)).map((f) => f.id)).toEqual([
      "d4",
      "d3",
      "d2",
      "d1",
      "d0",
    ]);
    expect((await store.getFacts(G, ["d0", "d1", "d2", "d3", "d4"])).map((f) => f.id)).toEqual([
      "d0",
      "d1",
      "d2",
      "d3",
      "d4",
    ]);
    await store.close();
  });
});
