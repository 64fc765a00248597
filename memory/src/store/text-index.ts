/**
 * An in-memory BM25 index over one group's episodes, facts or entities: the full-text leg of
 * hybrid search. Per group, so a small project's matches never queue behind a big one's; every
 * match is scored (no recency window), and a term's document frequency is the length of its
 * posting list, where SQLite FTS5's bm25() re-reads every posting of every query term on each
 * query to count it. Rows carry their validity (facts) or kind (episodes) so filters apply before
 * ranking. Slots are handed out in insertion order: on equal scores the newer row wins.
 */
import type { FactFilter, Hit } from "./interface.js";
import { textTerms, queryTerms } from "./text-terms.js";
import { passes, type VectorMeta } from "./vector-index.js";
import { TopK } from "./vector-kernels.js";

export interface TextMeta extends VectorMeta {
  /** Episode kind, for the kind filter. */
  kind?: string;
}

export interface TextFilter {
  facts?: FactFilter;
  kind?: string | null;
}

/** BM25 constants as Lucene and FTS5 use them. */
const K1 = 1.2;
const B = 0.75;

class Postings {
  slots = new Int32Array(4);
  tfs = new Uint16Array(4);
  n = 0;

  push(slot: number, tf: number): void {
    if (this.n === this.slots.length) {
      const slots = new Int32Array(this.n * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(this.n * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.n] = slot;
    this.tfs[this.n] = Math.min(tf, 0xffff);
    this.n++;
  }
}

export class TextIndex {
  private ids: (string | null)[] = [];
  /**
   * Per slot, typed so the scoring loop reads flat memory: the row's length in terms (-1 once
   * removed), and 1 when it passes the default filter (a current fact, or a row without validity),
   * so a search for current facts skips the rest before scoring them.
   */
  private lengths = new Int32Array(1024);
  private current = new Uint8Array(1024);
  private meta: TextMeta[] = [];
  private slots = new Map<string, number>();
  private postings = new Map<string, Postings>();
  private totalLength = 0;
  private dead = 0;
  /** Per-slot score accumulator, reused by every query (zeroed again as it is read). */
  private scratch = new Float64Array(0);

  get size(): number {
    return this.slots.size;
  }

  upsert(id: string, text: string, meta: TextMeta = {}): void {
    this.remove(id);
    const slot = this.ids.length;
    const terms = textTerms(text);
    if (slot === this.lengths.length) this.grow();
    this.ids.push(id);
    this.lengths[slot] = terms.length;
    this.current[slot] = passes(meta, {}) ? 1 : 0;
    this.meta.push(meta);
    this.slots.set(id, slot);
    this.totalLength += terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.postings.get(t);
      if (!p) {
        p = new Postings();
        this.postings.set(t, p);
      }
      p.push(slot, n);
    }
  }

  /** New validity for a stored row (an invalidated fact); no-op for an unknown id. */
  setMeta(id: string, meta: TextMeta): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const merged = { ...this.meta[slot], ...meta };
    this.meta[slot] = merged;
    this.current[slot] = passes(merged, {}) ? 1 : 0;
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.slots.delete(id);
    this.ids[slot] = null;
    this.totalLength -= this.lengths[slot] as number;
    this.lengths[slot] = -1;
    this.dead++;
    // Dead entries only cost query time; drop them once they are as many as the live ones.
    if (this.dead > 1024 && this.dead > this.slots.size) this.compact();
  }

  search(query: string, limit: number, filter: TextFilter = {}): Hit[] {
    const live = this.slots.size;
    if (limit <= 0 || live === 0) return [];
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    if (this.scratch.length < this.ids.length) this.scratch = new Float64Array(this.ids.length * 2);
    const scratch = this.scratch;
    const avgLength = Math.max(this.totalLength / live, 1);
    const touched: number[] = [];
    const { lengths, current } = this;
    // The common filters read the typed flags inside the loop; the rest check each scored row.
    const currentOnly = !filter.kind && !!filter.facts && !filter.facts.at && !filter.facts.history;
    const checkEach = !!filter.kind || (!!filter.facts && !currentOnly);
    for (const t of terms) {
      const p = this.postings.get(t);
      if (!p) continue;
      const df = Math.min(p.n, live);
      // Lucene's IDF: never negative, so a word in most rows still counts a little.
      const idf = Math.log(1 + (live - df + 0.5) / (df + 0.5));
      const { slots, tfs, n } = p;
      for (let i = 0; i < n; i++) {
        const slot = slots[i] as number;
        const length = lengths[slot] as number;
        if (length < 0 || (currentOnly && current[slot] === 0)) continue;
        const tf = tfs[i] as number;
        const norm = K1 * (1 - B + (B * length) / avgLength);
        const sum = scratch[slot] as number;
        if (sum === 0) touched.push(slot);
        scratch[slot] = sum + (idf * tf * (K1 + 1)) / (tf + norm);
      }
    }
    const top = new TopK(limit);
    const slotScale = 1e-12;
    for (const slot of touched) {
      const score = scratch[slot] as number;
      scratch[slot] = 0;
      if (checkEach && !this.accepts(slot, filter)) continue;
      // A hair of recency breaks ties toward the newer row without reordering real differences.
      top.offer(slot, score * (1 + slot * slotScale));
    }
    return top.sorted().map(([slot, score]) => ({ id: this.ids[slot] as string, score }));
  }

  private accepts(slot: number, filter: TextFilter): boolean {
    const meta = this.meta[slot] as TextMeta;
    if (filter.kind && meta.kind !== filter.kind) return false;
    return filter.facts ? passes(meta, filter.facts) : true;
  }

  private grow(): void {
    const lengths = new Int32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const current = new Uint8Array(this.current.length * 2);
    current.set(this.current);
    this.current = current;
  }

  private compact(): void {
    for (const [t, p] of this.postings) {
      let w = 0;
      for (let i = 0; i < p.n; i++) {
        const slot = p.slots[i] as number;
        if (this.ids[slot] === null) continue;
        p.slots[w] = slot;
        p.tfs[w] = p.tfs[i] as number;
        w++;
      }
      p.n = w;
      if (w === 0) this.postings.delete(t);
    }
    this.dead = 0;
  }
}
