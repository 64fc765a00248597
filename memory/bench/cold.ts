/**
 * Child process of the benchmark: open an existing store and answer the queries given on stdin,
 * timing each, with nothing warmed up. Prints a ColdResult as JSON on stdout.
 */
import { text } from "node:stream/consumers";
import { openOurs } from "./ours.js";
import type { ColdResult } from "./system.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: cold.ts DIR < queries.json");
const queries = JSON.parse(await text(process.stdin)) as Array<{ group: string; q: string }>;
const t0 = performance.now();
const system = await openOurs(dir);
const openMs = performance.now() - t0;
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
const result: ColdResult = { openMs, searchMs, contextMs, rssBytes: process.memoryUsage().rss };
await system.close();
process.stdout.write(JSON.stringify(result));
