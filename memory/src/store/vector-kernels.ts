/**
 * Numeric kernels shared by the exact scan and the IVF index. Plain loops over Float32Arrays: V8
 * keeps the accumulators in registers, and several independent accumulators let the adds pipeline
 * (a single running sum is about twice as slow on this hardware).
 */

/** Dot product of `q` with the row of `data` starting at `base`. */
export function dotAt(q: Float32Array, data: Float32Array, base: number, dim: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  const tail = dim - (dim % 4);
  let i = 0;
  for (; i < tail; i += 4) {
    d0 += (q[i] as number) * (data[base + i] as number);
    d1 += (q[i + 1] as number) * (data[base + i + 1] as number);
    d2 += (q[i + 2] as number) * (data[base + i + 2] as number);
    d3 += (q[i + 3] as number) * (data[base + i + 3] as number);
  }
  for (; i < dim; i++) d0 += (q[i] as number) * (data[base + i] as number);
  return d0 + d1 + d2 + d3;
}

/** Writes `src` scaled to unit length into `dst` at `offset`; a zero vector stays zero. */
export function normaliseInto(src: Float32Array, dst: Float32Array, offset: number): void {
  let norm = 0;
  for (let i = 0; i < src.length; i++) norm += (src[i] as number) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < src.length; i++) dst[offset + i] = (src[i] as number) * scale;
}

/**
 * For each row (`rows[r]` is a row number into `data`), the index of the centroid with the largest
 * dot product, written to `out[r]`. Two rows against four centroids per pass: each loaded value
 * feeds several multiply-adds, which is about twice the throughput of one dot at a time, and this
 * is what k-means training and bulk assignment spend their time on.
 */
export function assignRows(
  data: Float32Array,
  rows: Int32Array,
  count: number,
  centroids: Float32Array,
  k: number,
  dim: number,
  out: Int32Array,
): void {
  const k4 = k - (k % 4);
  for (let r = 0; r < count; r += 2) {
    const a = (rows[r] as number) * dim;
    // An odd count pairs the last row with itself: cheaper than a second code path.
    const b = (rows[r + 1 < count ? r + 1 : r] as number) * dim;
    let sa = Number.NEGATIVE_INFINITY;
    let sb = Number.NEGATIVE_INFINITY;
    let ia = 0;
    let ib = 0;
    for (let c = 0; c < k4; c += 4) {
      const c0 = c * dim;
      const c1 = c0 + dim;
      const c2 = c1 + dim;
      const c3 = c2 + dim;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let i = 0; i < dim; i++) {
        const x = data[a + i] as number;
        const y = data[b + i] as number;
        const p = centroids[c0 + i] as number;
        const q = centroids[c1 + i] as number;
        const s = centroids[c2 + i] as number;
        const t = centroids[c3 + i] as number;
        a0 += x * p;
        a1 += x * q;
        a2 += x * s;
        a3 += x * t;
        b0 += y * p;
        b1 += y * q;
        b2 += y * s;
        b3 += y * t;
      }
      if (a0 > sa) {
        sa = a0;
        ia = c;
      }
      if (a1 > sa) {
        sa = a1;
        ia = c + 1;
      }
      if (a2 > sa) {
        sa = a2;
        ia = c + 2;
      }
      if (a3 > sa) {
        sa = a3;
        ia = c + 3;
      }
      if (b0 > sb) {
        sb = b0;
        ib = c;
      }
      if (b1 > sb) {
        sb = b1;
        ib = c + 1;
      }
      if (b2 > sb) {
        sb = b2;
        ib = c + 2;
      }
      if (b3 > sb) {
        sb = b3;
        ib = c + 3;
      }
    }
    for (let c = k4; c < k; c++) {
      const da = dotRows(data, a, centroids, c * dim, dim);
      const db = dotRows(data, b, centroids, c * dim, dim);
      if (da > sa) {
        sa = da;
        ia = c;
      }
      if (db > sb) {
        sb = db;
        ib = c;
      }
    }
    out[r] = ia;
    if (r + 1 < count) out[r + 1] = ib;
  }
}

function dotRows(x: Float32Array, xb: number, y: Float32Array, yb: number, dim: number): number {
  let d = 0;
  for (let i = 0; i < dim; i++) d += (x[xb + i] as number) * (y[yb + i] as number);
  return d;
}

/** A bounded min-heap of (row, score): O(n log k) for a scan of n rows, no allocation per offer. */
export class TopK {
  private readonly rows: Int32Array;
  private readonly scores: Float64Array;
  size = 0;

  constructor(private readonly k: number) {
    this.rows = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** The score a new row must beat to enter (minus infinity until full). */
  get floor(): number {
    return this.size < this.k ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }

  offer(row: number, score: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if ((this.scores[p] as number) <= score) break;
        this.rows[i] = this.rows[p] as number;
        this.scores[i] = this.scores[p] as number;
        i = p;
      }
      this.rows[i] = row;
      this.scores[i] = score;
    } else if (score > (this.scores[0] as number)) {
      this.siftDown(row, score);
    }
  }

  /** (row, score) pairs, best first. */
  sorted(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.size; i++) out.push([this.rows[i] as number, this.scores[i] as number]);
    return out.sort((a, b) => b[1] - a[1]);
  }

  private siftDown(row: number, score: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && (this.scores[r] as number) < (this.scores[l] as number) ? r : l;
      if ((this.scores[m] as number) >= score) break;
      this.rows[i] = this.rows[m] as number;
      this.scores[i] = this.scores[m] as number;
      i = m;
    }
    this.rows[i] = row;
    this.scores[i] = score;
  }
}
