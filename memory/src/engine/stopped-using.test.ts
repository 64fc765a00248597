/**
 * "We don't use X anymore" with the default rule extractor, end to end on the embedded store: the
 * project's use of X stops being current (even where uses accumulate, so no contradiction could
 * end it), history keeps it, and forgetting the message that said so makes it current again.
 */
import { expect, it } from "vitest";
import { conversation, day } from "./conversation-fixture.js";

const talk = conversation();
const { say, current } = talk;

it("ends a use that accumulates when the project stops using it, and forget re-opens it", async () => {
  await say("e1", 1, "We use Redis for caching and Docker for local dev.");
  const stop = await say("e2", 5, "We no longer use Docker.");
  expect(stop.invalidated).toHaveLength(1);
  expect(await current("Docker Redis")).toEqual([
    "project stopped using Docker.",
    "project uses Redis (cache).",
  ]);
  expect(await current("Docker Redis", day(3))).toContain("project uses Docker (container).");

  await talk.engine.forgetEpisode("g", "e2");
  expect(await current("Docker Redis")).toEqual([
    "project uses Docker (container).",
    "project uses Redis (cache).",
  ]);
});

it("ends the versioned fact when the tool is dropped by name alone", async () => {
  await say("e1", 1, "Database is Postgres 16.");
  await say("e2", 2, "We dropped Postgres.");
  expect(await current("PostgreSQL")).toEqual(["project stopped using PostgreSQL."]);
});

it("switching ends the old one once, whether or not its slot is functional", async () => {
  await say("e1", 1, "We use Redis.");
  await say("e2", 2, "We use Jest.");
  const cache = await say("e3", 3, "We don't use Redis anymore, we use Valkey.");
  const tests = await say("e4", 4, "We switched from Jest to Vitest.");
  expect(cache.invalidated).toHaveLength(1);
  expect(tests.invalidated).toHaveLength(1);
  expect(await current("Redis Valkey Jest Vitest")).toEqual([
    "project switched from Jest to Vitest.",
    "project switched from Redis to Valkey.",
    "project uses Valkey (cache).",
    "project uses Vitest (test framework).",
  ]);
});
