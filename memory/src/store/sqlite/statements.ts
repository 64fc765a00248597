/**
 * Prepared statements, compiled once per connection and cached by SQL text. Lists of ids travel as
 * one JSON array parameter (`json_each`), so a query never grows with its input and never
 * interpolates a value.
 */
import type Database from "better-sqlite3";
import type { FactFilter } from "../interface.js";

export class Statements {
  private cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

/** SQL for a fact filter over alias `f`; parameters `@at` when `at` is set. */
export function factFilterSql(filter: FactFilter): string {
  if (filter.at) return "f.valid_at <= @at AND (f.invalid_at IS NULL OR f.invalid_at > @at)";
  if (filter.history) return "1 = 1";
  return "f.invalid_at IS NULL AND f.expired_at IS NULL";
}

export function factFilterParams(filter: FactFilter): { at?: string } {
  return filter.at ? { at: filter.at } : {};
}

export const inJson = (column: string, param: string) =>
  `${column} IN (SELECT value FROM json_each(@${param}))`;

/**
 * SQL for one group's rows of `table` in rowid (insertion) order, parameter: the group. Written as
 * a rowid list read from a covering index, because the plain `WHERE grp = ? ORDER BY rowid` reads
 * the group through an index and then sorts every whole row (embeddings included) in a temporary
 * b-tree before the first comes back.
 */
export function groupRowsInOrder(table: "episodes" | "entities" | "facts", columns: string): string {
  return `SELECT ${columns} FROM ${table}
    WHERE rowid IN (SELECT rowid FROM ${table} WHERE grp = ?) ORDER BY rowid`;
}

/**
 * A recursive CTE `${table}_groups(grp)` listing the table's distinct groups (and a final NULL) by
 * seeking the next group in an index led by `grp`: one seek per group, where `SELECT DISTINCT grp`
 * reads every index entry (about 50 ms at 100k episodes).
 */
export function groupSkipScan(table: "episodes" | "entities" | "facts"): string {
  return `${table}_groups(grp) AS (SELECT min(grp) FROM ${table} UNION ALL
    SELECT (SELECT min(grp) FROM ${table} WHERE grp > p.grp) FROM ${table}_groups p WHERE p.grp IS NOT NULL)`;
}
