/**
 * A bare answer to the assistant's question, end to end on the embedded store: the developer's
 * "vitest" after "Vitest or Jest for the tests?" in the same session is a decision; the same word
 * after their own message, in another session, or with nothing asked, is not.
 * The other way round, the assistant's "Sidekiq 7." answering the developer's "what runs background
 * jobs here?" says what the project uses.
 */
import { expect, it } from "vitest";
import type { EpisodeInput } from "../model/schemas.js";
import { conversation } from "./conversation-fixture.js";

const talk = conversation();
const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString();
const turn = (
  id: string,
  minute: number,
  kind: "user_message" | "assistant_message" | "tool_call",
  content: string,
  session = "s1",
): EpisodeInput => ({ id, group: "g", kind, content, session, occurredAt: at(minute) });
const asked = turn(
  "a1",
  1,
  "assistant_message",
  "The suite is ready to port. Should we use Vitest or Jest for the tests?",
);
const ran = turn("t1", 2, "tool_call", "npm ls vitest jest");

it("the developer's one-word answer to the assistant's choice is a decision, and the tool is in use", async () => {
  await talk.engine.ingest(asked);
  await talk.engine.ingest(ran);
  const reply = await talk.engine.ingest(turn("u1", 3, "user_message", "vitest"));
  expect(reply.facts.map((f) => f.text).sort()).toEqual([
    "project decided: We decided to use Vitest for the tests.",
    "project uses Vitest (test framework).",
  ]);
});

it("reads the question from the same batch when both arrive together", async () => {
  const [, , reply] = await talk.engine.ingestBatch([asked, ran, turn("u1", 3, "user_message", "yes")]);
  expect(reply!.facts).toEqual([]);
  const res = await talk.engine.ingestBatch([
    turn("a2", 4, "assistant_message", "Want me to pin Node 22 in .nvmrc?"),
    turn("u2", 5, "user_message", "sure, go ahead"),
  ]);
  expect(res[1]!.facts.map((f) => f.text)).toContain("project decided: We decided to pin Node 22 in .nvmrc.");
});

it("a word after the developer's own message, in another session, or with nothing asked decides nothing", async () => {
  await talk.engine.ingest(asked);
  await talk.engine.ingest(turn("u1", 2, "user_message", "hmm, let me look at the old config first"));
  expect((await talk.engine.ingest(turn("u2", 3, "user_message", "vitest"))).facts).toEqual([]);
  expect((await talk.engine.ingest(turn("u3", 4, "user_message", "jest", "s2"))).facts).toEqual([]);
  await talk.engine.ingest(turn("a2", 5, "assistant_message", "Done: the suite runs on both.", "s3"));
  expect((await talk.engine.ingest(turn("u4", 6, "user_message", "vitest", "s3"))).facts).toEqual([]);
  expect(await talk.current("Vitest Jest tests decided")).toEqual([]);
});

it("a later answer replaces the earlier choice: 'jest' to the next question ends Vitest", async () => {
  await talk.engine.ingest(asked);
  await talk.engine.ingest(turn("u1", 2, "user_message", "vitest"));
  await talk.engine.ingest(
    turn("a2", 3, "assistant_message", "Vitest cannot run the legacy mocks. Keep Vitest or go back to Jest?"),
  );
  await talk.engine.ingest(turn("u2", 4, "user_message", "go back to jest"));
  const facts = await talk.current("Vitest Jest tests decided test framework");
  expect(facts).toContain("project uses Jest (test framework).");
  expect(facts).not.toContain("project uses Vitest (test framework).");
});

it("the assistant's short answer to the developer's question says what the project uses", async () => {
  await talk.engine.ingest(
    turn("q1", 1, "user_message", "first week here. what runs background jobs, sidekiq or solid queue?"),
  );
  await talk.engine.ingest(turn("t1", 2, "tool_call", "cat Gemfile"));
  const answer = await talk.engine.ingest(
    turn(
      "a1",
      3,
      "assistant_message",
      "Sidekiq 7. Queues are defined in config/sidekiq.yml: critical, default, low.",
    ),
  );
  expect(answer.facts.map((f) => f.text)).toContain("project uses Sidekiq (job queue).");
  // Read together when both arrive in one batch, and only within the session that asked.
  const [, same] = await talk.engine.ingestBatch([
    turn("q2", 4, "user_message", "is the db mysql?"),
    turn("a2", 5, "assistant_message", "No, it's Postgres 15 (see docker-compose.yml)."),
  ]);
  expect(same!.facts.map((f) => f.text)).toContain("project uses PostgreSQL 15 (database).");
  await talk.engine.ingest(turn("q3", 6, "user_message", "and the linter, eslint or biome?", "s2"));
  const elsewhere = await talk.engine.ingest(
    turn("a3", 7, "assistant_message", "Biome, with the recommended rules.", "s3"),
  );
  expect(elsewhere.facts).toEqual([]);
});

it("the answer may follow the agent's own preamble, but not a long run of its turns", async () => {
  await talk.engine.ingest(turn("q1", 1, "user_message", "what do we use for migrations?"));
  await talk.engine.ingest(turn("a1", 2, "assistant_message", "Let me check the build files."));
  await talk.engine.ingest(turn("t1", 3, "tool_call", "ls src/main/resources/db"));
  const answer = await talk.engine.ingest(
    turn("a2", 4, "assistant_message", "Flyway. Scripts are under src/main/resources/db/migration."),
  );
  expect(answer.facts.map((f) => f.text)).toContain("project uses Flyway (migrations).");
  await talk.engine.ingest(turn("q2", 5, "user_message", "what runs background jobs here?"));
  for (const [i, said] of ["Looking.", "Still looking.", "Checking the Procfile."].entries())
    await talk.engine.ingest(turn(`b${i}`, 6 + i, "assistant_message", said));
  const late = await talk.engine.ingest(turn("b9", 10, "assistant_message", "Sidekiq 7, per the Gemfile."));
  expect(late.facts).toEqual([]);
});
