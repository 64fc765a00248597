/**
 * Writes handed to the writer thread and not yet committed. The main connection cannot see them,
 * so the reads an ingest makes inside its batch (was this episode stored, which entity holds this
 * key, which facts share this subject and predicate) merge them over what SQLite returns: exactly
 * what the same reads would return once the batch has committed.
 */
import type { Entity, Fact, IngestResult } from "../../model/types.js";
import type { FactInvalidation, IngestWrite } from "../interface.js";
import { MAX_FACT_EPISODE_IDS } from "./rows.js";

interface PendingGroup {
  results: Map<string, IngestResult>;
  /** Latest written version of each entity, in first-write order (new ones: rowid order). */
  entities: Map<string, Entity>;
  facts: Map<string, Fact>;
  /** Invalidations of facts this batch did not otherwise write. */
  invalidations: Map<string, FactInvalidation>;
  writes: IngestWrite[];
}

export class PendingWrites {
  private readonly groups = new Map<string, PendingGroup>();

  record(write: IngestWrite): void {
    const g = this.group(write.episode.group);
    g.writes.push(write);
    g.results.set(write.episode.id, write.result);
    for (const { entity } of write.entities) g.entities.set(entity.id, entity);
    for (const { fact } of write.facts) {
      // What the row will hold: the episode list is capped the way the store caps it.
      g.facts.set(fact.id, { ...fact, episodeIds: fact.episodeIds.slice(-MAX_FACT_EPISODE_IDS) });
      g.invalidations.delete(fact.id);
    }
    for (const inv of write.invalidations) {
      const fact = g.facts.get(inv.factId);
      const change = { invalidAt: inv.invalidAt, expiredAt: inv.expiredAt, invalidatedBy: inv.invalidatedBy };
      if (fact) g.facts.set(inv.factId, { ...fact, ...change });
      else g.invalidations.set(inv.factId, inv);
    }
  }

  has(group: string): boolean {
    return this.groups.has(group);
  }

  writes(group: string): readonly IngestWrite[] {
    return this.groups.get(group)?.writes ?? [];
  }

  result(group: string, episodeId: string): IngestResult | undefined {
    return this.groups.get(group)?.results.get(episodeId);
  }

  entityCount(group: string): number {
    return this.groups.get(group)?.entities.size ?? 0;
  }

  entity(group: string, id: string): Entity | undefined {
    return this.groups.get(group)?.entities.get(id);
  }

  /**
   * Stored entities (in the store's order) with their pending versions, those that no longer
   * `match` removed and pending ones that do appended: what the query returns after the commit.
   */
  mergeEntities(group: string, stored: readonly Entity[], match: (e: Entity) => boolean): Entity[] {
    const g = this.groups.get(group);
    return g ? merge(stored, g.entities, (e) => g.entities.get(e.id) ?? e, match) : [...stored];
  }

  fact(group: string, id: string): Fact | undefined {
    return this.groups.get(group)?.facts.get(id);
  }

  /** As mergeEntities, for facts (a stored fact may also just have been invalidated). */
  mergeFacts(group: string, stored: readonly Fact[], match: (f: Fact) => boolean): Fact[] {
    const g = this.groups.get(group);
    if (!g) return [...stored];
    const current = (f: Fact): Fact => {
      const inv = g.invalidations.get(f.id);
      return (
        g.facts.get(f.id) ??
        (inv
          ? { ...f, invalidAt: inv.invalidAt, expiredAt: inv.expiredAt, invalidatedBy: inv.invalidatedBy }
          : f)
      );
    };
    return merge(stored, g.facts, current, match);
  }

  private group(name: string): PendingGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { results: new Map(), entities: new Map(), facts: new Map(), invalidations: new Map(), writes: [] };
      this.groups.set(name, g);
    }
    return g;
  }
}

function merge<T extends { id: string }>(
  stored: readonly T[],
  pending: ReadonlyMap<string, T>,
  current: (stored: T) => T,
  match: (x: T) => boolean,
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of stored) {
    seen.add(x.id);
    const now = current(x);
    if (match(now)) out.push(now);
  }
  for (const x of pending.values()) if (!seen.has(x.id) && match(x)) out.push(x);
  return out;
}
