/**
 * The episode log pages through a whole group: following "older →" from the first page shows every
 * episode once, also when many share one timestamp and when they were stored long after they
 * happened (a plugin's spool flushed late, an import).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { createMemoryEngine } from "../engine/engine.js";
import type { MemoryEngine } from "../engine/interface.js";
import { Metrics } from "../metrics/registry.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createDashboard } from "./index.js";

const TOKEN = "t".repeat(32);
let engine: MemoryEngine;
let app: ReturnType<typeof createDashboard>;

beforeAll(async () => {
  engine = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });
  app = createDashboard({ engine, metrics: new Metrics(), token: TOKEN, backupStatusFile: "/nonexistent" });
  // 130 episodes in three timestamps, all long before they are stored.
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 3))).toISOString();
  await engine.ingestBatch(
    Array.from({ length: 130 }, (_, i) => ({
      id: `ep${String(i).padStart(3, "0")}`,
      group: "g",
      kind: "note" as const,
      content: `note number ${i}`,
      occurredAt: at(i),
    })),
  );
});
afterAll(async () => engine?.close());

const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${TOKEN}` } });

it("shows every episode once when paging with older →", async () => {
  const seen: string[] = [];
  let path: string | null = "/groups/g/episodes";
  for (let pages = 0; path && pages < 10; pages++) {
    const res: Response = await get(path);
    expect(res.status).toBe(200);
    const page = await res.text();
    seen.push(...[...page.matchAll(/id="episode-(ep\d+)"/g)].map((m) => m[1]!));
    const older = /<a href="([^"]+)">older →<\/a>/.exec(page)?.[1];
    path = older ? older.replace(/&amp;/g, "&").replace(/^.*\/groups\//, "/groups/") : null;
  }
  expect(seen).toHaveLength(130);
  expect(new Set(seen).size).toBe(130);
});

it("answers a cursor that is not a date with 400, not 500", async () => {
  expect((await get("/groups/g/episodes?before=x")).status).toBe(400);
  expect((await get("/groups/g/episodes?before=2026-01-02T00:00:00.000Z&beforeId=a%20b")).status).toBe(400);
});
