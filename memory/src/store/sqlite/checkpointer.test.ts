import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer.js";
import { openSqliteStore } from "./index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ckpt-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("background WAL checkpoints", () => {
  it("copy a grown WAL back into the database from another thread while the writer goes on", async () => {
    const path = join(dir, "m.db");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0"); // only the worker checkpoints here
    db.exec("CREATE TABLE t (x BLOB)");
    const insert = db.prepare("INSERT INTO t VALUES (randomblob(4000))");
    for (let i = 0; i < 1000; i++) insert.run();

    let copied = 0;
    const ckpt = startCheckpointer(path, { walBytes: 1024 * 1024, intervalMs: 10 }, (pages) => {
      copied += pages;
    });
    await until(() => copied >= 1000);
    // Writes go on meanwhile; the worker's PASSIVE checkpoints never take the write lock away.
    for (let i = 0; i < 200; i++) insert.run();
    await ckpt.stop();
    const [state] = db.pragma("wal_checkpoint(PASSIVE)") as Array<{ busy: number }>;
    expect(state?.busy).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1200 });
    db.close();
  });

  it("run for a store on a file, which still closes cleanly and keeps every write", async () => {
    const path = join(dir, "store.db");
    let copied = 0;
    const store = openSqliteStore(path, {
      onCheckpoint: (pages) => {
        copied += pages;
      },
    });
    for (let i = 0; i < 50; i++) await store.setMeta(`k${i}`, "v".repeat(200_000));
    await until(() => copied > 0);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openSqliteStore(path);
    expect(await again.getMeta("k49")).toHaveLength(200_000);
    await again.close();
  });
});
