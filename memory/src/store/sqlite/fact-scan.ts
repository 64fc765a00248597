/**
 * One pass over a group's fact rows builds every fact index the group is missing: full text,
 * vectors and the adjacency. Each read on its own goes through every fact row, embedding
 * included, which is most of a group's cold start (about 0.1-0.3 s per pass at 100k episodes);
 * a search needs all three, so they are read together.
 */
import type Database from "better-sqlite3";
import { FactAdjacency, type FactEdge } from "../fact-adjacency.js";
import { TextIndex } from "../text-index.js";
import { VectorIndex } from "../vector-index.js";
import { blobToVector } from "./rows.js";
import { groupRowsInOrder } from "./statements.js";

type ScanRow = [number, string, string, string, string, string, string | null, string | null, Buffer | null];

/** Rows in insertion order: the text index's slots and the adjacency's ties follow rowid. */
const scanSql = (embeddings: boolean) =>
  groupRowsInOrder(
    "facts",
    `rowid, id, subject_id, object_id, text, valid_at, invalid_at, expired_at, ${embeddings ? "embedding" : "NULL"}`,
  );

/** Rows of room past a loaded group's facts before its vector index grows. */
const GROW_ROOM = 1024;

const rowCount = (db: Database.Database, group: string) =>
  (db.prepare("SELECT count(*) FROM facts WHERE grp = ?").pluck().get(group) as number) ?? 0;

export interface FactIndexes {
  text?: TextIndex;
  /** Absent when the group holds no embedding: its dimension is not known yet. */
  vectors?: VectorIndex;
  adjacency?: FactAdjacency;
}

export function scanFacts(
  db: Database.Database,
  group: string,
  want: { text: boolean; vectors: boolean; adjacency: boolean },
): FactIndexes {
  const text = want.text ? new TextIndex() : undefined;
  let vectors: VectorIndex | undefined;
  const edges: FactEdge[] = [];
  // Sized once from the count (an index read): growing a 16k-row index by doubling copied and
  // zero-filled about 60 MiB, a third of the vector load at 100k episodes.
  const capacity = want.vectors ? rowCount(db, group) + GROW_ROOM : 0;
  const rows = db.prepare(scanSql(want.vectors)).raw(true).iterate(group) as IterableIterator<ScanRow>;
  for (const [rowid, id, subjectId, objectId, body, validAt, invalidAt, expiredAt, embedding] of rows) {
    const validity = { validAt, invalidAt, expiredAt };
    text?.upsert(id, body, validity);
    if (embedding) {
      vectors ??= new VectorIndex(embedding.byteLength / 4, capacity);
      vectors.upsert(id, blobToVector(embedding), validity);
    }
    if (want.adjacency) edges.push({ rowid, id, subjectId, objectId, ...validity });
  }
  return {
    ...(text ? { text } : {}),
    ...(vectors ? { vectors } : {}),
    ...(want.adjacency ? { adjacency: FactAdjacency.from(edges) } : {}),
  };
}
