import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import type { ExportRecord } from "../model/types.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import { DanglingReferenceError } from "./import-references.js";
import type { MemoryEngine } from "./interface.js";
import { importRecords } from "./transfer.js";

const newEngine = () =>
  createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });

let source: MemoryEngine;
let target: MemoryEngine;
let backup: ExportRecord[];
beforeEach(async () => {
  source = newEngine();
  target = newEngine();
  await source.ingest({
    group: "g",
    kind: "user_message",
    content: "We use pnpm for package management. The project uses Node 22.",
    metadata: {},
  });
  backup = [];
  for await (const r of source.export("g")) backup.push(r);
});
afterEach(async () => {
  await Promise.all([source.close(), target.close()]);
});

async function* streamed(records: ExportRecord[]) {
  yield* records;
}

const stored = async (engine: MemoryEngine) => {
  const out: ExportRecord[] = [];
  for await (const r of engine.export("g")) out.push(r);
  return out;
};

describe("import references", () => {
  it("refuses a file whose facts name entities it lacks, storing nothing of it", async () => {
    const withoutEntities = backup.filter((r) => r.type !== "entity");
    const firstFact = withoutEntities.findIndex((r) => r.type === "fact");
    const refused = target.import(withoutEntities);
    await expect(refused).rejects.toBeInstanceOf(DanglingReferenceError);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^record ${firstFact + 1}: data\\.subjectId: entity \\S+ is neither in the import nor stored in group g$`,
      ),
    );
    expect(await stored(target)).toEqual([]);
  });

  it("refuses a mention of an episode that exists nowhere", async () => {
    const mention = backup.find((r) => r.type === "mention");
    if (mention?.type !== "mention") throw new Error("the export holds no mention");
    const records = [...backup, { type: "mention" as const, data: { ...mention.data, episodeId: "gone" } }];
    await expect(target.import(records)).rejects.toThrow(
      `record ${records.length}: data.episodeId: episode gone is neither in the import nor stored in group g`,
    );
    expect(await stored(target)).toEqual([]);
  });

  it("takes references the store already holds, and the same ids in another group do not count", async () => {
    await target.import(backup.filter((r) => r.type === "episode" || r.type === "entity"));
    const rest = backup.filter((r) => r.type === "fact" || r.type === "mention");
    expect(await target.import(rest)).toEqual({ imported: rest.length });
    expect(await stored(target)).toEqual(backup);

    const elsewhere = rest.map((r) => ({ ...r, data: { ...r.data, group: "other" } }) as ExportRecord);
    await expect(target.import(elsewhere)).rejects.toThrow(/nor stored in group other$/);
  });

  it("checks again under the write lock: an entity deleted after the check stops the write", async () => {
    const store = openSqliteStore(":memory:");
    const embedder = new HashedEmbedder();
    const engine = createMemoryEngine({ store, embedder });
    try {
      await engine.import(backup.filter((r) => r.type === "episode" || r.type === "entity"));
      const rest = backup.filter((r) => r.type === "fact" || r.type === "mention");
      // A group delete that runs between the check and the write, as a racing request would.
      const racing = async <T>(_groups: string[], write: () => Promise<T>) => {
        await store.deleteGroup("g");
        return write();
      };
      const refused = importRecords(store, embedder, rest, undefined, racing);
      await expect(refused).rejects.toBeInstanceOf(DanglingReferenceError);
      await expect(refused).rejects.toThrow(/was deleted from group g while the import ran$/);
      await expect(refused).rejects.toMatchObject({ imported: 0 });
      expect(await stored(engine)).toEqual([]);

      // Found part way, after a first chunk of 500 was stored: the error says how many were.
      await engine.import(backup.filter((r) => r.type === "episode" || r.type === "entity"));
      const mention = rest.find((r) => r.type === "mention")!;
      let calls = 0;
      const secondRaced = async <T>(_groups: string[], write: () => Promise<T>) => {
        if (++calls === 2) await store.deleteGroup("g");
        return write();
      };
      const long = importRecords(store, embedder, Array(600).fill(mention), undefined, secondRaced);
      await expect(long).rejects.toMatchObject({ imported: 500 });
    } finally {
      await engine.close();
    }
  });

  it("checks a stream as it goes: records that point ahead of it or nowhere stop it there", async () => {
    expect(await target.import(streamed(backup))).toEqual({ imported: backup.length });
    const fresh = newEngine();
    try {
      const dangling = backup.filter((r) => r.type !== "entity");
      await expect(fresh.import(streamed(dangling))).rejects.toBeInstanceOf(DanglingReferenceError);
    } finally {
      await fresh.close();
    }
  });
});
