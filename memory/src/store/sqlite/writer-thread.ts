/**
 * Ingest writes on the other core. An episode's SQL (an episode row, facts with eight indexes,
 * mentions, the WAL commit) costs about as much as all the work before it (redaction, extraction,
 * resolution, temporal rules, embedding). Here a worker thread with its own connection runs the
 * statements while the main thread prepares the next episode; a batch is acknowledged when the
 * worker's COMMIT has returned, so "durable before acknowledged" holds as before.
 *
 * The worker is plain JavaScript evaluated from a string (as in checkpointer.ts): it only runs the
 * statements it is sent, so it needs no TypeScript loader and knows nothing of the model. Messages
 * are handled in order; the first failure of a transaction rolls it back at once, skips the rest of
 * its statements, and is reported by its commit.
 */
import { Worker } from "node:worker_threads";
import { DRIVER_PATH } from "./driver.js";
import { QueuedOps, SqlCatalog, type SqlSink } from "./sink.js";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
for (const p of workerData.pragmas) db.pragma(p);
const defined = new Map();
const bind = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
const define = ([id, sqls, names]) => defined.set(id, { stmts: sqls.map((sql) => db.prepare(sql)), names });
const run = ([id, values]) => {
  const { stmts, names } = defined.get(id);
  let params = values.map(bind);
  if (names) {
    const named = {};
    for (let i = 0; i < names.length; i++) named[names[i]] = params[i];
    params = [named];
  }
  // A chain (update, else insert) stops at the first statement that changed a row.
  for (const stmt of stmts) if (stmt.run(...params).changes > 0) return;
};
const rollback = () => { if (db.inTransaction) db.exec("ROLLBACK"); };
const describe = (err) => ({ message: String(err && err.message || err), code: err && err.code });
let failure = null;
parentPort.on("message", (m) => {
  if (m.type === "ops") {
    try {
      // Definitions always: later transactions use them even when this one has failed.
      for (const def of m.defs) define(def);
      if (failure) return;
      if (!db.inTransaction) db.exec("BEGIN IMMEDIATE");
      for (const op of m.ops) run(op);
    } catch (err) {
      failure = describe(err);
      try { rollback(); } catch {}
    }
    return;
  }
  let error = failure;
  failure = null;
  try {
    if (m.type === "commit" && !error && db.inTransaction) db.exec("COMMIT");
    else rollback();
  } catch (err) {
    error = error || describe(err);
    try { rollback(); } catch {}
  }
  if (m.type === "close") db.close();
  parentPort.postMessage({ id: m.id, error });
  if (m.type === "close") parentPort.close();
});
`;

const FLUSH_EVERY = 8;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private readonly catalog = new SqlCatalog();
  /** Writes not yet posted: a message per few episodes costs far less than one per episode. */
  private queued = new QueuedOps(this.catalog);
  private held = 0;
  private nextId = 1;
  /** Set once the worker has died: every later write fails with it. */
  private dead: Error | null = null;

  /** `pragmas`: the connection settings the main connection uses (synchronous, timeouts, cache). */
  constructor(path: string, pragmas: readonly string[]) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, driver: DRIVER_PATH, pragmas },
    });
    // Only an awaited commit keeps the process alive, never an idle writer.
    this.worker.unref();
    this.worker.on("message", (m: { id: number; error: { message: string; code?: string } | null }) => {
      const waiter = this.waiting.get(m.id);
      if (!waiter) return;
      this.settle(m.id);
      if (m.error) waiter.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else waiter.resolve();
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`the SQLite writer thread exited (code ${code})`)));
  }

  /**
   * Queues into the open transaction (opened by the first of them) the statements `write` runs
   * on the sink it is given.
   */
  send(write: (sink: SqlSink) => void): void {
    if (this.dead) throw this.dead;
    // All of a write or none of it: a write that throws half-way queues nothing.
    const own = new QueuedOps(this.catalog);
    write(own);
    this.queued.ops.push(...own.ops);
    if (++this.held >= FLUSH_EVERY) this.flush();
  }

  private flush(): void {
    const defs = this.catalog.take();
    if (this.queued.ops.length || defs.length)
      this.worker.postMessage({ type: "ops", defs, ops: this.queued.ops });
    this.queued = new QueuedOps(this.catalog);
    this.held = 0;
  }

  /** Resolves once everything sent is committed; rejects (rolled back) if any of it failed. */
  commit(): Promise<void> {
    return this.request("commit");
  }

  rollback(): Promise<void> {
    return this.request("rollback");
  }

  async close(): Promise<void> {
    if (this.dead) return;
    await this.request("close").catch(() => {});
    await this.worker.terminate();
  }

  private request(type: "commit" | "rollback" | "close"): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    if (type === "rollback") this.queued = new QueuedOps(this.catalog);
    else this.flush();
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.worker.ref();
    this.worker.postMessage({ type, id });
    return done;
  }

  private settle(id: number): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const [id, waiter] of this.waiting) {
      this.settle(id);
      waiter.reject(this.dead);
    }
  }
}
