/**
 * Where an ingest's SQL goes. The same write logic (writes.ts) either runs its statements at once
 * on a connection, or queues them as plain data for the writer thread (writer-thread.ts) to run on
 * its own connection while this thread goes on with the next episode.
 */
import type { Statements } from "./statements.js";

/** Positional (`?`) or named (`@name`) parameters of one statement. */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface SqlSink {
  run(sql: string, params: SqlParams): void;
  /** Runs each statement with the same parameters until one changes a row. */
  runUntilChanged(sqls: readonly string[], params: SqlParams): void;
}

function execute(s: Statements, sql: string, params: SqlParams): number {
  const stmt = s.get(sql);
  return (Array.isArray(params) ? stmt.run(...params) : stmt.run(params)).changes;
}

/** Runs every statement on the connection right away (inside the caller's transaction). */
export class DirectSink implements SqlSink {
  constructor(private readonly s: Statements) {}

  run(sql: string, params: SqlParams): void {
    execute(this.s, sql, params);
  }

  runUntilChanged(sqls: readonly string[], params: SqlParams): void {
    for (const sql of sqls) if (execute(this.s, sql, params) > 0) return;
  }
}

/**
 * A statement (or chain) known to the writer thread by number. `names`: its `@name` parameters in
 * the order their values travel; null for positional parameters.
 */
export type SqlDefinition = readonly [id: number, sqls: readonly string[], names: readonly string[] | null];

/**
 * One queued statement: its definition's number and the parameter values. Numbers and value arrays
 * instead of SQL text and named objects: copying a message to the thread costs by its size.
 */
export type SqlOp = readonly [id: number, values: readonly unknown[]];

/** Numbers statements once per writer thread; new definitions ride along with the next message. */
export class SqlCatalog {
  private readonly byText = new Map<string, { id: number; names: readonly string[] | null }>();
  private unsent: SqlDefinition[] = [];

  entry(sqls: readonly string[]): { id: number; names: readonly string[] | null } {
    const text = sqls.join("\u0000");
    let entry = this.byText.get(text);
    if (!entry) {
      const names = [
        ...new Set(sqls.flatMap((sql) => [...sql.matchAll(/@(\w+)/g)].map((m) => m[1] as string))),
      ];
      entry = { id: this.byText.size + 1, names: names.length ? names : null };
      this.byText.set(text, entry);
      this.unsent.push([entry.id, sqls, entry.names]);
    }
    return entry;
  }

  /** Definitions not yet sent, once. */
  take(): SqlDefinition[] {
    const out = this.unsent;
    this.unsent = [];
    return out;
  }
}

/** Collects statements as data for the writer thread. */
export class QueuedOps implements SqlSink {
  readonly ops: SqlOp[] = [];

  constructor(private readonly catalog: SqlCatalog) {}

  run(sql: string, params: SqlParams): void {
    this.push([sql], params);
  }

  runUntilChanged(sqls: readonly string[], params: SqlParams): void {
    this.push(sqls, params);
  }

  private push(sqls: readonly string[], params: SqlParams): void {
    const { id, names } = this.catalog.entry(sqls);
    const values = isPositional(params) ? params : (names ?? []).map((name) => named(params, name));
    this.ops.push([id, values.map(compact)]);
  }
}

const isPositional = (params: SqlParams): params is readonly unknown[] => Array.isArray(params);

/** As the driver does: a missing value is an error, not a NULL. */
function named(params: Readonly<Record<string, unknown>>, name: string): unknown {
  if (!(name in params)) throw new RangeError(`Missing named parameter "${name}"`);
  return params[name];
}

/**
 * A blob copied out of its backing buffer: a view (a vector's bytes inside a batch's shared
 * ArrayBuffer) would otherwise send the whole buffer. Buffer#slice would be a view too.
 */
function compact(value: unknown): unknown {
  return value instanceof Uint8Array && value.byteLength !== value.buffer.byteLength
    ? new Uint8Array(value)
    : value;
}
