import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Database } from "./driver.js";
import { WriterThread } from "./writer-thread.js";

const opened: WriterThread[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((w) => w.close()));
});

function setup() {
  const path = join(mkdtempSync(join(tmpdir(), "ocm-writer-")), "t.db");
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL, b BLOB)");
  const writer = new WriterThread(path, ["busy_timeout = 5000"]);
  opened.push(writer);
  const rows = () => db.prepare("SELECT k, v FROM t ORDER BY k").all();
  return { db, writer, rows };
}

const INSERT = "INSERT INTO t (k, v, b) VALUES (@k, @v, @b)";
const UPDATE = "UPDATE t SET v = @v WHERE k = @k";

describe("WriterThread", () => {
  it("commits what it was sent, visible to other connections only after the commit", async () => {
    const { writer, rows } = setup();
    writer.send((sink) => {
      sink.run(INSERT, { k: "a", v: "1", b: Buffer.from([1, 2, 3]) });
      sink.run("INSERT INTO t (k, v) VALUES (?, ?)", ["b", "2"]);
    });
    expect(rows()).toEqual([]);
    await writer.commit();
    expect(rows()).toEqual([
      { k: "a", v: "1" },
      { k: "b", v: "2" },
    ]);
  });

  it("runs a chain until a statement changes a row (update, else insert)", async () => {
    const { writer, rows } = setup();
    writer.send((sink) => sink.runUntilChanged([UPDATE, INSERT], { k: "a", v: "new", b: null }));
    writer.send((sink) => sink.runUntilChanged([UPDATE, INSERT], { k: "a", v: "updated", b: null }));
    await writer.commit();
    expect(rows()).toEqual([{ k: "a", v: "updated" }]);
  });

  it("keeps a blob's own bytes when it is a view into a larger buffer", async () => {
    const { db, writer } = setup();
    const shared = new Float32Array([1, 2, 3, 4]);
    const view = Buffer.from(shared.buffer, 4, 8);
    writer.send((sink) => sink.run(INSERT, { k: "v", v: "x", b: view }));
    await writer.commit();
    const { b } = db.prepare("SELECT b FROM t").get() as { b: Buffer };
    expect([...new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))]).toEqual([2, 3]);
  });

  it("fails the whole transaction on the first error, then takes the next one", async () => {
    const { writer, rows } = setup();
    writer.send((sink) => sink.run(INSERT, { k: "a", v: "1", b: null }));
    writer.send((sink) => sink.run(INSERT, { k: "a", v: "duplicate", b: null }));
    writer.send((sink) => sink.run(INSERT, { k: "c", v: "after the failure", b: null }));
    await expect(writer.commit()).rejects.toThrow(/UNIQUE constraint failed: t.k/);
    expect(rows()).toEqual([]);
    writer.send((sink) => sink.run(INSERT, { k: "a", v: "again", b: null }));
    await writer.commit();
    expect(rows()).toEqual([{ k: "a", v: "again" }]);
  });

  it("discards what it was sent on rollback", async () => {
    const { writer, rows } = setup();
    writer.send((sink) => sink.run(INSERT, { k: "a", v: "1", b: null }));
    await writer.rollback();
    await writer.commit();
    expect(rows()).toEqual([]);
  });

  it("names a missing parameter instead of writing a wrong value", async () => {
    const { writer } = setup();
    expect(() => writer.send((sink) => sink.run(INSERT, { k: "a", v: "1" }))).toThrow(
      'Missing named parameter "b"',
    );
  });

  it("refuses work after it has closed", async () => {
    const { writer } = setup();
    await writer.close();
    await expect(writer.commit()).rejects.toThrow(/writer thread/);
  });
});
