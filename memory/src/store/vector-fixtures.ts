/**
 * Data for the vector index's tests and benchmark (not used by the service): clustered random
 * vectors, hashed embeddings of generated coding-session text, and a tie-aware recall@k.
 */
import { codingSessions, recallQueries } from "../../bench/generator.js";
import { hashedVector } from "../embed/hashed.js";
import type { Hit } from "./interface.js";
import { mulberry32 } from "../seeded-random.js";

export interface VectorSet {
  rows: Float32Array[];
  queries: Float32Array[];
}

export interface TextSet extends VectorSet {
  texts: string[];
  queryTexts: string[];
}

/** Gaussian points around `clusters` random centres: the shape real embedding sets have. */
export function clusteredVectors(
  n: number,
  queries: number,
  dim: number,
  clusters = 200,
  seed = 1,
): VectorSet {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, gauss));
  const point = () => {
    const c = centres[Math.floor(random() * clusters)] as Float32Array;
    return Float32Array.from(c, (x) => x + 0.9 * gauss());
  };
  return {
    rows: Array.from({ length: n }, point),
    queries: Array.from({ length: queries }, point),
  };
}

/** Hashed n-gram embeddings of generated episodes (deduplicated) and of plausible recall queries. */
export function hashedTexts(n: number, queries: number, dim: number): TextSet {
  const texts = new Set<string>();
  for (const ep of codingSessions(n * 3, { seed: 11 })) {
    texts.add(ep.content);
    if (texts.size >= n) break;
  }
  const qs = recallQueries(queries).map((x) => x.q);
  return {
    texts: [...texts],
    queryTexts: qs,
    rows: [...texts].map((t) => hashedVector(t, dim)),
    queries: qs.map((t) => hashedVector(t, dim)),
  };
}

/**
 * Share of the exact top-k the approximate answer found. Tie-aware: generated text repeats, so any
 * hit scoring at least the exact k-th score counts (ids alone would punish equally good answers).
 */
export function recallAtK(exact: Hit[], approx: Hit[]): number {
  if (exact.length === 0) return approx.length === 0 ? 1 : 0;
  const kth = (exact[exact.length - 1] as Hit).score - 1e-6;
  const found = approx.filter((h) => h.score >= kth).length;
  return Math.min(found, exact.length) / exact.length;
}
