import { describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { clusteredVectors, hashedTexts, recallAtK } from "./vector-fixtures.js";
import { VectorIndex } from "./vector-index.js";

const v = (...xs: number[]) => Float32Array.from(xs);

function bruteForce(rows: Map<string, Float32Array>, q: Float32Array, k: number) {
  const cos = (a: Float32Array, b: Float32Array) => {
    let d = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      d += (a[i] as number) * (b[i] as number);
      na += (a[i] as number) ** 2;
      nb += (b[i] as number) ** 2;
    }
    return d / Math.sqrt(na * nb);
  };
  return [...rows]
    .map(([id, x]) => ({ id, score: cos(x, q) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** Two indexes with the same options holding the same rows: one to prepare, one left as it is. */
function twins(dim: number, trainAt: number, rows: Float32Array[]): [VectorIndex, VectorIndex] {
  const pair: [VectorIndex, VectorIndex] = [
    new VectorIndex(dim, 1024, { trainAt }),
    new VectorIndex(dim, 1024, { trainAt }),
  ];
  rows.forEach((r, i) => {
    for (const index of pair) index.upsert(`r${i}`, r);
  });
  return pair;
}

describe("VectorIndex", () => {
  it("ranks by cosine similarity", () => {
    const idx = new VectorIndex(2);
    idx.upsert("east", v(1, 0));
    idx.upsert("north", v(0, 5));
    idx.upsert("ne", v(3, 3));
    const hits = idx.nearest(v(2, 0.1), 2);
    expect(hits.map((h) => h.id)).toEqual(["east", "ne"]);
    expect(hits[0]?.score).toBeCloseTo(0.9988, 3);
  });

  it("matches a brute-force scan through growth, replacement, deletion and compaction", () => {
    const idx = new VectorIndex(8, 4);
    const rows = new Map<string, Float32Array>();
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    for (let i = 0; i < 3000; i++) {
      const id = `r${i % 1200}`;
      if (i % 5 === 4) {
        idx.delete(id);
        rows.delete(id);
      } else {
        const x = Float32Array.from({ length: 8 }, rnd);
        idx.upsert(id, x);
        rows.set(id, x);
      }
    }
    expect(idx.size).toBe(rows.size);
    for (let t = 0; t < 20; t++) {
      const q = Float32Array.from({ length: 8 }, rnd);
      const got = idx.nearest(q, 10);
      const want = bruteForce(rows, q, 10);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
    }
  });

  it("applies fact validity before ranking", () => {
    const idx = new VectorIndex(2);
    idx.upsert("old", v(1, 0), { validAt: "2024-01-01", invalidAt: "2024-06-01", expiredAt: "2024-06-02" });
    idx.upsert("new", v(0.9, 0.1), { validAt: "2024-06-01", invalidAt: null, expiredAt: null });
    expect(idx.nearest(v(1, 0), 5, {}).map((h) => h.id)).toEqual(["new"]);
    expect(idx.nearest(v(1, 0), 5, { at: "2024-03-01" }).map((h) => h.id)).toEqual(["old"]);
    expect(idx.nearest(v(1, 0), 5, { history: true }).map((h) => h.id)).toEqual(["old", "new"]);
    idx.setMeta("old", { validAt: "2024-01-01", invalidAt: null, expiredAt: null });
    expect(idx.nearest(v(1, 0), 5, {}).map((h) => h.id)).toEqual(["old", "new"]);
  });

  it("ignores zero and wrong-dimension vectors", () => {
    const idx = new VectorIndex(3);
    idx.upsert("bad", v(1, 2));
    expect(idx.size).toBe(0);
    idx.upsert("a", v(1, 0, 0));
    expect(idx.nearest(v(0, 0, 0), 3)).toEqual([]);
    expect(idx.nearest(v(1, 0), 3)).toEqual([]);
  });
});

describe("VectorIndex at scale (IVF lists and sparse columns)", () => {
  const ids = (hits: { id: string }[]) => hits.map((h) => h.id);
  const exactOf = (rows: Float32Array[], dim: number) => {
    const exact = new VectorIndex(dim, 1024, { trainAt: Number.POSITIVE_INFINITY });
    rows.forEach((r, i) => {
      exact.upsert(`r${i}`, r);
    });
    return exact;
  };

  it("keeps recall@10 >= 0.95 on 20k clustered vectors while scanning a fraction of them", () => {
    const set = clusteredVectors(20_000, 100, 256);
    const exact = exactOf(set.rows, 256);
    const ivf = new VectorIndex(256);
    set.rows.forEach((r, i) => {
      ivf.upsert(`r${i}`, r);
    });
    let recall = 0;
    let scanned = 0;
    for (const q of set.queries) {
      recall += recallAtK(exact.nearest(q, 10), ivf.nearest(q, 10));
      scanned += ivf.scanned;
    }
    expect(ivf.approximate).toBe(true);
    expect(recall / set.queries.length).toBeGreaterThanOrEqual(0.95);
    expect(scanned / set.queries.length).toBeLessThan(20_000 / 5);
  });

  it("keeps recall@10 >= 0.95 on hashed embeddings of generated coding sessions", async () => {
    const texts = hashedTexts(8_000, 100, 256);
    const embedder = new HashedEmbedder(256);
    const set = { rows: await embedder.embed(texts.texts), queries: await embedder.embed(texts.queryTexts) };
    const exact = exactOf(set.rows, 256);
    const index = new VectorIndex(256);
    set.rows.forEach((r, i) => {
      index.upsert(`r${i}`, r);
    });
    let recall = 0;
    for (const q of set.queries) recall += recallAtK(exact.nearest(q, 10, {}), index.nearest(q, 10, {}));
    expect(recall / set.queries.length).toBeGreaterThanOrEqual(0.95);
    // Dense queries (long texts) go through the trained lists and must hold up too.
    let dense = 0;
    const long = set.rows.slice(0, 50);
    for (const q of long) dense += recallAtK(exact.nearest(q, 10), index.nearest(q, 10));
    expect(dense / long.length).toBeGreaterThanOrEqual(0.9);
  });

  it("scores sparse (hashed) queries exactly, through row replacements and rebuilds", async () => {
    const texts = hashedTexts(5_000, 60, 256);
    const embedder = new HashedEmbedder(256);
    const rows = await embedder.embed(texts.texts);
    const queries = await embedder.embed(texts.queryTexts);
    const exact = exactOf(rows, 256);
    const index = new VectorIndex(256);
    rows.forEach((r, i) => {
      index.upsert(`r${i}`, r);
    });
    // Same scores in the same order; among equal scores (copied vectors) either id may come first,
    const same = (q: Float32Array) => {
      const want = exact.nearest(q, 10);
      const got = index.nearest(q, 10);
      // Float32 sums in another order: equal to within rounding.
      expect(got).toHaveLength(want.length);
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(want[i]?.score ?? Number.NaN, 4);
      });
      const scoreOf = new Map(exact.nearest(q, 50).map((h) => [h.id, h.score]));
      for (const h of got) expect(scoreOf.get(h.id)).toBeCloseTo(h.score, 4);
    };
    for (const q of queries) same(q);
    // Replace rows with other rows' vectors: first a few (scored from the row data), then enough
    // to make the lists stale and rebuilt.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < (round === 0 ? 50 : 1_500); i++) {
        const id = `r${(i * 7 + round) % rows.length}`;
        const v = rows[(i * 13 + 5) % rows.length] as Float32Array;
        index.upsert(id, v);
        exact.upsert(id, v);
      }
      for (const q of queries) same(q);
    }
  });

  it("answers exactly below the training threshold", () => {
    const set = clusteredVectors(3_000, 30, 64);
    const exact = exactOf(set.rows, 64);
    const index = new VectorIndex(64);
    set.rows.forEach((r, i) => {
      index.upsert(`r${i}`, r);
    });
    for (const q of set.queries) expect(index.nearest(q, 10)).toEqual(exact.nearest(q, 10));
    expect(index.approximate).toBe(false);
  });

  it("prepare() trains a dense index before its first query, to the answers a query-trained one gives", () => {
    const set = clusteredVectors(3_000, 30, 64);
    const [prepared, onDemand] = twins(64, 2_000, set.rows);
    prepared.prepare();
    expect(prepared.approximate).toBe(true);
    expect(onDemand.approximate).toBe(false);
    for (const q of set.queries) expect(prepared.nearest(q, 10)).toEqual(onDemand.nearest(q, 10));
  });

  it("prepare() keeps a sparse (hashed) index exact and its answers unchanged", () => {
    const set = hashedTexts(2_000, 20, 256);
    const [prepared, plain] = twins(256, 1_000, set.rows);
    prepared.prepare();
    expect(prepared.approximate).toBe(false);
    for (const q of set.queries) expect(prepared.nearest(q, 10)).toEqual(plain.nearest(q, 10));
    // Rows written after prepare() are found too.
    prepared.upsert("late", set.queries[0] as Float32Array);
    expect(prepared.nearest(set.queries[0] as Float32Array, 1)[0]?.id).toBe("late");
  });

  it("respects deletes, replacements and validity changes after training", () => {
    const set = clusteredVectors(6_000, 40, 64, 50, 3);
    const meta = { validAt: "2026-01-01", invalidAt: null, expiredAt: null };
    const index = new VectorIndex(64, 1024, { trainAt: 2_000 });
    const vectors = new Map(set.rows.map((r, i) => [`r${i}`, r]));
    set.rows.forEach((r, i) => {
      index.upsert(`r${i}`, r, meta);
    });
    index.nearest(set.queries[0] as Float32Array, 10, {});
    expect(index.approximate).toBe(true);
    for (const [t, q] of set.queries.entries()) {
      const [first, second] = index.nearest(q, 10, {});
      if (!first || !second) throw new Error("expected hits");
      if (t % 3 === 0) {
        index.delete(first.id);
        vectors.delete(first.id);
        expect(ids(index.nearest(q, 10, {}))).not.toContain(first.id);
      } else if (t % 3 === 1) {
        index.setMeta(first.id, { ...meta, invalidAt: "2026-02-01", expiredAt: "2026-02-01" });
        expect(ids(index.nearest(q, 10, {}))).not.toContain(first.id);
        expect(ids(index.nearest(q, 10, { history: true }))).toContain(first.id);
        expect(ids(index.nearest(q, 10, { at: "2026-01-15" }))).toContain(first.id);
      } else {
        // Replacing a row's vector with the query itself must make it the best hit.
        index.upsert(second.id, q, meta);
        vectors.set(second.id, q);
        expect(index.nearest(q, 1, {})[0]?.id).toBe(second.id);
      }
    }
    // Deleting most rows compacts the store; the lists must follow the renumbered rows.
    for (let i = 0; i < 3_500; i++) {
      index.delete(`r${i}`);
      vectors.delete(`r${i}`);
    }
    expect(index.size).toBe(vectors.size);
    expect(index.approximate).toBe(true);
    const exact = exactOf([], 64);
    for (const [id, x] of vectors) exact.upsert(id, x);
    let recall = 0;
    for (const q of set.queries) {
      const got = index.nearest(q, 10);
      expect(got.every((h) => index.has(h.id))).toBe(true);
      recall += recallAtK(exact.nearest(q, 10), got);
    }
    expect(recall / set.queries.length).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps filter semantics on the approximate path", () => {
    const set = clusteredVectors(5_000, 20, 32, 20, 5);
    const index = new VectorIndex(32, 1024, { trainAt: 1_000 });
    const exact = new VectorIndex(32, 1024, { trainAt: Number.POSITIVE_INFINITY });
    set.rows.forEach((r, i) => {
      // Nine in ten rows superseded: the lists must still return `limit` current hits.
      const m = { validAt: "2026-01-01", invalidAt: i % 10 ? "2026-03-01" : null, expiredAt: null };
      index.upsert(`r${i}`, r, m);
      exact.upsert(`r${i}`, r, m);
    });
    for (const q of set.queries) {
      const got = index.nearest(q, 10, {});
      expect(got).toHaveLength(10);
      expect(got.every((h) => Number(h.id.slice(1)) % 10 === 0)).toBe(true);
      expect(index.nearest(q, 10, { at: "2026-02-01" })).toEqual(exact.nearest(q, 10, { at: "2026-02-01" }));
      expect(index.nearest(q, 10, { history: true })).toEqual(exact.nearest(q, 10, { history: true }));
    }
  });
});
