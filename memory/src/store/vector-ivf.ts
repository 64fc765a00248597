/**
 * An inverted-file (IVF) coarse quantiser over the rows of a VectorIndex: spherical k-means
 * centroids trained on a sample, every row filed under its nearest centroid, and a query scanning
 * only the rows filed under its best few centroids. Rows stay where the VectorIndex keeps them;
 * the lists hold row numbers, so upserts, deletes and compaction only move integers.
 */
import { mulberry32 } from "../seeded-random.js";
import { assignRows, dotAt, normaliseInto, TopK } from "./vector-kernels.js";

export interface TrainOptions {
  lists: number;
  /** Training rows per list; k-means quality flattens out past a few dozen. */
  samplePerList: number;
  iterations: number;
  seed: number;
}

export class InvertedLists {
  private members: Int32Array[];
  private counts: Int32Array;
  /** Per row: its list, or -1 when the row is not filed (free or deleted). */
  private listOf: Int32Array;
  /** Per row: its position inside its list, for O(1) removal. */
  private pos: Int32Array;

  private constructor(
    readonly dim: number,
    readonly nlist: number,
    readonly centroids: Float32Array,
    /** Live rows when trained: the index retrains once it has grown well past this. */
    readonly trainedRows: number,
    capacity: number,
  ) {
    this.members = Array.from({ length: nlist }, () => new Int32Array(16));
    this.counts = new Int32Array(nlist);
    this.listOf = new Int32Array(capacity).fill(-1);
    this.pos = new Int32Array(capacity);
  }

  /** Trains centroids on a sample of `rows` (row numbers into `data`) and files every row. */
  static train(
    data: Float32Array,
    rows: Int32Array,
    dim: number,
    capacity: number,
    options: TrainOptions,
  ): InvertedLists {
    const n = rows.length;
    const nlist = Math.max(1, Math.min(options.lists, n));
    const random = mulberry32(options.seed);
    // A partial Fisher-Yates shuffle: the first `sampleSize` entries become a uniform sample.
    const shuffled = rows.slice();
    const sampleSize = Math.min(n, Math.max(nlist, nlist * options.samplePerList));
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = shuffled[i] as number;
      shuffled[i] = shuffled[j] as number;
      shuffled[j] = t;
    }
    const sample = shuffled.subarray(0, sampleSize);
    const centroids = kmeans(data, sample, dim, nlist, options.iterations, random);
    const lists = new InvertedLists(dim, nlist, centroids, n, capacity);
    const assignment = new Int32Array(n);
    assignRows(data, rows, n, centroids, nlist, dim, assignment);
    for (let r = 0; r < n; r++) lists.file(rows[r] as number, assignment[r] as number);
    return lists;
  }

  /** Files a row (already normalised in `data`) under its nearest centroid, moving it if filed. */
  add(data: Float32Array, row: number): void {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    const dim = this.dim;
    const vector = data.subarray(row * dim, row * dim + dim);
    for (let c = 0; c < this.nlist; c++) {
      const s = dotAt(vector, this.centroids, c * dim, dim);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    }
    this.remove(row);
    this.file(row, best);
  }

  remove(row: number): void {
    if (row >= this.listOf.length) return;
    const list = this.listOf[row] as number;
    if (list < 0) return;
    const members = this.members[list] as Int32Array;
    const at = this.pos[row] as number;
    const last = (this.counts[list] as number) - 1;
    const moved = members[last] as number;
    members[at] = moved;
    this.pos[moved] = at;
    this.counts[list] = last;
    this.listOf[row] = -1;
  }

  /** The `nprobe` lists whose centroids are most similar to the (normalised) query, best first. */
  probe(q: Float32Array, nprobe: number): number[] {
    const top = new TopK(Math.min(nprobe, this.nlist));
    for (let c = 0; c < this.nlist; c++) top.offer(c, dotAt(q, this.centroids, c * this.dim, this.dim));
    return top.sorted().map(([c]) => c);
  }

  /** The rows filed under `list` (a view: valid until the next change). */
  list(list: number): Int32Array {
    return (this.members[list] as Int32Array).subarray(0, this.counts[list] as number);
  }

  /** After the owner compacts its rows: `moved[old]` is the new row number of every filed row. */
  renumber(moved: Int32Array, capacity: number): void {
    const listOf = new Int32Array(capacity).fill(-1);
    const pos = new Int32Array(capacity);
    for (let l = 0; l < this.nlist; l++) {
      const members = this.members[l] as Int32Array;
      const count = this.counts[l] as number;
      for (let j = 0; j < count; j++) {
        const row = moved[members[j] as number] as number;
        members[j] = row;
        listOf[row] = l;
        pos[row] = j;
      }
    }
    this.listOf = listOf;
    this.pos = pos;
  }

  private file(row: number, list: number): void {
    if (row >= this.listOf.length) {
      const size = Math.max(this.listOf.length * 2, row + 1);
      const listOf = new Int32Array(size).fill(-1);
      listOf.set(this.listOf);
      const pos = new Int32Array(size);
      pos.set(this.pos);
      this.listOf = listOf;
      this.pos = pos;
    }
    let members = this.members[list] as Int32Array;
    const count = this.counts[list] as number;
    if (count === members.length) {
      const grown = new Int32Array(members.length * 2);
      grown.set(members);
      members = grown;
      this.members[list] = members;
    }
    members[count] = row;
    this.counts[list] = count + 1;
    this.listOf[row] = list;
    this.pos[row] = count;
  }
}

/** Spherical k-means (centroids kept at unit length, similarity = dot) over the sample rows. */
function kmeans(
  data: Float32Array,
  sample: Int32Array,
  dim: number,
  k: number,
  iterations: number,
  random: () => number,
): Float32Array {
  const centroids = new Float32Array(k * dim);
  // The sample is already shuffled, so its first k rows are a random initialisation.
  for (let c = 0; c < k; c++) {
    const row = sample[c] as number;
    centroids.set(data.subarray(row * dim, row * dim + dim), c * dim);
  }
  const n = sample.length;
  const assignment = new Int32Array(n);
  const sums = new Float32Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < iterations; it++) {
    assignRows(data, sample, n, centroids, k, dim, assignment);
    sums.fill(0);
    counts.fill(0);
    for (let r = 0; r < n; r++) {
      const c = assignment[r] as number;
      counts[c] = (counts[c] as number) + 1;
      const from = (sample[r] as number) * dim;
      const to = c * dim;
      for (let i = 0; i < dim; i++) sums[to + i] = (sums[to + i] as number) + (data[from + i] as number);
    }
    for (let c = 0; c < k; c++) {
      const sum = sums.subarray(c * dim, c * dim + dim);
      let norm = 0;
      for (let i = 0; i < dim; i++) norm += (sum[i] as number) ** 2;
      if (counts[c] === 0 || norm === 0) {
        // An empty list is wasted probing: reseed it on a random sample row.
        const row = sample[Math.floor(random() * n)] as number;
        centroids.set(data.subarray(row * dim, row * dim + dim), c * dim);
      } else {
        normaliseInto(sum, centroids, c * dim);
      }
    }
  }
  return centroids;
}
