/**
 * The model clients inside the real engine and SQLite store, against the fake OpenAI server:
 * LLM facts are stored and contradict each other through the engine's temporal rules, embeddings
 * come from the endpoint, a model switch is refused, and an LLM outage still stores the episode.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChatCompletionBody,
  type FakeOpenAI,
  startFakeOpenAI,
} from "../../../test/support/fake-openai.js";
import { createMemoryEngine } from "../engine/engine.js";
import { MEMORY_METRICS } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import { openSqliteStore } from "../store/sqlite/index.js";
import { createModelClients } from "./index.js";

let fake: FakeOpenAI;
let dir: string;

const fact = (object: string) => ({
  entities: [
    { name: "acme", type: "project", summary: null },
    { name: object, type: "tool", summary: null },
  ],
  facts: [
    {
      subject: "acme",
      predicate: "deployed_with",
      object,
      text: `acme is deployed with ${object}.`,
      functional: true,
      valid_at: null,
      invalid_at: null,
    },
  ],
});

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDimension: 32 });
  // The fake model: the web server the episode names is what acme deploys with now.
  fake.script((body: ChatCompletionBody) => {
    const user = String(body.messages[1]?.content ?? "");
    const server =
      /\bto (nginx|Caddy)\b/.exec(user)?.[1] ?? /\bwith (nginx|Caddy)\b/.exec(user)?.[1] ?? "Caddy";
    return { content: JSON.stringify(fact(server)) };
  });
  dir = mkdtempSync(join(tmpdir(), "ocm-llm-engine-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("model clients in the engine", () => {
  it("stores LLM facts, applies contradiction, and embeds through the endpoint", async () => {
    const metrics = new Metrics();
    const clients = await createModelClients({
      baseUrl: fake.url,
      embedModel: "nomic",
      llmModel: "m",
      metrics,
    });
    const store = openSqliteStore(join(dir, "a.db"));
    const engine = createMemoryEngine({
      store,
      embedder: clients.embedder!,
      extractor: clients.extractor,
      metrics,
    });
    try {
      const meta = { project: "acme" };
      const first = await engine.ingest({
        group: "g",
        kind: "user_message",
        content: "We deploy with Caddy on port 8443.",
        occurredAt: "2026-11-01T10:00:00Z",
        metadata: meta,
      });
      expect(first.facts.map((f) => f.text)).toEqual(["acme is deployed with Caddy."]);
      const second = await engine.ingest({
        group: "g",
        kind: "user_message",
        content: "We moved the deployment from Caddy to nginx.",
        occurredAt: "2026-11-10T10:00:00Z",
        metadata: meta,
      });
      expect(second.facts.map((f) => f.text)).toEqual(["acme is deployed with nginx."]);
      expect(second.invalidated).toHaveLength(1);

      const found = await engine.search({ group: "g", q: "deployed with", limit: 10, history: false });
      expect(found.facts.map((f) => f.item.text)).toEqual(["acme is deployed with nginx."]);
      expect(fake.requestsTo("chat")).toHaveLength(2);
      expect(fake.requestsTo("embeddings").length).toBeGreaterThan(1);
      expect(await metrics.total(MEMORY_METRICS.llmCalls)).toBe(2);
      expect(await metrics.total(MEMORY_METRICS.embedCalls)).toBe(fake.requestsTo("embeddings").length);
    } finally {
      await engine.close();
    }
  });

  it("refuses a store whose vectors another embedding model made", async () => {
    const path = join(dir, "b.db");
    const a = await createModelClients({ baseUrl: fake.url, embedModel: "model-a" });
    const engineA = createMemoryEngine({ store: openSqliteStore(path), embedder: a.embedder! });
    await engineA.ingest({ group: "g", kind: "note", content: "Valkey is the cache." });
    await engineA.close();

    const b = await createModelClients({ baseUrl: fake.url, embedModel: "model-b" });
    const engineB = createMemoryEngine({ store: openSqliteStore(path), embedder: b.embedder! });
    try {
      await expect(engineB.ingest({ group: "g", kind: "note", content: "More." })).rejects.toThrow(
        /openai:model-a;dim=32.*openai:model-b;dim=32/,
      );
    } finally {
      await engineB.close();
    }
  });

  it("still stores the episode, with rule-based facts, when the LLM is down", async () => {
    const clients = await createModelClients({
      baseUrl: fake.url,
      llmModel: "m",
      embedModel: "nomic",
      embedDimension: 32,
      retry: { maxAttempts: 1 },
    });
    const engine = createMemoryEngine({
      store: openSqliteStore(join(dir, "c.db")),
      embedder: clients.embedder!,
      extractor: clients.extractor,
    });
    try {
      fake.fail({ type: "status", status: 503 }, 1, "chat");
      const result = await engine.ingest({
        group: "g",
        kind: "user_message",
        content: "We use pnpm as the package manager.",
        metadata: { project: "acme" },
      });
      expect(result.created).toBe(true);
      expect(result.facts.map((f) => f.text)).toEqual(["acme uses pnpm (package manager)."]);
    } finally {
      await engine.close();
    }
  });
});
