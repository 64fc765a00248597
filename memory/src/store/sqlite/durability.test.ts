import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./index.js";

// White-box: what a commit waits for is only visible in the connection's pragma.
const synchronous = (store: unknown) =>
  (store as { db: Database.Database }).db.pragma("synchronous", { simple: true });

describe("the embedded store's durability", () => {
  it("commits with synchronous=NORMAL by default and FULL when asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "durability-"));
    const normal = openSqliteStore(join(dir, "a.db"));
    const full = openSqliteStore(join(dir, "b.db"), { durability: "full" });
    expect(synchronous(normal)).toBe(1);
    expect(synchronous(full)).toBe(2);
    await Promise.all([normal.close(), full.close()]);
  });
});
