import { describe, expect, it } from "vitest";
import type { Extraction } from "../engine/ports.js";
import type { Episode } from "../model/types.js";
import { extractRules, ruleExtractor } from "./rules.js";

function msg(
  content: string,
  kind: Episode["kind"] = "user_message",
  metadata: Record<string, unknown> = { project: "acme" },
): Episode {
  return {
    id: "m1",
    group: "g",
    kind,
    content,
    actor: "user",
    session: "ses_1",
    occurredAt: "2026-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T00:00:00.000Z",
    metadata: { directory: "/repo", ...metadata },
  };
}

const triples = (x: Extraction) =>
  x.facts.map((f) => `${f.subject} ${f.predicate}${f.functional ? "!" : ""} ${f.object}`);
const facts = (content: string, kind?: Episode["kind"], metadata?: Record<string, unknown>) =>
  triples(extractRules(msg(content, kind, metadata)));

describe("rule extractor: the project's stack", () => {
  it.each([
    ["The project uses Node 18.", ["acme uses_runtime! Node 18"]],
    ["We're running on Node.js v22.11.0 in production.", ["acme uses_runtime! Node 22"]],
    ["We use Vitest for tests.", ["acme uses_test_framework! Vitest"]],
    ["This repo uses pnpm workspaces.", ["acme uses_package_manager! pnpm"]],
    [
      "Our backend is built with Fastify and Postgres.",
      ["acme uses_web_framework! Fastify", "acme uses_database! PostgreSQL"],
    ],
    ["We're on Python 3.12 now.", ["acme uses_language Python", "acme uses_python_version! Python 3.12"]],
    [
      "We use Redis for caching and Docker for local dev.",
      ["acme uses_cache Redis", "acme uses_container Docker"],
    ],
    ["We use Linear for issue tracking.", ["acme uses Linear"]],
    ["npm is our package manager.", ["acme uses_package_manager! npm"]],
    ["let's go back to jest", ["acme uses_test_framework! Jest"]],
    ["can you switch the tests to vitest?", ["acme uses_test_framework! Vitest"]],
    ["btw scheduling is still plain cron on the etl box, not airflow", ["acme uses_scheduler! cron"]],
    ["the test runner is still jest", ["acme uses_test_framework! Jest"]],
    ["Could you please migrate us to pnpm?", ["acme uses_package_manager! pnpm"]],
    ["we reverted to Jest last week", ["acme uses_test_framework! Jest"]],
    ["The tests use Jest.", ["acme uses_test_framework! Jest"]],
    ["Node 22 is required for this project.", ["acme uses_runtime! Node 22"]],
    ["Node 22 is required.", ["acme uses_runtime! Node 22"]],
    ["Docker is needed for the e2e tests.", ["acme uses_container Docker"]],
    ["We moved the API to Hono last month.", ["acme uses_web_framework! Hono"]],
    ["The database is Postgres 16.", ["acme uses_database! PostgreSQL 16"]],
    ["Our CI runs on GitHub Actions.", ["acme uses_ci! GitHub Actions"]],
    // Versions of databases, caches and frameworks name the object: an upgrade contradicts.
    ["We're on React 19.", ["acme uses_ui_framework! React 19"]],
    ["Redis 7 is our cache.", ["acme uses_cache Redis 7"]],
    ["We use Postgres.", ["acme uses_database! PostgreSQL"]],
    // One part of the stack named first, as people write it (and as notes files list it).
    ["Database is Postgres 16.", ["acme uses_database! PostgreSQL 16"]],
    ["Tests use Vitest.", ["acme uses_test_framework! Vitest"]],
    ["Package manager: pnpm", ["acme uses_package_manager! pnpm"]],
    ["Database: MySQL 8", ["acme uses_database! MySQL 8"]],
    // Where it runs: hosting accumulates (a backend here, a frontend there).
    ["We deploy to Fly.io.", ["acme uses_hosting Fly.io"]],
    ["The frontend is hosted on Cloudflare Pages.", ["acme uses_hosting Cloudflare Pages"]],
    [
      "We deploy the backend to Fly and the frontend to Vercel.",
      ["acme uses_hosting Fly.io", "acme uses_hosting Vercel"],
    ],
    ["We use Redis and Memcached.", ["acme uses_cache Redis", "acme uses_cache Memcached"]],
    // Imperatives after a filler word.
    ["Actually use pnpm, not yarn.", ["acme uses_package_manager! pnpm"]],
    ["From now on use bun instead of npm.", ["acme uses_package_manager! Bun", "acme switched_from npm"]],
    ["OK, use Biome for linting, not ESLint.", ["acme uses_linter! Biome"]],
    // A longer name that starts with a known one is its own thing.
    ["No, use React Query not SWR.", ["acme uses_data_fetching TanStack Query"]],
    ["We use React Native.", ["acme uses_mobile_framework React Native"]],
    // Switches as they are typed: a verb and "to", an arrow, "ditch", a version after "to".
    ["switch npm -> bun", ["acme uses_package_manager! Bun", "acme switched_from npm"]],
    ["we migrated jest to vitest", ["acme uses_test_framework! Vitest", "acme switched_from Jest"]],
    [
      "eslint+prettier in web/ -> biome",
      ["acme uses_linter! Biome", "acme switched_from ESLint", "acme switched_from Prettier"],
    ],
    [
      "Switched `web/` from ESLint + Prettier to Biome",
      ["acme uses_linter! Biome", "acme switched_from ESLint", "acme switched_from Prettier"],
    ],
    ["frontend: ditch webpack, move to vite", ["acme uses_bundler! Vite", "acme switched_from webpack"]],
    ["also we're ditching prisma for drizzle", ["acme uses_orm! Drizzle", "acme switched_from Prisma"]],
    ["nice. also bump node to 20", ["acme uses_runtime! Node 20"]],
    ["Bumped Node from 20 to 22.", ["acme uses_runtime! Node 22", "acme switched_from Node 20"]],
    ["We upgraded Postgres to 16.", ["acme uses_database! PostgreSQL 16"]],
    ["we're staying on node 20", ["acme uses_runtime! Node 20"]],
    ["prod db is postgres 16 now", ["acme uses_database! PostgreSQL 16"]],
    [
      "Node 18 is no longer supported, so we require Node 22.",
      ["acme uses_runtime! Node 22", "acme switched_from Node 18"],
    ],
    // Release notes and other stacks: markdown emphasis, a version arrow, Ruby/Rust/data tools.
    [
      "**Rails 7.1.3 → 7.2.1**: bumped the Gemfile",
      ["acme uses_web_framework! Rails 7.2", "acme switched_from Rails 7.1"],
    ],
    [
      "**Sidekiq → Solid Queue**: new adapter",
      ["acme uses_job_queue! Solid Queue", "acme switched_from Sidekiq"],
    ],
    [
      "Switched system specs from Selenium to Cuprite",
      ["acme uses_browser_driver! Cuprite", "acme switched_from Selenium"],
    ],
    ["Replaced `chrono` with `jiff`", ["acme uses_datetime! jiff", "acme switched_from chrono"]],
    ["Nothing needs Redis anymore.", ["acme switched_from Redis"]],
    ["we don't need Redis anymore", ["acme switched_from Redis"]],
    // The developer's own wish to move is the instruction the agent carries out.
    ["I'd like to migrate to Riverpod with riverpod_generator.", ["acme uses_state_management! Riverpod"]],
    ["I want to drop the helm chart.", ["acme switched_from Helm"]],
    // "X only" names the one in use; a numbered list typed on one line is read item by item.
    ["4) pnpm only, not npm or yarn.", ["acme uses_package_manager! pnpm"]],
    [
      "rules: 1. never run git push yourself. 2. pnpm only, not npm or yarn.",
      ["acme has_rule never run git push yourself", "acme uses_package_manager! pnpm"],
    ],
    // Deleting a tool's code path, or reporting it removed, leaves it.
    [
      "move the whole pipeline over to polars and delete the pandas code path.",
      ["acme uses_dataframe Polars", "acme switched_from pandas"],
    ],
    [
      "Done: requirements.txt pins polars==0.20.31, pandas is removed, and aggregate.py now is the polars implementation.",
      ["acme uses_dataframe Polars", "acme switched_from pandas"],
    ],
    // A report of what was done: "added" takes a tool up as "removed" leaves one.
    ["added vitest and removed jest", ["acme uses_test_framework! Vitest", "acme switched_from Jest"]],
    ["Added pino for logging.", ["acme uses_logger! pino"]],
    // Tooling around a stack: native dependency managers, code generation, Elixir jobs, SQL lint.
    [
      "we moved deps from conan to vcpkg",
      ["acme uses_dependency_manager! vcpkg", "acme switched_from Conan"],
    ],
    [
      "use KSP for both hilt and room, not kapt",
      ["acme uses_code_generation! KSP", "acme uses_dependency_injection! Hilt"],
    ],
    ["fyi bg jobs are Oban, queues default: 10, mailers: 5.", ["acme uses_job_queue! Oban"]],
    ["we use sqlfluff for SQL linting", ["acme uses_sql_linter! SQLFluff"]],
    ["moving to MkDocs Material + mkdocstrings", ["acme uses_docs_generator! MkDocs"]],
    ["switch to a systemd user timer with Persistent=true", ["acme uses_scheduler! systemd timers"]],
    [
      "db is postgres 16 with asyncpg btw",
      ["acme uses_database! PostgreSQL 16", "acme uses_database_driver! asyncpg"],
    ],
    // What the project runs its checks or builds with.
    ["we run the tests with Pest", ["acme uses_test_framework! Pest"]],
    ["we build the frontend with vite", ["acme uses_bundler! Vite"]],
    // "nvm" is "never mind" unless written as the tool's name.
    [
      "nvm about redis, we keep using postgres",
      ["acme uses_database! PostgreSQL", "acme switched_from Redis"],
    ],
    // A message that moves off a tool states no use of it, whatever another sentence reads as use.
    [
      "Right, nothing else in billing touches Redis (cache is the DB cache table). So plan: broker -> RabbitMQ, and drop the redis service from compose.",
      ["acme uses_message_broker RabbitMQ", "acme switched_from Redis"],
    ],
    // JVM, Android and Python stacks.
    [
      "move networking from retrofit to ktor client",
      ["acme uses_http_client! Ktor", "acme switched_from Retrofit"],
    ],
    [
      "Replace Moshi with kotlinx.serialization",
      ["acme uses_serialization! kotlinx.serialization", "acme switched_from Moshi"],
    ],
    ["DI is Hilt", ["acme uses_dependency_injection! Hilt"]],
    ["we move to gradle (kotlin dsl)", ["acme uses_build_tool! Gradle", "acme uses_language Kotlin"]],
    ["We're on Spring Boot 3.3.4", ["acme uses_web_framework! Spring Boot 3.3"]],
    ["migrations are Flyway", ["acme uses_migrations! Flyway"]],
    // Lower-case "black" is a colour; the list still ends at flake8.
    ["we dropped black and flake8 for ruff", ["acme uses_linter! Ruff", "acme switched_from flake8"]],
    ["yank redis out of docker-compose.yml too", ["acme switched_from Redis"]],
    // Bun fills the part the sentence names.
    ["Package manager is Bun.", ["acme uses_package_manager! Bun"]],
    ["We use Bun.", ["acme uses_runtime! Bun"]],
    // An aside does not make a statement a question; what stays is still used.
    ["We use Postgres (should we upgrade?)", ["acme uses_database! PostgreSQL"]],
    ["Redis remains the cache.", ["acme uses_cache Redis"]],
    // Moving something that is not a tool ends nothing.
    ["We moved the Redis cache to a separate container.", ["acme uses_cache Redis"]],
    // Changes of mind: a negation reaches over filler words, "no X", "off the table", "keeping".
    ["we're not going with Kafka after all", ["acme switched_from Kafka"]],
    ["We won't be using Redis.", []],
    [
      "We decided against Kafka after all.",
      ["acme switched_from Kafka", "acme decided against Kafka after all"],
    ],
    ["change of plans: no Kafka, we stay with RabbitMQ", ["acme uses_message_broker RabbitMQ"]],
    ["Kafka is off the table", ["acme switched_from Kafka"]],
    ["kafka is overkill for our volume", ["acme switched_from Kafka"]],
    ["scratch that, we're keeping RabbitMQ.", ["acme uses_message_broker RabbitMQ"]],
    ["nvm, keeping rabbitmq", ["acme uses_message_broker RabbitMQ"]],
    ["we reverted the decision to use Kafka", ["acme switched_from Kafka"]],
    ["never mind about kafka, volume is too low", ["acme switched_from Kafka"]],
    ["update on avro: scratch that.", ["acme switched_from Avro"]],
    // One tool's two commands are no switch; a longer name is its own tool.
    ["Use `npm ci` instead of `npm install` in the Dockerfile.", ["acme uses_package_manager! npm"]],
    [
      "We migrated from Create React App to Vite.",
      ["acme uses_bundler! Vite", "acme switched_from Create React App"],
    ],
    ["Instead of Jest we use Vitest.", ["acme uses_test_framework! Vitest", "acme switched_from Jest"]],
    // Each side of a "but": the client's taste is not the project's language.
    ["The client prefers Java, but we're building it in Kotlin anyway.", ["acme uses_language Kotlin"]],
    ["The payments team's repo uses Java 21 and Spring Boot 3.", []],
    // Said as the part of the stack it fills, or what the project is.
    ["Our database is MongoDB.", ["acme uses_database! MongoDB"]],
    ["The frontend is React 18 with Vite.", ["acme uses_ui_framework! React 18", "acme uses_bundler! Vite"]],
    [
      "its a go service, chi router + gorm on postgres",
      [
        "acme uses_language Go",
        "acme uses_web_framework! chi",
        "acme uses_orm! GORM",
        "acme uses_database! PostgreSQL",
      ],
    ],
    ["Authentication is handled by Auth0.", ["acme uses_auth! Auth0"]],
    ["swap logrus for log/slog", ["acme uses_logger! slog", "acme switched_from logrus"]],
    [
      "Project stack: FastAPI, Postgres 16, Redis 7, deployed on Render.",
      [
        "acme uses_web_framework! FastAPI",
        "acme uses_database! PostgreSQL 16",
        "acme uses_cache Redis 7",
        "acme uses_hosting Render",
      ],
    ],
    [
      "The app's backend is Django REST Framework on Postgres 15.",
      ["acme uses_web_framework! Django", "acme uses_database! PostgreSQL 15"],
    ],
    [
      "The mobile app is built with Flutter and Riverpod.",
      ["acme uses_mobile_framework Flutter", "acme uses_state_management! Riverpod"],
    ],
    ["We've migrated off MongoDB; everything is in Postgres now.", ["acme switched_from MongoDB"]],
    [
      "We moved from Jenkins to GitHub Actions",
      ["acme uses_ci! GitHub Actions", "acme switched_from Jenkins"],
    ],
    ["We haven't switched to Vite yet.", []],
    ["logrus is gone; everything logs through `log/slog`", ["acme switched_from logrus"]],
    ["ripping out nextauth and moving to clerk", ["acme uses_auth! Clerk", "acme switched_from NextAuth"]],
    ["moving the db off supabase to neon", ["acme uses_database_host! Neon", "acme switched_from Supabase"]],
    [
      "We replaced Moment.js with date-fns.",
      ["acme uses_datetime! date-fns", "acme switched_from Moment.js"],
    ],
    // A version said on its own; a menu path is no switch.
    [
      "Python version is 3.12, managed with uv.",
      ["acme uses_language Python", "acme uses_python_version! Python 3.12", "acme uses_package_manager! uv"],
    ],
    ["Go is now 1.23", ["acme uses_language Go", "acme uses_go_version! Go 1.23"]],
    ["I set the Node.js Version to 22.x (Project Settings → General)", []],
  ])("%s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it("gives contradicting statements the same subject and functional predicate", () => {
    const a = extractRules(msg("The project uses Node 18."));
    const b = extractRules(msg("Heads up: the project uses Node 22 now."));
    expect(a.facts[0]).toMatchObject({
      subject: "acme",
      predicate: "uses_runtime",
      object: "Node 18",
      functional: true,
    });
    expect(b.facts[0]).toMatchObject({
      subject: "acme",
      predicate: "uses_runtime",
      object: "Node 22",
      functional: true,
    });
  });

  it("names the project 'project' without metadata", () => {
    expect(facts("We use Bun.", "note", {})).toEqual(["project uses_runtime! Bun"]);
    expect(extractRules(msg("We use Bun.", "note", {})).entities).toContainEqual({
      name: "project",
      type: "project",
      summary: "/repo",
    });
  });

  it.each([
    [
      "We upgraded from Node 18 to Node 22 last week.",
      ["acme uses_runtime! Node 22", "acme switched_from Node 18"],
    ],
    ["We switched from Jest to Vitest.", ["acme uses_test_framework! Vitest", "acme switched_from Jest"]],
    ["Replaced MySQL with PostgreSQL.", ["acme uses_database! PostgreSQL", "acme switched_from MySQL"]],
    ["We migrated to Postgres from MySQL.", ["acme uses_database! PostgreSQL", "acme switched_from MySQL"]],
    ["Use pnpm instead of npm.", ["acme uses_package_manager! pnpm", "acme switched_from npm"]],
    ["We don't use Redis anymore, we use Valkey.", ["acme uses_cache Valkey", "acme switched_from Redis"]],
  ])("switch: %s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it.each([
    ["We dropped Redis.", ["acme switched_from Redis"]],
    ["Got rid of Jest.", ["acme switched_from Jest"]],
    ["We no longer use Docker for local dev.", ["acme switched_from Docker"]],
    ["We need to move off Heroku.", []],
    ["We moved off Heroku.", ["acme switched_from Heroku"]],
    ["We dropped the users table in Postgres.", []],
  ])("stop: %s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it("has what a switch leaves end the project's use of it, in any slot it was recorded in", () => {
    const [redis] = extractRules(msg("We dropped Redis.")).facts;
    expect(redis?.ends).toEqual(["uses", "uses_cache", "decided", "has_rule"]);
    const python = extractRules(msg("We moved from Python 3.11 to Go.")).facts.find(
      (f) => f.predicate === "switched_from",
    );
    expect(python).toMatchObject({
      object: "Python 3.11",
      ends: ["uses", "uses_language", "uses_python_version", "decided", "has_rule"],
    });
    expect(extractRules(msg("We use Redis.")).facts[0]?.ends).toBeUndefined();
  });

  it("says a language's version in the words it is asked with", () => {
    expect(extractRules(msg("We're on Go 1.22 now.")).facts.map((f) => f.text)).toContain(
      "acme uses Go 1.22 (Go version).",
    );
  });

  it("says where a deploy goes in the words it is asked with", () => {
    const x = extractRules(msg("we deploy kiln to k8s"));
    expect(x.facts.map((f) => f.text)).toEqual(["acme deploys to Kubernetes (orchestration)."]);
  });

  it("records decisions", () => {
    // Pointing back at a decision states none.
    expect(facts("that's what we agreed in the retro, please put it in .swiftlint.yml too")).toEqual([]);
    expect(facts("as we decided, the API stays REST")).toEqual([]);
    expect(facts("We decided to split the API into two services.")).toEqual([
      "acme decided split the API into two services",
    ]);
    expect(
      extractRules(msg("Decision: we deploy to Fly.io, not Heroku.")).facts.map((f) => f.text),
    ).toContain("acme decided: we deploy to Fly.io, not Heroku.");
    expect(facts("Let's go with Drizzle for the ORM.")).toEqual([
      "acme uses_orm! Drizzle",
      "acme decided go with Drizzle for the ORM",
    ]);
    expect(extractRules(msg("decided to use tRPC for the api")).facts.map((f) => f.text)).toContain(
      "acme decided to use tRPC for the api",
    );
  });
});

