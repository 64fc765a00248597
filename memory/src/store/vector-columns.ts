/**
 * Per-dimension lists of the rows that are non-zero there, for sparse queries. Hashed n-gram
 * embeddings are sparse on both sides: a query ("why does token fail") sets a few dozen of 256
 * dimensions and a stored fact about as many, so a row's exact score is the sum over the
 * dimensions both share, and the work is the length of the query dimensions' lists: several times
 * less than a column scan and tens of times less than scoring every row. Dense (model) embeddings
 * never take this path, so it is built on the first sparse query, not before.
 *
 * A row replaced after it was listed is scored directly from the row data instead (its listed
 * entries would be stale); once such rows are many, the owner rebuilds.
 */
export class ColumnStore {
  private readonly rowsOf: Int32Array[];
  private readonly valuesOf: Float32Array[];
  private readonly counts: Int32Array;
  private scores: Float32Array;
  private data: Float32Array;
  /** Rows listed so far (rows are listed in order, each once). */
  private listed = 0;
  /** Rows replaced after they were listed: scored from the row data. */
  private readonly replaced = new Set<number>();

  /** Lists the first `rows` rows of `data` (row-major, `dim` wide); `capacity` bounds the row count. */
  constructor(
    private readonly dim: number,
    readonly capacity: number,
    data: Float32Array,
    rows: number,
  ) {
    this.data = data;
    this.scores = new Float32Array(capacity);
    this.counts = new Int32Array(dim);
    this.rowsOf = Array.from({ length: dim }, () => new Int32Array(16));
    this.valuesOf = Array.from({ length: dim }, () => new Float32Array(16));
    for (let r = 0; r < rows; r++) this.set(data, r);
  }

  /** Too many replaced rows make queries slow: the owner should build a fresh store. */
  get stale(): boolean {
    return this.replaced.size > 1024 && this.replaced.size * 8 > this.listed;
  }

  /** Row `row` of `data` was written (the caller checks `row < capacity`). */
  set(data: Float32Array, row: number): void {
    this.data = data;
    if (row < this.listed) {
      this.replaced.add(row);
      return;
    }
    const base = row * this.dim;
    for (let d = 0; d < this.dim; d++) {
      const value = data[base + d] as number;
      if (value !== 0) this.append(d, row, value);
    }
    this.listed = row + 1;
  }

  /** Dot products of the first `rows` rows with a query given as its non-zero (dims, weights). */
  score(dims: Int32Array, weights: Float32Array, rows: number): Float32Array {
    const scores = this.scores;
    scores.fill(0, 0, rows);
    for (let j = 0; j < dims.length; j++) {
      const d = dims[j] as number;
      const w = weights[j] as number;
      const list = this.rowsOf[d] as Int32Array;
      const values = this.valuesOf[d] as Float32Array;
      const n = this.counts[d] as number;
      for (let i = 0; i < n; i++) {
        const r = list[i] as number;
        if (r < rows) scores[r] = (scores[r] as number) + w * (values[i] as number);
      }
    }
    for (const r of this.replaced) {
      if (r >= rows) continue;
      let s = 0;
      const base = r * this.dim;
      for (let j = 0; j < dims.length; j++)
        s += (weights[j] as number) * (this.data[base + (dims[j] as number)] as number);
      scores[r] = s;
    }
    return scores;
  }

  private append(d: number, row: number, value: number): void {
    const n = this.counts[d] as number;
    let list = this.rowsOf[d] as Int32Array;
    let values = this.valuesOf[d] as Float32Array;
    if (n === list.length) {
      const grown = new Int32Array(n * 2);
      grown.set(list);
      this.rowsOf[d] = list = grown;
      const grownValues = new Float32Array(n * 2);
      grownValues.set(values);
      this.valuesOf[d] = values = grownValues;
    }
    list[n] = row;
    values[n] = value;
    this.counts[d] = n + 1;
  }
}
