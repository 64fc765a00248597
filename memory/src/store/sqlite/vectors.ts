/**
 * Per-group vector indexes over the embeddings stored in SQLite. Loaded lazily on the first vector
 * query of a group (the "cold" cost), kept in step by every commit afterwards, and simply dropped
 * after the rare bulk changes (forget, import, group deletion) to be reloaded on next use.
 */
import type Database from "better-sqlite3";
import { VectorIndex } from "../vector-index.js";
import { blobToVector } from "./rows.js";

type Kind = "entities" | "facts";

export class GroupVectors {
  private loaded = new Map<string, VectorIndex>();

  constructor(private readonly db: Database.Database) {}

  /** The loaded index, or null: callers updating after a write skip unloaded groups. */
  peek(group: string, kind: Kind): VectorIndex | null {
    return this.loaded.get(`${kind}\u0000${group}`) ?? null;
  }

  /** The group's index for vectors of `dimension`, loading it from SQLite when needed. */
  get(group: string, kind: Kind, dimension: number): VectorIndex {
    const name = `${kind}\u0000${group}`;
    const index = this.loaded.get(name);
    if (index && index.dimension === dimension) return index;
    const fresh = this.load(group, kind, dimension);
    this.loaded.set(name, fresh);
    return fresh;
  }

  /** An index built elsewhere from the same rows (fact-scan.ts). */
  adopt(group: string, kind: Kind, index: VectorIndex): void {
    this.loaded.set(`${kind}\u0000${group}`, index);
  }

  drop(group: string): void {
    this.loaded.delete(`entities\u0000${group}`);
    this.loaded.delete(`facts\u0000${group}`);
  }

  dropAll(): void {
    this.loaded.clear();
  }

  private load(group: string, kind: Kind, dimension: number): VectorIndex {
    const index = new VectorIndex(dimension);
    if (kind === "entities") {
      const rows = this.db
        .prepare("SELECT id, embedding FROM entities WHERE grp = ? AND embedding IS NOT NULL")
        .iterate(group) as IterableIterator<{ id: string; embedding: Buffer }>;
      for (const r of rows) index.upsert(r.id, blobToVector(r.embedding));
    } else {
      const rows = this.db
        .prepare(
          "SELECT id, embedding, valid_at, invalid_at, expired_at FROM facts WHERE grp = ? AND embedding IS NOT NULL",
        )
        .iterate(group) as IterableIterator<{
        id: string;
        embedding: Buffer;
        valid_at: string;
        invalid_at: string | null;
        expired_at: string | null;
      }>;
      for (const r of rows) {
        index.upsert(r.id, blobToVector(r.embedding), {
          validAt: r.valid_at,
          invalidAt: r.invalid_at,
          expiredAt: r.expired_at,
        });
      }
    }
    return index;
  }
}
