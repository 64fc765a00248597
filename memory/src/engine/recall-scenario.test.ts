/**
 * The default pipeline end to end, as a user meets it: a project's history told over three weeks in
 * plain messages and tool events (rule extractor, temporal rules, embedded store, hashed vectors),
 * then the questions an agent asks at the start of a session. The context block must put the
 * current answer among its first facts and never present a superseded one as current.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import type { EpisodeInput } from "../model/schemas.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { MemoryEngine } from "./interface.js";

const G = "acme";
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const user = (day: number, content: string): EpisodeInput => ({
  group: G,
  kind: "user_message",
  actor: "user",
  session: `ses_${day}`,
  occurredAt: at(day),
  content,
});

const HISTORY: EpisodeInput[] = [
  user(1, "We use Node 18 and pnpm. The API server lives in packages/api."),
  user(1, "Database is Postgres 15. We use Redis for caching."),
  {
    group: G,
    kind: "tool_call",
    session: "ses_2",
    occurredAt: at(2),
    content: "FAIL src/routes/users.test.ts: TypeError: Cannot read properties of undefined (reading 'id')",
    metadata: { tool: "bash", args: { command: "pnpm test" }, exitCode: 1, status: "error" },
  },
  user(3, "The API listens on port 3000."),
  user(4, "Run the dev server with `pnpm dev`."),
  user(5, "I prefer tabs."),
  user(10, "We upgraded to Node 22 last night."),
  user(12, "We moved the database to Postgres 16."),
  user(15, "We don't use Redis anymore."),
  user(16, "Actually, prefer spaces."),
  user(20, "We deploy to Fly.io."),
  user(22, "The API now listens on port 8080."),
  user(23, "Migrations live in db/migrations."),
  {
    group: G,
    kind: "todo",
    session: "ses_23",
    occurredAt: at(23, 11),
    content: "todos",
    metadata: {
      todos: [
        { content: "Move migrations to db/migrations", status: "completed" },
        { content: "Add rate limiting to /api/login", status: "pending", priority: "high" },
      ],
    },
  },
  {
    group: G,
    kind: "session_summary",
    session: "ses_23",
    occurredAt: at(23, 12),
    content: "Moved the migrations to db/migrations; rate limiting for /api/login is still open.",
    metadata: { title: "Migrations move" },
  },
];

/** Question, what a current fact must say, what no fact may present as current. */
const QUESTIONS: Array<[string, string, string | null]> = [
  ["which Node version does the project use", "uses Node 22", "Node 18"],
  ["what database are we on", "uses PostgreSQL 16", "PostgreSQL 15"],
  ["what port does the API listen on", "listens on port 8080", "port 3000"],
  ["how do I start the dev server", "`pnpm dev`", null],
  ["tabs or spaces", "prefers spaces", "prefers tabs"],
  ["where is the API server code", "packages/api", null],
  ["where do we deploy", "Fly.io", null],
  ["do we still use Redis", "stopped using Redis", "uses Redis (cache)"],
  ["why did pnpm test fail", "TypeError: Cannot read properties of undefined", null],
  ["where are the migrations", "db/migrations", null],
  ["which package manager", "uses pnpm", null],
  // Questions made only of stopwords: recognised intents, not words, find the answer.
  ["what's left to do?", 'Task "Add rate limiting to /api/login" is pending', null],
  ["where did we leave off", 'Session titled "Migrations move"', null],
];

let engine: MemoryEngine;
beforeAll(async () => {
  engine = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });
  for (const episode of HISTORY) await engine.ingest(episode);
});
afterAll(async () => {
  await engine.close();
});

/** The fact lines of a context block, in the order the agent reads them. */
function factLines(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf("Facts:");
  if (start < 0) return [];
  const end = lines.indexOf("Related events:");
  return lines.slice(start + 1, end < 0 ? -1 : end);
}

describe("recall after three weeks of a project's history (default pipeline)", () => {
  it.each(QUESTIONS)("%s", async (q, current, stale) => {
    const { text } = await engine.context({ group: G, q, budget: 600 });
    const facts = factLines(text);
    expect(facts.slice(0, 3).some((l) => l.includes(current))).toBe(true);
    if (stale) expect(facts.filter((l) => l.includes(stale))).toEqual([]);
  });

  it("reads the same event from many sessions as one line with how often", async () => {
    for (let day = 1; day <= 6; day++) {
      await engine.ingest({
        group: "busy",
        kind: "tool_call",
        session: `ses_b${day}`,
        occurredAt: at(day),
        content: "build ok",
        metadata: { tool: "bash", args: { command: "npm run build" }, exitCode: 0, status: "completed" },
      });
    }
    const { text } = await engine.context({ group: "busy", q: "npm run build", budget: 600 });
    const ran = factLines(text).filter((l) => l.includes("ran `npm run build`"));
    expect(ran).toEqual(["- A session ran `npm run build`. (6 times, 2026-11-01 to 2026-11-06)"]);
  });

  it("keeps what was superseded as history, with when it ended", async () => {
    const res = await engine.search({ group: G, q: "Node runtime", limit: 10, history: true });
    const node18 = res.facts.find((f) => f.item.text.includes("Node 18"))?.item;
    expect(node18?.invalidAt).toBe(at(10));
  });
});
