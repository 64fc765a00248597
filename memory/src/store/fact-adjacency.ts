/**
 * Which facts touch an entity, for one group, held in memory: the search's graph leg asks for the
 * newest facts around a few seed entities on every query. Answered from SQLite indexes that was
 * ten index scans, about half a millisecond per search at 100k episodes, and four secondary
 * indexes that every new fact had to be written into at a random place. Here it is a walk back
 * from the end of a few sorted arrays.
 *
 * Per entity, two lists ordered by (validAt, rowid): every fact touching it, and the current ones
 * only, so a hub entity with thousands of superseded facts still answers "current" from its last
 * entries. The rowid breaks ties on validAt the way the store's order does: the later row first.
 */
import type { FactFilter } from "./interface.js";
import { passes } from "./vector-index.js";

export interface FactEdge {
  /** Place in the store's order (SQLite's rowid): ties on validAt go to the later row. */
  readonly rowid: number;
  readonly id: string;
  readonly subjectId: string;
  readonly objectId: string;
  readonly validAt: string;
  readonly invalidAt: string | null;
  readonly expiredAt: string | null;
}

export type EdgeValidity = Pick<FactEdge, "validAt" | "invalidAt" | "expiredAt">;

const isCurrent = (e: EdgeValidity) => e.invalidAt === null && e.expiredAt === null;

/** Ascending (validAt, rowid); ISO timestamps of one canonical form compare as strings. */
const compare = (a: FactEdge, b: FactEdge) =>
  a.validAt < b.validAt ? -1 : a.validAt > b.validAt ? 1 : a.rowid - b.rowid;

export class FactAdjacency {
  private readonly edges = new Map<string, FactEdge>();
  private readonly all = new Map<string, FactEdge[]>();
  private readonly current = new Map<string, FactEdge[]>();

  /**
   * Built from a whole group at once (appended, then each list sorted once), keeping the given
   * edges themselves: the loader makes them for it alone.
   */
  static from(edges: Iterable<FactEdge>): FactAdjacency {
    const graph = new FactAdjacency();
    for (const edge of edges) {
      graph.edges.set(edge.id, edge);
      graph.each(edge, (list) => list.push(edge));
    }
    for (const lists of [graph.all, graph.current]) for (const list of lists.values()) list.sort(compare);
    return graph;
  }

  get size(): number {
    return this.edges.size;
  }

  has(id: string): boolean {
    return this.edges.has(id);
  }

  /** A fact stored for the first time, or stored again with its validity perhaps changed. */
  set(edge: FactEdge): void {
    const known = this.edges.get(edge.id);
    if (known && sameValidity(known, edge)) return;
    if (known) this.each(known, (list) => remove(list, known));
    const kept = { ...edge, rowid: known?.rowid ?? edge.rowid };
    this.edges.set(kept.id, kept);
    this.each(kept, (list) => insert(list, kept));
  }

  /** A stored fact's new validity; false when the fact is not known here. */
  revalidate(id: string, validity: Partial<EdgeValidity>): boolean {
    const known = this.edges.get(id);
    if (!known) return false;
    this.set({ ...known, ...validity });
    return true;
  }

  /**
   * Up to `limit` facts touching any of `entityIds` that pass `filter`, newest first. Each list
   * gives at most its own newest `limit` passing facts: the newest `limit` of the union are
   * among them.
   */
  newest(entityIds: Iterable<string>, filter: FactFilter, limit: number): FactEdge[] {
    if (limit <= 0) return [];
    const lists = filter.at || filter.history ? this.all : this.current;
    const at = filter.at;
    const found = new Set<FactEdge>();
    for (const id of new Set(entityIds)) {
      const list = lists.get(id);
      if (!list) continue;
      // With `at`, facts that began later cannot be true at that instant: start below them.
      let i = at === undefined ? list.length - 1 : lastAtOrBefore(list, at);
      for (let taken = 0; i >= 0 && taken < limit; i--) {
        const edge = list[i] as FactEdge;
        if (!passes(edge, filter)) continue;
        found.add(edge);
        taken++;
      }
    }
    return [...found].sort((a, b) => compare(b, a)).slice(0, limit);
  }

  /** Calls `visit` with every list `edge` belongs in, creating lists as needed. */
  private each(edge: FactEdge, visit: (list: FactEdge[]) => void): void {
    const current = isCurrent(edge);
    visit(listOf(this.all, edge.subjectId));
    if (current) visit(listOf(this.current, edge.subjectId));
    if (edge.objectId === edge.subjectId) return;
    visit(listOf(this.all, edge.objectId));
    if (current) visit(listOf(this.current, edge.objectId));
  }
}

const sameValidity = (a: EdgeValidity, b: EdgeValidity) =>
  a.validAt === b.validAt && a.invalidAt === b.invalidAt && a.expiredAt === b.expiredAt;

function listOf(lists: Map<string, FactEdge[]>, entity: string): FactEdge[] {
  let list = lists.get(entity);
  if (!list) {
    list = [];
    lists.set(entity, list);
  }
  return list;
}

/** First index whose edge sorts after `edge` (binary search; new facts usually land at the end). */
function upperBound(list: FactEdge[], edge: FactEdge): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid] as FactEdge, edge) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(list: FactEdge[], edge: FactEdge): void {
  const at = upperBound(list, edge);
  if (at === list.length) list.push(edge);
  else list.splice(at, 0, edge);
}

function remove(list: FactEdge[], edge: FactEdge): void {
  const at = upperBound(list, edge) - 1;
  if (list[at] === edge) list.splice(at, 1);
}

/** Index of the last edge with validAt <= at, or -1. */
function lastAtOrBefore(list: FactEdge[], at: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as FactEdge).validAt <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
