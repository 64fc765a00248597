/**
 * Model clients for the engine: OpenAI-compatible embeddings and the LLM extractor, built from
 * plain configuration values (OPENAI_BASE_URL, OPENAI_API_KEY, MEMORY_EMBED_MODEL,
 * MEMORY_LLM_MODEL). Each is built only when its model is configured; otherwise the engine keeps
 * its offline defaults (hashed n-gram vectors, the rule-based extractor).
 */
import { z } from "zod";
import { OpenAIEmbedder } from "../embed/openai.js";
import type { Embedder, Extractor } from "../engine/ports.js";
import type { Metrics } from "../metrics/registry.js";
import { ChatClient, type ResponseFormatMode } from "./chat.js";
import { LlmExtractor, type WarnLogger } from "./extractor.js";
import type { RetryPolicy } from "./http.js";

export { ChatClient, type ChatClientOptions, type ChatMessage, type ResponseFormatMode } from "./chat.js";
export { LlmExtractor, type LlmExtractorOptions } from "./extractor.js";
export { DEFAULT_RETRY, ModelRequestError, type RetryPolicy } from "./http.js";
export { JsonAnswerError, parseJsonAnswer } from "./json.js";
export { EmbeddingDimensionError, OpenAIEmbedder } from "../embed/openai.js";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export interface ModelClientsConfig {
  /** OPENAI_BASE_URL, including `/v1`; default OpenAI's. */
  baseUrl?: string | null;
  /** OPENAI_API_KEY; local servers (Ollama, LM Studio) need none. */
  apiKey?: string | null;
  /** MEMORY_EMBED_MODEL: embeddings from the endpoint when set. */
  embedModel?: string | null;
  /** Vector size when the model is not one of OpenAI's (else probed once at start). */
  embedDimension?: number | null;
  /** MEMORY_LLM_MODEL: LLM extraction of free text when set. */
  llmModel?: string | null;
  responseFormat?: ResponseFormatMode;
  retry?: Partial<RetryPolicy>;
  metrics?: Metrics;
  logger?: WarnLogger;
}

export interface ModelClients {
  embedder?: Embedder;
  extractor?: Extractor;
}

export class ModelConfigError extends Error {
  override name = "ModelConfigError";
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : (v ?? undefined));

const ConfigSchema = z.object({
  OPENAI_BASE_URL: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.openai.com/v1" })
      .default(OPENAI_DEFAULT_BASE_URL),
  ),
  OPENAI_API_KEY: z.preprocess(blank, z.string().optional()),
  MEMORY_EMBED_MODEL: z.preprocess(blank, z.string().max(200).optional()),
  MEMORY_EMBED_DIMENSION: z.preprocess(blank, z.number().int().positive().max(65_536).optional()),
  MEMORY_LLM_MODEL: z.preprocess(blank, z.string().max(200).optional()),
});

/**
 * Builds the configured clients. Async because an embedding model of unknown size is probed once
 * here: the engine records the dimension with the store before the first write.
 */
export async function createModelClients(config: ModelClientsConfig): Promise<ModelClients> {
  const parsed = ConfigSchema.safeParse({
    OPENAI_BASE_URL: config.baseUrl,
    OPENAI_API_KEY: config.apiKey,
    MEMORY_EMBED_MODEL: config.embedModel,
    MEMORY_EMBED_DIMENSION: config.embedDimension,
    MEMORY_LLM_MODEL: config.llmModel,
  });
  if (!parsed.success) {
    // Issue paths are the environment keys, so the message names what to fix (never a value).
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ModelConfigError(`invalid model configuration: ${issues}`);
  }
  const c = parsed.data;
  const wantsModels = c.MEMORY_EMBED_MODEL !== undefined || c.MEMORY_LLM_MODEL !== undefined;
  if (wantsModels && !c.OPENAI_API_KEY && new URL(c.OPENAI_BASE_URL).hostname === "api.openai.com") {
    throw new ModelConfigError("OPENAI_API_KEY is required to use models at api.openai.com");
  }

  const out: ModelClients = {};
  if (c.MEMORY_EMBED_MODEL) {
    out.embedder = await new OpenAIEmbedder({
      baseUrl: c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_API_KEY,
      model: c.MEMORY_EMBED_MODEL,
      dimension: c.MEMORY_EMBED_DIMENSION,
      retry: config.retry,
      metrics: config.metrics,
    }).ready();
  }
  if (c.MEMORY_LLM_MODEL) {
    const chat = new ChatClient({
      baseUrl: c.OPENAI_BASE_URL,
      apiKey: c.OPENAI_API_KEY,
      model: c.MEMORY_LLM_MODEL,
      responseFormat: config.responseFormat,
      retry: config.retry,
      metrics: config.metrics,
    });
    out.extractor = new LlmExtractor({ chat, logger: config.logger });
  }
  return out;
}
