/**
 * Fuzzy name matching for entity resolution, after Graphiti's dedup: character-trigram Jaccard
 * with an entropy gate, so long distinctive names that differ by a typo or a suffix merge, while
 * short or repetitive names ("DGIA", "db", "aaaa") only ever match exactly.
 */
export function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Shannon entropy (bits per character) of a string. */
export function entropy(text: string): number {
  if (!text) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Graphiti's thresholds: names under 6 characters or below 1.5 bits/char match exactly only. */
const MIN_FUZZY_LENGTH = 6;
const MIN_FUZZY_ENTROPY = 1.5;
export const FUZZY_THRESHOLD = 0.9;

export function fuzzyEligible(key: string): boolean {
  return key.length >= MIN_FUZZY_LENGTH && entropy(key) >= MIN_FUZZY_ENTROPY;
}

export function nameSimilarity(a: string, b: string): number {
  return jaccard(trigrams(a), trigrams(b));
}
