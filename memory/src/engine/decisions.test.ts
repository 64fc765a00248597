import { describe, expect, it } from "vitest";
import { decisionAdopts } from "./decisions.js";

describe("decisionAdopts: whether a decision or rule took a thing up", () => {
  it.each([
    ["use Kafka for the order events", "Kafka", true],
    ["move from Jest to Vitest because of ESM", "Jest", false],
    ["move from Jest to Vitest because of ESM", "Vitest", true],
    ["against Kafka after all", "Kafka", false],
    ["never use moment, use date-fns", "Moment.js", false],
    ["always run prettier before committing", "Prettier", true],
    // Spelled another way than the stored name.
    ["stay on postgres 15 until the upgrade window", "PostgreSQL 15", true],
    ["stay on postgres 15 until the upgrade window", "PostgreSQL 16", false],
    ["stay on postgres 15 until the upgrade window", "PostgreSQL", true],
    // A name the vocabulary does not know is matched as a word.
    ["use Linear for tickets", "Linear", true],
    ["use LinearB dashboards", "Linear", false],
  ])("%s / %s -> %s", (decision, thing, expected) => {
    expect(decisionAdopts(decision, thing)).toBe(expected);
  });
});
