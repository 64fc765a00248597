/**
 * Per-group fact adjacency (../fact-adjacency.ts) over the facts stored in SQLite, loaded the way
 * the text and vector indexes are: on a group's first graph query (one scan of its facts), kept
 * in step by every commit afterwards, and dropped after the rare bulk changes (forget, import,
 * group deletion, a rolled-back batch) to be rebuilt on next use.
 */
import type Database from "better-sqlite3";
import type { Fact } from "../../model/types.js";
import type { FactAdjacency } from "../fact-adjacency.js";
import type { FactInvalidation } from "../interface.js";
import { scanFacts } from "./fact-scan.js";

export class GroupAdjacency {
  private loaded = new Map<string, FactAdjacency>();

  constructor(private readonly db: Database.Database) {}

  peek(group: string): FactAdjacency | null {
    return this.loaded.get(group) ?? null;
  }

  /** A graph built elsewhere from the same rows (fact-scan.ts). */
  adopt(group: string, graph: FactAdjacency): void {
    this.loaded.set(group, graph);
  }

  get(group: string): FactAdjacency {
    let graph = this.loaded.get(group);
    if (!graph) {
      graph = scanFacts(this.db, group, { text: false, vectors: false, adjacency: true })
        .adjacency as FactAdjacency;
      this.loaded.set(group, graph);
    }
    return graph;
  }

  /**
   * A committed fact. A new one comes with the rowid its insert got; one stored before is known
   * already, unless the group was loaded without it, which only a bug would cause: then the group
   * is dropped and rebuilt from SQLite rather than answer from a graph missing a fact.
   */
  written(fact: Fact, rowid: number | undefined): void {
    const graph = this.loaded.get(fact.group);
    if (!graph) return;
    if (rowid === undefined && !graph.has(fact.id)) {
      this.loaded.delete(fact.group);
      return;
    }
    graph.set({
      rowid: rowid ?? 0,
      id: fact.id,
      subjectId: fact.subjectId,
      objectId: fact.objectId,
      validAt: fact.validAt,
      invalidAt: fact.invalidAt,
      expiredAt: fact.expiredAt,
    });
  }

  invalidated(group: string, inv: FactInvalidation): void {
    const graph = this.loaded.get(group);
    if (graph && !graph.revalidate(inv.factId, { invalidAt: inv.invalidAt, expiredAt: inv.expiredAt }))
      this.loaded.delete(group);
  }

  drop(group: string): void {
    this.loaded.delete(group);
  }

  dropAll(): void {
    this.loaded.clear();
  }
}
