/**
 * Reciprocal rank fusion (Cormack et al.), as Graphiti fuses its BM25, cosine and BFS results:
 * each list contributes 1 / (k + rank) per item, so agreement between legs beats a single strong
 * leg and no leg's raw scores need calibrating against another's.
 */
export const RRF_K = 60;

export function reciprocalRankFusion(
  lists: ReadonlyArray<readonly string[]>,
  k = RRF_K,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return scores;
}

/** Ids by fused score, best first; ties keep first-seen order. */
export function rankFused(scores: Map<string, number>, limit: number): Array<{ id: string; score: number }> {
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
