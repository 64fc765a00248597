import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ChatCompletionBody,
  type FakeOpenAI,
  type RecordedRequest,
  startFakeOpenAI,
} from "../../../test/support/fake-openai.js";
import { extractRules } from "../extract/index.js";
import { MEMORY_METRICS, prometheusName } from "../metrics/names.js";
import { Metrics } from "../metrics/registry.js";
import type { Episode } from "../model/types.js";
import { ChatClient } from "./chat.js";
import { LlmExtractor, type WarnLogger } from "./extractor.js";

const KEY = "sk-llm-test-key-abcdefabcdef0123";

let fake: FakeOpenAI;
let metrics: Metrics;
let warnings: Array<{ obj: Record<string, unknown>; msg: string }>;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  metrics = new Metrics();
  warnings = [];
});

const logger: WarnLogger = { warn: (obj, msg) => warnings.push({ obj, msg }) };

function extractor(retry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 }) {
  const chat = new ChatClient({ baseUrl: fake.url, apiKey: KEY, model: "extract-m", metrics, retry });
  return new LlmExtractor({ chat, logger });
}

let seq = 0;
function episode(content: string, extra: Partial<Episode> = {}): Episode {
  return {
    id: `ep-${++seq}`,
    group: "g",
    kind: "user_message",
    content,
    actor: "dev",
    session: "s1",
    occurredAt: "2026-11-20T10:00:00.000Z",
    createdAt: "2026-11-20T10:00:01.000Z",
    metadata: { project: "acme" },
    ...extra,
  };
}

const ANSWER = {
  entities: [
    { name: "acme", type: "project", summary: null },
    { name: "Vitest", type: "framework", summary: "Test runner" },
    { name: "TypeScript", type: "language", summary: null },
    { name: "Caddy", type: "tool", summary: null },
  ],
  facts: [
    {
      subject: "acme",
      predicate: "uses_test_framework",
      object: "Vitest",
      text: "acme uses Vitest for tests.",
      functional: false, // the shared vocabulary says true
      valid_at: "2026-11-19",
      invalid_at: null,
    },
    {
      subject: "acme",
      predicate: "usesLanguage",
      object: "TypeScript",
      text: "acme is written in TypeScript.",
      functional: true, // the shared vocabulary says false
      valid_at: null,
      invalid_at: null,
    },
    {
      subject: "acme",
      predicate: "deployed_with",
      object: "Caddy",
      text: "acme is deployed with Caddy.",
      functional: true,
      valid_at: "2026-11-01T00:00:00Z",
      invalid_at: "2026-10-01T00:00:00Z", // before valid_at: dropped
    },
  ],
};

const chatBodies = (): ChatCompletionBody[] =>
  fake.requestsTo("chat").map((r) => r.body as ChatCompletionBody);

async function counterValues(def: (typeof MEMORY_METRICS)[keyof typeof MEMORY_METRICS]) {
  const metric = await metrics.registry.getSingleMetric(prometheusName(def))?.get();
  return (metric?.values ?? []).map((v) => ({ labels: v.labels, value: v.value }));
}

const factLines = (x: {
  facts: { subject: string; predicate: string; object: string; functional: boolean }[];
}) => x.facts.map((f) => `${f.subject} ${f.predicate}${f.functional ? "!" : ""} ${f.object}`).sort();

