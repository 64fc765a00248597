/**
 * Test fixtures: a real engine on a temporary SQLite file (no stubs), the API around it, and a
 * way to start the real HTTP server on a random port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { createApp } from "../src/api/app.js";
import type { AppEnv } from "../src/api/env.js";
import { loadConfig } from "../src/config.js";
import { createEngineFromConfig } from "../src/engine/factory.js";
import type { MemoryEngine } from "../src/engine/interface.js";
import { Metrics } from "../src/metrics/registry.js";
import type { EpisodeInput } from "../src/model/schemas.js";
import { createLogger } from "../src/observability/logger.js";

export const TOKEN = "test-token-0123456789abcdef";
export const silentLogger = () => createLogger({ level: "silent" });

export function tempDir(prefix = "memory-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestApi {
  app: Hono<AppEnv>;
  engine: MemoryEngine;
  metrics: Metrics;
  dbPath: string;
  /** app.request with JSON encoding and (unless `auth: false`) the bearer token. */
  req(
    method: string,
    path: string,
    body?: unknown,
    init?: { auth?: boolean; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function makeApi(options: { token?: string | null } = {}): Promise<TestApi> {
  const { dir, cleanup } = tempDir();
  const dbPath = join(dir, "memory.db");
  const metrics = new Metrics();
  const logger = silentLogger();
  const engine = await createEngineFromConfig(loadConfig({ MEMORY_STORE: `sqlite:${dbPath}` }), {
    metrics,
    logger,
  });
  const token = options.token === undefined ? TOKEN : options.token;
  const app = createApp({ engine, metrics, logger, token });
  return {
    app,
    engine,
    metrics,
    dbPath,
    req(method, path, body, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (token && init.auth !== false) headers.authorization = `Bearer ${token}`;
      let payload: BodyInit | undefined;
      if (body !== undefined) {
        payload = typeof body === "string" ? body : JSON.stringify(body);
        headers["content-type"] ??= "application/json";
      }
      return Promise.resolve(
        app.request(path, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }),
      );
    },
    async close() {
      await engine.close();
      cleanup();
    },
  };
}

/** A small realistic coding session: structured events and free text. */
export function sessionEpisodes(group: string, session = "s1"): EpisodeInput[] {
  const t = (min: number) => new Date(Date.UTC(2026, 0, 10, 9, min)).toISOString();
  return [
    {
      id: `${session}-u1`,
      group,
      session,
      kind: "user_message",
      actor: "user",
      occurredAt: t(0),
      content: "The login test fails; we use Node 22 and vitest in this project.",
    },
    {
      id: `${session}-t1`,
      group,
      session,
      kind: "tool_call",
      actor: "assistant",
      occurredAt: t(1),
      content: "bash: npx vitest run src/auth/login.test.ts (exit 1)",
      metadata: {
        tool: "bash",
        args: { command: "npx vitest run src/auth/login.test.ts" },
        exitCode: 1,
        status: "error",
        files: ["src/auth/login.test.ts"],
      },
    },
    {
      id: `${session}-e1`,
      group,
      session,
      kind: "file_edit",
      actor: "assistant",
      occurredAt: t(2),
      content: "Edited src/auth/login.ts: fix token expiry check",
      metadata: { file: "src/auth/login.ts" },
    },
    {
      id: `${session}-x1`,
      group,
      session,
      kind: "error",
      occurredAt: t(3),
      content: "TypeError: cannot read properties of undefined (reading 'exp') in src/auth/login.ts",
      metadata: {
        name: "TypeError",
        message: "cannot read properties of undefined (reading 'exp')",
        file: "src/auth/login.ts",
      },
    },
    {
      id: `${session}-d1`,
      group,
      session,
      kind: "todo",
      occurredAt: t(4),
      content: "todos: add refresh token test",
      metadata: { todos: [{ content: "add refresh token test", status: "pending" }] },
    },
    {
      id: `${session}-a1`,
      group,
      session,
      kind: "assistant_message",
      actor: "assistant",
      occurredAt: t(5),
      content: "Fixed the expiry check in login.ts; the login test passes now.",
    },
  ];
}

/** Export lines as objects in a stable order (key order inside a line is not part of the format). */
export function records(ndjson: string): unknown[] {
  const parsed = ndjson
    .trim()
    .split("\n")
    .map(
      (l) => JSON.parse(l) as { type: string; data: { id?: string; episodeId?: string; entityId?: string } },
    );
  const key = (r: (typeof parsed)[number]) =>
    `${r.type}:${r.data.id ?? `${r.data.episodeId}>${r.data.entityId}`}`;
  return parsed.sort((a, b) => key(a).localeCompare(key(b)));
}