describe("rule extractor: preferences and rules", () => {
  it.each([
    // How answers should read is the developer's own taste, also when asked of the agent.
    ["Please give detailed answers from now on.", ["user prefers_responses! detailed answers"]],
    ["keep answers short", ["user prefers_responses! concise answers"]],
    ["be more verbose please", ["user prefers_responses! detailed answers"]],
    ["Prefer tabs.", ["acme prefers_indentation! tabs"]],
    ["I prefer tabs over spaces.", ["acme prefers_indentation! tabs"]],
    ["Spaces, not tabs — we prefer 2 spaces.", ["acme prefers_indentation! 2 spaces"]],
    ["Remember: tabs, not spaces.", ["acme prefers_indentation! tabs"]],
    [
      "We use single quotes and no semicolons.",
      ["acme prefers_quotes! single quotes", "acme prefers_semicolons! no semicolons"],
    ],
    ["Please use named exports rather than default exports.", ["acme prefers_exports! named exports"]],
    ["I prefer concise answers.", ["user prefers_responses! concise answers"]],
    ["Keep the line width at 100.", ["acme prefers_line_width! line width 100"]],
    ["I prefer pnpm over npm.", ["user prefers_package_manager! pnpm"]],
    ["I prefer small focused pull requests.", ["user prefers small focused pull requests"]],
    ["I like short commit messages.", ["acme prefers_commits! short commit messages"]],
    ["We want conventional commits.", ["acme prefers_commits! conventional commits"]],
    ["and conventional commits pls (feat:, fix: etc)", ["acme prefers_commits! conventional commits"]],
    ["Respond in German please, always.", ["user prefers_response_language! answers in German"]],
    [
      "hey, from now on please answer me in Portuguese.",
      ["user prefers_response_language! answers in Portuguese"],
    ],
    ["I'd rather you not use emojis in responses.", ["user prefers_emojis! no emojis"]],
  ])("%s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it("keeps one object per topic so a change of mind contradicts", () => {
    const [tabs] = extractRules(msg("Prefer tabs.")).facts;
    const [spaces] = extractRules(msg("Actually, prefer spaces.")).facts;
    // Said in the first person, a code convention is still the project's: the same slot.
    const [mine] = extractRules(msg("I prefer tabs.")).facts;
    expect(mine).toMatchObject({ subject: "acme", predicate: "prefers_indentation", object: "tabs" });
    expect(tabs).toMatchObject({ predicate: "prefers_indentation", object: "tabs", functional: true });
    expect(spaces).toMatchObject({ predicate: "prefers_indentation", object: "spaces", functional: true });
  });

  it.each([
    ["Always run `npm test` before committing.", "always run `npm test` before committing"],
    ["Never push directly to main!", "never push directly to main"],
    ["Please don't edit generated files in dist/.", "don't edit generated files in dist/"],
    ["From now on, make sure to update the changelog.", "make sure to update the changelog"],
    // Announced as a rule, then said as a plain instruction.
    ["from now on just run ktlintFormat before every commit", "run ktlintFormat before every commit"],
    [
      "also rule for you: before you tell me something is done, run ./gradlew check.",
      "before you tell me something is done, run ./gradlew check",
    ],
    [
      "one rule going forward: never run anything against the fly db by hand without asking me first",
      "never run anything against the fly db by hand without asking me first",
    ],
    ["rule for the runbook: NEVER redrive the DLQ blindly", "NEVER redrive the DLQ blindly"],
    // A convention said with "must".
    ["All API responses must be camelCase.", "All API responses must be camelCase"],
    ["We must never commit secrets.", "We must never commit secrets"],
    // Said of every case, even when it names "the PR"; after an emoji.
    [
      "also any UI change needs screenshots in the PR description, both light and dark mode",
      "any UI change needs screenshots in the PR description, both light and dark mode",
    ],
    ["all tests need to pass before merge", "all tests need to pass before merge"],
    ["👍 and always run the test suite before pushing", "always run the test suite before pushing"],
    // Said while at something else, or what the rule is for said first.
    [
      "while you're here, for tests please always use nextest (`cargo nextest run`), not plain cargo test.",
      "always use nextest (`cargo nextest run`), not plain cargo test",
    ],
    [
      "also a rule for the future: the library crate uses thiserror for its error enums",
      "the library crate uses thiserror for its error enums",
    ],
    // Conventions named as such, and a hard rule announced for one part of the work.
    [
      "naming convention is `acme-<env>-<purpose>`, so `acme-staging-analytics-exports`.",
      "naming convention: `acme-<env>-<purpose>`, so `acme-staging-analytics-exports`",
    ],
    ["no, kebab-case is the rule, good catch.", "kebab-case is the rule"],
    ["queue names are kebab-case", "queue names are kebab-case"],
    [
      "hard rule for this extension: no analytics, no remote code, nothing phoning home.",
      "no analytics, no remote code, nothing phoning home",
    ],
  ])("rule: %s", (sentence, rule) => {
    expect(facts(sentence)).toContain(`acme has_rule ${rule}`);
  });

  it.each([
    // A rule about "it" names nothing a later session could follow.
    "dont kill it.",
    "dont confuse the two when we do play store stuff",
    "Never mind, it works now.",
    // The stack's, not a rule; a guess or a deadline said with "must".
    "From now on use pnpm.",
    "it must be the cache",
    "We must ship this by Friday.",
    // What each one does, a question, or the work at hand.
    "each request gets a new connection from the pool",
    "any idea why the build needs so long?",
    "all of this needs a refactor",
    // An opinion of a convention, or one pointed back at.
    "the convention is weird",
    "while you're at it, rename this variable",
    "for now always return 200",
    "that is the rule, sadly",
  ])("no rule: %s", (sentence) => {
    expect(facts(sentence).filter((f) => f.includes("has_rule"))).toEqual([]);
  });

  it("takes no policy from the assistant", () => {
    expect(facts("I prefer tabs. Always run the linter first.", "assistant_message")).toEqual([]);
    expect(facts("The project uses Node 22.", "assistant_message")).toEqual(["acme uses_runtime! Node 22"]);
  });
});

