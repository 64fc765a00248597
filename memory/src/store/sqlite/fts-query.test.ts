import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ftsMatchExpression } from "./fts-query.js";

describe("ftsMatchExpression", () => {
  it("quotes each word as a phrase of its tokens and ORs them", () => {
    expect(ftsMatchExpression("edit src/app.ts now")).toBe('"edit" OR "src app ts" OR "now"');
  });

  it("drops stopwords, duplicates and punctuation-only words", () => {
    expect(ftsMatchExpression("the the -- * ( ) `` _ what")).toBeNull();
    expect(ftsMatchExpression("Node node NODE")).toBe('"node"');
  });

  it("keeps non-ASCII letters", () => {
    expect(ftsMatchExpression("café 東京")).toBe('"café" OR "東京"');
  });

  const hostile = [
    '"unbalanced',
    "a*",
    "-x",
    "NEAR(a b)",
    "a AND OR NOT b",
    "((a)",
    "col:value",
    "`drop`",
    "_",
    "^start",
    "a + b",
    "\u0000\u0007",
    "x".repeat(10_000),
    'he said "hi" -- ok*',
  ];
  it("never yields FTS5 syntax errors on hostile input", () => {
    const db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')");
    db.prepare("INSERT INTO t(body) VALUES (?)").run("a NEAR b AND col value start drop hi ok");
    const q = db.prepare("SELECT rowid FROM t WHERE t MATCH ?");
    for (const input of hostile) {
      const expr = ftsMatchExpression(input);
      if (expr !== null) expect(() => q.all(expr), input).not.toThrow();
    }
    db.close();
  });
});
