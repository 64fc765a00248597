/**
 * Starts the real memory service (engine over a temporary SQLite file, HTTP API, dashboard) on a
 * random 127.0.0.1 port, as `memory serve` would, and seeds it through the real HTTP API.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../memory/src/config.js";
import { createLogger } from "../../memory/src/observability/logger.js";
import { type RunningServer, startServer } from "../../memory/src/server.js";

export const TOKEN = "dashboard-test-token-0123456789";
export const READONLY_TOKEN = "dashboard-readonly-token-98765";

export interface TestService {
  url: string;
  dashboard: string;
  server: RunningServer;
  backupStatusFile: string;
  /** fetch against the service with the full token as bearer. */
  api(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startService(extraEnv: Record<string, string> = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-test-"));
  const backupStatusFile = join(dir, "backup-status.json");
  const env = {
    MEMORY_STORE: `sqlite:${join(dir, "memory.db")}`,
    MEMORY_HOST: "127.0.0.1",
    MEMORY_PORT: "0",
    MEMORY_TOKEN: TOKEN,
    MEMORY_READONLY_TOKEN: READONLY_TOKEN,
    BACKUP_STATUS_FILE: backupStatusFile,
    LOG_LEVEL: "silent",
    ...extraEnv,
  };
  const server = await startServer(loadConfig(env), { logger: createLogger({ level: "silent" }), env });
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    url: server.url,
    dashboard: `${server.url}/dashboard`,
    server,
    backupStatusFile,
    api,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the backup job writes after a successful run. */
export function writeBackupStatus(path: string, lastSuccess: Date, duration = 42, bytes = 5_000_000): void {
  writeFileSync(
    path,
    JSON.stringify({ lastSuccess: Math.floor(lastSuccess.getTime() / 1000), duration, bytes }),
  );
}
