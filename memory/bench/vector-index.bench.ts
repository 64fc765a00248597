/**
 * Exact scan vs IVF for VectorIndex.nearest: per-query p50/p99, first-query (training) cost and
 * recall@10, on clustered random vectors and hashed embeddings of generated text.
 * Run: node --import tsx memory/bench/vector-index.bench.ts [--quick]
 * Environment overrides for tuning: VI_PROBES, VI_LISTS_PER_SQRT, VI_SAMPLE, VI_ITER, VI_TRAIN_AT.
 */
import { performance } from "node:perf_hooks";
import type { Hit } from "../src/store/interface.js";
import { clusteredVectors, hashedTexts, recallAtK, type VectorSet } from "../src/store/vector-fixtures.js";
import { VectorIndex, type VectorIndexOptions } from "../src/store/vector-index.js";

const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const tuning: VectorIndexOptions = Object.fromEntries(
  Object.entries({
    probes: env("VI_PROBES"),
    listsPerSqrt: env("VI_LISTS_PER_SQRT"),
    samplePerList: env("VI_SAMPLE"),
    iterations: env("VI_ITER"),
    trainAt: env("VI_TRAIN_AT"),
  }).filter(([, v]) => v !== undefined),
);
const QUERIES = 300;
const K = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Every seventh row is a superseded fact, as in a real group, so queries use the default filter. */
function build(set: VectorSet, dim: number, options: VectorIndexOptions): VectorIndex {
  const index = new VectorIndex(dim, 1024, options);
  set.rows.forEach((row, i) => {
    index.upsert(`f${i}`, row, {
      validAt: "2026-01-01T00:00:00Z",
      invalidAt: i % 7 === 0 ? "2026-02-01T00:00:00Z" : null,
      expiredAt: null,
    });
  });
  return index;
}

function timeQueries(
  index: VectorIndex,
  queries: Float32Array[],
): { first: number; lat: number[]; hits: Hit[][]; scanned: number } {
  const t0 = performance.now();
  index.nearest(queries[0] as Float32Array, K, {});
  const first = performance.now() - t0;
  const lat: number[] = [];
  const hits: Hit[][] = [];
  let scanned = 0;
  for (const q of queries) {
    const t = performance.now();
    hits.push(index.nearest(q, K, {}));
    lat.push(performance.now() - t);
    scanned += index.scanned;
  }
  return { first, lat: lat.sort((a, b) => a - b), hits, scanned: scanned / queries.length };
}

function run(label: string, set: VectorSet, dim: number): void {
  const exact = timeQueries(build(set, dim, { trainAt: Number.POSITIVE_INFINITY }), set.queries);
  const ivfIndex = build(set, dim, tuning);
  const ivf = timeQueries(ivfIndex, set.queries);
  const recall =
    exact.hits.reduce((sum, e, i) => sum + recallAtK(e, ivf.hits[i] as Hit[]), 0) / exact.hits.length;
  const f = (x: number) => x.toFixed(3).padStart(7);
  console.log(
    `${label.padEnd(22)} exact p50 ${f(percentile(exact.lat, 0.5))} p99 ${f(percentile(exact.lat, 0.99))} | ` +
      `ivf p50 ${f(percentile(ivf.lat, 0.5))} p99 ${f(percentile(ivf.lat, 0.99))} first ${ivf.first.toFixed(0).padStart(5)} ms` +
      ` scans ${Math.round(ivf.scanned)}/${set.rows.length} rows | recall@10 ${recall.toFixed(3)}`,
  );
}

const quick = process.argv.includes("--quick");
console.log(
  `VectorIndex.nearest, ms per query (${QUERIES} queries, k=${K}, default filter), tuning ${JSON.stringify(tuning)}`,
);
for (const n of quick ? [16_000] : [2_000, 16_000, 50_000]) {
  run(`clustered ${n} x 256`, clusteredVectors(n, QUERIES, 256), 256);
}
run("clustered 16000 x 1536", clusteredVectors(16_000, QUERIES, 1536), 1536);
const texts = hashedTexts(16_000, QUERIES, 256);
run(`hashed ${texts.rows.length} x 256`, texts, 256);
if (!quick) {
  const wide = hashedTexts(16_000, QUERIES, 1536);
  run(`hashed ${wide.rows.length} x 1536`, wide, 1536);
}
