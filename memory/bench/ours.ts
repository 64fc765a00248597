/** Our engine as a benchmark System: embedded SQLite store, hashed embedder, no cache. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import { createEngineFromConfig } from "../src/engine/factory.js";
import type { ColdResult, System, SystemFactory } from "./system.js";

export const dbPath = (dir: string) => join(dir, "memory.db");

export async function openOurs(
  dir: string,
): Promise<System & { engine: Awaited<ReturnType<typeof createEngineFromConfig>> }> {
  const engine = await createEngineFromConfig(
    loadConfig({ MEMORY_STORE: `sqlite:${dbPath(dir)}`, LOG_LEVEL: "silent" }),
  );
  return {
    engine,
    async ingest(batch) {
      await engine.ingestBatch(batch);
    },
    search: (group, q) => engine.search({ group, q, limit: 10, history: false }),
    context: (group, q) => engine.context({ group, q, budget: 600 }),
    close: () => engine.close(),
  };
}

/** Runs bench/cold.ts in a new Node process so nothing (JIT, caches, page of SQLite) is warm but the OS's. */
async function cold(
  dir: string,
  queries: Array<{ group: string; q: string }>,
  warmUp = false,
): Promise<ColdResult> {
  const script = fileURLToPath(new URL("./cold.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, dir, ...(warmUp ? ["--warm-up"] : [])], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stdin.end(JSON.stringify(queries));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`cold probe exited with ${code}`);
  return JSON.parse(out) as ColdResult;
}

export const ours: SystemFactory = { name: "ours", open: openOurs, cold, warmsUp: true };
