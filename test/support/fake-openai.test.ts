import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from "./fake-openai.js";

let fake: FakeOpenAI;

interface ToolCallDelta {
  index: number;
  id?: string;
  function: { name?: string; arguments?: string };
}
interface Chunk {
  choices: { delta?: { content?: string; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }[];
  usage?: Record<string, number>;
}
interface Completion {
  object: string;
  choices: { message: { role: string; content: string | null }; finish_reason: string }[];
  usage: Record<string, number>;
}
interface Embeddings {
  data: { index: number; embedding: number[] }[];
}
const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await (await res).json()) as T;

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimension: 8, chunkSize: 5 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.script(() => ({ content: "ok" }));
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-secret-value-123", ...headers },
    body: JSON.stringify(body),
  });

/** Parses an SSE body the way @ai-sdk/openai-compatible does: `data:` lines, `[DONE]` last. */
async function sse(res: Response): Promise<{ chunks: Chunk[]; done: boolean }> {
  const text = await res.text();
  const events = text.split("\n\n").filter(Boolean);
  const done = events.at(-1) === "data: [DONE]";
  const chunks = events
    .filter((e) => e !== "data: [DONE]")
    .map((e) => {
      expect(e.startsWith("data: ")).toBe(true);
      return JSON.parse(e.slice(6)) as Chunk;
    });
  return { chunks, done };
}

