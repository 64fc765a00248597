/**
 * The default embedder: feature hashing of word unigrams and character trigrams into a fixed-size,
 * L2-normalised vector. No model, no download, deterministic, microseconds per text. It captures
 * lexical and sub-word similarity (`app.ts` ~ `src/app.ts`, `invalidate` ~ `invalidated`), which is
 * what the vector leg of hybrid search needs offline; OpenAI-compatible embeddings replace it in
 * production for semantic similarity.
 */
import type { Embedder } from "../engine/ports.js";

const DEFAULT_DIMENSION = 256;
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;

/** FNV-1a 32-bit: fast, well-spread, dependency-free. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addFeature(vector: Float32Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  // The top bit picks the sign so colliding features cancel rather than pile up.
  const sign = hash & 0x80000000 ? -1 : 1;
  const index = hash % vector.length;
  vector[index] = (vector[index] ?? 0) + sign * weight;
}

export function hashedVector(text: string, dimension = DEFAULT_DIMENSION): Float32Array {
  const vector = new Float32Array(dimension);
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  for (const word of words) {
    addFeature(vector, `w:${word}`, WORD_WEIGHT);
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(vector, padded.slice(i, i + 3), TRIGRAM_WEIGHT);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  }
  return vector;
}

export class HashedEmbedder implements Embedder {
  readonly name: string;
  constructor(readonly dimension = DEFAULT_DIMENSION) {
    this.name = `hashed-ngrams-v1/${dimension}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => hashedVector(text, this.dimension));
  }
}
