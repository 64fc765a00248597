/**
 * The memory service process: config -> engine -> HTTP app -> listening socket, and an orderly
 * shutdown (stop accepting, let in-flight requests finish, then close the store so the last
 * acknowledged write is on disk before exit).
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createApp } from "./api/app.js";
import type { MemoryConfig } from "./config.js";
import { describeConfig } from "./config.js";
import { createDashboard } from "./dashboard/index.js";
import { loadDashboardConfig } from "./dashboard/config.js";
import { createEngineFromConfig } from "./engine/factory.js";
import type { MemoryEngine } from "./engine/interface.js";
import type { Context } from "hono";
import { Metrics } from "./metrics/registry.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { startTracing } from "./observability/tracing.js";

export interface RunningServer {
  url: string;
  engine: MemoryEngine;
  /** Idempotent graceful stop. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** In-flight requests get this long to finish on shutdown before their sockets are cut. */
  drainMs?: number;
}

export async function startServer(config: MemoryConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Before the engine and the HTTP server exist, so dd-trace can hook what they load.
  await startTracing(logger, options.env ?? process.env);
  const metrics = new Metrics(config.statsd ? { statsd: config.statsd } : {});
  const engine = await createEngineFromConfig(config, { metrics, logger });
  const app = createApp({ engine, metrics, logger, token: config.token });

  // The dashboard signs sessions with the token; without one there is no safe way to log in.
  if (config.token) {
    const dashboard = loadDashboardConfig(options.env ?? process.env, config.token);
    app.route("/dashboard", createDashboard({ ...dashboard, engine, metrics, token: config.token, logger }));
  } else {
    logger.info({ event: "dashboard.disabled" }, "dashboard disabled: it needs MEMORY_TOKEN");
    // Said where it is looked for, not as a bare "no route".
    const off = (c: Context) =>
      c.json({ error: "the dashboard is off: it needs MEMORY_TOKEN (set it and restart the service)" }, 404);
    app.all("/dashboard", off);
    app.all("/dashboard/*", off);
  }

  const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host, port: config.port });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await engine.close().catch(() => {});
    await metrics.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ event: "listening", url, ...describeConfig(config) }, "memory service listening");
  // After listening, not before: health checks answer at once, and a recall that arrives while a
  // group is still loading simply loads it itself.
  const warming = engine.warm().then(
    ({ groups, ms }) => logger.info({ event: "warmed", groups, ms: Math.round(ms) }, "search indexes loaded"),
    (err: unknown) =>
      logger.warn({ event: "warm.failed", err: String(err) }, "loading search indexes failed"),
  );

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      logger.info({ event: "shutdown" }, "shutting down: draining in-flight requests");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if ("closeAllConnections" in server) server.closeAllConnections();
        }, options.drainMs ?? 10_000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Keep-alive sockets with no request in flight would hold close() open.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      });
      // Closing the engine stops the warm-up at the next group.
      await engine.close();
      await warming;
      await metrics.close();
      logger.info({ event: "stopped" }, "memory service stopped");
    })();
    return closing;
  };
  return { url, engine, close };
}
