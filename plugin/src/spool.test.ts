import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Episode } from "./episode.js";
import { Spool } from "./spool.js";

const ep = (n: number): Episode => ({ id: `oc:t:${n}`, group: "g", kind: "note", content: `e${n}` });
const file = () => join(mkdtempSync(join(tmpdir(), "spool-")), "sub", "g.jsonl");

describe("Spool", () => {
  it("keeps entries in order across instances (a restart) and removes by id", () => {
    const f = file();
    new Spool(f, 100, () => {}).append([ep(1), ep(2), ep(3)]);
    const again = new Spool(f, 100, () => {});
    expect(again.peek(10).map((e) => e.id)).toEqual(["oc:t:1", "oc:t:2", "oc:t:3"]);
    again.remove(["oc:t:2"]);
    expect(again.peek(10).map((e) => e.id)).toEqual(["oc:t:1", "oc:t:3"]);
    again.remove(["oc:t:1", "oc:t:3"]);
    expect(again.size()).toBe(0);
  });

  it("drops the oldest past the bound and says so", () => {
    const logs: string[] = [];
    const s = new Spool(file(), 3, (_l, m) => logs.push(m));
    s.append([ep(1), ep(2)]);
    s.append([ep(3), ep(4), ep(5)]);
    expect(s.peek(10).map((e) => e.id)).toEqual(["oc:t:3", "oc:t:4", "oc:t:5"]);
    expect(logs.join("\n")).toMatch(/spool full .*dropped the 2 oldest/);
  });

  it("skips a torn last line and keeps the rest", () => {
    const f = file();
    const s = new Spool(f, 100, () => {});
    s.append([ep(1)]);
    appendFileSync(f, '{"id":"oc:t:2","con');
    expect(s.peek(10).map((e) => e.id)).toEqual(["oc:t:1"]);
    s.append([ep(3)]);
    expect(s.peek(10).map((e) => e.id)).toEqual(["oc:t:1", "oc:t:3"]);
    s.remove(["oc:t:1"]); // a rewrite drops the torn line for good
    expect(readFileSync(f, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
