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
    [
      "Which should we use for the CLI flag: `--dry-run` or `--check`?",
      "`--check`",
      "We decided to use `--check` for the CLI flag.",
    ],
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
    [
      "Which validation library should I use for the API request bodies?\n\n- zod\n- yup\n- valibot",
      "zod obviously",
      "We decided to use zod.",
    ],
    [
      "Options:\n- `redis` via `connect-redis`\n- `postgres` via `connect-pg-simple` (we already run a PG instance)\n\nWhich one?",
      "postgres pls",
      "We decided to use `postgres` via `connect-pg-simple`.",
    ],
    [
      "We need a migration tool. Candidates:\n\n**A)** golang-migrate\n**B)** goose\n\nAll work with plain SQL files.",
      "A.",
      "We decided to use golang-migrate.",
    ],
    // named in the sentences before the question, by name, nickname or place
    [
      "I'd recommend **Turborepo** for task caching, or **Nx** if you want generators. Which direction?",
      "turbo",
      "We decided to use Turborepo.",
    ],
    [
      "I recommend adopting **Expo Router**. The alternative is using **React Navigation** directly. Thoughts?",
      "expo router",
      "We decided to adopt Expo Router.",
    ],
    [
      "For type checking in CI, options are `mypy` (slower) or `pyright` (faster). Which should I add?",
      "the second one",
      "We decided to use `pyright`.",
    ],
    [
      "Should I add it via **Swift Package Manager**, or stick with **CocoaPods** like the existing `Podfile`?",
      "spm, and lets start migrating the other pods too",
      "We decided to use Swift Package Manager.",
    ],
    [
      "The CSV job OOMs in pandas. Two ways to fix it properly:\n\n(a) switch to **Polars** lazy frames\n(b) load the files into **DuckDB** and do the transforms in SQL\n\nBoth stream from disk.",
      "b, the analysts know sql",
      "We decided to load the files into DuckDB and do the transforms in SQL.",
    ],
    [
      "Dev environment options:\n- **Nix flake** with a `devShell`\n- **Dev Container** (needs Docker)\n\nWhich fits better?",
      "nix",
      "We decided to use Nix flake with a `devShell`.",
    ],
    [
      "1. **Alembic**: autogenerate from the models\n2. **yoyo-migrations**: plain SQL\n\nI recommend the first one since you're on SQLAlchemy. OK?",
      "ok",
      "We decided to use Alembic.",
    ],
    [
      "Two ways to cache:\n\n- a manual `actions/cache` step keyed on the lockfile\n- use **setup-node**'s built-in caching\n\nThe latter is simpler. Which do you want?",
      "the latter",
      "We decided to use setup-node's built-in caching.",
    ],
    [
      "For secrets in the playbooks we could:\n\n- encrypt with **ansible-vault**\n- pull from **HashiCorp Vault** via the lookup\n\nVault is nicer long-term but needs a server.",
      "the former, we dont have a vault server",
      "We decided to encrypt with ansible-vault.",
    ],
    [
      "For persistent storage we have:\n\n- **KV**: eventually consistent\n- **D1**: SQLite, relational queries\n\nGiven we query sessions by user, D1 fits best. Thoughts?",
      "go with what you said",
      "We decided to use D1.",
    ],
    [
      "Three approaches:\n\n1. **python-dotenv** + plain env vars\n2. **pydantic-settings** with a typed `Settings` class\n\nI'd go with 2.",
      "option 2 but keep the .env file for local dev",
      "We decided to use pydantic-settings with a typed `Settings` class.",
    ],
    [
      "Should the app's log output be **JSON** lines or plain text? JSON keeps fields queryable.",
      "json",
      "We decided to use JSON.",
    ],
    // agreeing to a proposal
    [
      "Going forward, should we follow **Conventional Commits**? release-please could then write the changelog.",
      "yea lets do conventional commits",
      "We decided to follow Conventional Commits.",
    ],
    ["I'd go with `tokio` since axum needs it anyway. Fine to add?", "yup", "We decided to go with `tokio`."],
    [
      "`moment` adds ~70KB. I'd replace it with `date-fns` across the app (about 40 call sites). Proceed?",
      "proceed",
      "We decided to replace it with `date-fns` across the app.",
    ],
    [
      "I'd recommend adding `thiserror` to define the error enums. Should I add it?",
      "👍",
      "We decided to add `thiserror` to define the error enums.",
    ],
    [
      "Since you already run Redis, BullMQ fits. Want me to go with BullMQ?",
      "go with bullmq",
      "We decided to go with BullMQ.",
    ],
    [
      "For background jobs, **Oban** is the standard choice for Phoenix apps. Want me to add it and move the email into a worker?",
      "sure",
      "We decided to add Oban and move the email into a worker.",
    ],
    [
      "The suite takes 90s on Jest and migrating to **Vitest** would get us to ~15s.\n\nShould I migrate?",
      "ship it",
      "We decided to migrate to Vitest.",
    ],
    [
      "| Option | Ops |\n| NATS | small |\n\nWith no ops person, I'd go with NATS JetStream. Which do you want?",
      "go with your rec",
      "We decided to go with NATS JetStream.",
    ],
    [
      "I'd suggest moving event storage to **ClickHouse**.\n\nOK to proceed with adding a ClickHouse service to `docker-compose.yml`?",
      "yeah go for it",
      "We decided to add a ClickHouse service to `docker-compose.yml`.",
    ],
    [
      "I'd like to enforce **Conventional Commits** via `commitlint`, so the CHANGELOG writes itself. Sound good?",
      "sounds good",
      "We decided to enforce Conventional Commits via `commitlint`.",
    ],
    [
      "I found the flaky test. Should I switch the tests to Vitest?",
      "yes",
      "We decided to switch the tests to Vitest.",
    ],
    ["Want me to pin Node 22 in .nvmrc?", "sure, go ahead", "We decided to pin Node 22 in .nvmrc."],
    // agreeing to a plan: the steps that change the project for good
    [
      "Here's the plan:\n1. Replace Prisma with Drizzle\n2. Update the seed script\n3. Add `drizzle-kit` for migrations\n\nShall I proceed?",
      "yes",
      "We decided to replace Prisma with Drizzle. We decided to add `drizzle-kit` for migrations.",
    ],
    [
      "I'll:\n- add `zod` for request validation\n- write tests for the endpoints\n\nSound good?",
      "lgtm",
      "We decided to add `zod` for request validation.",
    ],
    [
      "I've switched the tests to Vitest. Want me to also remove the Jest config?",
      "yes",
      "We decided to remove the Jest config.",
    ],
    ["Do you want me to add Zod for validation?", "yes please", "We decided to add Zod for validation."],
    [
      "I'd suggest we migrate the queue to RabbitMQ. Sound good?",
      "lgtm",
      "We decided to migrate the queue to RabbitMQ.",
    ],
    ["Is it OK if I rename the package to `memctl`?", "👍", "We decided to rename the package to `memctl`."],
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
    ["Done:\n- replaced Prisma with Drizzle\n- updated docs\n\nAnything else?", "yes"],
    [
      "Here's the plan:\n1. Replace Prisma with Drizzle\n2. Update the seed script\n\nShall I proceed?",
      "yes but keep prisma for now",
    ],
    ["Here's the plan:\n1. Fix the flaky test\n2. Update the seed script\n\nShall I proceed?", "yes"],
    ["That endpoint is done. Should I keep going?", "yes"],
    ["The old approach failed twice. Should I use a different approach?", "sure"],
    ["The migration left a stale table. Should I drop the table?", "yes"],
    ["Two tests fail on CI only. Should I disable the failing test for now?", "ok"],
    // code-level details, one-off work, and picks that adopt nothing
    ["Should `find_user` return `Option<User>` or `Result<User, DbError>`?", "Result"],
    [
      "I can fix this race with either a `Mutex` or an `RwLock` around the map. Which do you want?",
      "rwlock i guess",
    ],
    ["This is a one-time cleanup script that won't be committed. Go or Python?", "python"],
    ["Which of these failing tests should I look at first?\n1. `test_checkout_total`\n2. `test_refund`", "2"],
    [
      'Two versions of the toast:\n1. "Something went wrong."\n2. "We couldn\'t save your changes."\nWhich reads better?',
      "2",
    ],
    ["To reproduce:\n1. Start two workers\n2. Enqueue a job\n\nHow many workers run in prod?", "2"],
    [
      "**Option A:** patch the regex in `slugify()`\n**Option B:** rewrite the parser\n\nWhich do you prefer?",
      "A",
    ],
    ["I've written the schema. Should I run `prisma migrate dev` now to generate the migration?", "yes"],
    ["Want me to run `terraform plan` against staging to see the diff?", "yep"],
    [
      "I'd suggest moving the live updates to `socket.io`. Want me to prototype it on a branch first?",
      "sure",
    ],
    ["I'd suggest replacing Jest with Vitest: it's 3x faster. Want me to migrate?", "nah keep jest"],
    ["For dependency locking, should I go with `uv` or stick with `pip-tools`?", "hmm whats uv"],
    [
      "I can write the totals with a plain `for` loop or with `.reduce()`. Preference?",
      "for loop, more readable",
    ],
    ["To find the leak I can profile it with `py-spy` or `memray`. Which?", "memray"],
    ["Should I use a `data class` or a regular class for `OrderDto`?", "data class"],
    [
      "Two candidates left: `mailer.js` and `scheduler.js`. Which should I refactor first?",
      "mailer, easy win",
    ],
    ["The GenServer mixes state and PubSub. Should I split the state handling into a pure module?", "yeah"],
    ["For hosting I'm thinking **Fly.io** vs **Cloud Run**. Both scale to zero.", "cloud run"],
    [
      "Should the symbol table be a `HashMap<String, SymbolId>` or a `BTreeMap<String, SymbolId>`?",
      "btreemap",
    ],
    ["Is it set in the Helm values or in the `.env` baked into the image?", "helm values"],
    ["S3 uploads time out. Should I add a retry with backoff around `put_object` in `storage.py`?", "yes"],
    [
      "For templating: **Helm** or **Kustomize**? Kustomize is simpler.",
      "do kustomize on a branch so i can compare",
    ],
    [
      "- ILM policy: rollover at 50GB\n- a cron job using **Curator**\n\nILM is the recommended way.",
      "try ILM on staging first and lets see",
    ],
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
