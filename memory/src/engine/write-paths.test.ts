/**
 * The embedded store's two write paths (statements run on the connection, or staged for the writer
 * thread with reads merged over the batch's writes) must store the same memory. A few hundred
 * generated coding-session episodes go through both, in batches where the same commands, files
 * and facts recur inside one batch, and the exports are compared with ids replaced by names.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codingSessions } from "../../bench/generator.js";
import { HashedEmbedder } from "../embed/hashed.js";
import type { ExportRecord } from "../model/types.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";

const EPISODES = [...codingSessions(1500, { seed: 11 })];

async function memoryOf(writerThread: boolean) {
  let tick = 0;
  const engine = createMemoryEngine({
    store: openSqliteStore(join(mkdtempSync(join(tmpdir(), "ocm-paths-")), "memory.db"), { writerThread }),
    embedder: new HashedEmbedder(),
    // The same clock on both paths: createdAt and expiredAt are part of what is compared.
    now: () => new Date(Date.UTC(2026, 5, 1) + tick++ * 1000),
  });
  const bulk = EPISODES.slice(0, 1400);
  for (let i = 0; i < bulk.length; i += 50) await engine.ingestBatch(bulk.slice(i, i + 50));
  for (const ep of EPISODES.slice(1400)) await engine.ingest(ep);
  // A replayed batch stores nothing new.
  await engine.ingestBatch(EPISODES.slice(0, 50));
  const groups = (await engine.groups()).map((g) => g.group);
  const records: ExportRecord[] = [];
  for (const group of groups) for await (const r of engine.export(group)) records.push(r);
  await engine.close();
  return normalise(records);
}

/** Ids are random: name entities by group, type and name, and facts by what they say. */
function normalise(records: ExportRecord[]) {
  const entityName = new Map<string, string>();
  for (const r of records)
    if (r.type === "entity") entityName.set(r.data.id, `${r.data.group}/${r.data.type}:${r.data.name}`);
  const name = (id: string | null) => (id === null ? null : (entityName.get(id) ?? `?${id}`));
  const factName = new Map<string, string>();
  for (const r of records)
    if (r.type === "fact")
      factName.set(
        r.data.id,
        `${name(r.data.subjectId)} ${r.data.predicate} ${name(r.data.objectId)} @${r.data.validAt}`,
      );
  const out = records.map((r) => {
    switch (r.type) {
      case "episode":
        return JSON.stringify(r.data);
      case "entity": {
        const { id, ...rest } = r.data;
        return JSON.stringify({ entity: name(id), ...rest });
      }
      case "fact": {
        const { id, subjectId, objectId, invalidatedBy, episodeIds, ...rest } = r.data;
        return JSON.stringify({
          fact: factName.get(id),
          ...rest,
          invalidatedBy: invalidatedBy && (factName.get(invalidatedBy) ?? "?"),
          episodeIds: [...episodeIds].sort(),
        });
      }
      case "mention":
        return JSON.stringify({ episode: r.data.episodeId, entity: name(r.data.entityId) });
    }
    return "";
  });
  return out.sort();
}

describe("the embedded store's write paths", () => {
  it("store the same memory through the writer thread as on the connection", async () => {
    const [inline, threaded] = [await memoryOf(false), await memoryOf(true)];
    expect(inline.length).toBeGreaterThan(3000);
    expect(inline.filter((r) => r.includes('"invalidAt":"2')).length).toBeGreaterThan(20);
    expect(threaded).toEqual(inline);
  }, 60_000);
});
