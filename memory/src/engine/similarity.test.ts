import { describe, expect, it } from "vitest";
import { entropy, FUZZY_THRESHOLD, fuzzyEligible, nameSimilarity } from "./similarity.js";

describe("entity name similarity", () => {
  it("merges near-identical long names and keeps different ones apart", () => {
    expect(nameSimilarity("createmememoryengine", "creatememoryengine")).toBeGreaterThan(0.7);
    expect(nameSimilarity("postgresql database", "postgresql database")).toBe(1);
    expect(nameSimilarity("postgresql", "mysql server")).toBeLessThan(FUZZY_THRESHOLD);
  });

  it("gates short and low-entropy names out of fuzzy matching", () => {
    expect(fuzzyEligible("dgia")).toBe(false);
    expect(fuzzyEligible("aaaaaaaa")).toBe(false);
    expect(fuzzyEligible("typescript")).toBe(true);
    expect(entropy("ab")).toBe(1);
  });
});
