import { describe, expect, it } from "vitest";
import { rankFused, reciprocalRankFusion } from "./rrf.js";

describe("reciprocal rank fusion", () => {
  it("rewards items that several legs agree on", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["b", "d"],
      ["b", "a"],
    ]);
    expect(rankFused(fused, 10).map((r) => r.id)).toEqual(["b", "a", "d", "c"]);
    expect(fused.get("b")).toBeCloseTo(1 / 62 + 1 / 61 + 1 / 61, 10);
  });

  it("cuts to the limit and tolerates empty legs", () => {
    expect(rankFused(reciprocalRankFusion([[], ["x", "y", "z"]]), 2).map((r) => r.id)).toEqual(["x", "y"]);
    expect(rankFused(reciprocalRankFusion([]), 5)).toEqual([]);
  });
});
