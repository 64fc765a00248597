import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "./driver.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./index.js";
import { SCHEMA_VERSION } from "./schema.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "schema-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const indexSql = (path: string, name: string) => {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name) as
      | { sql: string }
      | undefined;
    return { sql: row?.sql ?? null, version: db.pragma("user_version", { simple: true }) as number };
  } finally {
    db.close();
  }
};

describe("sqlite schema versions", () => {
  it("upgrades a version 1 store in place and keeps its rows", async () => {
    const path = join(dir, "m.db");
    const store = openSqliteStore(path);
    await store.setMeta("kept", "yes");
    await store.close();
    // Turn it back into what version 1 wrote: the full invalidator index.
    const db = new Database(path);
    db.exec(
      "DROP INDEX facts_by_invalidator; CREATE INDEX facts_by_invalidator ON facts (grp, invalidated_by)",
    );
    db.pragma("user_version = 1");
    db.close();
    expect(indexSql(path, "facts_by_invalidator").sql).not.toContain("WHERE");

    const upgraded = openSqliteStore(path);
    expect(await upgraded.getMeta("kept")).toBe("yes");
    await upgraded.close();
    const after = indexSql(path, "facts_by_invalidator");
    expect(after.version).toBe(SCHEMA_VERSION);
    expect(after.sql).toContain("WHERE invalidated_by IS NOT NULL");
    // Full text moved into memory: the FTS5 table and its trigger are gone.
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'episodes_%'").all()).toEqual([
      { name: "episodes_by_time" },
      { name: "episodes_by_session" },
    ]);
    check.close();
  });

  it("upgrades a version 2 store: the graph leg's fact indexes and the mentions by entity go", async () => {
    const path = join(dir, "m.db");
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.exec(`CREATE INDEX facts_by_subject_time ON facts (grp, subject_id, valid_at);
      CREATE INDEX facts_current_by_subject ON facts (grp, subject_id, valid_at, invalid_at, expired_at)
        WHERE invalid_at IS NULL AND expired_at IS NULL;
      CREATE INDEX facts_current_by_object ON facts (grp, object_id, valid_at, invalid_at, expired_at)
        WHERE invalid_at IS NULL AND expired_at IS NULL;
      CREATE INDEX mentions_by_entity ON mentions (grp, entity_id);`);
    db.pragma("user_version = 2");
    db.close();
    await openSqliteStore(path).close();
    for (const gone of [
      "facts_by_subject_time",
      "facts_current_by_subject",
      "facts_current_by_object",
      "mentions_by_entity",
    ])
      expect(indexSql(path, gone)).toEqual({ sql: null, version: SCHEMA_VERSION });
    expect(indexSql(path, "facts_by_object_time").sql).toContain("object_id");
  });

  it("refuses a store written by a newer version and leaves it untouched", async () => {
    const path = join(dir, "m.db");
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/newer version/);
    expect(indexSql(path, "facts_by_invalidator")).toEqual({ sql: null, version: SCHEMA_VERSION + 1 });
  });
});
