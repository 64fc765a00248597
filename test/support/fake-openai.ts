/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (random port) for tests: OpenCode's
 * `@ai-sdk/openai-compatible` provider talks to it in end-to-end tests, and the memory service's
 * model clients are tested against it.
 *
 * - `POST /v1/chat/completions`, streamed (SSE `data: {...}` chunks, text and `delta.tool_calls`,
 *   a final chunk with `finish_reason` and `usage`, then `data: [DONE]`) or not;
 * - `POST /v1/embeddings`: deterministic unit vectors from the text (configurable dimension,
 *   optional reversed `data` order to prove clients sort by `index`);
 * - `GET /v1/models`;
 * - fault injection for the next N matching requests: an HTTP status (429 with Retry-After, 500...),
 *   a delay, a dropped connection, or chat content made invalid JSON / prefixed with `<think>` /
 *   wrapped in a code fence;
 * - every request recorded (path, headers with the Authorization value masked, parsed body).
 *
 * Replies come from `script(...)`: a function of the request body or a list used in order.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ChatMessageBody {
  role: string;
  content: unknown;
  tool_calls?: unknown[];
  [key: string]: unknown;
}

export interface ChatCompletionBody {
  model?: string;
  messages: ChatMessageBody[];
  tools?: Array<{ type: string; function: { name: string; [key: string]: unknown } }>;
  stream?: boolean;
  response_format?: unknown;
  [key: string]: unknown;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** An object is JSON-encoded; a string is sent as is (to send broken arguments). */
  arguments: Record<string, unknown> | string;
}

export type ChatReply =
  | { content: string; usage?: FakeUsage; finishReason?: string }
  | { toolCalls: ScriptedToolCall[]; content?: string; usage?: FakeUsage };

export type ChatScript = (
  body: ChatCompletionBody,
  request: RecordedRequest,
) => ChatReply | Promise<ChatReply>;

export type FaultTarget = "chat" | "embeddings" | "any";

export type Fault =
  /** Answer with this status and an OpenAI-style error body (429s may carry Retry-After seconds). */
  | { type: "status"; status: number; retryAfter?: number | string; message?: string }
  /** Wait before answering normally (or until the client gives up). */
  | { type: "delay"; ms: number }
  /** Destroy the socket without a response: a network error for the client. */
  | { type: "drop" }
  /** Chat only: the scripted content, cut in half so it is not valid JSON. */
  | { type: "invalid-json" }
  /** Chat only: `<think>...</think>` before the scripted content. */
  | { type: "think"; text?: string }
  /** Chat only: the scripted content inside a ```json code fence, with prose around it. */
  | { type: "fence" };

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-case header names; `authorization` is masked (`Bearer ***` / present or not). */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** Milliseconds since the server started. */
  at: number;
  /** What the fake answered: the status and, for chat/embeddings, the usage it reported. */
  response?: { status: number; usage?: FakeUsage; fault?: Fault["type"] };
}

export interface FakeOpenAIOptions {
  /** Embedding vector size (default 64); `setEmbeddingDimension` changes it later. */
  embeddingDimension?: number;
  /** Return embedding `data` in reverse order (each item keeps its `index`). */
  reverseEmbeddings?: boolean;
  /** Multiply embedding vectors by this (default 1: unit length), to test clients that normalise. */
  embeddingScale?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /** Model ids listed by GET /v1/models (default ["m"]). */
  models?: string[];
  /** Characters per streamed content chunk (default 16). */
  chunkSize?: number;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, as OpenAI clients want it. */
  url: string;
  port: number;
  /** Every request so far, oldest first (a live array). */
  readonly requests: RecordedRequest[];
  /** Chat replies: a function of the request, or a list used once each in order. */
  script(replies: ChatScript | ChatReply[]): void;
  /** Apply `fault` to the next `times` requests matching `on` (default: any path). */
  fail(fault: Fault, times?: number, on?: FaultTarget): void;
  setEmbeddingDimension(dimension: number): void;
  /** Requests to one endpoint (`chat` or `embeddings`). */
  requestsTo(target: Exclude<FaultTarget, "any">): RecordedRequest[];
  /** Forget recorded requests and pending faults (the script stays). */
  reset(): void;
  close(): Promise<void>;
}

interface PendingFault {
  fault: Fault;
  remaining: number;
  on: FaultTarget;
}

