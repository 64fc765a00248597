import { describe, expect, it } from "vitest";
import type { Episode } from "../model/types.js";
import { agentAnswerStatement, couldAnswerQuestion } from "./agent-answers.js";
import { extractRules } from "./rules.js";

describe("agentAnswerStatement: the assistant's answer to the developer's question about the project", () => {
  it.each([
    // which of the options named
    [
      "ha ok. what runs background jobs here, sidekiq or solid queue?",
      "Sidekiq 7. Queues are in config/sidekiq.yml.",
      "We use Sidekiq.",
    ],
    [
      "is the http layer gin or echo? i keep forgetting",
      "Gin — `internal/server/router.go` builds a `gin.Engine`.",
      "We use Gin.",
    ],
    [
      "we deploy on fly or render? need to set an env var",
      "Fly.io — there's a `fly.toml` at the root.",
      "We use Fly.io.",
    ],
    [
      "looking at models.py. is the orm sqlalchemy or tortoise?",
      "SQLAlchemy 2.0, declarative style.",
      "We use SQLAlchemy.",
    ],
    [
      "does the search page hit Elasticsearch or something else?",
      "Something else — it queries Meilisearch.",
      "We use Meilisearch.",
    ],
    // an open question about the stack
    [
      "what do we use for migrations?",
      "Flyway. Scripts are under `src/main/resources/db/migration`.",
      "We use Flyway.",
    ],
    ["what do we use to send emails", "Postmark, via the `postmark-rails` gem.", "We use Postmark."],
    [
      "trying to add a cart count. how are we handling state in the react app?",
      "Zustand. Stores live in `src/stores/`.",
      "We use Zustand.",
    ],
    ["remind me what handles auth here", "Auth goes through **NextAuth.js** (v4).", "We use NextAuth."],
    [
      "For the Go service, what HTTP router are we on? chi, gin, echo?",
      "Gin. `cmd/api/main.go` does `gin.New()`.",
      "We use Gin.",
    ],
    [
      "which postgres driver does the inventory service use?",
      "`asyncpg`, through SQLAlchemy's async engine.",
      "We use asyncpg.",
    ],
    // a claim or a yes/no question the answer confirms
    ["arg parsing is clap derive right?", "Yes, clap 4 with the derive API.", "We use clap 4."],
    [
      "and all tests are rspec? no minitest hiding anywhere?",
      "All RSpec, with FactoryBot for fixtures.",
      "We use RSpec.",
    ],
    [
      "the queue is bullmq isn't it",
      "It is. `src/queues/index.ts` creates the BullMQ queues.",
      "We use BullMQ.",
    ],
    ["do we use zod anywhere?", "Yes — all request bodies are validated with zod schemas.", "We use Zod."],
    ["is redis part of the stack?", "Yes. Redis backs the session store.", "We use Redis."],
    [
      "does the c++ build use conan for deps?",
      "Yes. `conanfile.txt` lists fmt, spdlog and gtest.",
      "We use Conan.",
    ],
    [
      "hey is there any feature flag thing in here? like launchdarkly",
      "Yes, it's LaunchDarkly.",
      "We use LaunchDarkly.",
    ],
    [
      "how are we taking payments, stripe right",
      "Right, Stripe. `billing/views.py` creates Checkout Sessions.",
      "We use Stripe.",
    ],
    // a guess or a claim the answer corrects
    ["is the db mysql?", "No, it's Postgres 15 (see docker-compose.yml).", "We use PostgreSQL 15."],
    ["tests are junit 4 right?", "No, JUnit 5 (Jupiter).", "We use JUnit 5."],
    [
      "are we using log4j for logging in the service? security asked",
      "No. It's Logback behind SLF4J.",
      "We use Logback.",
    ],
    [
      "is it eslint + prettier doing the formatting?",
      "No — Biome does both lint and format.",
      "We use Biome.",
    ],
    [
      "wait are we still on npm?",
      "No, the repo moved to Yarn 4 — there's a `.yarnrc.yml`.",
      "We use Yarn 4.",
    ],
    [
      "Which state management lib does the frontend use? Redux?",
      "No, Zustand. The stores are built with `create()`.",
      "We use Zustand.",
    ],
    [
      "What's serving the GraphQL API? Apollo Server?",
      "Checked `server/index.ts` — it's GraphQL Yoga.",
      "We use GraphQL Yoga.",
    ],
  ])("%s -> %s", (asked, reply, statement) => {
    expect(agentAnswerStatement(asked, reply)).toBe(statement);
  });

  it.each([
    // choices, recommendations and plans
    ["should we use sidekiq or good_job?", "Sidekiq — it's more mature."],
    ["what would you use for feature flags?", "Unleash, self-hosted."],
    ["thinking about adding e2e tests finally. playwright or cypress?", "Playwright. It's faster."],
    ["for the admin charts, recharts or chart.js? which is better", "Recharts fits React better."],
    ["we need a cli parser for the new rust tool, clap or argh?", "clap with derive."],
    ["we're dropping mongo for postgres in q3, yeah?", "Yes, that's what the migration RFC says."],
    ["so we're switching to pnpm next sprint right?", "Right, that's the plan once CI is updated."],
    // possibility, and facts about a tool in general
    ["is vitest an option with nest?", "Yeah, it works fine once you add the SWC plugin."],
    ["does prisma support views?", "Yes, since 4.9 as a preview feature."],
    ["biome does tabs by default right?", "Yes, Biome defaults to tabs."],
    ["pytest fixtures with scope=session only run once per run right?", "Right, once per session."],
    ["Can Gin do HTTP/2 server push?", "Gin exposes the underlying `http.Pusher`, so technically yes."],
    ["what's the difference between pnpm and yarn workspaces again?", "pnpm uses a content-addressed store."],
    // denials naming nothing else, unsure answers, other teams, the past
    ["do we still use lodash anywhere?", "No, the last import was removed in March."],
    ["are we on webpack or vite?", "Not sure — there are configs for both."],
    ["webpack or vite here?", "Both: the app builds with Vite and Storybook still uses webpack."],
    ["what does the mobile team use for state?", "Riverpod, per their README."],
    ["we were on mongo before right?", "Yes, until the 2023 migration."],
    // code, files and events rather than tools
    ["is the retry logic in the client or the worker?", "The worker: src/worker/retry.ts."],
    ["what's causing the 500s here?", "Redis timing out under the morning load."],
    ["ok what are we using for forms, I see `useForm` all over", "`useForm` there is from a local hook."],
    ["did the deploy use the new image?", "Yes, tag 1.4.2."],
    // no question at all
    ["we use postgres", "Noted."],
  ])("%s -> nothing", (asked, reply) => {
    expect(agentAnswerStatement(asked, reply)).toBeNull();
  });

  it("only a short first sentence is worth a look back for the question", () => {
    expect(couldAnswerQuestion("Sidekiq 7. Queues are defined in config/sidekiq.yml.")).toBe(true);
    expect(couldAnswerQuestion("Not sure — there are configs for both.")).toBe(false);
    expect(couldAnswerQuestion(`${"This is a long explanation of the build ".repeat(5)}.`)).toBe(false);
  });
});

