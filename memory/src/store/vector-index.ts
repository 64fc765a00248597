/**
 * An in-memory nearest-neighbour index for one group's entity or fact vectors. Vectors are
 * normalised once on insert and packed into one growable Float32Array. Small indexes answer by an
 * exact scan; once an index passes `trainAt` rows (a few thousand), the first query trains an IVF
 * coarse quantiser (vector-ivf.ts) and later queries scan only the rows filed under the query's
 * nearest centroids, then rank those exactly: about a tenth of the work at ~0.98 recall@10. Rows
 * carry their validity so fact filters apply before ranking, not after; `at`/`history` queries
 * (rare) and queries the lists cannot fill fall back to the exact scan.
 */
import type { FactFilter, Hit } from "./interface.js";
import { ColumnStore } from "./vector-columns.js";
import { InvertedLists } from "./vector-ivf.js";
import { dotAt, normaliseInto, TopK } from "./vector-kernels.js";

export interface VectorMeta {
  validAt?: string;
  invalidAt?: string | null;
  expiredAt?: string | null;
}

/** Tuning knobs; the defaults are what the benchmark (bench/vector-index.bench.ts) settled on. */
export interface VectorIndexOptions {
  /** Live rows from which queries go through the IVF lists; below it every query is exact. */
  trainAt?: number;
  /** Lists = round(listsPerSqrt * sqrt(rows)). */
  listsPerSqrt?: number;
  /** Lists probed per query, before scaling up for filters that reject most rows. */
  probes?: number;
  samplePerList?: number;
  iterations?: number;
}

const DEFAULTS: Required<VectorIndexOptions> = {
  trainAt: 4096,
  listsPerSqrt: 1,
  probes: 10,
  samplePerList: 16,
  iterations: 6,
};

/**
 * Queries with at most 1/SPARSE_FRACTION non-zero dimensions take the exact sparse path
 * (vector-columns.ts): hashed embeddings of anything up to a long sentence. Model embeddings are
 * dense and never do.
 */
const SPARSE_FRACTION = 2;
/** Below this many rows an exact scan is as quick as building and keeping the lists. */
const SPARSE_MIN_ROWS = 1024;

export class VectorIndex {
  private data: Float32Array;
  private ids: (string | null)[] = [];
  private meta: VectorMeta[] = [];
  /** 1 when the row passes the default filter (a current fact, or a row without validity). */
  private current = new Uint8Array(1024);
  private currentCount = 0;
  private slots = new Map<string, number>();
  private free = 0;
  private ivf: InvertedLists | null = null;
  private columns: ColumnStore | null = null;
  /** Rows scored by the last query (centroids included): the work an approximate query saved. */
  scanned = 0;
  private readonly options: Required<VectorIndexOptions>;

  constructor(
    readonly dimension: number,
    capacity = 1024,
    options: VectorIndexOptions = {},
  ) {
    this.data = new Float32Array(dimension * capacity);
    this.options = { ...DEFAULTS, ...options };
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Whether queries currently go through the IVF lists (for tests and the benchmark). */
  get approximate(): boolean {
    return this.ivf !== null;
  }

  /** Insert or replace. A vector of another dimension is ignored (the engine guards dimensions). */
  upsert(id: string, vector: Float32Array, meta: VectorMeta = {}): void {
    if (vector.length !== this.dimension) return;
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      if ((slot + 1) * this.dimension > this.data.length) this.grow();
      this.ids.push(id);
      this.meta.push(meta);
      this.slots.set(id, slot);
    } else {
      this.meta[slot] = meta;
    }
    this.markCurrent(slot, meta);
    normaliseInto(vector, this.data, slot * this.dimension);
    if (this.columns && slot < this.columns.capacity) this.columns.set(this.data, slot);
    else this.columns = null;
    // A trained index files the row right away (one pass over the centroids, tens of µs).
    this.ivf?.add(this.data, slot);
  }

