import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../../../test/support/fake-openai.js";
import { ChatClient } from "./chat.js";
import { createModelClients, LlmExtractor, ModelConfigError, OpenAIEmbedder } from "./index.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimension: 20 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("createModelClients", () => {
  it("builds nothing when no model is configured (the engine keeps its offline defaults)", async () => {
    expect(await createModelClients({ baseUrl: fake.url })).toEqual({});
    expect(await createModelClients({ baseUrl: null, apiKey: null, embedModel: "", llmModel: "" })).toEqual(
      {},
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("builds an embedder and probes an unknown model's dimension once", async () => {
    const { embedder, extractor } = await createModelClients({
      baseUrl: fake.url,
      embedModel: "nomic-embed-text",
    });
    expect(embedder).toBeInstanceOf(OpenAIEmbedder);
    expect(extractor).toBeUndefined();
    expect(embedder?.dimension).toBe(20);
    expect(embedder?.name).toBe("openai:nomic-embed-text");
    expect(fake.requestsTo("embeddings")).toHaveLength(1);
  });

  it("needs no probe for a known or configured dimension", async () => {
    const known = await createModelClients({ baseUrl: fake.url, embedModel: "text-embedding-3-small" });
    expect(known.embedder?.dimension).toBe(1536);
    const configured = await createModelClients({
      baseUrl: fake.url,
      embedModel: "bge-m3",
      embedDimension: 20,
    });
    expect(configured.embedder?.dimension).toBe(20);
    expect(fake.requests).toHaveLength(0);
  });

  it("builds the LLM extractor when an LLM model is set", async () => {
    const { extractor } = await createModelClients({ baseUrl: fake.url, llmModel: "qwen3:8b" });
    expect(extractor).toBeInstanceOf(LlmExtractor);
    expect(extractor?.name).toBe("llm:qwen3:8b");
  });

  it("fails with a message naming the key, never the value", async () => {
    await expect(createModelClients({ baseUrl: "ftp://x", llmModel: "m" })).rejects.toThrow(
      /OPENAI_BASE_URL/,
    );
    await expect(
      createModelClients({ baseUrl: fake.url, embedModel: "m", embedDimension: -3 }),
    ).rejects.toThrow(/MEMORY_EMBED_DIMENSION/);
    const err = await createModelClients({ embedModel: "text-embedding-3-small" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelConfigError);
    expect((err as Error).message).toMatch(/OPENAI_API_KEY is required/);
  });

  it("defaults to OpenAI's endpoint when a key is given", async () => {
    const { embedder } = await createModelClients({ apiKey: "sk-x", embedModel: "text-embedding-3-small" });
    expect(embedder?.dimension).toBe(1536);
  });
});

describe("ChatClient", () => {
  const ask = (client: ChatClient) =>
    client.complete([{ role: "user", content: "hi" }], (c) => JSON.parse(c) as unknown, {
      name: "s",
      schema: { type: "object" },
    });

  it("asks for json_schema by default, json_object or nothing when configured", async () => {
    fake.script(() => ({ content: "{}" }));
    await ask(new ChatClient({ baseUrl: fake.url, model: "m" }));
    await ask(new ChatClient({ baseUrl: fake.url, model: "m", responseFormat: "json_object" }));
    await ask(new ChatClient({ baseUrl: fake.url, model: "m", responseFormat: "none" }));
    const formats = fake
      .requestsTo("chat")
      .map((r) => (r.body as { response_format?: unknown }).response_format);
    expect(formats).toEqual([
      { type: "json_schema", json_schema: { name: "s", schema: { type: "object" }, strict: true } },
      { type: "json_object" },
      undefined,
    ]);
    expect(fake.requestsTo("chat")[0]?.body).toMatchObject({
      stream: false,
      temperature: 0,
      max_tokens: 2000,
    });
  });

  it("reports an empty answer and a cut-off answer as unusable, with the reason", async () => {
    fake.script([{ content: "" }, { content: '{"a": [1, 2', finishReason: "length" }]);
    const client = new ChatClient({ baseUrl: fake.url, model: "m" });
    const empty = await ask(client);
    expect(empty).toMatchObject({ ok: false, problem: "the answer is empty" });
    const cut = await ask(client);
    expect(cut.ok).toBe(false);
    expect(!cut.ok && cut.problem).toMatch(/cut off at the output limit/);
  });
});
