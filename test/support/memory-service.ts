/**
 * The real memory service (`memory serve`) as a child process on the embedded SQLite store. It can
 * be stopped and started again on the same port and store, which the spool test needs.
 */
import { join } from "node:path";
import { type Child, startChild } from "./processes.js";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

export interface MemoryService {
  url: string;
  port: number;
  child: Child;
  stop(): Promise<void>;
}

export async function startMemoryService(opts: {
  store: string;
  port?: number;
  token?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<MemoryService> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...opts.env };
  delete env.MEMORY_TOKEN;
  if (opts.token) env.MEMORY_TOKEN = opts.token;
  const child = startChild(
    "memory serve",
    process.execPath,
    [
      "--import",
      "tsx",
      "memory/src/cli.ts",
      "serve",
      "--port",
      String(opts.port ?? 0),
      "--store",
      opts.store,
    ],
    { env, cwd: REPO_ROOT },
  );
  const m = await child.waitFor(/memory listening on (http:\/\/[^\s]+)/, 60_000);
  const url = m[1]!.replace(/\/$/, "");
  return { url, port: Number(new URL(url).port), child, stop: () => child.stop() };
}