describe("fake OpenAI server", () => {
  it("serves a base URL ending in /v1 and lists models", async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${fake.url}/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "list", data: [{ id: "m", object: "model" }] });
  });

  it("streams text content in chunks, then finish_reason and usage, then [DONE]", async () => {
    fake.script([{ content: "We deploy with Caddy." }]);
    const res = await post("/chat/completions", {
      model: "m",
      stream: true,
      messages: [{ role: "user", content: "hi there" }],
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { chunks, done } = await sse(res);
    expect(done).toBe(true);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    expect(text).toBe("We deploy with Caddy.");
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(1);
    const last = chunks.at(-1)!;
    expect(last.choices[0]?.finish_reason).toBe("stop");
    expect(last.usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 6, total_tokens: 8 });
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
  });

  it("streams tool calls as delta.tool_calls with index, id, name, then argument pieces", async () => {
    fake.script(() => ({
      toolCalls: [
        { name: "write", arguments: { filePath: "/tmp/a.md", content: "x" } },
        { name: "read", arguments: { filePath: "/tmp/b.md" } },
      ],
    }));
    const { chunks } = await sse(
      await post("/chat/completions", { stream: true, messages: [{ role: "user", content: "go" }] }),
    );
    // Reassemble as the SDK does: per index, the first delta has id and name, later ones append.
    const calls: { id: string; name: string; args: string }[] = [];
    for (const c of chunks) {
      for (const tc of c.choices[0]?.delta?.tool_calls ?? []) {
        if (!calls[tc.index]) {
          expect(tc.id).toEqual(expect.any(String));
          expect(tc.function.name).toEqual(expect.any(String));
          calls[tc.index] = {
            id: String(tc.id),
            name: String(tc.function.name),
            args: tc.function.arguments ?? "",
          };
        } else {
          expect(tc.function).toBeDefined();
          calls[tc.index]!.args += tc.function.arguments;
        }
      }
    }
    expect(calls.map((c) => c.name)).toEqual(["write", "read"]);
    expect(JSON.parse(calls[0]!.args)).toEqual({ filePath: "/tmp/a.md", content: "x" });
    expect(JSON.parse(calls[1]!.args)).toEqual({ filePath: "/tmp/b.md" });
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("answers non-streaming requests with a chat.completion and usage", async () => {
    fake.script([{ content: "plain", usage: { prompt_tokens: 11, completion_tokens: 3 } }]);
    const body = await json<Completion>(
      post("/chat/completions", { messages: [{ role: "user", content: "x" }] }),
    );
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]).toMatchObject({
      message: { role: "assistant", content: "plain" },
      finish_reason: "stop",
    });
    expect(body.usage).toEqual({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
  });

  it("uses a list script once per reply and fails loudly when it runs out", async () => {
    fake.script([{ content: "one" }]);
    const first = await json<Completion>(post("/chat/completions", { messages: [] }));
    expect(first.choices[0]?.message.content).toBe("one");
    const second = await post("/chat/completions", { messages: [] });
    expect(second.status).toBe(500);
    expect(await second.text()).toContain("no scripted chat reply");
  });

  it("records path, parsed body and headers with the key masked", async () => {
    await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "record me" }] });
    const [r] = fake.requests;
    expect(r).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { model: "m" } });
    expect(r!.headers.authorization).toBe("Bearer ***");
    expect(JSON.stringify(fake.requests)).not.toContain("sk-secret-value-123");
    expect(fake.requestsTo("chat")).toHaveLength(1);
    expect(fake.requestsTo("embeddings")).toHaveLength(0);
  });

  it("returns deterministic unit embeddings of the configured dimension, with indexes", async () => {
    const body = await json<Embeddings>(
      post("/embeddings", { model: "e", input: ["alpha", "beta", "alpha"] }),
    );
    expect(body.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const [a, b, a2] = body.data.map((d) => d.embedding) as [number[], number[], number[]];
    expect(a).toHaveLength(8);
    expect(a).toEqual(a2);
    expect(a).not.toEqual(b);
    expect(a).toEqual(fakeEmbedding("alpha", 8));
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    fake.setEmbeddingDimension(12);
    const wider = await json<Embeddings>(post("/embeddings", { input: "alpha" }));
    expect(wider.data[0]?.embedding).toHaveLength(12);
    fake.setEmbeddingDimension(8);
    const bad = await post("/embeddings", { input: ["ok", ""] });
    expect(bad.status).toBe(400);
  });

  it("injects status faults with Retry-After for the next N matching requests only", async () => {
    fake.fail({ type: "status", status: 429, retryAfter: 2 }, 2, "embeddings");
    await post("/chat/completions", { messages: [] }); // not an embeddings request: untouched
    const r1 = await post("/embeddings", { input: ["a"] });
    const r2 = await post("/embeddings", { input: ["a"] });
    const r3 = await post("/embeddings", { input: ["a"] });
    expect([r1.status, r2.status, r3.status]).toEqual([429, 429, 200]);
    expect(r1.headers.get("retry-after")).toBe("2");
    expect((await json<{ error: { type: string } }>(r1)).error.type).toBe("rate_limit_error");
    fake.fail({ type: "status", status: 500 });
    expect((await post("/chat/completions", { messages: [] })).status).toBe(500);
  });

  it("injects content faults: invalid JSON, <think> prefix, code fence", async () => {
    const payload = JSON.stringify({ entities: [], facts: [] });
    fake.script(() => ({ content: payload }));
    const content = async () =>
      (await json<Completion>(post("/chat/completions", { messages: [] }))).choices[0]?.message.content ?? "";
    fake.fail({ type: "invalid-json" }, 1, "chat");
    const broken = await content();
    expect(() => JSON.parse(broken)).toThrow();
    fake.fail({ type: "think", text: "hmm {" }, 1, "chat");
    expect(await content()).toBe(`<think>hmm {</think>\n${payload}`);
    fake.fail({ type: "fence" }, 1, "chat");
    expect(await content()).toContain(`\`\`\`json\n${payload}\n\`\`\``);
    expect(await content()).toBe(payload);
  });

  it("delays and drops connections on demand", async () => {
    fake.fail({ type: "delay", ms: 150 });
    const t0 = Date.now();
    expect((await post("/chat/completions", { messages: [] })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    fake.fail({ type: "drop" });
    await expect(post("/chat/completions", { messages: [] })).rejects.toThrow();
  });

  it("rejects a wrong API key when one is required", async () => {
    const strict = await startFakeOpenAI({ apiKey: "right" });
    try {
      const wrong = await fetch(`${strict.url}/models`, { headers: { authorization: "Bearer wrong" } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${strict.url}/models`, { headers: { authorization: "Bearer right" } });
      expect(right.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