const CHAT_PATH = /\/chat\/completions$/;
const EMBEDDINGS_PATH = /\/embeddings$/;
const MODELS_PATH = /\/models$/;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** A rough token count (4 characters a token), stable so tests can compare metrics against it. */
export const fakeTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** FNV-1a: a stable seed per text. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The vector the fake returns for `text`: deterministic, unit length. */
export function fakeEmbedding(text: string, dimension: number): number[] {
  let state = fnv1a(text) || 1;
  const out: number[] = [];
  for (let i = 0; i < dimension; i++) {
    // xorshift32: cheap, deterministic pseudo-random components in [-1, 1).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.push(((state >>> 0) / 0x100000000) * 2 - 1);
  }
  const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
  return out.map((v) => v / norm);
}

function targetOf(path: string): Exclude<FaultTarget, "any"> | null {
  if (CHAT_PATH.test(path)) return "chat";
  if (EMBEDDINGS_PATH.test(path)) return "embeddings";
  return null;
}

function maskHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const v = Array.isArray(value) ? value.join(", ") : value;
    // The key itself never lands in a recording: tests print these on failure.
    out[name] = name === "authorization" || name === "api-key" ? v.replace(/^(\S+\s+)?.*$/, "$1***") : v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const errorBody = (message: string, type: string, code: string | null = null) => ({
  error: { message, type, param: null, code },
});

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content
          .map((c) => (typeof c === "string" ? c : String((c as { text?: unknown }).text ?? "")))
          .join("\n")
      : "";

function promptTokens(body: ChatCompletionBody): number {
  const text = body.messages.map((m) => textOf(m.content)).join("\n");
  return fakeTokens(text) + (body.tools ? fakeTokens(JSON.stringify(body.tools)) : 0);
}