describe("the rules read the answer with the question it answers", () => {
  const episode = (content: string): Episode => ({
    id: "e1",
    group: "g",
    kind: "assistant_message",
    content,
    actor: null,
    session: "s1",
    occurredAt: "2026-01-05T10:00:00.000Z",
    createdAt: "2026-01-05T10:00:00.000Z",
    metadata: { project: "shop" },
  });
  const facts = (reply: string, answering?: string) =>
    extractRules(episode(reply), { knownEntities: [], answering }).facts.map(
      (f) => `${f.subject} ${f.predicate} ${f.object}`,
    );

  it("'Sidekiq 7.' alone says nothing; after 'what runs background jobs here?' the project uses Sidekiq", () => {
    const reply = "Sidekiq 7. Queues are defined in config/sidekiq.yml: critical, default, low.";
    expect(facts(reply).filter((f) => f.includes("uses_"))).toEqual([]);
    expect(facts(reply, "what runs background jobs here, sidekiq or solid queue?")).toContain(
      "shop uses_job_queue Sidekiq",
    );
  });

  it("a correction names the tool in use, not the one guessed", () => {
    const found = facts("No, it's Postgres 15 (see docker-compose.yml).", "is the db mysql?");
    expect(found).toContain("shop uses_database PostgreSQL 15");
    expect(found.some((f) => f.includes("MySQL"))).toBe(false);
  });
});
