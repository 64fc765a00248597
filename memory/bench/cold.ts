/**
 * Child process of the benchmark: open an existing store and answer the queries given on stdin,
 * timing each, with nothing warmed up, or with `--warm-up` after loading every group's indexes
 * as `memory serve` does when it starts. Prints a ColdResult as JSON on stdout.
 */
import { text } from "node:stream/consumers";
import { openOurs } from "./ours.js";
import type { ColdResult } from "./system.js";

const dir = process.argv[2];
const warmUp = process.argv[3] === "--warm-up";
if (!dir) throw new Error("usage: cold.ts DIR [--warm-up] < queries.json");
const queries = JSON.parse(await text(process.stdin)) as Array<{ group: string; q: string }>;
const t0 = performance.now();
const system = await openOurs(dir);
const openMs = performance.now() - t0;
// What `memory serve` does right after it starts listening: load every group's indexes.
const warmUpMs = warmUp ? (await system.engine.warm()).ms : undefined;
const searchMs: number[] = [];
const contextMs: number[] = [];
for (const { group, q } of queries) {
  let t = performance.now();
  await system.search(group, q);
  searchMs.push(performance.now() - t);
  t = performance.now();
  await system.context?.(group, q);
  contextMs.push(performance.now() - t);
}
const result: ColdResult = {
  openMs,
  searchMs,
  contextMs,
  rssBytes: process.memoryUsage().rss,
  ...(warmUpMs === undefined ? {} : { warmUpMs }),
};
await system.close();
process.stdout.write(JSON.stringify(result));
