/**
 * Realistic coding-session data, deterministic for a seed: sessions that open with a user prompt,
 * then tool calls (commands with exit codes, reads, edits of files in a plausible repo tree),
 * errors, todo updates, assistant replies, and a closing summary. About four in five episodes are
 * structured (no LLM path), the rest free text, as in a real OpenCode session.
 */
import type { EpisodeInput } from "../src/model/schemas.js";
import { mulberry32, type Rng } from "../src/seeded-random.js";

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

const DIRS = [
  "src/api",
  "src/auth",
  "src/db",
  "src/ui/components",
  "src/lib",
  "src/jobs",
  "test",
  "scripts",
  "src/search",
];
const STEMS = [
  "server",
  "routes",
  "login",
  "session",
  "token",
  "user",
  "schema",
  "migrate",
  "cache",
  "queue",
  "index",
  "button",
  "modal",
  "parser",
  "client",
  "config",
  "logger",
  "retry",
  "billing",
  "invoice",
];
const EXT = [".ts", ".ts", ".ts", ".tsx", ".json", ".md", ".sql"];
const PACKAGES = [
  "zod",
  "hono",
  "vitest",
  "pino",
  "drizzle-orm",
  "react",
  "esbuild",
  "undici",
  "ioredis",
  "date-fns",
  "lodash",
  "prisma",
];
const ERRORS = [
  ["TypeError", "Cannot read properties of undefined (reading '{x}')"],
  ["ReferenceError", "{x} is not defined"],
  ["SyntaxError", "Unexpected token '}' in {f}"],
  ["AssertionError", "expected 401 to be 200"],
  ["Error", "ECONNREFUSED 127.0.0.1:5432"],
  ["TS2339", "Property '{x}' does not exist on type 'Session'"],
  ["ZodError", "Expected string, received number at {x}"],
] as const;
const PROMPTS = [
  "The {s} tests are failing after the upgrade, can you look?",
  "Add a {s} endpoint that returns the current user's invoices",
  "Refactor {f} so the {s} logic lives in one place",
  "Why is {f} so slow when the cache is cold?",
  "We decided to use {p} instead of the hand-written validator",
  "Please migrate {f} to the new {s} API and keep the old one working",
  "The project uses Node {n} now, update the CI config",
  "I prefer small commits and conventional commit messages",
];
const REPLIES = [
  "I fixed the {s} check in {f}; the tests pass now.",
  "The failure came from {f}: the {s} was read before it was set. I moved the initialisation up.",
  "Done: {f} now validates input with {p} and the old path logs a deprecation warning.",
  "I could not reproduce it locally; the error mentions {e}, which points at the database connection.",
  "Summary: {s} refactored, 3 files changed, all tests green.",
];

export interface GeneratorOptions {
  seed?: number;
  groups?: number;
  /** Average episodes per session. */
  sessionLength?: number;
}

