/**
 * Structured events that end earlier ones, end to end on the embedded store: a passing run ends the
 * failures of the same command before it, and removing a package ends the project's dependency on it.
 * Both kinds of fact accumulate, so no contradiction could end them; history keeps them.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { HashedEmbedder } from "../embed/hashed.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { MemoryEngine } from "./interface.js";

const T = (hour: number) => new Date(Date.UTC(2026, 5, 5, hour)).toISOString();
let engine: MemoryEngine;
beforeEach(() => {
  engine = createMemoryEngine({ store: openSqliteStore(":memory:"), embedder: new HashedEmbedder() });
});
afterEach(async () => {
  await engine.close();
});

const run = (id: string, hour: number, command: string, exitCode: number, output = "") =>
  engine.ingest({
    id,
    group: "g",
    kind: "tool_call",
    session: "s1",
    occurredAt: T(hour),
    content: `bash: ${command} (exit ${exitCode})\n${output}`,
    metadata: { tool: "bash", args: { command }, exitCode, status: exitCode === 0 ? "completed" : "error" },
  });

async function texts(q: string, history = false): Promise<string[]> {
  const res = await engine.search({ group: "g", q, limit: 20, history });
  return res.facts.map((f) => f.item.text).sort();
}

it("a passing run ends the failures of the same command before it, and history keeps them", async () => {
  await run("e1", 1, "pnpm test", 1, "ReferenceError: jwt is not defined\n    at src/auth.ts:3:1");
  expect((await texts("pnpm test failed")).filter((t) => t.includes("failed with"))).toEqual([
    "`pnpm test` failed with: ReferenceError: jwt is not defined",
  ]);
  const pass = await run("e2", 2, "pnpm test", 0);
  expect(pass.invalidated.length).toBeGreaterThanOrEqual(2); // the failing status and the failure
  expect((await texts("pnpm test failed")).filter((t) => t.includes("failed with"))).toEqual([]);
  expect(await texts("pnpm test failed")).toContain("`pnpm test` is passing.");
  expect((await texts("pnpm test failed", true)).filter((t) => t.includes("failed with"))).toHaveLength(1);
  // Another command's failure is not this command's to end.
  await run("e3", 3, "pnpm lint", 1, "Error: Unexpected any in src/a.ts");
  await run("e4", 4, "pnpm test", 0);
  expect((await texts("pnpm lint failed")).filter((t) => t.includes("failed with"))).toHaveLength(1);
});

it("a cross build failing leaves the native build passing: the platform is part of the command", async () => {
  await run("e1", 1, "cargo build", 0);
  await run("e2", 2, "cargo build --target aarch64-unknown-linux-gnu", 101, "error: linker `cc` not found");
  const status = (await texts("cargo build passing failing")).filter((t) =>
    / is (?:passing|failing)/.test(t),
  );
  expect(status).toEqual([
    "`cargo build --target aarch64-unknown-linux-gnu` is failing (exit 101).",
    "`cargo build` is passing.",
  ]);
});

it("removing a package ends the project's dependency on it", async () => {
  await run("e1", 1, "pnpm add zod", 0);
  expect(await texts("zod dependency")).toContain("project has zod as a dependency (`pnpm add zod`).");
  await run("e2", 2, "pnpm remove zod", 0);
  const now = await texts("zod dependency");
  expect(now).not.toContain("project has zod as a dependency (`pnpm add zod`).");
  expect(now).toContain("project removed zod (`pnpm remove zod`).");
});

it("moving off a tool ends the state of the commands that run it, not of the others", async () => {
  await run("e1", 1, "npx prettier --check .", 1, "[warn] src/app.ts\n[warn] Code style issues found.");
  await run("e2", 1, "pnpm exec eslint .", 1, "src/app.ts: 3 problems");
  await run("e3", 1, "pnpm test", 1, "1 failed");
  expect((await texts("prettier eslint pnpm test failing")).filter((t) => t.includes("is failing"))).toEqual([
    "`pnpm exec eslint` is failing (exit 1).",
    "`pnpm test` is failing (exit 1).",
    "`prettier` is failing (exit 1).",
  ]);
  await engine.ingest({
    id: "e4",
    group: "g",
    kind: "user_message",
    session: "s1",
    occurredAt: T(2),
    content: "We switched from Prettier and ESLint to Biome.",
  });
  expect((await texts("prettier eslint pnpm test failing")).filter((t) => t.includes("is failing"))).toEqual([
    "`pnpm test` is failing (exit 1).",
  ]);
  const history = await texts("prettier eslint failing", true);
  expect(history).toContain("`prettier` is failing (exit 1).");
  expect(history).toContain("`pnpm exec eslint` is failing (exit 1).");
});
