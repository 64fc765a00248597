/** The real HTTP server on a random port: streaming bodies, limits and a graceful stop. */
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExportRecordSchema, IngestResultSchema } from "../src/api/schemas.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/observability/logger.js";
import { createEngineFromConfig } from "../src/engine/factory.js";
import { type RunningServer, startServer } from "../src/server.js";
import { silentLogger, records, TOKEN, tempDir } from "./helpers.js";

const tmp = tempDir();
const dbPath = join(tmp.dir, "server.db");
let server: RunningServer;
const auth = { authorization: `Bearer ${TOKEN}` };
const G = "srv";

function config(path = dbPath) {
  return loadConfig({
    MEMORY_STORE: `sqlite:${path}`,
    MEMORY_PORT: "0",
    MEMORY_TOKEN: TOKEN,
    LOG_LEVEL: "silent",
  });
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A streamed request body: no Content-Length, sent with chunked transfer encoding. */
function chunked(parts: number, part: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(part);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < parts) controller.enqueue(bytes);
      else controller.close();
    },
  });
}

beforeAll(async () => {
  server = await startServer(config(), { logger: silentLogger(), env: {} });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe("memory service over HTTP", () => {
  it("listens on loopback and serves the API", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post("/v1/episodes", { group: G, kind: "note", content: "we deploy with Pulumi" });
    expect(res.status).toBe(201);
    IngestResultSchema.parse(await res.json());
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("cuts a chunked body at 1 MiB with 413 and stays up", async () => {
    const res = await fetch(`${server.url}/v1/episodes`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: chunked(40, "x".repeat(64 * 1024)),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("accepts a chunked body under the limit", async () => {
    const body = JSON.stringify({ group: G, kind: "note", content: "chunked but small" });
    const res = await fetch(`${server.url}/v1/episodes`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: chunked(1, body),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(201);
  });

  it("streams an export and a streamed import restores it elsewhere", async () => {
    const episodes = Array.from({ length: 400 }, (_, i) => ({
      id: `bulk-${i}`,
      group: "bulk",
      kind: "tool_call",
      content: `bash: npm test -- case${i} (exit ${i % 3 === 0 ? 1 : 0})`,
      metadata: {
        tool: "bash",
        args: { command: `npm test -- case${i}` },
        exitCode: i % 3 === 0 ? 1 : 0,
        files: [`src/m${i % 40}.ts`],
      },
    }));
    expect((await post("/v1/episodes/batch", { episodes })).status).toBe(201);
    const res = await fetch(`${server.url}/v1/export?group=bulk`, { headers: auth });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.trim().split("\n");
    for (const line of lines) ExportRecordSchema.parse(JSON.parse(line));
    expect(lines.filter((l) => l.startsWith('{"type":"episode"'))).toHaveLength(400);

    await fetch(`${server.url}/v1/groups/bulk`, { method: "DELETE", headers: auth });
    const parts = text.match(/[\s\S]{1,7000}/g) ?? [];
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const part = parts[i++];
        if (part === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(part));
      },
    });
    const imported = await fetch(`${server.url}/v1/import`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(imported.status).toBe(200);
    expect((await imported.json()).imported).toBe(lines.length);
    const back = await (await fetch(`${server.url}/v1/export?group=bulk`, { headers: auth })).text();
    expect(records(back)).toEqual(records(text));
  });
});

describe("graceful stop", () => {
  it("finishes in-flight writes and closes the store; every acknowledged write is there after", async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, "stop.db");
    const local = await startServer(config(path), { logger: silentLogger(), env: {} });
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${local.url}/v1/episodes`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ id: `w${i}`, group: "stop", kind: "note", content: `write number ${i}` }),
      }).then(
        (r) => (r.status === 201 ? `w${i}` : null),
        () => null,
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    await local.close();
    const acked = (await Promise.all(writes)).filter((id): id is string => id !== null);
    await expect(fetch(`${local.url}/healthz`)).rejects.toThrow();

    const engine = await createEngineFromConfig(config(path));
    try {
      const stored = new Set((await engine.listEpisodes("stop", { limit: 1000 })).map((e) => e.id));
      for (const id of acked) expect(stored.has(id), id).toBe(true);
    } finally {
      await engine.close();
      cleanup();
    }
  });

  it("says why there is no dashboard when it runs without a token", async () => {
    const cfg = loadConfig({
      MEMORY_STORE: `sqlite:${join(tmp.dir, "tokenless.db")}`,
      MEMORY_PORT: "0",
      LOG_LEVEL: "silent",
    });
    const local = await startServer(cfg, { logger: silentLogger(), env: {} });
    try {
      for (const path of ["/dashboard", "/dashboard/", "/dashboard/groups"]) {
        const res = await fetch(`${local.url}${path}`);
        expect(res.status).toBe(404);
        expect((await res.json()).error).toMatch(/dashboard is off: it needs MEMORY_TOKEN/);
      }
    } finally {
      await local.close();
    }
  });

  it("says so when DD_TRACE_ENABLED asks for traces it cannot send, and serves anyway", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: "info", destination });
    const cfg = { ...config(join(tmp.dir, "traced.db")) };
    const local = await startServer(cfg, { logger, env: { DD_TRACE_ENABLED: "true" } });
    try {
      expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
      expect(lines.some((l) => l.includes('"event":"tracing.unavailable"'))).toBe(true);
    } finally {
      await local.close();
    }
  });

  it("fails clearly when the port is taken", async () => {
    const port = Number(new URL(server.url).port);
    const { dir, cleanup } = tempDir();
    const cfg = { ...config(join(dir, "x.db")), port };
    await expect(startServer(cfg, { logger: silentLogger(), env: {} })).rejects.toThrow(/EADDRINUSE/);
    cleanup();
  });
});