describe("LlmExtractor", () => {
  it("extracts entities and facts in one call, mapped onto the project's types and vocabulary", async () => {
    fake.script([{ content: JSON.stringify(ANSWER) }]);
    const out = await extractor().extract(
      episode("We test with Vitest; the app is TypeScript, deployed with Caddy."),
      {
        knownEntities: ["Caddy", "src/server.ts"],
      },
    );
    expect(fake.requestsTo("chat")).toHaveLength(1);
    expect(factLines(out)).toEqual([
      "acme deployed_with! Caddy",
      "acme uses_language TypeScript",
      "acme uses_test_framework! Vitest",
    ]);
    expect(out.entities).toEqual(
      expect.arrayContaining([
        { name: "acme", type: "project" },
        { name: "Vitest", type: "package", summary: "Test runner" },
        { name: "TypeScript", type: "concept" },
        { name: "Caddy", type: "tool" },
      ]),
    );
    const vitest = out.facts.find((f) => f.object === "Vitest")!;
    expect(vitest.validAt).toBe("2026-11-19T00:00:00.000Z");
    const caddy = out.facts.find((f) => f.object === "Caddy")!;
    expect(caddy.validAt).toBe("2026-11-01T00:00:00.000Z");
    expect(caddy.invalidAt).toBeUndefined();

    const body = chatBodies()[0]!;
    expect(body.model).toBe("extract-m");
    expect(body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "memory_extraction", strict: true, schema: { required: ["entities", "facts"] } },
    });
    const system = String(body.messages[0]?.content);
    for (const p of [
      "uses_test_framework",
      "uses_language",
      "prefers_indentation",
      "decided",
      "replaced_by",
    ]) {
      expect(system).toContain(p);
    }
    const user = String(body.messages[1]?.content);
    expect(user).toContain('Project entity name: "acme"');
    expect(user).toContain('Known entities: "Caddy", "src/server.ts"');
    expect(user).toContain("Episode time: 2026-11-20T10:00:00.000Z");
    expect(user).toContain("<episode>\nWe test with Vitest");
    expect(fake.requestsTo("chat")[0]?.headers.authorization).toBe("Bearer ***");
    expect(warnings).toEqual([]);
  });

  it("makes a model's switched_from end the project's use of what it left, as the rules do", async () => {
    const answer = {
      entities: [
        { name: "acme", type: "project", summary: null },
        { name: "Redis", type: "tool", summary: null },
      ],
      facts: [
        {
          subject: "acme",
          predicate: "switched_from",
          object: "Redis",
          text: "acme stopped using Redis.",
          functional: false,
          valid_at: null,
          invalid_at: null,
        },
      ],
    };
    fake.script([{ content: JSON.stringify(answer) }]);
    const out = await extractor().extract(episode("We dropped Redis."), { knownEntities: [] });
    const [fact] = out.facts;
    expect(fact?.ends).toEqual(
      expect.arrayContaining(["uses", "uses_cache", "uses_database", "uses_language", "decided", "has_rule"]),
    );
  });

  it("reads answers wrapped in <think> blocks and code fences", async () => {
    const json = JSON.stringify(ANSWER);
    fake.script(() => ({ content: json }));
    fake.fail({ type: "think", text: 'Maybe {"entities": "no"} ... let me answer.' }, 1, "chat");
    const thinking = await extractor().extract(episode("We test with Vitest."), { knownEntities: [] });
    expect(factLines(thinking)).toContain("acme uses_test_framework! Vitest");

    fake.fail({ type: "fence" }, 1, "chat");
    const fenced = await extractor().extract(episode("We test with Vitest."), { knownEntities: [] });
    expect(factLines(fenced)).toContain("acme uses_test_framework! Vitest");

    fake.script([{ content: `<think>reasoning</think>\nSure:\n\`\`\`json\n${json}\n\`\`\`` }]);
    const both = await extractor().extract(episode("We test with Vitest."), { knownEntities: [] });
    expect(factLines(both)).toContain("acme uses_test_framework! Vitest");
    expect(fake.requestsTo("chat")).toHaveLength(3); // one call each, no repair needed
  });

  it("repairs one invalid answer with a second call and uses the repaired answer", async () => {
    fake.script(() => ({ content: JSON.stringify(ANSWER) }));
    fake.fail({ type: "invalid-json" }, 1, "chat");
    const out = await extractor().extract(episode("We test with Vitest."), { knownEntities: [] });
    expect(factLines(out)).toContain("acme deployed_with! Caddy"); // only the model knows this one
    const bodies = chatBodies();
    expect(bodies).toHaveLength(2);
    const repair = bodies[1]!.messages;
    expect(repair.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(repair[2]?.content).toBe(
      JSON.stringify(ANSWER).slice(0, Math.floor(JSON.stringify(ANSWER).length / 2)),
    );
    expect(String(repair[3]?.content)).toMatch(/cannot be used: the answer holds no valid JSON object/);
    expect(await counterValues(MEMORY_METRICS.llmCalls)).toEqual(
      expect.arrayContaining([
        { labels: { model: "extract-m", outcome: "invalid" }, value: 1 },
        { labels: { model: "extract-m", outcome: "ok" }, value: 1 },
      ]),
    );
  });

  it("falls back to the rule-based extractor after two invalid answers: two calls, episode kept", async () => {
    fake.script(() => ({ content: JSON.stringify(ANSWER) }));
    fake.fail({ type: "invalid-json" }, 2, "chat");
    const ep = episode("We use Vitest for tests.");
    const out = await extractor().extract(ep, { knownEntities: [] });
    expect(out).toEqual(extractRules(ep, { knownEntities: [] }));
    expect(factLines(out)).toContain("acme uses_test_framework! Vitest");
    expect(fake.requestsTo("chat")).toHaveLength(2);
    expect(await metrics.total(MEMORY_METRICS.llmCalls)).toBe(2);
    expect(await counterValues(MEMORY_METRICS.llmCalls)).toEqual([
      { labels: { model: "extract-m", outcome: "invalid" }, value: 2 },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj.problem).toMatch(/two unusable answers/);
  });

  it("falls back without a repair call when the endpoint stays down", async () => {
    fake.fail({ type: "status", status: 500 }, 5, "chat");
    const ep = episode("We use Vitest for tests.");
    const out = await extractor().extract(ep, { knownEntities: [] });
    expect(out).toEqual(extractRules(ep, { knownEntities: [] }));
    expect(fake.requestsTo("chat")).toHaveLength(2); // two HTTP attempts of one call
    expect(await counterValues(MEMORY_METRICS.llmCalls)).toEqual([
      { labels: { model: "extract-m", outcome: "error" }, value: 1 },
    ]);
    expect(String(warnings[0]?.obj.problem)).toMatch(/HTTP 500/);
    expect(JSON.stringify(warnings)).not.toContain(KEY);
  });

  it("rejects answers of the wrong shape and drops unusable items from usable ones", async () => {
    fake.script([
      { content: JSON.stringify({ entities: "none", facts: {} }) },
      {
        content: JSON.stringify({
          entities: [{ name: "Redis", type: "database", summary: null }],
          facts: [
            { subject: "acme", predicate: "!!!", object: "Redis", text: "x", functional: false },
            { subject: "acme", predicate: "Caches With", object: "Redis", text: "acme caches with Redis." },
          ],
        }),
      },
    ]);
    const out = await extractor().extract(episode("We cache with Redis."), { knownEntities: [] });
    expect(fake.requestsTo("chat")).toHaveLength(2);
    expect(factLines(out)).toEqual(["acme caches_with Redis"]);
    expect(out.entities).toEqual(expect.arrayContaining([{ name: "Redis", type: "tool" }]));
    expect(warnings.map((w) => w.msg)).toEqual(["LLM extraction: unusable items dropped"]);
  });

  it("never makes more than two calls per episode, whatever the model answers", async () => {
    const answers = [
      "not json at all",
      "<think>unclosed reasoning {",
      JSON.stringify({ entities: [], facts: [{ subject: "a", predicate: "", object: "a" }] }),
      "```json\n{broken\n```",
      "",
    ];
    let n = 0;
    fake.script(() => ({ content: answers[n++ % answers.length]! }));
    const eps = Array.from({ length: 6 }, (_, i) => episode(`Episode number ${i}: we use pnpm.`));
    const x = extractor();
    for (const ep of eps) await x.extract(ep, { knownEntities: [] });
    const perEpisode = new Map<string, number>();
    for (const r of fake.requestsTo("chat") as RecordedRequest[]) {
      const user = String((r.body as ChatCompletionBody).messages[1]?.content);
      const id = /Episode number (\d+)/.exec(user)?.[1] ?? "?";
      perEpisode.set(id, (perEpisode.get(id) ?? 0) + 1);
    }
    expect([...perEpisode.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expect(await metrics.total(MEMORY_METRICS.llmCalls)).toBe(12);
  });

  it("counts the tokens the server reports, per direction", async () => {
    fake.script([
      { content: "garbage", usage: { prompt_tokens: 1200, completion_tokens: 7 } },
      { content: JSON.stringify(ANSWER), usage: { prompt_tokens: 1300, completion_tokens: 250 } },
    ]);
    await extractor().extract(episode("We test with Vitest."), { knownEntities: [] });
    expect(await counterValues(MEMORY_METRICS.llmTokens)).toEqual(
      expect.arrayContaining([
        { labels: { model: "extract-m", direction: "in" }, value: 2500 },
        { labels: { model: "extract-m", direction: "out" }, value: 257 },
      ]),
    );
    const reported = fake.requestsTo("chat").reduce((s, r) => s + (r.response?.usage?.prompt_tokens ?? 0), 0);
    expect(reported).toBe(2500);
  });

  it("sends the assistant's question along with a short reply to it, and only then", async () => {
    fake.script([
      { content: JSON.stringify({ entities: [], facts: [] }) },
      { content: '{"entities":[],"facts":[]}' },
    ]);
    const asked = `${"Ported 40 suites. ".repeat(100)}Should we use Vitest or Jest for the tests?`;
    await extractor().extract(episode("vitest"), { knownEntities: [], answering: asked });
    await extractor().extract(episode("vitest"), { knownEntities: [] });
    const [first, second] = chatBodies().map((b) => String(b.messages[1]?.content));
    expect(first).toContain("<asked>\n[...] ");
    expect(first).toContain(
      "Should we use Vitest or Jest for the tests?\n</asked>\n\n<episode>\nvitest\n</episode>",
    );
    expect(first!.length).toBeLessThan(2_000);
    expect(second).not.toContain("<asked>");
  });

  it("sends the developer's question along with the assistant's answer to it, framed as an answer", async () => {
    fake.script([{ content: JSON.stringify({ entities: [], facts: [] }) }]);
    const answer = episode("Sidekiq 7. Queues are in config/sidekiq.yml.", { kind: "assistant_message" });
    await extractor().extract(answer, { knownEntities: [], answering: "what runs background jobs here?" });
    const [prompt] = chatBodies().map((b) => String(b.messages[1]?.content));
    expect(prompt).toContain("the assistant's answer to this question from the developer");
    expect(prompt).toContain("<asked>\nwhat runs background jobs here?\n</asked>");
    expect(prompt).not.toContain("a decision the developer made");
  });

  it("spends no call on an empty episode", async () => {
    const out = await extractor().extract(episode("   "), { knownEntities: [] });
    expect(out).toEqual({ entities: [], facts: [] });
    expect(fake.requestsTo("chat")).toHaveLength(0);
  });

  it("attaches facts to entities the model forgot to list, and code conventions to the project", async () => {
    fake.script([
      {
        content: JSON.stringify({
          entities: [{ name: "tabs", type: "preference", summary: null }],
          facts: [
            {
              subject: "user",
              predicate: "prefers_indentation",
              object: "tabs",
              text: "The user prefers tabs.",
              functional: false,
              valid_at: null,
              invalid_at: null,
            },
            {
              subject: "acme",
              predicate: "listens_on_port",
              object: "8443",
              text: "acme listens on port 8443.",
              functional: true,
              valid_at: null,
              invalid_at: null,
            },
          ],
        }),
      },
    ]);
    const out = await extractor().extract(episode("I prefer tabs. The app listens on 8443."), {
      knownEntities: [],
    });
    expect(factLines(out)).toEqual(["acme listens_on_port! 8443", "acme prefers_indentation! tabs"]);
    expect(out.entities).toEqual(
      expect.arrayContaining([
        { name: "8443", type: "concept" },
        expect.objectContaining({ name: "acme", type: "project" }),
      ]),
    );
    for (const f of out.facts) {
      expect(out.entities.map((e) => e.name)).toEqual(expect.arrayContaining([f.subject, f.object]));
    }
  });
});
