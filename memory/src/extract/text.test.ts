import { describe, expect, it } from "vitest";
import { findTerms, sentences } from "./text.js";

describe("sentences", () => {
  it.each([
    ["We use pnpm. Tests pass.", ["We use pnpm.", "Tests pass."]],
    // Chat starts sentences in lower case.
    ["we're keeping RabbitMQ. kafka is overkill", ["we're keeping RabbitMQ.", "kafka is overkill"]],
    ["ok. switched to pnpm! tests pass now", ["ok.", "switched to pnpm!", "tests pass now"]],
    // A short form's period ends nothing; a version or file name is not a sentence end.
    ["pick a runner, e.g. vitest or jest vs. mocha", ["pick a runner, e.g. vitest or jest vs. mocha"]],
    ["bumped to v1.2.3 in package.json today", ["bumped to v1.2.3 in package.json today"]],
    ["- first item\n- second item", ["first item", "second item"]],
    // A numbered list typed on one line.
    [
      "two things: 1) swap logrus for slog 2) bump go to 1.23",
      ["two things:", "swap logrus for slog", "bump go to 1.23"],
    ],
  ])("%j", (prose, expected) => {
    expect(sentences(prose)).toEqual(expected);
  });
});

describe("findTerms", () => {
  it("reads a stated version and the canonical name", () => {
    const [pg] = findTerms("stay on postgres 15");
    expect(pg).toMatchObject({ display: "PostgreSQL 15", version: "15" });
    expect(pg?.term.name).toBe("PostgreSQL");
  });
});
