/**
 * Nearest-neighbour queries. The HNSW index (`db.idx.vector.queryNodes`) finds candidates; their
 * distance is recomputed with `vec.cosineDistance` (1 - cosine, in [0, 2]), so the score we return
 * does not depend on how a server version reports index scores. The index cannot filter, so fact
 * candidates are over-fetched and filtered here; when the filter leaves too few and the index may
 * hold more, or when there is no usable index (no vectors yet, another dimension), an exact scan
 * over the group's vectors of that dimension answers instead.
 */
import type { FactFilter, Hit } from "../interface.js";
import { type Cypher, cypher, vecf32, vectorParam } from "./cypher.js";
import { factFilter } from "./reads.js";
import type { VectorLabel } from "./schema.js";

/** Enough extra candidates that an ordinary validity filter rarely forces the exact scan. */
export function candidateCount(limit: number, filtered: boolean): number {
  const k = Math.max(1, Math.floor(limit));
  return Math.min(filtered ? k * 4 + 16 : k, 1_000);
}

export function vectorIndexQuery(label: VectorLabel, vector: Float32Array, k: number): Cypher {
  const validity =
    label === "Fact"
      ? ", node.validAt AS validAt, node.invalidAt AS invalidAt, node.expiredAt AS expiredAt"
      : "";
  return cypher(
    `CALL db.idx.vector.queryNodes('${label}', 'embedding', $k, ${vecf32("$vector")}) YIELD node
RETURN node.uuid AS id, vec.cosineDistance(node.embedding, ${vecf32("$vector")}) AS distance${validity}`,
    { k, vector: vectorParam(vector) },
  );
}

export function vectorScanQuery(
  label: VectorLabel,
  vector: Float32Array,
  filter: FactFilter | null,
  limit: number,
): Cypher {
  const alias = label === "Fact" ? "f" : "n";
  const f = filter ? factFilter(filter) : { where: "true", params: {} };
  return cypher(
    `MATCH (${alias}:${label}) WHERE ${alias}.embeddingDim = $dim AND ${f.where}
WITH ${alias}, vec.cosineDistance(${alias}.embedding, ${vecf32("$vector")}) AS distance
WHERE distance = distance
RETURN ${alias}.uuid AS id, distance ORDER BY distance ASC, ${alias}.seq ASC LIMIT $limit`,
    { dim: vector.length, vector: vectorParam(vector), limit: Math.max(0, Math.floor(limit)), ...f.params },
  );
}

/** Cosine similarity in [-1, 1] from a cosine distance. */
export function similarity(distance: number): number {
  return Math.max(-1, Math.min(1, 1 - distance));
}

/** Hits best first (ties by id, so results are stable), at most `limit`. */
export function toHits(rows: Array<{ id: string; distance: number }>, limit: number): Hit[] {
  return rows
    .filter((r) => Number.isFinite(r.distance))
    .map((r) => ({ id: r.id, score: similarity(r.distance) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, limit));
}

/** A vector with a direction: not empty, not all zeros, every component finite. */
export function comparable(v: Float32Array): boolean {
  let any = false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) return false;
    if (x !== 0) any = true;
  }
  return any;
}

export function isZeroVector(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
