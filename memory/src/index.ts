/**
 * The memory package's public surface: the engine and its parts, for the service, the benchmarks
 * and anyone embedding the memory in-process.
 */
export { HashedEmbedder } from "./embed/hashed.js";
export { createMemoryEngine, EmbedderMismatchError, type EngineOptions } from "./engine/engine.js";
export { createEngineFromConfig } from "./engine/factory.js";
export type { HealthReport, MemoryEngine } from "./engine/interface.js";
export type { Embedder, ExtractedEntity, ExtractedFact, Extraction, Extractor } from "./engine/ports.js";
export * from "./model/schemas.js";
export type * from "./model/types.js";
export type { Store } from "./store/interface.js";
export { openSqliteStore } from "./store/sqlite/index.js";