describe("rule extractor: relations and mentions", () => {
  it("dependencies and deprecations", () => {
    expect(facts("`src/api.ts` depends on `src/db.ts`.")).toEqual(["src/api.ts depends_on src/db.ts"]);
    expect(facts("`getUser()` is deprecated in favor of `fetchUser()`.")).toEqual([
      "getUser lifecycle_status! deprecated",
      "getUser replaced_by fetchUser",
    ]);
    expect(facts("The `request` package is deprecated.")).toEqual([]);
    expect(facts("`request` is deprecated.")).toEqual(["request lifecycle_status! deprecated"]);
  });

  it.each([
    [
      "The users route breaks because the session middleware is registered after the routes.",
      "users route fails_because the session middleware is registered after the routes",
    ],
    ["`pnpm test` fails due to a stale lockfile.", "pnpm test fails_because a stale lockfile"],
    ["The e2e suite is flaky because of port collisions.", "e2e suite fails_because port collisions"],
    [
      "Note: the build fails because the tsconfig excludes src/generated; I left that alone.",
      "build fails_because the tsconfig excludes src/generated",
    ],
  ])("cause: %s", (sentence, triple) => {
    expect(facts(sentence)).toEqual([triple]);
  });

  it.each([
    "It breaks because of the cache.",
    "The build fails because.",
    "Why does the build fail because of this?",
  ])("no cause: %s", (sentence) => {
    expect(extractRules(msg(sentence)).facts).toEqual([]);
  });

  it("mentions files, commands, packages and symbols without inventing facts", () => {
    const x = extractRules(
      msg(
        "I edited src/app.ts, ./lib/util.js and package.json; run `pnpm test` and check `createServer()` in @hono/node-server.",
      ),
    );
    expect(x.facts).toEqual([]);
    expect(x.entities).toEqual(
      expect.arrayContaining([
        { name: "src/app.ts", type: "file" },
        { name: "lib/util.js", type: "file" },
        { name: "package.json", type: "file" },
        { name: "pnpm test", type: "command" },
        { name: "createServer", type: "symbol" },
        { name: "@hono/node-server", type: "package" },
      ]),
    );
    expect(x.entities.some((e) => e.type === "project")).toBe(false);
  });

  it("makes absolute paths under the project directory relative", () => {
    const x = extractRules(msg("Look at /repo/src/app.ts and /etc/hosts.conf"));
    expect(x.entities.map((e) => e.name)).toEqual(["src/app.ts", "/etc/hosts.conf"]);
  });

  it("links a quoted error to the command and file", () => {
    const x = extractRules(
      msg(
        "Running `npm test` gives TypeError: Cannot read properties of undefined (reading 'id') at src/user.ts:12:5",
      ),
    );
    const err = "TypeError: Cannot read properties of undefined (reading 'id')";
    expect(triples(x)).toEqual([`npm test failed_with ${err}`, `${err} occurs_in src/user.ts`]);
  });

  it("finds errors inside fenced code blocks but takes no statements from code", () => {
    const x = extractRules(
      msg("It breaks:\n```\n// we use Jest\nError: connect ECONNREFUSED 127.0.0.1:5432\n```"),
    );
    expect(triples(x)).toEqual([]);
    expect(x.entities.map((e) => `${e.name}:${e.type}`)).toEqual([
      "Error: connect ECONNREFUSED 127.0.0.1:5432:error",
    ]);
  });

  it("names a project's own acronyms, and not generic ones, errno codes, constants or file names", () => {
    const names = (text: string) =>
      extractRules(msg(text))
        .entities.filter((e) => e.type === "concept")
        .map((e) => e.name);
    expect(names("How is the DGIA migration going? PAYGW2 is next, then DGIA again.")).toEqual([
      "DGIA",
      "PAYGW2",
    ]);
    expect(
      names("The API returns JSON over HTTPS; ENOENT on README.md; set NODE_ENV and MAX_RETRIES; TODO later"),
    ).toEqual([]);
    // Letters around it make it part of something else.
    expect(names("see xDGIA, DGIAx, v2-DGIA and @DGIA/core")).toEqual([]);
  });

  it("takes no names from a shouted message", () => {
    const x = extractRules(msg("PLEASE DO NOT TOUCH THE BILLING CONFIG AGAIN"));
    expect(x.entities.filter((e) => e.type === "concept")).toEqual([]);
  });

  it("mentions entities the group already knows, as whole words", async () => {
    const x = await ruleExtractor.extract(msg("How is the DGIA migration going? dgiax is unrelated"), {
      knownEntities: ["DGIA", "migration plan", "go"],
    });
    expect(x.entities).toEqual([{ name: "DGIA", type: "concept" }]);
  });

  it("does not find a known name inside a longer path or file name, but finds it elsewhere", async () => {
    const known = { knownEntities: ["db/migrations", "migrations"] };
    const names = async (text: string) =>
      (await ruleExtractor.extract(msg(text), known)).entities
        .filter((e) => e.type === "concept")
        .map((e) => e.name);
    expect(await names("see src/db/migrations/001.sql and lib/migrations.ts")).toEqual([]);
    expect(await names("see migrations.ts, then run the migrations.")).toEqual(["migrations"]);
    expect(await names("Check db/migrations.")).toEqual(["db/migrations"]);
  });

  it("counts a known name that is also an English word only as written", async () => {
    const known = { knownEntities: ["Render", "DGIA"] };
    const names = async (text: string) =>
      (await ruleExtractor.extract(msg(text), known)).entities
        .filter((e) => e.type === "concept")
        .map((e) => e.name);
    expect(await names("we render on the server; dgia is next")).toEqual(["DGIA"]);
    expect(await names("the Render deploy failed")).toEqual(["Render"]);
  });
});

