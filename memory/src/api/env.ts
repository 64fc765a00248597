/** What every handler can reach: the engine and the shared observability. */
import type { MemoryEngine } from "../engine/interface.js";
import type { Metrics } from "../metrics/registry.js";
import type { Logger } from "../observability/logger.js";
import type { RequestLogEnv } from "../observability/request-log.js";

export interface ApiDeps {
  engine: MemoryEngine;
  metrics: Metrics;
  logger: Logger;
  /** Bearer token for /v1; null means no auth (the server then only binds loopback). */
  token: string | null;
}

export type AppEnv = RequestLogEnv;
