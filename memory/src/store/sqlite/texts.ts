/**
 * Per-group full-text indexes over the rows stored in SQLite, built the same way as the vector
 * indexes: read and tokenised on a group's first text query (the "cold" cost), kept in step by
 * every commit afterwards, and dropped after the rare bulk changes (forget, import, group
 * deletion, a rolled-back batch) to be rebuilt on next use. SQLite stays the only copy of the data.
 */
import type Database from "better-sqlite3";
import { TextIndex } from "../text-index.js";
import { groupRowsInOrder } from "./statements.js";

export type TextKind = "episodes" | "facts" | "entities";

/** Rows in insertion order, so slots (and recency tie-breaks) follow rowid. */
const LOAD: Record<TextKind, string> = {
  episodes: groupRowsInOrder("episodes", "id, content AS text, kind"),
  facts: groupRowsInOrder("facts", "id, text, valid_at, invalid_at, expired_at"),
  entities: groupRowsInOrder("entities", "id, name || ' ' || summary AS text"),
};

interface LoadRow {
  id: string;
  text: string;
  kind?: string;
  valid_at?: string;
  invalid_at?: string | null;
  expired_at?: string | null;
}

export class GroupTexts {
  private loaded = new Map<string, TextIndex>();

  constructor(private readonly db: Database.Database) {}

  /** The loaded index, or null: commits skip groups nobody has searched yet. */
  peek(group: string, kind: TextKind): TextIndex | null {
    return this.loaded.get(`${kind}\u0000${group}`) ?? null;
  }

  get(group: string, kind: TextKind): TextIndex {
    const name = `${kind}\u0000${group}`;
    let index = this.loaded.get(name);
    if (!index) {
      index = this.load(group, kind);
      this.loaded.set(name, index);
    }
    return index;
  }

  /** An index built elsewhere from the same rows (fact-scan.ts). */
  adopt(group: string, kind: TextKind, index: TextIndex): void {
    this.loaded.set(`${kind}\u0000${group}`, index);
  }

  drop(group: string): void {
    for (const kind of Object.keys(LOAD)) this.loaded.delete(`${kind}\u0000${group}`);
  }

  dropAll(): void {
    this.loaded.clear();
  }

  private load(group: string, kind: TextKind): TextIndex {
    const index = new TextIndex();
    for (const r of this.db.prepare(LOAD[kind]).iterate(group) as IterableIterator<LoadRow>) {
      const meta =
        kind === "facts"
          ? { validAt: r.valid_at, invalidAt: r.invalid_at ?? null, expiredAt: r.expired_at ?? null }
          : kind === "episodes"
            ? { kind: r.kind }
            : {};
      index.upsert(r.id, r.text, meta);
    }
    return index;
  }
}