/** Chat content after a content fault. */
function applyContentFault(content: string, fault: Fault | undefined): string {
  switch (fault?.type) {
    case "invalid-json":
      return content.slice(0, Math.max(1, Math.floor(content.length / 2)));
    case "think":
      return `<think>${fault.text ?? "Let me think about which entities matter. {not json}"}</think>\n${content}`;
    case "fence":
      return `Here is the JSON:\n\`\`\`json\n${content}\n\`\`\`\nDone.`;
    default:
      return content;
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const started = Date.now();
  const requests: RecordedRequest[] = [];
  let faults: PendingFault[] = [];
  let script: ChatScript | ChatReply[] = () => ({ content: "ok" });
  let dimension = options.embeddingDimension ?? 64;
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const sockets = new Set<Socket>();
  let counter = 0;

  const takeFault = (target: Exclude<FaultTarget, "any"> | null): Fault | undefined => {
    const pending = faults.find((f) => f.remaining > 0 && (f.on === "any" || f.on === target));
    if (!pending) return undefined;
    pending.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return pending.fault;
  };

  async function nextReply(body: ChatCompletionBody, recorded: RecordedRequest): Promise<ChatReply> {
    if (typeof script === "function") return script(body, recorded);
    const reply = script.shift();
    if (!reply) throw new Error("the fake has no scripted chat reply left");
    return reply;
  }

  async function handleChat(
    res: ServerResponse,
    body: ChatCompletionBody,
    recorded: RecordedRequest,
    fault?: Fault,
  ) {
    if (!body || !Array.isArray(body.messages)) {
      sendJson(res, 400, errorBody("messages is required", "invalid_request_error"));
      recorded.response = { status: 400 };
      return;
    }
    const reply = await nextReply(body, recorded);
    const id = `chatcmpl-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "m";
    const calls =
      "toolCalls" in reply
        ? reply.toolCalls.map((c, i) => ({
            id: c.id ?? `call_${counter}_${i}`,
            name: c.name,
            arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
          }))
        : [];
    const content = applyContentFault(reply.content ?? "", fault);
    const finish =
      calls.length > 0
        ? "tool_calls"
        : "finishReason" in reply && reply.finishReason
          ? reply.finishReason
          : "stop";
    const usage = reply.usage ?? {
      prompt_tokens: promptTokens(body),
      completion_tokens: fakeTokens(content + calls.map((c) => c.name + c.arguments).join("")),
    };
    const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    recorded.response = { status: 200, usage, ...(fault ? { fault: fault.type } : {}) };

    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: calls.length > 0 && !content ? null : content,
              ...(calls.length > 0
                ? {
                    tool_calls: calls.map((c) => ({
                      id: c.id,
                      type: "function",
                      function: { name: c.name, arguments: c.arguments },
                    })),
                  }
                : {}),
            },
            finish_reason: finish,
          },
        ],
        usage: fullUsage,
      });
      return;
    }

    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, extra = {}) =>
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
        ...extra,
      })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }));
    for (let i = 0; i < content.length; i += chunkSize)
      res.write(chunk({ content: content.slice(i, i + chunkSize) }));
    calls.forEach((c, index) => {
      // As OpenAI streams them: id and name first, then the arguments in pieces.
      res.write(
        chunk({
          tool_calls: [{ index, id: c.id, type: "function", function: { name: c.name, arguments: "" } }],
        }),
      );
      for (let i = 0; i < c.arguments.length; i += chunkSize) {
        res.write(
          chunk({ tool_calls: [{ index, function: { arguments: c.arguments.slice(i, i + chunkSize) } }] }),
        );
      }
    });
    res.write(chunk({}, finish, { usage: fullUsage }));
    res.end("data: [DONE]\n\n");
  }

  function handleEmbeddings(res: ServerResponse, body: unknown, recorded: RecordedRequest) {
    const b = body as { input?: unknown; model?: unknown; dimensions?: unknown } | undefined;
    const input = typeof b?.input === "string" ? [b.input] : b?.input;
    if (
      !Array.isArray(input) ||
      input.length === 0 ||
      !input.every((t) => typeof t === "string" && t.length > 0)
    ) {
      sendJson(
        res,
        400,
        errorBody("input must be a non-empty string or array of non-empty strings", "invalid_request_error"),
      );
      recorded.response = { status: 400 };
      return;
    }
    const size = typeof b?.dimensions === "number" ? b.dimensions : dimension;
    const data = (input as string[]).map((text, index) => ({
      object: "embedding",
      index,
      embedding: fakeEmbedding(text, size).map((v) => v * (options.embeddingScale ?? 1)),
    }));
    if (options.reverseEmbeddings) data.reverse();
    const tokens = (input as string[]).reduce((s, t) => s + fakeTokens(t), 0);
    const usage = { prompt_tokens: tokens, completion_tokens: 0 };
    recorded.response = { status: 200, usage };
    sendJson(res, 200, {
      object: "list",
      data,
      model: typeof b?.model === "string" ? b.model : "embed",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      headers: maskHeaders(req),
      body,
      at: Date.now() - started,
    };
    requests.push(recorded);

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      recorded.response = { status: 401 };
      sendJson(
        res,
        401,
        errorBody("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
      );
      return;
    }
    const target = targetOf(path);
    let fault = takeFault(target);
    if (fault?.type === "delay") {
      await new Promise((r) => setTimeout(r, fault && fault.type === "delay" ? fault.ms : 0));
      // The client gave up while we waited (its timeout): nothing to answer.
      if (!res.socket || res.socket.destroyed) return;
      fault = undefined;
    }
    if (fault?.type === "drop") {
      recorded.response = { status: 0, fault: "drop" };
      req.socket.destroy();
      return;
    }
    if (fault?.type === "status") {
      recorded.response = { status: fault.status, fault: "status" };
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      const type =
        fault.status === 429
          ? "rate_limit_error"
          : fault.status >= 500
            ? "server_error"
            : "invalid_request_error";
      sendJson(res, fault.status, errorBody(fault.message ?? `injected ${fault.status}`, type), headers);
      return;
    }

    if (req.method === "GET" && MODELS_PATH.test(path)) {
      recorded.response = { status: 200 };
      sendJson(res, 200, {
        object: "list",
        data: (options.models ?? ["m"]).map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })),
      });
      return;
    }
    if (req.method === "POST" && target === "chat") {
      await handleChat(res, body as ChatCompletionBody, recorded, fault);
      return;
    }
    if (req.method === "POST" && target === "embeddings") {
      handleEmbeddings(res, body, recorded);
      return;
    }
    recorded.response = { status: 404 };
    sendJson(res, 404, errorBody(`no route ${req.method} ${path}`, "invalid_request_error"));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, 500, errorBody(`fake-openai: ${(err as Error).message}`, "server_error"));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    script(replies) {
      script = Array.isArray(replies) ? [...replies] : replies;
    },
    fail(fault, times = 1, on = "any") {
      if (times > 0) faults.push({ fault, remaining: times, on });
    },
    setEmbeddingDimension(d) {
      dimension = d;
    },
    requestsTo(target) {
      return requests.filter((r) => targetOf(r.path) === target);
    },
    reset() {
      requests.length = 0;
      faults = [];
    },
    close() {
      return new Promise<void>((resolve) => {
        // Keep-alive clients (OpenCode, undici) hold sockets open: end them so close() returns.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
