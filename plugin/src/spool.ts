/**
 * The spool: an append-only JSONL file of episodes the service has not acknowledged yet, in the
 * OpenCode data dir. Every episode is written here first (write-ahead) and removed once the
 * service acknowledged it, so nothing is lost when the service is down or OpenCode is killed.
 *
 * Every change happens under a short lock file (create-exclusive), so two OpenCode processes of
 * one project can share a spool. Entries are removed by id after the service acknowledged them,
 * never by position, so two replaying processes cannot remove each other's unsent entries. The
 * spool is bounded: past `maxEntries` the oldest are dropped, with a log line saying how many.
 * Only `node:fs`/`node:path` sync calls are used: both Bun and Node provide them.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname } from "node:path";
import type { Episode } from "./episode.js";

export type Log = (level: "debug" | "info" | "warn" | "error", message: string) => void;

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 2_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class Spool {
  /** Entries in the file as this process last knew it; other processes' appends may add more. */
  private count: number | undefined;

  constructor(
    readonly file: string,
    private readonly maxEntries: number,
    private readonly log: Log,
  ) {}

  /**
   * Appends in order (a real append: cheap however long the spool is), dropping the oldest
   * entries when the bound is passed.
   */
  append(episodes: Episode[]): void {
    if (episodes.length === 0) return;
    this.locked(() => {
      this.count ??= this.readAll().length;
      const lines = episodes.map((e) => JSON.stringify(e)).join("\n") + "\n";
      // A torn last line (a crash mid-append) must not swallow the next entry.
      appendFileSync(this.file, endsWithNewline(this.file) ? lines : `\n${lines}`, { mode: 0o600 });
      this.count += episodes.length;
      if (this.count <= this.maxEntries) return;
      const entries = this.readAll();
      const overflow = entries.length - this.maxEntries;
      if (overflow > 0) {
        this.log(
          "warn",
          `memory spool full (${this.maxEntries} episodes in ${this.file}): dropped the ${overflow} oldest`,
        );
        entries.splice(0, overflow);
        this.writeAll(entries);
      }
      this.count = entries.length;
    });
  }

  /** The oldest `limit` entries, in order. */
  peek(limit: number): Episode[] {
    return this.readAll().slice(0, limit);
  }

  size(): number {
    return this.readAll().length;
  }

  /** Removes acknowledged entries by id. */
  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    this.locked(() => {
      const entries = this.readAll();
      const kept = entries.filter((e) => !gone.has(e.id));
      if (kept.length !== entries.length) this.writeAll(kept);
      this.count = kept.length;
    });
  }

  private readAll(): Episode[] {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return [];
    }
    const out: Episode[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const ep = JSON.parse(line) as Episode;
        if (ep && typeof ep.id === "string" && typeof ep.content === "string") out.push(ep);
      } catch {
        // A torn last line (crash mid-write) is skipped; every complete line before it is kept.
        this.log("warn", `memory spool: skipped an unreadable line in ${this.file}`);
      }
    }
    return out;
  }

  /** Write to a temporary file then rename: a crash leaves the old or the new spool, never half. */
  private writeAll(entries: Episode[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    if (entries.length === 0) {
      if (existsSync(this.file)) unlinkSync(this.file);
      return;
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, entries.map((e) => JSON.stringify(e)).join("\n") + "\n", { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private locked<T>(fn: () => T): T {
    mkdirSync(dirname(this.file), { recursive: true });
    const lock = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        closeSync(openSync(lock, "wx"));
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        if (lockIsStale(lock) || Date.now() > deadline) {
          // A holder that died (or hung) must not block capture forever.
          try {
            unlinkSync(lock);
          } catch {
            // someone else removed it first
          }
          continue;
        }
        pause(5);
      }
    }
    try {
      return fn();
    } finally {
      try {
        unlinkSync(lock);
      } catch {
        // already gone
      }
    }
  }
}

/** A short synchronous pause while another process holds the lock (a few ms, rare). */
function pause(ms: number): void {
  try {
    Atomics.wait(sleeper, 0, 0, ms);
  } catch {
    // A runtime that forbids blocking waits on this thread: spin instead.
    const until = Date.now() + ms;
    while (Date.now() < until) {}
  }
}

function endsWithNewline(file: string): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return true; // no file yet
  }
  if (size === 0) return true;
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(1);
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

function lockIsStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}
