/**
 * Builds the engine the config asks for: the store (embedded SQLite by default), the embedder
 * (offline hashed n-grams by default) and the free-text extractor (rule-based by default).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { MemoryConfig } from "../config.js";
import { HashedEmbedder } from "../embed/hashed.js";
import type { Metrics } from "../metrics/registry.js";
import type { Logger } from "../observability/logger.js";
import type { Store } from "../store/interface.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createMemoryEngine } from "./engine.js";
import type { MemoryEngine } from "./interface.js";

export interface EngineDeps {
  metrics?: Metrics;
  logger?: Logger;
}

export class BackendUnavailableError extends Error {
  override name = "BackendUnavailableError";
}

async function openStore(config: MemoryConfig): Promise<Store> {
  if (config.store.kind !== "sqlite") {
    throw new BackendUnavailableError(
      `MEMORY_STORE=${config.store.kind}://... is not available in this build`,
    );
  }
  if (config.store.path !== ":memory:") mkdirSync(dirname(config.store.path), { recursive: true });
  return openSqliteStore(config.store.path);
}

export async function createEngineFromConfig(
  config: MemoryConfig,
  deps: EngineDeps = {},
): Promise<MemoryEngine> {
  const store = await openStore(config);
  return createMemoryEngine({ store, embedder: new HashedEmbedder(), metrics: deps.metrics });
}
