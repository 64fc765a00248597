/**
 * The embedded store with its writer thread: reads an ingest makes inside a batch see the batch's
 * uncommitted writes; reads from elsewhere, and everything after a rollback, do not.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../interface.js";
import { entity, episode, fact, write } from "../contract.js";
import { openSqliteStore } from "./index.js";

const G = "contract-g";
const T = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const vec = (...xs: number[]) => Float32Array.from(xs);

let store: Store;
afterEach(async () => {
  await store.close();
});

function open(): Store {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), "ocm-pending-")), "memory.db"), {
    writerThread: true,
  });
  return store;
}

const alice = entity("alice", "Alice", "person");
const node18 = entity("n18", "Node 18");
const node22 = entity("n22", "Node 22");
const bob = entity("bob", "Bob", "person");
const old = fact("f1", "alice", "uses_runtime", "n18", 1);
const next = fact("f2", "alice", "uses_runtime", "n22", 5);
const invalidation = { factId: "f1", invalidAt: T(5), expiredAt: T(6), invalidatedBy: "f2" };

/** Runs `read` from an async context of its own while `work` holds the batch open. */
async function fromOutside<T>(
  store: Store,
  work: () => Promise<void>,
  read: () => Promise<T>,
): Promise<{ outside: T }> {
  let reached = () => {};
  const atRead = new Promise<void>((r) => {
    reached = r;
  });
  let released = () => {};
  const done = new Promise<void>((r) => {
    released = r;
  });
  const outside = (async () => {
    await atRead;
    try {
      return await read();
    } finally {
      released();
    }
  })();
  await store.batch?.(async () => {
    await work();
    reached();
    await done;
  });
  return { outside: await outside };
}

describe("sqlite store with a writer thread", () => {
  it("shows a batch's uncommitted writes to reads inside it, and only there", async () => {
    open();
    await store.commit(write(episode("e1", 1), [[alice], [node18]], [[old, vec(1, 0)]]));
    const second = write(episode("e2", 5), [[node22], [bob]], [[next, vec(0, 1)]], [invalidation]);
    let inside: unknown;
    const { outside } = await fromOutside(
      store,
      async () => {
        await store.commit(second);
        inside = {
          result: (await store.getIngestResult(G, "e2"))?.id,
          byKey: (await store.findEntitiesByKey(G, ["bob"], null)).map((e) => e.id),
          byId: (await store.getEntities(G, ["n22"])).map((e) => e.id),
          facts: (await store.factsBySubjectPredicate(G, "alice", "uses_runtime", T(2))).map((f) => [
            f.id,
            f.invalidAt,
          ]),
          duplicates: (await store.factsBySubjectPredicate(G, "alice", "uses_runtime", T(2), "n22")).map(
            (f) => f.id,
          ),
        };
      },
      async () => ({
        result: await store.getIngestResult(G, "e2"),
        facts: (await store.factsBySubjectPredicate(G, "alice", "uses_runtime", T(2))).map((f) => [
          f.id,
          f.invalidAt,
        ]),
      }),
    );
    expect(inside).toEqual({
      result: "e2",
      byKey: ["bob"],
      byId: ["n22"],
      facts: [
        ["f1", T(5)],
        ["f2", null],
      ],
      duplicates: ["f2"],
    });
    // SQLite reads from elsewhere see committed rows only. (The entity cache and the in-memory
    // indexes show a batch's writes as soon as they are staged, as they always have; a rollback
    // drops them: see below.)
    expect(outside).toEqual({ result: null, facts: [["f1", null]] });
    // Committed: the same reads from anywhere.
    expect((await store.getIngestResult(G, "e2"))?.id).toBe("e2");
    expect((await store.findEntitiesByKey(G, ["bob"], null)).map((e) => e.id)).toEqual(["bob"]);
    expect(
      (await store.factsBySubjectPredicate(G, "alice", "uses_runtime", T(2))).map((f) => [f.id, f.invalidAt]),
    ).toEqual([
      ["f1", T(5)],
      ["f2", null],
    ]);
  });

  it("gives an index first loaded during a batch the batch's writes too", async () => {
    open();
    await store.commit(write(episode("e1", 1), [[alice], [node18]], [[old, vec(1, 0)]]));
    await store.batch?.(async () => {
      await store.commit(
        write(
          episode("e2", 5, "zebra migration"),
          [[node22, vec(0, 1)]],
          [[{ ...next, text: "alice moved the zebra service" }, vec(0, 1)]],
          [invalidation],
        ),
      );
      expect((await store.searchFacts(G, "zebra", { history: true }, 5)).map((h) => h.id)).toEqual(["f2"]);
      expect((await store.searchEpisodes(G, "zebra", null, 5)).map((h) => h.id)).toEqual(["e2"]);
      expect((await store.nearestFacts(G, vec(1, 0), {}, 5)).map((h) => h.id)).toEqual(["f2"]);
      expect((await store.nearestEntities(G, vec(0, 1), 5)).map((h) => h.id)).toEqual(["n22"]);
    });
    expect((await store.searchFacts(G, "zebra", {}, 5)).map((h) => h.id)).toEqual(["f2"]);
  });

  it("forgets everything of a batch that failed in the writer, and goes on", async () => {
    open();
    await store.commit(write(episode("e1", 1), [[alice]], []));
    const failed = store.batch?.(async () => {
      await store.commit(write(episode("e2", 2), [[bob]], [[fact("f9", "bob", "knows", "alice", 2)]]));
      await store.findEntitiesByKey(G, ["bob"], null);
      // The same episode id again: the writer's INSERT fails on the unique key.
      await store.commit(write(episode("e1", 3), [], []));
    });
    await expect(failed).rejects.toThrow(/UNIQUE constraint failed: episodes/);
    expect(await store.getIngestResult(G, "e2")).toBeNull();
    expect(await store.findEntitiesByKey(G, ["bob"], null)).toEqual([]);
    expect(await store.getEntities(G, ["bob"])).toEqual([]);
    expect(await store.searchFacts(G, "bob knows", { history: true }, 5)).toEqual([]);
    await store.commit(write(episode("e3", 3), [[bob]], []));
    expect((await store.findEntitiesByKey(G, ["bob"], null)).map((e) => e.id)).toEqual(["bob"]);
  });

  it("forgets a batch whose work threw before anything reached the disk", async () => {
    open();
    const failed = store.batch?.(async () => {
      await store.commit(write(episode("e1", 1), [[alice]], []));
      throw new Error("extraction failed");
    });
    await expect(failed).rejects.toThrow("extraction failed");
    expect(await store.getIngestResult(G, "e1")).toBeNull();
    expect(await store.getEntities(G, ["alice"])).toEqual([]);
  });
});