describe("rule extractor: where things live and how to run them", () => {
  it.each([
    ["Migrations live in db/migrations.", ["Migrations located_in! db/migrations"]],
    ["The API server lives in `packages/api/`.", ["API server located_in! packages/api"]],
    ["Our e2e tests are in /repo/tests/e2e.", ["e2e tests located_in! tests/e2e"]],
    ["The API listens on port 8080.", ["API listens_on! port 8080"]],
    ["The dev server runs on localhost:5173.", ["dev server listens_on! port 5173"]],
    ["Run the dev server with pnpm dev.", ["dev server run_with! pnpm dev"]],
    ["`make docs` builds the documentation.", ["documentation build_with! make docs"]],
    ["`just bench` launches the benchmarks.", ["benchmarks launch_with! just bench"]],
    ["Now run the tests with `npm test`.", ["tests run_with! npm test"]],
    ["FYI: the dev server runs on port 5173.", ["dev server listens_on! port 5173"]],
    [
      "The staging URL is https://staging.example.com.",
      ["staging reachable_at! https://staging.example.com"],
    ],
    [
      "Grafana is at https://grafana.internal:3000/d/abc.",
      ["Grafana reachable_at! https://grafana.internal:3000/d/abc"],
    ],
    ["Prod: https://app.example.com", ["Prod reachable_at! https://app.example.com"]],
    // The whole project is the project entity.
    ["The app listens on port 8080.", ["acme listens_on! port 8080"]],
    ["Build the project with npm run build, then start it.", ["acme build_with! npm run build"]],
    // As it is typed in chat and notes.
    ["ok. migrations live in apps/api/drizzle now", ["migrations located_in! apps/api/drizzle"]],
    // A correction names the place with "are" alone; a ratio is not a place.
    ["real migrations are alembic/versions", ["migrations located_in! alembic/versions"]],
    ["the split is 50/50", []],
    ["Local Postgres still listens on port 5433.", ["Local Postgres listens_on! port 5433"]],
    ["port change: kiln now listens on 9090", ["kiln listens_on! port 9090"]],
    ["Changed the API port to 4000.", ["API listens_on! port 4000"]],
    ["port 4000 clashes with something else so i moved the api to 4100", ["api listens_on! port 4100"]],
    ["also the gateway should listen on 8090 now", ["gateway listens_on! port 8090"]],
    [
      "Ports locally: products subgraph on 4002, accounts subgraph on 4001.",
      ["products subgraph listens_on! port 4002", "accounts subgraph listens_on! port 4001"],
    ],
    [
      "move hearth's postgres to 5433 locally.",
      ["acme uses_database! PostgreSQL", "postgres listens_on! port 5433"],
    ],
    [
      "the chart is versioned, and the helm chart is in deploy/helm/kiln",
      ["helm chart located_in! deploy/helm/kiln"],
    ],
    [
      "we ship it (the usual way), helm chart is in deploy/helm/kiln",
      ["helm chart located_in! deploy/helm/kiln"],
    ],
    ["staging is up: https://staging.example.com", ["staging reachable_at! https://staging.example.com"]],
    ["staging moved, its https://stage.example.com now", ["staging reachable_at! https://stage.example.com"]],
    ["Lint with `make lint`.", ["acme lint_with! make lint"]],
    ["specs -> `bundle exec rspec`. we dont do minitest here", ["acme test_with! bundle exec rspec"]],
    ["staging is https://staging.example.com now", ["staging reachable_at! https://staging.example.com"]],
    ["put the airflow ui on 8081", ["airflow ui listens_on! port 8081"]],
    ["tests: `make test` (or `uv run pytest -q` if you want)", ["acme test_with! make test"]],
    ["Dev server: `bun run dev` in `web/`", ["dev server run_with! bun run dev"]],
    // Any label names what its command runs; one that introduces something else does not.
    ["Debug APK: `./gradlew assembleDebug`", ["Debug APK run_with! gradlew assembleDebug"]],
    ["Unit tests: `./gradlew testDebugUnitTest`", ["Unit tests run_with! gradlew testDebugUnitTest"]],
    // Said the other way round: what is done with the command.
    ["Tests run with `pnpm test`.", ["acme test_with! pnpm test"]],
    ["The docs are built with `mkdocs build`.", ["docs build_with! mkdocs build"]],
    ["Format the code with `ruff format .` before committing.", ["acme format_with! ruff format"]],
    ["Note: `npm test` fails on CI", []],
    // Code that is not a command line after a label: an annotation, a setting.
    ["Kafka: `@KafkaListener`", []],
    // A label that names something: the code after it is a name, not how to run anything.
    ["tiny tool idea: `kindle2md`. parse my clippings", []],
    ["branch: `fix/login-timeout`", []],
    ["run the api locally w/ `pnpm --filter api dev`", ["api run_with! pnpm"]],
  ])("%s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it("keeps the whole command in the fact's text and links the command's identity", () => {
    const x = extractRules(msg("Start the API: `pnpm --filter api start`."));
    expect(x.facts).toEqual([
      {
        subject: "API",
        predicate: "start_with",
        object: "pnpm",
        text: "Start API with `pnpm --filter api start`.",
        functional: true,
      },
    ]);
  });

  it.each([
    "The config is in YAML.",
    "It lives in src/lib.",
    "The fix is in review.",
    "This is in https://example.com/docs.",
    "Port 99999 is what it runs on.",
    "Run it with pnpm dev.",
    // What is wrong is not a part of the project.
    "The bug is in src/auth/session.ts where the cookie is read.",
    "The function lives in utils/helpers.ts.",
    "See https://example.com for details.",
    "The bug is at https://github.com/acme/app/issues/1.",
    // A move that is not about ports.
    "We moved the launch to 2027.",
    "We bumped the api to 2025.",
    // A wish with a doubt, someone else's wish, or one for later.
    "I want to switch to Bun but I'm worried about compat",
    "my friend wants to switch to Deno",
    "we want to move to Postgres 16 next quarter",
    "I'd like to use Kafka eventually, but not now",
    // What a tool allows is not what the project uses.
    "SQLite only allows one writer at a time, WAL mode helps readers though",
    // A tool's own message after its name is no command.
    "tsc: `error TS2339: Property 'id' does not exist on type 'never'.`",
    // Without a ports label, "on 4002" is no port.
    "Products subgraph on 4002 tomorrow.",
  ])("no place, port or command: %s", (sentence) => {
    expect(extractRules(msg(sentence)).facts).toEqual([]);
  });
});

