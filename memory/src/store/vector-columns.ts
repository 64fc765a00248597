/**
 * A dimension-major copy of an index's rows, for sparse queries. Hashed n-gram embeddings of a
 * short query ("why does token fail") have a few dozen non-zero dimensions out of 256, so the exact
 * scores of every row are a handful of sequential multiply-adds over those dimensions' columns:
 * exact, and several times cheaper than a row-by-row scan. Dense (model) embeddings never use it,
 * so it is built on the first sparse query, not before.
 */
export class ColumnStore {
  private cols: Float32Array;
  private scores: Float32Array;

  /** Transposes `rows` rows of `data` (row-major, `dim` wide) into columns of `capacity` entries. */
  constructor(
    private readonly dim: number,
    readonly capacity: number,
    data: Float32Array,
    rows: number,
  ) {
    this.cols = new Float32Array(dim * capacity);
    this.scores = new Float32Array(capacity);
    for (let r = 0; r < rows; r++) this.set(data, r);
  }

  /** Copies row `row` of `data` into the columns (the caller checks `row < capacity`). */
  set(data: Float32Array, row: number): void {
    const base = row * this.dim;
    const cap = this.capacity;
    for (let d = 0; d < this.dim; d++) this.cols[d * cap + row] = data[base + d] as number;
  }

  /** Dot products of the first `rows` rows with a query given as its non-zero (dims, weights). */
  score(dims: Int32Array, weights: Float32Array, rows: number): Float32Array {
    const scores = this.scores;
    const cols = this.cols;
    const cap = this.capacity;
    scores.fill(0, 0, rows);
    for (let j = 0; j < dims.length; j++) {
      const w = weights[j] as number;
      const base = (dims[j] as number) * cap;
      for (let r = 0; r < rows; r++) scores[r] = (scores[r] as number) + w * (cols[base + r] as number);
    }
    return scores;
  }
}
