/**
 * Chat completions from an OpenAI-compatible endpoint, asking for JSON that follows a schema
 * (`response_format: json_schema`, strict). Every call is counted once in `llm.calls` with its
 * outcome (`ok`, `invalid`: the answer did not parse, `error`: no answer after retries), and the
 * tokens the server reports in `llm.tokens` (direction `in` / `out`).
 */
import { z } from "zod";
import { MEMORY_METRICS } from "../metrics/names.js";
import type { Metrics } from "../metrics/registry.js";
import { postJson, type RetryPolicy } from "./http.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
}

/**
 * How to ask for JSON: `json_schema` (OpenAI, recent Ollama / LM Studio / vLLM), `json_object`
 * (older servers), `none` (servers that reject both; the prompt still asks for JSON).
 */
export type ResponseFormatMode = "json_schema" | "json_object" | "none";

export interface ChatClientOptions {
  /** Base URL including `/v1`. */
  baseUrl: string;
  apiKey?: string | null;
  model: string;
  responseFormat?: ResponseFormatMode;
  /** Output cap per call. */
  maxTokens?: number;
  temperature?: number;
  retry?: Partial<RetryPolicy>;
  metrics?: Metrics;
}

export interface TokenUsage {
  input: number;
  output: number;
}

export type ChatResult<T> =
  | { ok: true; value: T; content: string; usage: TokenUsage }
  | { ok: false; problem: string; content: string; usage: TokenUsage };

const CompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().nonnegative().nullish(),
      completion_tokens: z.number().nonnegative().nullish(),
    })
    .nullish(),
});

export class ChatClient {
  readonly model: string;
  private readonly url: string;

  constructor(private readonly options: ChatClientOptions) {
    this.model = options.model;
    this.url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  }

  /**
   * One model call. `parse` turns the answer into a value or throws; a throw makes the result
   * `ok: false` with the reason (for a repair request). Transport failures after retries throw
   * ModelRequestError.
   */
  async complete<T>(
    messages: ChatMessage[],
    parse: (content: string) => T,
    format?: JsonSchemaFormat,
  ): Promise<ChatResult<T>> {
    const metrics = this.options.metrics;
    const count = (outcome: "ok" | "invalid" | "error") =>
      metrics?.inc(MEMORY_METRICS.llmCalls, 1, { model: this.model, outcome });
    let raw: unknown;
    try {
      raw = await postJson({
        url: this.url,
        apiKey: this.options.apiKey,
        body: this.body(messages, format),
        policy: this.options.retry,
      });
    } catch (err) {
      count("error");
      throw err;
    }
    const parsed = CompletionSchema.safeParse(raw);
    if (!parsed.success) {
      count("invalid");
      return {
        ok: false,
        problem: `malformed completion: ${z.prettifyError(parsed.error)}`,
        content: "",
        usage: { input: 0, output: 0 },
      };
    }
    const usage: TokenUsage = {
      input: parsed.data.usage?.prompt_tokens ?? 0,
      output: parsed.data.usage?.completion_tokens ?? 0,
    };
    if (metrics) {
      if (usage.input)
        metrics.inc(MEMORY_METRICS.llmTokens, usage.input, { model: this.model, direction: "in" });
      if (usage.output)
        metrics.inc(MEMORY_METRICS.llmTokens, usage.output, { model: this.model, direction: "out" });
    }
    const choice = parsed.data.choices[0];
    const content = choice?.message.content ?? "";
    if (!content.trim()) {
      count("invalid");
      const why = choice?.message.refusal
        ? `the model refused: ${choice.message.refusal}`
        : "the answer is empty";
      return { ok: false, problem: why, content, usage };
    }
    try {
      const value = parse(content);
      count("ok");
      return { ok: true, value, content, usage };
    } catch (err) {
      count("invalid");
      const cut = choice?.finish_reason === "length" ? " (the answer was cut off at the output limit)" : "";
      return { ok: false, problem: `${(err as Error).message}${cut}`, content, usage };
    }
  }

  private body(messages: ChatMessage[], format?: JsonSchemaFormat): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.model,
      messages,
      temperature: this.options.temperature ?? 0,
      max_tokens: this.options.maxTokens ?? 2_000,
      stream: false,
    };
    const mode = this.options.responseFormat ?? "json_schema";
    if (format && mode === "json_schema") {
      body.response_format = {
        type: "json_schema",
        json_schema: { name: format.name, schema: format.schema, strict: true },
      };
    } else if (format && mode === "json_object") {
      body.response_format = { type: "json_object" };
    }
    return body;
  }
}