describe("rule extractor: settings", () => {
  it.each([
    ["server.port 8085 pls", ["server.port set_to! 8085"]],
    [
      "set spring.threads.virtual.enabled: true in application.yml",
      ["spring.threads.virtual.enabled set_to! true"],
    ],
    ["the applicationId is app.parcelpal.android", ["applicationId set_to! app.parcelpal.android"]],
    ["minSdk is 26 now", ["minSdk set_to! 26"]],
    ["set minSdk to 24", ["minSdk set_to! 24"]],
    ['Bumped `versionName = "2.4.0"`', ["versionName set_to! 2.4.0"]],
    ["rename the env var PG_URL to FULFIL_DB_URL", ["PG_URL renamed_to! FULFIL_DB_URL"]],
    ["server.port is set to 8085 in application.properties.", ["server.port set_to! 8085"]],
    ["DB_URL is dead, its PAYOUTS_DATABASE_URL everywhere now", ["DB_URL renamed_to! PAYOUTS_DATABASE_URL"]],
    ["Renamed the connection string from `Default` to `SchedulingDb`", ["Default renamed_to! SchedulingDb"]],
    ["Local Postgres goes on 5433", ["Local Postgres listens_on! port 5433"]],
    ["The `server.port` setting is 8085.", ["server.port set_to! 8085"]],
    // A function call is code, not a value; "dead" is no value.
    ['In `schema.prisma`: `directUrl = env("DIRECT_URL")`', []],
    ["actuator stays on its own port 9090", ["actuator listens_on! port 9090"]],
  ])("%s", (sentence, expected) => {
    expect(facts(sentence)).toEqual(expected);
  });

  it.each([
    // Files, hosts and short forms are not keys; a secret's key keeps its value out.
    "see src/app.ts: line 4",
    "the docs are on example.com: 443 is open",
    "e.g. 8080 works",
    "DB_PASSWORD=hunter2",
    "set API_TOKEN to abc123",
    // Cut short by the redaction that ran before extraction: the part before it is no value.
    "So `CELERY_BROKER_URL=amqp://billing:[REDACTED:url_password]@rabbitmq:5672/billing` it is.",
    // A state, not a value; a shell expansion, not an assignment.
    "`mix ecto.create` is failing",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell expansion is the point
    "tag the image `ghcr.io/acme/geofence:${GITHUB_SHA::12}` in CI",
    // Suggested, not set.
    "we should set server.port 9000",
  ])("no setting: %s", (sentence) => {
    expect(facts(sentence).filter((f) => f.includes("set_to"))).toEqual([]);
  });
});

