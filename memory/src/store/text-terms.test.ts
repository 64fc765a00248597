import { describe, expect, it } from "vitest";
import { queryTerms, textTerms } from "./text-terms.js";

describe("text terms", () => {
  it("splits on anything but letters and digits, lower-cases and stems English words", () => {
    expect(textTerms("Fixed the failing tests in src/App.ts (errors: 3)")).toEqual([
      "fix",
      "the",
      "fail",
      "test",
      "in",
      "src",
      "app",
      "ts",
      "error",
      "3",
    ]);
  });

  it("folds accents and leaves digits, identifiers with digits and short words unstemmed", () => {
    expect(textTerms("Café naïve TS2339 ES2022 is")).toEqual(["cafe", "naiv", "ts2339", "es2022", "is"]);
  });

  it("indexes a camelCase word as itself and its parts, so plain words find it", () => {
    expect(textTerms("./gradlew assembleDebug")).toEqual(["gradlew", "assembledebug", "assembl", "debug"]);
    expect(textTerms("HTTPServer")).toEqual(["httpserver", "http", "server"]);
    expect(queryTerms("how do I build a debug apk")).toContain("debug");
    expect(queryTerms("assembleDebug")).toEqual(["assembledebug", "assembl", "debug"]);
    expect(textTerms("plain words only")).toEqual(["plain", "word", "onli"]);
  });

  it("queries and texts meet on the same terms", () => {
    const doc = new Set(textTerms("npm test failed with TypeErrors in session.ts"));
    for (const t of queryTerms("why do the tests fail? TypeError session.ts"))
      expect(doc.has(t), t).toBe(true);
  });

  it("has no syntax: quotes, operators and brackets are just separators, stopword-only words drop", () => {
    expect(queryTerms('"login* -bug NEAR(cookie) AND `x` _ ) (')).toEqual([
      "login",
      "bug",
      "near",
      "cooki",
      "x",
    ]);
    expect(queryTerms("why does the")).toEqual([]);
    expect(queryTerms("")).toEqual([]);
    // A stopword inside a longer word is kept: "to-do" is about todos.
    expect(queryTerms("to-do")).toEqual(["to", "do"]);
  });

  it("bounds what one query or one huge token can cost", () => {
    expect(queryTerms(Array.from({ length: 100 }, (_, i) => `word${i}`).join(" "))).toHaveLength(32);
    const [long] = textTerms("a".repeat(10_000));
    expect(long).toHaveLength(48);
  });
});
