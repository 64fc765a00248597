import { describe, expect, it } from "vitest";
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