export function* codingSessions(total: number, options: GeneratorOptions = {}): Generator<EpisodeInput> {
  const rng = mulberry32(options.seed ?? 42);
  const groups = Array.from({ length: options.groups ?? 4 }, (_, i) => `bench-proj-${i}`);
  const files = Array.from(
    { length: 400 },
    () =>
      `${pick(rng, DIRS)}/${pick(rng, STEMS)}${rng() < 0.3 ? `-${pick(rng, STEMS)}` : ""}${pick(rng, EXT)}`,
  );
  let time = Date.UTC(2026, 0, 1, 8, 0, 0);
  let produced = 0;
  let sessionNo = 0;
  while (produced < total) {
    const group = pick(rng, groups);
    const session = `sess-${++sessionNo}`;
    const length = Math.max(4, Math.round((options.sessionLength ?? 40) * (0.5 + rng())));
    const workingSet = Array.from({ length: 6 }, () => pick(rng, files));
    const fill = (template: string) =>
      template
        .replace(/\{f\}/g, () => pick(rng, workingSet))
        .replace(/\{s\}/g, () => pick(rng, STEMS))
        .replace(/\{p\}/g, () => pick(rng, PACKAGES))
        .replace(/\{n\}/g, () => pick(rng, ["18", "20", "22", "24"]))
        .replace(/\{e\}/g, () => pick(rng, ERRORS)[0])
        .replace(/\{x\}/g, () => pick(rng, STEMS));
    for (let i = 0; i < length && produced < total; i++) {
      time += Math.floor(5_000 + rng() * 60_000);
      const base = { id: `${session}-${i}`, group, session, occurredAt: new Date(time).toISOString() };
      const r = rng();
      let ep: EpisodeInput;
      if (i === 0) {
        ep = { ...base, kind: "user_message", actor: "user", content: fill(pick(rng, PROMPTS)) };
      } else if (i === length - 1) {
        ep = {
          ...base,
          kind: "session_summary",
          content: fill(`Session: worked on {f} and {f}. ${pick(rng, REPLIES)}`),
          metadata: { title: fill("Fix {s}") },
        };
      } else if (r < 0.42) {
        const cmd = pick(rng, [
          `npx vitest run ${pick(rng, workingSet)}`,
          "npm run build",
          "npx tsc --noEmit",
          `git diff ${pick(rng, workingSet)}`,
          `npm install ${pick(rng, PACKAGES)}`,
          "npm run lint",
          `rg ${pick(rng, STEMS)} src`,
        ]);
        const exitCode = rng() < 0.25 ? 1 : 0;
        ep = {
          ...base,
          kind: "tool_call",
          actor: "assistant",
          content: `bash: ${cmd} (exit ${exitCode})`,
          metadata: {
            tool: "bash",
            args: { command: cmd },
            exitCode,
            status: exitCode ? "error" : "completed",
            files: [pick(rng, workingSet)],
            title: cmd,
          },
        };
      } else if (r < 0.55) {
        const file = pick(rng, workingSet);
        ep = {
          ...base,
          kind: "tool_call",
          actor: "assistant",
          content: `read ${file}`,
          metadata: { tool: "read", args: { filePath: file }, status: "completed", files: [file] },
        };
      } else if (r < 0.7) {
        const file = pick(rng, workingSet);
        ep = {
          ...base,
          kind: "file_edit",
          actor: "assistant",
          content: fill(`Edited ${file}: update {s} handling`),
          metadata: { file },
        };
      } else if (r < 0.78) {
        const [name, message] = pick(rng, ERRORS);
        const file = pick(rng, workingSet);
        const text = fill(message).replace("{f}", file);
        ep = {
          ...base,
          kind: "error",
          content: `${name}: ${text} at ${file}`,
          metadata: { name, message: text, file },
        };
      } else if (r < 0.83) {
        ep = {
          ...base,
          kind: "todo",
          content: "todo list updated",
          metadata: {
            todos: [
              { content: fill("fix {s} in {f}"), status: pick(rng, ["pending", "in_progress", "completed"]) },
              { content: fill("add tests for {s}"), status: "pending" },
            ],
          },
        };
      } else if (r < 0.9) {
        ep = { ...base, kind: "user_message", actor: "user", content: fill(pick(rng, PROMPTS)) };
      } else {
        ep = { ...base, kind: "assistant_message", actor: "assistant", content: fill(pick(rng, REPLIES)) };
      }
      produced++;
      yield ep;
    }
  }
}

/** Recall queries an agent would plausibly ask, drawn from the same vocabulary. */
export function recallQueries(count: number, seed = 7): Array<{ group: string; q: string }> {
  const rng = mulberry32(seed);
  const out: Array<{ group: string; q: string }> = [];
  for (let i = 0; i < count; i++) {
    const group = `bench-proj-${Math.floor(rng() * 4)}`;
    const q = pick(rng, [
      () => `${pick(rng, STEMS)}${pick(rng, EXT)}`,
      () => `why does ${pick(rng, STEMS)} fail`,
      () => pick(rng, ERRORS)[0],
      () => `npm run build errors`,
      () => `which node version does the project use`,
      () => `${pick(rng, PACKAGES)} ${pick(rng, STEMS)}`,
      () => `${pick(rng, DIRS)}/${pick(rng, STEMS)}`,
    ])();
    out.push({ group, q });
  }
  return out;
}

export const isStructured = (ep: EpisodeInput) =>
  !["user_message", "assistant_message", "note"].includes(ep.kind);
