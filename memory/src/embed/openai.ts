/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint (OpenAI, Ollama, LM Studio, vLLM...).
 *
 * Inputs go in batches (one request per `batchSize` texts), each retried on 429/5xx/network errors
 * (see llm/http.ts). Answers are validated and put back in input order by `index`, since the API
 * does not promise order. Vectors are L2-normalised here because not every server normalises.
 *
 * The dimension must be known before the engine starts (it is recorded with the store, so a model
 * switch is a clear error instead of silent garbage): configured, known for OpenAI's models, or
 * discovered by `ready()` with one probe call. Any answer of another size throws.
 */
import { z } from "zod";
import type { Embedder } from "../engine/ports.js";
import { postJson, type RetryPolicy } from "../llm/http.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import type { Metrics } from "../metrics/registry.js";

/** Native sizes of OpenAI's embedding models. */
export const KNOWN_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

export const DEFAULT_EMBED_MODEL = "text-embedding-3-small";
/** OpenAI accepts up to 2048 inputs a request; smaller batches keep each request quick to retry. */
const DEFAULT_BATCH_SIZE = 96;
/** Roughly 8k tokens of prose: the model's input limit; longer text is cut, not refused. */
const DEFAULT_MAX_INPUT_CHARS = 24_000;

export interface OpenAIEmbedderOptions {
  /** Base URL including `/v1`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  apiKey?: string | null;
  model?: string;
  /** Expected vector size; default: the model's known size, else discovered by `ready()`. */
  dimension?: number;
  batchSize?: number;
  maxInputChars?: number;
  retry?: Partial<RetryPolicy>;
  metrics?: Metrics;
}

export class EmbeddingDimensionError extends Error {
  override name = "EmbeddingDimensionError";
}

const EmbeddingsResponseSchema = z.object({
  data: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        embedding: z.array(z.number().finite()).min(1),
      }),
    )
    .min(1),
});

export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  readonly remote = true;
  readonly model: string;
  private readonly url: string;
  private readonly batchSize: number;
  private readonly maxInputChars: number;
  private readonly configuredDimension: number | undefined;
  private known: number | undefined;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.model = options.model ?? DEFAULT_EMBED_MODEL;
    this.name = `openai:${this.model}`;
    this.url = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
    this.maxInputChars = options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
    if (options.dimension !== undefined && !(Number.isInteger(options.dimension) && options.dimension > 0)) {
      throw new EmbeddingDimensionError(
        `embedding dimension must be a positive integer, got ${options.dimension}`,
      );
    }
    this.configuredDimension = options.dimension;
    this.known = options.dimension ?? KNOWN_EMBEDDING_DIMENSIONS[this.model];
  }

  /** The vector size; throws until it is configured, known for the model, or discovered by `ready()`. */
  get dimension(): number {
    if (this.known === undefined) {
      throw new EmbeddingDimensionError(
        `the dimension of embedding model "${this.model}" is unknown: configure it or call ready() first`,
      );
    }
    return this.known;
  }

  /** Resolves once the dimension is known, probing the endpoint with one short text if needed. */
  async ready(): Promise<this> {
    if (this.known === undefined) await this.embed(["dimension probe"]);
    return this;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length);
    // Empty text has no meaning to embed (and OpenAI rejects it): the zero vector, like HashedEmbedder.
    const pending: number[] = [];
    texts.forEach((t, i) => {
      if (t.trim()) pending.push(i);
    });
    for (let start = 0; start < pending.length; start += this.batchSize) {
      const idx = pending.slice(start, start + this.batchSize);
      const vectors = await this.request(idx.map((i) => (texts[i] ?? "").slice(0, this.maxInputChars)));
      idx.forEach((i, k) => {
        out[i] = vectors[k] as Float32Array;
      });
    }
    for (let i = 0; i < texts.length; i++) {
      if (!out[i]) out[i] = new Float32Array(this.dimension);
    }
    return out;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: this.model, input, encoding_format: "float" };
    // Only OpenAI's v3 models can shorten their vectors on request; others would reject the field.
    if (this.configuredDimension !== undefined && this.model.startsWith("text-embedding-3")) {
      body.dimensions = this.configuredDimension;
    }
    this.options.metrics?.inc(MEMORY_METRICS.embedCalls, 1, { model: this.model });
    const raw = await postJson({
      url: this.url,
      apiKey: this.options.apiKey,
      body,
      policy: this.options.retry,
    });
    const parsed = EmbeddingsResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`embeddings from "${this.name}" are malformed: ${z.prettifyError(parsed.error)}`);
    }
    const byIndex = new Map(parsed.data.data.map((d) => [d.index, d.embedding]));
    return input.map((_, i) => {
      const vector = byIndex.get(i);
      if (!vector)
        throw new Error(`embeddings from "${this.name}" lack the vector for input ${i} of ${input.length}`);
      return this.normalised(vector);
    });
  }

  private normalised(vector: number[]): Float32Array {
    if (this.known === undefined) this.known = vector.length;
    if (vector.length !== this.known) {
      throw new EmbeddingDimensionError(
        `embedding model "${this.model}" returned ${vector.length}-dimensional vectors, expected ${this.known}` +
          `${this.configuredDimension !== undefined ? " (configured)" : ""}: the model behind the endpoint ` +
          "changed or the configured dimension is wrong",
      );
    }
    const out = Float32Array.from(vector);
    let norm = 0;
    for (const v of out) norm += v * v;
    if (norm > 0 && Math.abs(norm - 1) > 1e-6) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) * scale;
    }
    return out;
  }
}