  setMeta(id: string, meta: VectorMeta): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.meta[slot] = meta;
    this.markCurrent(slot, meta);
  }

  private markCurrent(slot: number, meta: VectorMeta): void {
    if (slot >= this.current.length) {
      const next = new Uint8Array(Math.max(this.current.length * 2, slot + 1));
      next.set(this.current);
      this.current = next;
    }
    const flag = passes(meta, {}) ? 1 : 0;
    this.currentCount += flag - (this.current[slot] as number);
    this.current[slot] = flag;
  }

  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.slots.delete(id);
    this.ids[slot] = null;
    this.currentCount -= this.current[slot] as number;
    this.current[slot] = 0;
    this.ivf?.remove(slot);
    this.free++;
    if (this.free > 256 && this.free > this.ids.length / 4) this.compact();
  }

  /**
   * Builds now what the first query would otherwise build in its own time: the per-dimension lists
   * for sparse (hashed) vectors, the IVF lists for dense ones (tens to hundreds of ms at 16k rows).
   * The server's warm-up calls it; queries build the same on demand when it was not called.
   */
  prepare(): void {
    if (this.looksSparse()) {
      if (this.ids.length >= SPARSE_MIN_ROWS) this.ensureColumns();
    } else if (this.size >= this.options.trainAt && this.listsOutgrown()) {
      this.train();
    }
  }

  /** No IVF lists yet, or the index has doubled since they were trained: (re)train before use. */
  private listsOutgrown(): boolean {
    return !this.ivf || this.size >= 2 * this.ivf.trainedRows;
  }

  /** Whether the first live rows have at most 1/SPARSE_FRACTION non-zero dimensions, as queries must. */
  private looksSparse(): boolean {
    let rows = 0;
    let nonZero = 0;
    for (let slot = 0; slot < this.ids.length && rows < 16; slot++) {
      if (this.ids[slot] === null) continue;
      rows++;
      for (let i = slot * this.dimension, end = i + this.dimension; i < end; i++)
        if (this.data[i] !== 0) nonZero++;
    }
    return rows > 0 && (nonZero / rows) * SPARSE_FRACTION <= this.dimension;
  }

  private ensureColumns(): ColumnStore {
    const capacity = this.data.length / this.dimension;
    if (!this.columns || this.columns.capacity !== capacity || this.columns.stale) {
      this.columns = new ColumnStore(this.dimension, capacity, this.data, this.ids.length);
    }
    return this.columns;
  }

  /** Cosine similarity, best first; `filter` applies fact validity to rows that carry it. */
  nearest(query: Float32Array, limit: number, filter?: FactFilter): Hit[] {
    if (query.length !== this.dimension || limit <= 0) return [];
    const q = new Float32Array(query.length);
    normaliseInto(query, q, 0);
    let nonZero = 0;
    for (let i = 0; i < q.length; i++) if (q[i] !== 0) nonZero++;
    if (nonZero === 0) return [];
    // A sparse query (hashed embeddings) is scored exactly from the per-dimension lists.
    if (nonZero * SPARSE_FRACTION <= this.dimension && this.ids.length >= SPARSE_MIN_ROWS) {
      return this.hits(this.sparseTop(q, nonZero, limit, filter));
    }

    // `at`/`history` need the metadata of every row; they are rare, so they scan exactly.
    const metaFilter = filter !== undefined && (Boolean(filter.at) || Boolean(filter.history));
    const currentOnly = filter !== undefined && !metaFilter;
    if (!metaFilter) {
      const eligible = currentOnly ? this.currentCount : this.size;
      if (eligible === 0) return [];
      const top = this.approximateTop(q, limit, currentOnly, eligible);
      if (top) return this.hits(top);
    }
    return this.hits(this.exactTop(q, limit, filter, currentOnly));
  }

  /** The IVF answer, or null when the index is small or the lists could not fill `limit`. */
  private approximateTop(
    q: Float32Array,
    limit: number,
    currentOnly: boolean,
    eligible: number,
  ): TopK | null {
    const live = this.size;
    const { trainAt, probes } = this.options;
    if (live < trainAt) {
      this.ivf = null;
      return null;
    }
    if (this.listsOutgrown()) this.train();
    const ivf = this.ivf as InvertedLists;
    // When the filter rejects most rows, probe proportionally more lists to see as many candidates.
    const nprobe = Math.ceil((probes * live) / eligible);
    if (2 * nprobe >= ivf.nlist) return null;
    const top = new TopK(limit);
    const dim = this.dimension;
    const data = this.data;
    const current = this.current;
    let scanned = ivf.nlist;
    for (const list of ivf.probe(q, nprobe)) {
      const rows = ivf.list(list);
      for (let j = 0; j < rows.length; j++) {
        const slot = rows[j] as number;
        if (currentOnly && current[slot] !== 1) continue;
        top.offer(slot, dotAt(q, data, slot * dim, dim));
        scanned++;
      }
    }
    this.scanned = scanned;
    return top.size < Math.min(limit, eligible) ? null : top;
  }

  private sparseTop(q: Float32Array, nonZero: number, limit: number, filter: FactFilter | undefined): TopK {
    const dims = new Int32Array(nonZero);
    const weights = new Float32Array(nonZero);
    for (let i = 0, j = 0; i < q.length; i++) {
      if (q[i] === 0) continue;
      dims[j] = i;
      weights[j++] = q[i] as number;
    }
    const n = this.ids.length;
    const scores = this.ensureColumns().score(dims, weights, n);
    const currentOnly = filter !== undefined && !filter.at && !filter.history;
    const current = this.current;
    const top = new TopK(limit);
    for (let slot = 0; slot < n; slot++) {
      const score = scores[slot] as number;
      if (score <= top.floor || this.ids[slot] === null) continue;
      if (currentOnly) {
        if (current[slot] !== 1) continue;
      } else if (filter && !passes(this.meta[slot] as VectorMeta, filter)) continue;
      top.offer(slot, score);
    }
    this.scanned = nonZero;
    return top;
  }

  private exactTop(
    q: Float32Array,
    limit: number,
    filter: FactFilter | undefined,
    currentOnly: boolean,
  ): TopK {
    const top = new TopK(limit);
    const dim = this.dimension;
    const data = this.data;
    const n = this.ids.length;
    const current = this.current;
    let scanned = 0;
    for (let slot = 0; slot < n; slot++) {
      if (this.ids[slot] === null) continue;
      if (currentOnly) {
        if (current[slot] !== 1) continue;
      } else if (filter && !passes(this.meta[slot] as VectorMeta, filter)) continue;
      top.offer(slot, dotAt(q, data, slot * dim, dim));
      scanned++;
    }
    this.scanned = scanned;
    return top;
  }

  private hits(top: TopK): Hit[] {
    return top.sorted().map(([slot, score]) => ({ id: this.ids[slot] as string, score }));
  }

  private train(): void {
    const rows = new Int32Array(this.size);
    let r = 0;
    for (let slot = 0; slot < this.ids.length; slot++) if (this.ids[slot] !== null) rows[r++] = slot;
    const { listsPerSqrt, samplePerList, iterations } = this.options;
    this.ivf = InvertedLists.train(this.data, rows, this.dimension, this.ids.length, {
      lists: Math.max(8, Math.round(listsPerSqrt * Math.sqrt(rows.length))),
      samplePerList,
      iterations,
      seed: rows.length,
    });
  }

  private grow(): void {
    const next = new Float32Array(Math.max(this.data.length * 2, this.dimension * 1024));
    next.set(this.data);
    this.data = next;
  }

  private compact(): void {
    const ids: (string | null)[] = [];
    const meta: VectorMeta[] = [];
    const data = new Float32Array(this.data.length);
    const current = new Uint8Array(this.current.length);
    const moved = new Int32Array(this.ids.length).fill(-1);
    this.slots.clear();
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot];
      if (id == null) continue;
      const to = ids.length;
      data.set(this.data.subarray(slot * this.dimension, (slot + 1) * this.dimension), to * this.dimension);
      ids.push(id);
      meta.push(this.meta[slot] as VectorMeta);
      this.slots.set(id, to);
      current[to] = this.current[slot] as number;
      moved[slot] = to;
    }
    this.ids = ids;
    this.meta = meta;
    this.data = data;
    this.current = current;
    this.free = 0;
    this.ivf?.renumber(moved, ids.length);
    this.columns = null;
  }
}

/** Same semantics as the store's FactFilter; rows without validity (entities) always pass. */
export function passes(meta: VectorMeta, filter: FactFilter): boolean {
  if (meta.validAt === undefined || filter.history) return true;
  if (filter.at) return meta.validAt <= filter.at && (meta.invalidAt == null || meta.invalidAt > filter.at);
  return meta.invalidAt == null && meta.expiredAt == null;
}
