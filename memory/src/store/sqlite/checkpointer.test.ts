import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Database } from "./driver.js";
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

  it("let a script that closes its store at top level exit normally", () => {
    // The worker is unref'd; closing must still hold the process until it has gone, or Node
    // exits with 13 (an unsettled top-level await) in the middle of close().
    const script = join(dir, "close.mts");
    const store = fileURLToPath(new URL("./index.ts", import.meta.url));
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(store)};
       const s = openSqliteStore(${JSON.stringify(join(dir, "c.db"))});
       await s.setMeta("k", "v");
       await s.close();
       console.log("closed");`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: "closed" });
  });
});
