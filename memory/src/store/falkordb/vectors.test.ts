import { describe, expect, it } from "vitest";
import { checkCypher } from "./testing.js";
import {
  candidateCount,
  isZeroVector,
  similarity,
  toHits,
  comparable,
  vectorIndexQuery,
  vectorScanQuery,
} from "./vectors.js";

const v = new Float32Array([0.25, -0.5, 1e-8]);

describe("vector queries", () => {
  it("query the HNSW index with vecf32 and recompute cosine distance", () => {
    const q = vectorIndexQuery("Entity", v, 5);
    checkCypher(q);
    expect(q.text).toContain(
      "CALL db.idx.vector.queryNodes('Entity', 'embedding', $k, vecf32([vx IN $vector | vx * 1.0])) YIELD node",
    );
    expect(q.text).toContain(
      "vec.cosineDistance(node.embedding, vecf32([vx IN $vector | vx * 1.0])) AS distance",
    );
    expect(q.text).not.toContain("validAt");
    expect(q.params.k).toBe(5);
    expect(q.params.vector).toEqual(Array.from(v));
    const facts = vectorIndexQuery("Fact", v, 5);
    checkCypher(facts);
    expect(facts.text).toContain(
      "node.validAt AS validAt, node.invalidAt AS invalidAt, node.expiredAt AS expiredAt",
    );
  });

  it("scan exactly over vectors of the query's dimension, with the fact filter", () => {
    const q = vectorScanQuery("Fact", v, { at: "2024-01-01T00:00:00Z" }, 3);
    checkCypher(q);
    expect(q.text).toContain("MATCH (f:Fact) WHERE f.embeddingDim = $dim AND f.validAt <= $at");
    expect(q.text).toContain(
      "vec.cosineDistance(f.embedding, vecf32([vx IN $vector | vx * 1.0])) AS distance",
    );
    expect(q.text).toContain("ORDER BY distance ASC");
    // NaN (a stored vector with no norm) is not equal to itself: such rows never take a slot.
    expect(q.text).toContain("WHERE distance = distance\nRETURN");
    expect(q.params).toMatchObject({ dim: 3, limit: 3, at: "2024-01-01T00:00:00.000Z" });
    const e = vectorScanQuery("Entity", v, null, 2);
    checkCypher(e);
    expect(e.text).toContain("MATCH (n:Entity) WHERE n.embeddingDim = $dim AND true");
  });

  it("coerce integer-valued components to floats inside Cypher, since the client prints 1.0 as 1", () => {
    const q = vectorIndexQuery("Fact", new Float32Array([1, 0, -2]), 3);
    expect(q.params.vector).toEqual([1, 0, -2]);
    expect(q.text.match(/vecf32\(/g)).toHaveLength(2);
    expect(q.text.match(/vecf32\(\[vx IN \$vector \| vx \* 1\.0\]\)/g)).toHaveLength(2);
  });

  it("over-fetch candidates only when a filter will drop some", () => {
    expect(candidateCount(10, false)).toBe(10);
    expect(candidateCount(10, true)).toBe(56);
    expect(candidateCount(10_000, true)).toBe(1_000);
    expect(candidateCount(0, false)).toBe(1);
  });
});

describe("scores", () => {
  it("turn cosine distance into similarity in [-1, 1]", () => {
    expect(similarity(0)).toBe(1);
    expect(similarity(1)).toBe(0);
    expect(similarity(2)).toBe(-1);
    expect(similarity(-1e-7)).toBe(1);
    expect(similarity(2.0000001)).toBe(-1);
  });

  it("rank best first, ties by id, cut at the limit", () => {
    const hits = toHits(
      [
        { id: "b", distance: 0.5 },
        { id: "a", distance: 0.5 },
        { id: "c", distance: 0.1 },
        { id: "d", distance: 1.5 },
      ],
      3,
    );
    expect(hits.map((h) => h.id)).toEqual(["c", "a", "b"]);
    expect(hits[0]?.score).toBeCloseTo(0.9);
    expect(toHits([{ id: "a", distance: 0 }], 0)).toEqual([]);
  });

  it("detects zero vectors (no direction: no neighbours)", () => {
    expect(isZeroVector(new Float32Array(4))).toBe(true);
    expect(isZeroVector(new Float32Array([0, 0, 1e-30]))).toBe(false);
  });

  it("store only vectors with a direction, and drop NaN distances from hits", () => {
    expect(comparable(new Float32Array([0, 0.5]))).toBe(true);
    expect(comparable(new Float32Array(3))).toBe(false);
    expect(comparable(new Float32Array([1, Number.NaN]))).toBe(false);
    expect(comparable(new Float32Array([1, Number.POSITIVE_INFINITY]))).toBe(false);
    expect(comparable(new Float32Array(0))).toBe(false);
    expect(
      toHits(
        [
          { id: "a", distance: Number.NaN },
          { id: "b", distance: 0.5 },
        ],
        5,
      ),
    ).toEqual([{ id: "b", score: 0.5 }]);
  });
});