describe("rule extractor: no facts from chit-chat, questions or hypotheticals", () => {
  it.each([
    "hello, how are you?",
    "thanks, that looks good!",
    "ok",
    "Should we use Postgres?",
    "Do we use Jest or Vitest here",
    "Let's try Bun and see.",
    "Maybe we could switch to Deno at some point.",
    "If we use MongoDB we'd need a new driver.",
    "The graph node has edges and we react to changes.",
    "I think this is fine, go ahead.",
    "I went back to the docs for Jest.",
    "can you check whether we use vitest?",
    "would you switch to bun if you were me?",
    "can we move deps to vcpkg?",
    "is scheduling still cron?",
    "please drop the jest config file",
    "removed the eslint plugin for react",
    "going back to the Postgres question, what's the pool size?",
    "Can you explain what this function does",
    "What about comparing Prisma vs Drizzle?",
    "Great work, thank you so much!",
    "We use `any` here because the types are wrong.",
    "We need to move the button to the left.",
    "That is our problem, not yours.",
    "I'm using Node 20 locally.",
    "The database is down again.",
    "Tests are flaky on CI today.",
    "Actually, that's wrong.",
    "We render on the server.",
    "Render the list in a table.",
    // Someone else's or a side project; a tool's own output quoted after a label.
    "my side project runs on Fly.io and it's been fine tbh",
    "a friend's startup is on Supabase, she swears by it",
    "linter output: `'React' must be in scope when using JSX react/react-in-jsx-scope`",
  ])("%s", (sentence) => {
    expect(extractRules(msg(sentence))).toEqual({ entities: [], facts: [] });
  });

  // The tools are still named (mentions), but nothing is said of this project's stack.
  it.each([
    "the old README still says we use yarn and node 16, ignore it",
    "lol remember when we used mongo on the old project. never again",
    "my other project is on mysql 8 so i keep typing mysql, ignore that",
    "We used to use Jest.",
    "We should probably use Node 20 for compatibility.",
    "Quick fix is ts-jest with the ESM preset, or we move to Vitest.",
    "at work we use poetry for everything but i dont want poetry here, too slow",
  ])("said of elsewhere or only suggested: %s", (sentence) => {
    expect(extractRules(msg(sentence)).facts).toEqual([]);
  });

  // From a blind precision review: each of these once produced a false "current" fact.
  it.each([
    // What once was.
    "Initially the backend used Express.",
    "We were using Heroku until last spring.",
    "We used PostgreSQL 12 before upgrading to 16.",
    "It seems MongoDB was used in an early version, judging by the `models/mongo` folder.",
    "The old frontend, which we deleted, used Angular.",
    // Only a part, a moment or a machine.
    "Use MySQL syntax for this one query, it goes to the analytics replica.",
    "Use Bun to run this one script, it's faster for quick checks.",
    "Let's use MongoDB for the hackathon demo.",
    "For the load test, run the API on port 9000.",
    "I temporarily set server.port to 9090 to avoid the clash, will revert later",
    "We use MySQL in the tests only.",
    // General knowledge, docs and examples.
    "Go uses goroutines which are multiplexed onto OS threads by the runtime scheduler.",
    "By convention Prometheus listens on port 9090 and Grafana on 3000.",
    "According to the k8s docs, the kubelet listens on port 10250.",
    "the default for `maxRetries` is 3 according to the SDK docs",
    "The Rust book says you should prefer `&str` over `String` for function parameters.",
    "Most people prefer Python for ML work.",
    // Negation, someone else's system, jest.
    "This project doesn't use Docker at all.",
    "we do NOT deploy to Vercel, it's all self-hosted",
    "The partner's system is written in PHP 7 and calls our webhook.",
    "Yeah we use MySQL... said no one on this team ever.",
    "Let's just use Mongo, it's web scale 😂",
    // Pasted errors are not settings.
    "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379.",
    "java.lang.NullPointerException: Cannot invoke method because name is null",
    // Instructions for the task at hand, and chat said like a rule or a decision.
    "Don't touch the tests in this PR.",
    "Do not push to main right now, CI is broken.",
    "Make sure to close the file handle in that function.",
    "Don't worry about the tests, I'll fix them.",
    "Always nice to see green CI!",
    "let's use a Map here instead of an object",
    "We decided to grab lunch first, back in an hour.",
    "I'd prefer not to add a dependency for this.",
    // From a second blind review: planned, tried, doubted; someone else's; asides.
    "We almost switched to Svelte.",
    "We tried switching to Bun but rolled back because of a crash.",
    "We were going to move to Kubernetes but the budget got cut.",
    "I doubt we use Kafka; I've never seen a topic.",
    "Our sister repo acme-infra uses Pulumi instead of Terraform.",
    "The payments team uses Go and gRPC for their services.",
    "The interviewer asked if I prefer tabs or spaces.",
    "I decided to take Friday off.",
    "Always the same flaky test, every Monday.",
    "Make sure to have fun at the conference!",
    "Sure, we use XML for everything, it's 2005 forever here. (kidding)",
    "In the tutorial, they set the server port to 8085, but I don't think we need that.",
    "The CTO keeps saying we'll switch to Rust.",
    "In 2020 the project used Travis CI.",
    "The old server is still on Java 8, but we're not touching it.",
    "Run the tests with `npm test -- --watch` if you want (that's a generic Jest tip).",
  ])("no fact: %s", (sentence) => {
    expect(extractRules(msg(sentence)).facts.map((f) => f.text)).toEqual([]);
  });
});
