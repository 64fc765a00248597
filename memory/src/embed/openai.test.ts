import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, fakeEmbedding, startFakeOpenAI } from "../../../test/support/fake-openai.js";
import { ModelRequestError } from "../llm/http.js";
import { MEMORY_METRICS, prometheusName } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { EmbeddingDimensionError, OpenAIEmbedder } from "./openai.js";

const KEY = "sk-test-embed-key-0123456789abcdef";
const FAST = { baseDelayMs: 10, maxDelayMs: 50 };

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimension: 16, apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setEmbeddingDimension(16);
});

const embedder = (opts: Partial<ConstructorParameters<typeof OpenAIEmbedder>[0]> = {}) =>
  new OpenAIEmbedder({ baseUrl: fake.url, apiKey: KEY, model: "embed-test", retry: FAST, ...opts });

const inputsOf = (i: number) =>
  (fake.requestsTo("embeddings")[i]?.body as { input?: string[] } | undefined)?.input;

async function counter(metrics: Metrics, def: (typeof MEMORY_METRICS)[keyof typeof MEMORY_METRICS]) {
  const metric = await metrics.registry.getSingleMetric(prometheusName(def))?.get();
  return metric?.values ?? [];
}

describe("OpenAIEmbedder", () => {
  it("batches inputs, keeps input order and returns the server's vectors", async () => {
    const texts = Array.from({ length: 250 }, (_, i) => `text number ${i}`);
    const metrics = new Metrics();
    const e = embedder({ batchSize: 96, metrics });
    const vectors = await e.embed(texts);
    expect(fake.requestsTo("embeddings").map((r) => (r.body as { input: string[] }).input.length)).toEqual([
      96, 96, 58,
    ]);
    expect(inputsOf(2)?.[0]).toBe("text number 192");
    expect(vectors).toHaveLength(250);
    for (const i of [0, 95, 96, 249]) {
      const want = fakeEmbedding(texts[i]!, 16);
      Array.from(vectors[i]!).forEach((v, k) => {
        expect(v).toBeCloseTo(want[k]!, 5);
      });
    }
    expect(e.name).toBe("openai:embed-test");
    expect(e.dimension).toBe(16);
    expect(await counter(metrics, MEMORY_METRICS.embedCalls)).toEqual([
      expect.objectContaining({ value: 3, labels: { model: "embed-test" } }),
    ]);
  });

  it("orders vectors by `index`, not by their position in the answer", async () => {
    const reversed = await startFakeOpenAI({ embeddingDimension: 8, reverseEmbeddings: true });
    try {
      const e = new OpenAIEmbedder({ baseUrl: reversed.url, model: "m", retry: FAST });
      const [a, b, c] = await e.embed(["a", "b", "c"]);
      const back = (reversed.requests[0] as unknown as { body: { input: string[] } }).body.input;
      expect(back).toEqual(["a", "b", "c"]);
      expect(Array.from(a!)[0]).toBeCloseTo(fakeEmbedding("a", 8)[0]!, 6);
      expect(Array.from(b!)[0]).toBeCloseTo(fakeEmbedding("b", 8)[0]!, 6);
      expect(Array.from(c!)[0]).toBeCloseTo(fakeEmbedding("c", 8)[0]!, 6);
    } finally {
      await reversed.close();
    }
  });

  it("maps empty texts to the zero vector without sending them", async () => {
    const [a, b] = await embedder().embed(["", "real text"]);
    expect(Array.from(a!).every((v) => v === 0)).toBe(true);
    expect(a).toHaveLength(16);
    expect(b![0]).toBeCloseTo(fakeEmbedding("real text", 16)[0]!, 5);
    expect(inputsOf(0)).toEqual(["real text"]);
  });

  it("retries a 429 after the server's Retry-After", async () => {
    fake.fail({ type: "status", status: 429, retryAfter: 1 }, 1, "embeddings");
    const t0 = Date.now();
    const [v] = await embedder().embed(["rate limited"]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(v).toHaveLength(16);
    expect(fake.requestsTo("embeddings").map((r) => r.response?.status)).toEqual([429, 200]);
  });

  it("retries 500s and dropped connections with backoff", async () => {
    fake.fail({ type: "status", status: 500 }, 2, "embeddings");
    fake.fail({ type: "drop" }, 1, "embeddings");
    await embedder().embed(["flaky"]);
    expect(fake.requestsTo("embeddings").map((r) => r.response?.status)).toEqual([500, 500, 0, 200]);
  });

  it("gives up with an error naming the status and attempts, never the key", async () => {
    fake.fail({ type: "status", status: 503, message: `upstream down for key ${KEY}` }, 10, "embeddings");
    const err = await embedder({ retry: { ...FAST, maxAttempts: 3 } })
      .embed(["x"])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelRequestError);
    const message = (err as Error).message;
    expect(message).toMatch(/HTTP 503/);
    expect(message).toMatch(/after 3 attempts/);
    expect(message).toContain("/v1/embeddings");
    expect(message).not.toContain(KEY);
    expect(message).not.toContain("0123456789abcdef");
    expect((err as ModelRequestError).status).toBe(503);
    expect(fake.requestsTo("embeddings")).toHaveLength(3);
  });

  it("does not retry a rejected key, and does not echo it", async () => {
    const wrong = "sk-wrong-key-99999999999999999";
    const err = await embedder({ apiKey: wrong })
      .embed(["x"])
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/HTTP 401/);
    expect((err as Error).message).not.toContain(wrong);
    expect(fake.requestsTo("embeddings")).toHaveLength(1);
  });

  it("stops at the total time budget even when the server asks for a longer wait", async () => {
    fake.fail({ type: "status", status: 429, retryAfter: 30 }, 1, "embeddings");
    const t0 = Date.now();
    const err = await embedder({ retry: { ...FAST, maxTotalMs: 2_000 } })
      .embed(["x"])
      .catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect((err as Error).message).toMatch(
      /after 1 attempt .*Retry-After 30\.0 s exceeds the retry budget.*HTTP 429/,
    );
  });

  it("times out a slow answer and retries it", async () => {
    fake.fail({ type: "delay", ms: 1_000 }, 1, "embeddings");
    const [v] = await embedder({ retry: { ...FAST, timeoutMs: 200 } }).embed(["slow"]);
    expect(v).toHaveLength(16);
    expect(fake.requestsTo("embeddings")).toHaveLength(2);
  });

  it("throws a clear error when the vectors are not the configured size", async () => {
    const err = await embedder({ dimension: 32 })
      .embed(["x"])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingDimensionError);
    expect((err as Error).message).toMatch(/returned 16-dimensional vectors, expected 32/);
  });

  it("discovers an unknown model's dimension with ready(), then holds it", async () => {
    const e = embedder({ model: "nomic-embed-text" });
    expect(() => e.dimension).toThrow(/unknown/);
    await e.ready();
    expect(e.dimension).toBe(16);
    fake.setEmbeddingDimension(24);
    await expect(e.embed(["after the model changed"])).rejects.toThrow(
      /returned 24-dimensional vectors, expected 16/,
    );
  });

  it("knows OpenAI's model sizes and asks v3 models for a configured size", async () => {
    expect(embedder({ model: "text-embedding-3-small" }).dimension).toBe(1536);
    expect(fake.requests).toHaveLength(0);
    const short = embedder({ model: "text-embedding-3-small", dimension: 12 });
    const [v] = await short.embed(["shortened"]);
    expect(v).toHaveLength(12);
    expect(fake.requestsTo("embeddings")[0]?.body).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 12,
    });
    await embedder({ dimension: 16 }).embed(["no dimensions field for other models"]);
    expect(fake.requestsTo("embeddings")[1]?.body).not.toHaveProperty("dimensions");
  });

  it("returns unit vectors even when the server does not normalise", async () => {
    const scaled = await startFakeOpenAI({ embeddingDimension: 8, embeddingScale: 7 });
    try {
      const [v] = await new OpenAIEmbedder({ baseUrl: scaled.url, model: "m" }).embed(["unit"]);
      const norm = Math.sqrt(Array.from(v!).reduce((s, x) => s + x * x, 0));
      expect(norm).toBeCloseTo(1, 5);
      expect(v![0]).toBeCloseTo(fakeEmbedding("unit", 8)[0]!, 5);
    } finally {
      await scaled.close();
    }
  });
});
