import { describe, expect, it } from "vitest";
import { HashedEmbedder, hashedVector } from "./hashed.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

describe("HashedEmbedder", () => {
  it("returns unit vectors of the configured dimension, deterministically", async () => {
    const embedder = new HashedEmbedder(64);
    const [a, b] = await embedder.embed(["the project uses Node 22", "the project uses Node 22"]);
    expect(a).toHaveLength(64);
    expect(cosine(a as Float32Array, a as Float32Array)).toBeCloseTo(1, 5);
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
    expect(embedder.name).toBe("hashed-ngrams-v1/64");
  });

  it("ranks lexically related texts above unrelated ones", () => {
    const query = hashedVector("which node version does the project use");
    const related = hashedVector("The project uses Node 22");
    const unrelated = hashedVector("Valkey evicts keys with allkeys-lru");
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
    expect(cosine(hashedVector("app.ts"), hashedVector("src/app.ts"))).toBeGreaterThan(0.5);
  });

  it("maps empty or symbol-only text to the zero vector instead of NaN", () => {
    const v = hashedVector("  --- ***  ");
    expect(Array.from(v).every((x) => x === 0)).toBe(true);
  });
});
