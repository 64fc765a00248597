import { describe, expect, it } from "vitest";
import { Database } from "./driver.js";
import { SCHEMA } from "./schema.js";
import { groupRowsInOrder } from "./statements.js";

const plan = (db: Database.Database, sql: string) =>
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
    const ids = (db.prepare(groupRowsInOrder("episodes", "id")).all("g") as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(["e0", "e3", "e6", "e9", "e12", "e15", "e18"]);
  });
});
