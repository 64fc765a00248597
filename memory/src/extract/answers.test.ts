import { describe, expect, it } from "vitest";
import { answeredStatement } from "./answers.js";

describe("answeredStatement: a short reply to the assistant's question, read as the decision it makes", () => {
  it.each([
    // a named option
    ["Should we use Vitest or Jest for the tests?", "vitest", "We decided to use Vitest for the tests."],
    [
      "Should we use Vitest or Jest for the tests?",
      "Jest, not Vitest.",
      "We decided to use Jest for the tests.",
    ],
    [
      "Which do you prefer for the queue: BullMQ or RabbitMQ?",
      "rabbitmq",
      "We decided to use RabbitMQ for the queue.",
    ],
    ["Should we stick with Jest or move to Vitest?", "Vitest", "We decided to move to Vitest."],
    ["Should we stick with Jest or move to Vitest?", "jest", "We decided to stick with Jest."],
    ["Postgres or SQLite for local dev?", "postgres please", "We decided to use PostgreSQL for local dev."],
    ["I can wire the cache now. Redis or Memcached?", "Memcached.", "We decided to use Memcached."],
    ["Do you want the flag called `--dry-run` or `--check`?", "`--check`", "We decided to use `--check`."],
    ["Should the worker use Postgres or MySQL?", "SQLite", "We decided to use SQLite."],
    [
      "Want me to set up pnpm or npm workspaces for your packages?",
      "pnpm",
      "We decided to use pnpm for our packages.",
    ],
    // a listed option
    [
      "Two ways to go:\n1. Keep Express and add zod: less churn\n2. Move to Hono (faster, typed routes)\nWhich do you prefer?",
      "2",
      "We decided to move to Hono.",
    ],
    [
      "Which approach?\n\n- **Option A**: Postgres with pgvector\n- **Option B**: a separate Qdrant service",
      "option a",
      "We decided to use Postgres with pgvector.",
    ],
    [
      "Options:\n1. **Redis Streams** — durable, replayable\n2. **BullMQ** — simpler\nWhich one should I build?",
      "let's go with the first one",
      "We decided to use Redis Streams.",
    ],
    ["Pick one:\na) rename the package to memctl\nb) keep ocm", "B", "We decided to keep ocm."],
    // agreeing to a proposal
    [
      "I found the flaky test. Should I switch the tests to Vitest?",
      "yes",
      "We decided to switch the tests to Vitest.",
    ],
    ["Want me to pin Node 22 in .nvmrc?", "sure, go ahead", "We decided to pin Node 22 in .nvmrc."],
    ["Do you want me to add Zod for validation?", "yes please", "We decided to add Zod for validation."],
    [
      "I'd suggest we migrate the queue to RabbitMQ. Sound good?",
      "lgtm",
      "We decided to migrate the queue to RabbitMQ.",
    ],
    ["Is it OK if I rename the package to memctl?", "👍", "We decided to rename the package to memctl."],
  ])("%j answered %j", (asked, reply, statement) => {
    expect(answeredStatement(asked, reply)).toBe(statement);
  });

  it.each([
    // no choice made
    ["Should we use Vitest or Jest for the tests?", "either is fine"],
    ["Should we use Vitest or Jest for the tests?", "what's the difference?"],
    ["Should we use Vitest or Jest for the tests?", "not vitest"],
    ["Should we use Vitest or Jest for the tests?", "vitest or jest, you decide"],
    ["Should we use Vitest or Jest for the tests?", "yes"],
    ["Postgres or MySQL?", "sqlite for now, maybe postgres later"],
    // a question the reply does not answer
    ["Should I use Vitest or Jest? Never mind, I went with Vitest. The suite is green now. Done.", "jest"],
    ["Done: the tests pass.", "vitest"],
    // agreement with conditions, or to one-off work
    ["Should I switch the tests to Vitest?", "yes but keep the jest config around"],
    ["Should I switch the tests to Vitest?", "no"],
    ["Should I run the tests again?", "yes"],
    ["Should I fix the failing test?", "yes"],
    ["Want me to check the logs?", "sure"],
    ["Anything else? Should I continue?", "yes"],
    // ordinals that are not picks
    ["Which one?\n1. Keep Express\n2. Move to Hono", "First, fix the build."],
    ["Which one?\n1. Keep Express\n2. Move to Hono", "1 and 2"],
    ["Which one?\n1. Keep Express\n2. Move to Hono", "3"],
    // a long reply states its own case
    ["Should I switch the tests to Vitest?", `yes ${"and more ".repeat(60)}`],
  ])("%j answered %j: no decision", (asked, reply) => {
    expect(answeredStatement(asked, reply)).toBeNull();
  });
});
