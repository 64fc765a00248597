/**
 * Facts remembered between requests, by id and by rowid. Every search reads a few dozen whole
 * facts (the graph leg's newest ones around its seed entities, then the ranked ones it did not
 * read); each costs a statement call and twelve columns turned into strings, about 10 µs, a third
 * of the graph leg's time. Recall touches the same facts of a project again and again.
 *
 * Kept exact the way the entity cache is: a commit replaces the facts it wrote (with the episode
 * list capped as the row caps it) and patches the ones it invalidated; the rare bulk changes
 * (forget, import, group deletion, a rolled-back batch) drop the group.
 */
import type { Fact } from "../../model/types.js";
import type { FactInvalidation } from "../interface.js";
import { MAX_FACT_EPISODE_IDS } from "./rows.js";

/** Bound on remembered facts over all groups; past it all is forgotten and refilled. */
const MAX_ENTRIES = 100_000;

interface GroupFacts {
  byId: Map<string, { rowid: number; fact: Fact }>;
  byRowid: Map<number, Fact>;
}

export class FactCache {
  private groups = new Map<string, GroupFacts>();
  private size = 0;

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** A copy: callers own what a store read returns, and may sort or change it. */
  get(group: string, id: string): Fact | undefined {
    return copy(this.groups.get(group)?.byId.get(id)?.fact);
  }

  atRowid(group: string, rowid: number): Fact | undefined {
    return copy(this.groups.get(group)?.byRowid.get(rowid));
  }

  /** Remember a fact read from the store, with its rowid. */
  remember(rowid: number, fact: Fact): Fact {
    if (this.size >= this.maxEntries) this.dropAll();
    let g = this.groups.get(fact.group);
    if (!g) {
      g = { byId: new Map(), byRowid: new Map() };
      this.groups.set(fact.group, g);
    }
    if (!g.byId.has(fact.id)) this.size++;
    const kept = own(fact);
    g.byId.set(fact.id, { rowid, fact: kept });
    g.byRowid.set(rowid, kept);
    return fact;
  }

  /** A committed write of a whole fact: the row now holds exactly this (episodes capped). */
  written(fact: Fact): void {
    const known = this.groups.get(fact.group)?.byId.get(fact.id);
    if (known)
      this.replace(fact.group, known.rowid, {
        ...fact,
        episodeIds: fact.episodeIds.slice(-MAX_FACT_EPISODE_IDS),
      });
  }

  invalidated(group: string, inv: FactInvalidation): void {
    const known = this.groups.get(group)?.byId.get(inv.factId);
    if (known)
      this.replace(group, known.rowid, {
        ...known.fact,
        invalidAt: inv.invalidAt,
        expiredAt: inv.expiredAt,
        invalidatedBy: inv.invalidatedBy,
      });
  }

  drop(group: string): void {
    const g = this.groups.get(group);
    if (!g) return;
    this.size -= g.byId.size;
    this.groups.delete(group);
  }

  dropAll(): void {
    this.groups.clear();
    this.size = 0;
  }

  private replace(group: string, rowid: number, fact: Fact): void {
    const g = this.groups.get(group);
    if (!g) return;
    const kept = own(fact);
    g.byId.set(fact.id, { rowid, fact: kept });
    g.byRowid.set(rowid, kept);
  }
}

/** The cache's own copy, which no caller holds. */
const own = (fact: Fact): Fact => ({ ...fact, episodeIds: [...fact.episodeIds] });
const copy = (fact: Fact | undefined): Fact | undefined => (fact ? own(fact) : undefined);
