import { describe, expect, it } from "vitest";
import { TextIndex } from "./text-index.js";

const ids = (hits: Array<{ id: string }>) => hits.map((h) => h.id);

describe("TextIndex", () => {
  it("ranks by BM25: rarer words weigh more, more matched words rank higher", () => {
    const index = new TextIndex();
    index.upsert("common", "the build ran the build again");
    index.upsert("both", "build failed with ECONNREFUSED");
    index.upsert("rare", "ECONNREFUSED on port 5432");
    for (let i = 0; i < 20; i++) index.upsert(`filler-${i}`, `build step ${i} ok`);
    expect(ids(index.search("build ECONNREFUSED", 3))).toEqual(["both", "rare", "common"]);
    expect(ids(index.search("econnrefused", 10)).sort()).toEqual(["both", "rare"]);
  });

  it("scores every match, however old, and breaks ties toward the newer row", () => {
    const index = new TextIndex();
    index.upsert("old", "deploy script");
    for (let i = 0; i < 2000; i++) index.upsert(`n${i}`, `unrelated note ${i}`);
    index.upsert("new", "deploy script");
    expect(ids(index.search("deploy", 5))).toEqual(["new", "old"]);
  });

  it("replaces a row's text on upsert and forgets removed rows", () => {
    const index = new TextIndex();
    index.upsert("e1", "alice");
    index.upsert("e1", "alice liddell oauth owner");
    expect(ids(index.search("oauth", 5))).toEqual(["e1"]);
    expect(index.size).toBe(1);
    index.remove("e1");
    expect(index.search("alice", 5)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it("applies fact validity and episode kind before ranking", () => {
    const index = new TextIndex();
    index.upsert("f-old", "project uses node 18", {
      validAt: "2026-01-01T00:00:00.000Z",
      invalidAt: null,
      expiredAt: null,
    });
    index.upsert("f-new", "project uses node 22", {
      validAt: "2026-03-01T00:00:00.000Z",
      invalidAt: null,
      expiredAt: null,
    });
    index.setMeta("f-old", { invalidAt: "2026-03-01T00:00:00.000Z", expiredAt: "2026-03-01T00:00:00.000Z" });
    expect(ids(index.search("project node", 10, { facts: {} }))).toEqual(["f-new"]);
    expect(ids(index.search("project node", 10, { facts: { history: true } })).sort()).toEqual([
      "f-new",
      "f-old",
    ]);
    expect(ids(index.search("project node", 10, { facts: { at: "2026-02-01T00:00:00.000Z" } }))).toEqual([
      "f-old",
    ]);

    const episodes = new TextIndex();
    episodes.upsert("ep1", "dashboard broke", { kind: "note" });
    episodes.upsert("ep2", "dashboard fixed", { kind: "tool_call" });
    expect(ids(episodes.search("dashboard", 10, { kind: "tool_call" }))).toEqual(["ep2"]);
    expect(ids(episodes.search("dashboard", 10, { kind: null })).sort()).toEqual(["ep1", "ep2"]);
  });

  it("stays exact through compaction of many removed rows", () => {
    const index = new TextIndex();
    for (let i = 0; i < 3000; i++) index.upsert(`r${i}`, `row ${i % 2 ? "odd" : "even"} entry`);
    for (let i = 0; i < 3000; i += 2) index.remove(`r${i}`);
    for (let i = 1; i < 1200; i += 2) index.remove(`r${i}`);
    expect(index.size).toBe(900);
    expect(index.search("even", 10)).toEqual([]);
    const odd = ids(index.search("odd", 1000));
    expect(odd).toHaveLength(900);
    expect(odd[0]).toBe("r2999");
  });

  it("returns nothing for an empty index, an empty query or a zero limit", () => {
    const index = new TextIndex();
    expect(index.search("x", 5)).toEqual([]);
    index.upsert("a", "x");
    expect(index.search("", 5)).toEqual([]);
    expect(index.search("x", 0)).toEqual([]);
  });
});
