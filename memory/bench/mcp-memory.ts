/**
 * The peer: @modelcontextprotocol/server-memory, the reference MCP knowledge-graph memory, driven
 * the way agents use it: as an MCP server over stdio, through the official SDK client. Each
 * session is an entity and each episode an observation on it; recall is its `search_nodes` tool.
 * It keeps its graph in a JSONL file it rewrites on every change, so it persists: a cold probe
 * starts a fresh server process over the same file.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { EpisodeInput } from "../src/model/schemas.js";
import type { ColdResult, System, SystemFactory } from "./system.js";

const SERVER = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-memory/dist/index.js");

async function connect(dir: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER],
    env: { MEMORY_FILE_PATH: join(dir, "memory.jsonl"), PATH: process.env.PATH ?? "" },
    stderr: "pipe",
  });
  // Keep the tail of the server's stderr: when it dies, that says why.
  let tail = "";
  transport.stderr?.on("data", (d: Buffer) => {
    tail = (tail + d.toString()).slice(-600);
    lastServerStderr = tail.trim().split("\n").slice(-3).join(" | ");
  });
  const client = new Client({ name: "ocm-bench", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<unknown> {
  const res = await client.callTool({ name, arguments: args }).catch((err: Error) => {
    throw new Error(`${err.message}${lastServerStderr ? ` (server: ${lastServerStderr})` : ""}`);
  });
  if (res.isError) throw new Error(`${name}: ${JSON.stringify(res.content).slice(0, 300)}`);
  return res;
}

let lastServerStderr = "";

const entityOf = (e: EpisodeInput) => `${e.group}/session:${e.session ?? "none"}`;

async function open(dir: string): Promise<System> {
  const client = await connect(dir);
  const known = new Set<string>();
  return {
    async ingest(batch) {
      const fresh = [...new Set(batch.map(entityOf))].filter((n) => !known.has(n));
      if (fresh.length) {
        await call(client, "create_entities", {
          entities: fresh.map((name) => ({ name, entityType: "session", observations: [] })),
        });
        for (const n of fresh) known.add(n);
      }
      const byEntity = new Map<string, string[]>();
      for (const e of batch) byEntity.set(entityOf(e), [...(byEntity.get(entityOf(e)) ?? []), e.content]);
      await call(client, "add_observations", {
        observations: [...byEntity].map(([entityName, contents]) => ({ entityName, contents })),
      });
    },
    search: (_group, q) => call(client, "search_nodes", { query: q }),
    close: () => client.close(),
  };
}

async function cold(dir: string, queries: Array<{ group: string; q: string }>): Promise<ColdResult> {
  const t0 = performance.now();
  const client = await connect(dir);
  const openMs = performance.now() - t0;
  const searchMs: number[] = [];
  for (const { q } of queries) {
    const t = performance.now();
    await call(client, "search_nodes", { query: q });
    searchMs.push(performance.now() - t);
  }
  await client.close();
  // The server is another process; its RSS is not ours to read portably, so report ours (the client).
  return { openMs, searchMs, contextMs: [], rssBytes: process.memoryUsage().rss };
}

export const mcpMemory: SystemFactory = { name: "mcp-memory", open, cold };
