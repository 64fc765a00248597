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
    // The SDK client drops a reply over 10 MiB by killing the server ("Connection closed"). The
    // server itself answers such searches (at 100k observations "Error" matches almost every
    // session: an 11 MiB reply), so the limit is raised to measure the peer, not the client.
    maxBufferSize: 512 * 1024 * 1024,
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

/**
 * A search the server dies on is counted, the server is restarted on the same file as a user's
 * agent would, and the measured latency includes that restart: the run goes on instead of
 * dropping the peer's whole column.
 */
async function searchSurviving(
  state: { client: Client; crashes: number },
  dir: string,
  q: string,
): Promise<unknown> {
  try {
    return await call(state.client, "search_nodes", { query: q });
  } catch (err) {
    state.crashes++;
    process.stderr.write(
      `\nmcp-memory: search ${JSON.stringify(q)} failed (${(err as Error).message}); restarting it\n`,
    );
    crashLog.push(`search ${JSON.stringify(q)}: ${(err as Error).message.split(" (server")[0]}`);
    await state.client.close().catch(() => {});
    state.client = await connect(dir);
    return null;
  }
}

const replyText = (res: unknown): string | null => {
  const content = (res as { content?: Array<{ type: string; text?: string }> } | null)?.content ?? [];
  return res === null ? null : content.map((c) => c.text ?? "").join("");
};

/** Searches the peer's server did not survive, for the benchmark's report. */
export const crashLog: string[] = [];

async function open(dir: string): Promise<System> {
  const state = { client: await connect(dir), crashes: 0 };
  const known = new Set<string>();
  return {
    async ingest(batch) {
      const fresh = [...new Set(batch.map(entityOf))].filter((n) => !known.has(n));
      if (fresh.length) {
        await call(state.client, "create_entities", {
          entities: fresh.map((name) => ({ name, entityType: "session", observations: [] })),
        });
        for (const n of fresh) known.add(n);
      }
      const byEntity = new Map<string, string[]>();
      for (const e of batch) byEntity.set(entityOf(e), [...(byEntity.get(entityOf(e)) ?? []), e.content]);
      await call(state.client, "add_observations", {
        observations: [...byEntity].map(([entityName, contents]) => ({ entityName, contents })),
      });
    },
    // What the agent reads: the tool's text reply (its structuredContent repeats it as data).
    search: async (_group, q) => replyText(await searchSurviving(state, dir, q)),
    close: () => state.client.close(),
  };
}

async function cold(dir: string, queries: Array<{ group: string; q: string }>): Promise<ColdResult> {
  const t0 = performance.now();
  const state = { client: await connect(dir), crashes: 0 };
  const openMs = performance.now() - t0;
  const searchMs: number[] = [];
  for (const { q } of queries) {
    const t = performance.now();
    await searchSurviving(state, dir, q);
    searchMs.push(performance.now() - t);
  }
  await state.client.close();
  // The server is another process whose RSS is not ours to read portably; the bench prints "-" for it.
  return { openMs, searchMs, contextMs: [], rssBytes: process.memoryUsage().rss };
}

export const mcpMemory: SystemFactory = { name: "mcp-memory", open, cold, outOfProcess: true };
