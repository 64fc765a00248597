import { describe, expect, it } from "vitest";
import type BetterSqlite3 from "better-sqlite3";
import { Database } from "./driver.js";
import { SCHEMA } from "./schema.js";
import { groupRowsInOrder, groupSkipScan } from "./statements.js";

const plan = (db: BetterSqlite3.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("g") as { detail: string }[]).map((r) => r.detail);

describe("groupRowsInOrder", () => {
  const db = new Database(":memory:");
  db.exec(SCHEMA);

  it.each(["episodes", "entities", "facts"] as const)(
    "reads %s rows by rowid from an index, with no sort of whole rows",
    (table) => {
      const steps = plan(db, groupRowsInOrder(table, "id"));
      expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
      expect(steps.join("\n")).toMatch(/COVERING INDEX/);
    },
  );

  it("returns one group's rows in insertion order when groups interleave", () => {
    const insert = db.prepare(
      `INSERT INTO episodes (grp, id, kind, content, occurred_at, created_at, metadata)
       VALUES (?, ?, 'note', '', ?, '', '{}')`,
    );
    // Times run backwards, so an order by time (what the group's index gives) would be wrong.
    for (let i = 0; i < 20; i++) insert.run(i % 3 === 0 ? "g" : "other", `e${i}`, String(100 - i));
    const ids = (db.prepare(groupRowsInOrder("episodes", "id")).all("g") as { id: string }[]).map(
      (r) => r.id,
    );
    expect(ids).toEqual(["e0", "e3", "e6", "e9", "e12", "e15", "e18"]);
  });
});

describe("groupSkipScan", () => {
  const db = new Database(":memory:");
  db.exec(SCHEMA);
  const groups = () =>
    (
      db.prepare(`WITH RECURSIVE ${groupSkipScan("episodes")} SELECT grp FROM episodes_groups`).all() as {
        grp: string | null;
      }[]
    ).map((r) => r.grp);

  it("lists nothing but the closing NULL for an empty table", () => {
    expect(groups()).toEqual([null]);
  });

  it("lists each group once, in order, however many rows it has", () => {
    const insert = db.prepare(
      `INSERT INTO episodes (grp, id, kind, content, occurred_at, created_at, metadata)
       VALUES (?, ?, 'note', '', '', '', '{}')`,
    );
    for (let i = 0; i < 50; i++) insert.run(["b", "a", "c-1", "a"][i % 4], `e${i}`);
    expect(groups()).toEqual(["a", "b", "c-1", null]);
  });

  it("seeks through an index instead of scanning the table", () => {
    const sql = `EXPLAIN QUERY PLAN WITH RECURSIVE ${groupSkipScan("facts")} SELECT grp FROM facts_groups`;
    const steps = (db.prepare(sql).all() as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(steps).toMatch(/SEARCH facts USING COVERING INDEX \w+ \(grp>\?\)/);
    expect(steps).not.toMatch(/SCAN facts\b(?!_groups)/);
  });
});
