import { describe, expect, it } from "vitest";
import { FactAdjacency, type FactEdge } from "./fact-adjacency.js";
import type { FactFilter } from "./interface.js";

const T = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the SQL filter says, applied to every edge: the answer the adjacency must give. */
function bruteForce(edges: Iterable<FactEdge>, seeds: string[], filter: FactFilter, limit: number): string[] {
  const passes = (e: FactEdge) =>
    filter.at
      ? e.validAt <= filter.at && (e.invalidAt === null || e.invalidAt > filter.at)
      : filter.history || (e.invalidAt === null && e.expiredAt === null);
  return [...edges]
    .filter((e) => (seeds.includes(e.subjectId) || seeds.includes(e.objectId)) && passes(e))
    .sort((a, b) => (a.validAt < b.validAt ? 1 : a.validAt > b.validAt ? -1 : b.rowid - a.rowid))
    .slice(0, limit)
    .map((e) => e.id);
}

const edge = (rowid: number, subjectId: string, objectId: string, validAt: string): FactEdge => ({
  rowid,
  id: `f${rowid}`,
  subjectId,
  objectId,
  validAt,
  invalidAt: null,
  expiredAt: null,
});

describe("FactAdjacency", () => {
  it("answers as the filter applied to every fact would, through inserts and validity changes", () => {
    const next = random(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] as T;
    const entities = Array.from({ length: 8 }, (_, i) => `e${i}`);
    const truth = new Map<string, FactEdge>();
    const graph = new FactAdjacency();
    const check = (g: FactAdjacency) => {
      for (let q = 0; q < 20; q++) {
        const seeds = entities.filter(() => next() < 0.3);
        const filter: FactFilter = pick([{}, { history: true }, { at: T(Math.floor(next() * 60)) }]);
        const limit = 1 + Math.floor(next() * 12);
        expect(g.newest(seeds, filter, limit).map((e) => e.id)).toEqual(
          bruteForce(truth.values(), seeds, filter, limit),
        );
      }
    };
    for (let rowid = 1; rowid <= 400; rowid++) {
      // Times mostly rise with rows, with ties and late (out-of-order) facts among them.
      const validAt = T(Math.max(0, Math.floor(rowid / 8) - Math.floor(next() * next() * 20)));
      const added = edge(rowid, pick(entities), pick(entities), validAt);
      truth.set(added.id, added);
      graph.set(added);
      if (next() < 0.3) {
        const target = pick([...truth.values()]);
        const change =
          next() < 0.2
            ? { invalidAt: null, expiredAt: null }
            : { invalidAt: T(Math.floor(rowid / 8) + 1), expiredAt: next() < 0.5 ? T(70) : null };
        truth.set(target.id, { ...target, ...change });
        expect(graph.revalidate(target.id, change)).toBe(true);
      }
      if (next() < 0.05) {
        // Stored again with a moved start: it changes places in every list it is in.
        const target = pick([...truth.values()]);
        const moved = { ...target, validAt: T(Math.floor(next() * 55)) };
        truth.set(target.id, moved);
        graph.set({ ...moved, rowid: 0 });
      }
      if (rowid % 50 === 0) check(graph);
    }
    expect(graph.size).toBe(truth.size);
    check(FactAdjacency.from(truth.values()));
  });

  it("gives a fact linking an entity to itself once, and ignores facts of unknown entities", () => {
    const graph = FactAdjacency.from([edge(1, "a", "a", T(1)), edge(2, "a", "b", T(2))]);
    expect(graph.newest(["a", "b", "nobody"], {}, 10).map((e) => e.id)).toEqual(["f2", "f1"]);
    expect(graph.newest(["nobody"], { history: true }, 10)).toEqual([]);
    expect(graph.newest(["a"], {}, 0)).toEqual([]);
  });

  it("keeps the current facts of a hub at the end of a short list, whatever it superseded", () => {
    const graph = new FactAdjacency();
    for (let r = 1; r <= 5000; r++) {
      graph.set(edge(r, "hub", `o${r}`, T(r)));
      if (r > 1) graph.revalidate(`f${r - 1}`, { invalidAt: T(r), expiredAt: T(r) });
    }
    expect(graph.newest(["hub"], {}, 5).map((e) => e.id)).toEqual(["f5000"]);
    expect(graph.newest(["hub"], { history: true }, 2).map((e) => e.id)).toEqual(["f5000", "f4999"]);
    expect(graph.newest(["hub"], { at: T(10) }, 5).map((e) => e.id)).toEqual(["f10"]);
    expect(graph.revalidate("unknown", { invalidAt: null })).toBe(false);
  });
});
