/**
 * Decisions and rules end with the tool they took up, end to end with the rule extractor on the
 * embedded store: "we decided to use Kafka" stops being current when the project says "scratch
 * that, no Kafka" or takes another tool in Kafka's place, and history keeps it.
 */
import { expect, it } from "vitest";
import { conversation, day } from "./conversation-fixture.js";

const talk = conversation();
const { say, current } = talk;

it("a reversal ends the decision and the use it recorded, and forget re-opens them", async () => {
  await say("e1", 1, "We decided to use Kafka for the order events.");
  await say("e2", 3, "scratch that. we're not going with Kafka after all, volume is too low");
  expect(await current("Kafka order events decided")).toEqual(["project stopped using Kafka."]);
  expect(await current("Kafka order events decided", day(2))).toEqual([
    "project decided: We decided to use Kafka for the order events.",
    "project uses Kafka (message broker).",
  ]);
  await talk.engine.forgetEpisode("g", "e2");
  expect(await current("Kafka order events decided")).toHaveLength(2);
});

it("another tool in the same slot ends the decision that chose the first", async () => {
  await say("e1", 1, "We decided to use Prisma for the data layer.");
  await say("e2", 2, "We decided to keep the retry budget at 3.");
  await say("e3", 4, "ok, the ORM is Drizzle now");
  expect(await current("Prisma Drizzle decided retry budget")).toEqual([
    "project decided: We decided to keep the retry budget at 3.",
    "project uses Drizzle (orm).",
  ]);
});

it("a decision to leave a tool stays when the tool goes, and one from the same message stays", async () => {
  await say("e1", 1, "We decided to move from Jest to Vitest because of ESM.");
  await say("e2", 2, "We dropped Jest.");
  await say("e3", 3, "We decided to drop Mongo, we use Postgres instead.");
  const facts = await current("decided Jest Vitest Mongo Postgres");
  expect(facts).toContain("project decided: We decided to move from Jest to Vitest because of ESM.");
  expect(facts).toContain("project decided: We decided to drop Mongo, we use Postgres instead.");
});

it("a rule about a tool ends when the tool is replaced; a rule against one stays", async () => {
  await say("e1", 1, "Always run prettier before committing.");
  await say("e2", 1, "Never use moment, use date-fns.");
  await say("e3", 3, "We replaced prettier with biome.");
  const facts = await current("rule prettier moment biome committing");
  expect(facts).not.toContain("Rule for project: always run prettier before committing.");
  expect(facts).toContain("Rule for project: never use moment, use date-fns.");
});
