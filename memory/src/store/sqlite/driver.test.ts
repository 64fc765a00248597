import { describe, expect, it } from "vitest";
import { DRIVER, Database, driverFor, loadDriver } from "./driver.js";

describe("the better-sqlite3 build", () => {
  it("is the Node-API one from Node 22 on, the ObjectWrap one before", () => {
    expect(driverFor("20.20.2")).toBe("better-sqlite3");
    expect(driverFor("22.0.0")).toBe("better-sqlite3-napi");
    expect(driverFor("24.21.0")).toBe("better-sqlite3-napi");
    expect(DRIVER).toBe(driverFor(process.versions.node));
  });

  it("names the missing driver and how to get it back", () => {
    const missing = (id: string) => {
      throw new Error(`Cannot find module '${id}'`);
    };
    expect(() => loadDriver("better-sqlite3", missing)).toThrow(
      /cannot load better-sqlite3, the SQLite driver for Node .*Cannot find module 'better-sqlite3'.*npm ci/,
    );
  });

  // What aborted Node 24 with 12.x: statements finalized by the garbage collector mid-run.
  it("survives thousands of statements left to the garbage collector", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (x)");
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += (db.prepare(`SELECT ${i % 997} AS v`).get() as { v: number }).v;
    (globalThis as { gc?: () => void }).gc?.();
    expect(sum).toBeGreaterThan(0);
    db.close();
  });
});
