/**
 * Builds the engine the config asks for: the store (embedded SQLite by default), the embedder
 * (offline hashed n-grams by default) and the free-text extractor (rule-based by default).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { MemoryConfig } from "../config.js";
import { createRecallCache } from "../cache/index.js";
import { HashedEmbedder } from "../embed/hashed.js";
import { createModelClients } from "../llm/index.js";
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

async function openStore(config: MemoryConfig): Promise<Store> {
  if (config.store.kind === "falkordb") {
    const { host, port, password } = config.store;
    // Loaded only here: the client and its dependencies are a third of a second of every start.
    const { openFalkorStore } = await import("../store/falkordb/index.js");
    try {
      return await openFalkorStore({ host, port, ...(password ? { password } : {}) });
    } catch (err) {
      throw new Error(
        `cannot reach FalkorDB at ${host}:${port} (MEMORY_STORE / FALKORDB_HOST): ${(err as Error).message}`,
      );
    }
  }
  if (config.store.path !== ":memory:") mkdirSync(dirname(config.store.path), { recursive: true });
  return openSqliteStore(config.store.path, { durability: config.durability });
}

export async function createEngineFromConfig(
  config: MemoryConfig,
  deps: EngineDeps = {},
): Promise<MemoryEngine> {
  const { embedder, extractor } = await createModelClients({
    baseUrl: config.openai.baseUrl,
    apiKey: config.openai.apiKey,
    embedModel: config.openai.embedModel,
    embedDimension: config.openai.embedDimension,
    llmModel: config.openai.llmModel,
    responseFormat: config.openai.llmResponseFormat,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const cache = createRecallCache(
    config.cache
      ? { url: config.cache.url, ...(config.cache.password ? { password: config.cache.password } : {}) }
      : {},
    { ...(deps.metrics ? { metrics: deps.metrics } : {}), ...(deps.logger ? { logger: deps.logger } : {}) },
  );
  const store = await openStore(config);
  return createMemoryEngine({
    store,
    embedder: embedder ?? new HashedEmbedder(),
    ...(extractor ? { extractor } : {}),
    cache,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    // Model embeddings are far less noisy than hashed n-grams: a lower floor keeps real matches.
    ...(embedder ? { minSimilarity: 0.2 } : {}),
  });
}
